"""The transformers mentee, end to end, on a tiny random model built in a temp folder.

The model is a two-layer Llama with a word-level tokenizer trained on a few
Danish sentences, saved with save_pretrained and loaded through the same
``build_backend`` path (and the same CLI) a user takes. Its words are random,
so most replies are rejected by the guards and fall back to the script: that
is expected; what matters is that every turn has a reply, a source and the
model's raw text.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from argparse import Namespace
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from simulator.config import Config  # noqa: E402
from simulator.engine.rehearsal import Rehearsal  # noqa: E402
from simulator.mentee.factory import BackendError, build_backend  # noqa: E402
from simulator.scenario import load_scenario  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SCENARIO_FILE = ROOT / "scenarios" / "first-meeting.yaml"
CORPUS = [
    "Hej, jeg hedder Rania og jeg kommer fra Syrien.",
    "Jeg har to børn, og de går i skole.",
    "Det er godt at møde dig. Tak fordi du kom.",
    "Jeg forstår ikke helt. Kan du sige det igen?",
    "Ja, det er rigtigt. Tak for i dag.",
    "Mit dansk er ikke så godt endnu, men jeg øver mig.",
]
CHAT_TEMPLATE = ("{% for m in messages %}<s> {{ m['role'] }} : {{ m['content'] }} </s>\n{% endfor %}"
                 "{% if add_generation_prompt %}<s> assistant :{% endif %}")
SCRIPT = ["Hej Rania, jeg hedder Jens. Hvordan har du det?", "Fortæl lidt om din familie.", "...",
          "Hvad arbejdede du med i Syrien?", "Det lyder som om, du savner dit arbejde.", "Tak for i dag. Vi ses."]


def make_tiny_model(folder: Path, *, chat_template: bool = True) -> Path:
    """A random two-layer Llama and a word-level tokenizer, saved like any Hub model."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    tok = Tokenizer(models.WordLevel(unk_token="<unk>"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.decoder = decoders.WordPiece()
    tok.train_from_iterator(CORPUS, trainers.WordLevelTrainer(special_tokens=["<unk>", "<s>", "</s>", "<pad>"]))
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", unk_token="<unk>",
                                   pad_token="<pad>")
    if chat_template:
        fast.chat_template = CHAT_TEMPLATE
    folder.mkdir(parents=True, exist_ok=True)
    fast.save_pretrained(folder)
    config = LlamaConfig(vocab_size=len(fast), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=1024,
                         bos_token_id=fast.bos_token_id, eos_token_id=fast.eos_token_id,
                         pad_token_id=fast.pad_token_id)
    torch.manual_seed(0)
    LlamaForCausalLM(config).save_pretrained(folder)
    return folder


def make_tiny_gguf(path: Path) -> Path:
    """The same kind of tiny Llama written as a GGUF file, with a byte-level BPE vocabulary in its metadata."""
    gguf = pytest.importorskip("gguf")
    import numpy as np
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.train_from_iterator(CORPUS, trainers.BpeTrainer(vocab_size=300, special_tokens=["<s>", "</s>"],
                                                        initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    bpe = json.loads(tok.to_str())["model"]
    tokens = [t for t, _ in sorted(bpe["vocab"].items(), key=lambda kv: kv[1])]
    merges = [m if isinstance(m, str) else " ".join(m) for m in bpe["merges"]]
    config = LlamaConfig(vocab_size=len(tokens), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=1024,
                         bos_token_id=0, eos_token_id=1)
    torch.manual_seed(0)
    state = LlamaForCausalLM(config).state_dict()
    w = gguf.GGUFWriter(str(path), "llama")
    w.add_context_length(1024)
    w.add_embedding_length(32)
    w.add_block_count(2)
    w.add_feed_forward_length(64)
    w.add_head_count(4)
    w.add_head_count_kv(4)
    w.add_layer_norm_rms_eps(1e-6)
    w.add_rope_dimension_count(8)
    w.add_vocab_size(len(tokens))
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("default")
    w.add_token_list(tokens)
    w.add_token_types([gguf.TokenType.CONTROL if t in ("<s>", "</s>") else gguf.TokenType.NORMAL for t in tokens])
    w.add_token_merges(merges)
    w.add_bos_token_id(0)
    w.add_eos_token_id(1)
    w.add_chat_template(CHAT_TEMPLATE)
    names = {"model.embed_tokens.weight": "token_embd.weight", "model.norm.weight": "output_norm.weight",
             "lm_head.weight": "output.weight"}
    for i in range(2):
        for hf, gg in [("self_attn.q_proj", "attn_q"), ("self_attn.k_proj", "attn_k"), ("self_attn.v_proj", "attn_v"),
                       ("self_attn.o_proj", "attn_output"), ("mlp.gate_proj", "ffn_gate"), ("mlp.up_proj", "ffn_up"),
                       ("mlp.down_proj", "ffn_down"), ("input_layernorm", "attn_norm"),
                       ("post_attention_layernorm", "ffn_norm")]:
            names[f"model.layers.{i}.{hf}.weight"] = f"blk.{i}.{gg}.weight"
    for hf, gg in names.items():
        w.add_tensor(gg, state[hf].numpy().astype(np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


@pytest.fixture(scope="module")
def one_thread():
    # Two threads fight over a busy two-core machine; a 32-wide model wants one.
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory, one_thread) -> Path:
    return make_tiny_model(tmp_path_factory.mktemp("models") / "tiny-llama")


@pytest.fixture(scope="module")
def backend(tiny_model):
    return build_backend("model", Namespace(model=str(tiny_model), endpoint=None, timeout=30.0),
                         load_scenario(SCENARIO_FILE), config=Config())


def _env(tmp_path: Path) -> dict:
    empty = tmp_path / "config.toml"
    empty.write_text("", encoding="utf-8")
    env = dict(os.environ, MENTOR_SIM_CONFIG=str(empty), MENTOR_SIM_THREADS="1", OMP_NUM_THREADS="1",
               MENTOR_SIM_DATA=str(tmp_path / "data"))
    env.pop("MENTOR_SIM_DEBUG", None)
    return env


# -- a whole rehearsal ---------------------------------------------------------------

def test_build_backend_loads_the_folder(backend, tiny_model):
    assert backend.name == "model:tiny-llama"
    gen = backend.generator
    assert gen.device == "cpu" and gen.has_chat_template
    assert gen.dtype in (torch.float32, torch.bfloat16)


def test_a_whole_rehearsal_with_the_tiny_model(backend):
    scenario = load_scenario(SCENARIO_FILE)
    rehearsal = Rehearsal(scenario, backend=backend)
    streamed: list[list[str]] = []
    for line in SCRIPT:
        pieces: list[str] = []
        turn = rehearsal.take_turn("" if line == "..." else line, on_token=pieces.append)
        streamed.append(pieces)
        assert turn.mentee.strip()
        assert turn.source in ("model", "fallback")
        assert turn.model_raw is not None
        if turn.source == "fallback":
            assert turn.mentee == rehearsal._last_cue.text and "[afvist:" in turn.model_raw
    assert rehearsal.session.mentee_backend == "model:tiny-llama"
    assert len(rehearsal.session.turns) == len(SCRIPT)
    assert all(pieces for pieces in streamed)  # something reached the screen every turn


def test_the_prompt_goes_through_the_chat_template(backend):
    from tests.test_model_guards import request

    text, templated = backend.generator.prompt_text(request("Ja. Okay."))
    assert templated and text.startswith("<s> system :") and text.endswith("<s> assistant :")
    assert "Rania" in text and "Hvordan går det?" in text


def test_generation_stops_when_asked(backend):
    from tests.test_model_guards import request

    calls = []

    def stop():
        calls.append(1)
        return len(calls) >= 3

    gen = backend.generator
    raw = gen.generate(request(), attempt=0, on_text=lambda s: None, should_stop=stop, deadline=1e18, stream=False)
    assert len(calls) == 3
    assert len(gen.tokenizer(raw, add_special_tokens=False)["input_ids"]) <= 3


def test_a_tokenizer_without_chat_template_gets_a_plain_prompt(tmp_path_factory, one_thread):
    folder = make_tiny_model(tmp_path_factory.mktemp("models") / "plain", chat_template=False)
    b = build_backend("model", Namespace(model=str(folder), endpoint=None, timeout=30.0), None, config=Config())
    assert not b.generator.has_chat_template
    from tests.test_model_guards import request

    text, templated = b.generator.prompt_text(request())
    assert not templated and text.rstrip().endswith("Rania:")
    reply = b.reply(request())
    assert reply.source in ("model", "fallback") and reply.raw is not None


def test_a_gguf_file_is_loaded_and_voices_a_rehearsal(tmp_path, one_thread):
    pytest.importorskip("accelerate")  # transformers needs it to read GGUF weights
    path = make_tiny_gguf(tmp_path / "tiny.Q-F32.gguf")
    b = build_backend("model", Namespace(model=str(path), endpoint=None, timeout=30.0), None, config=Config())
    assert b.name == "model:tiny.Q-F32.gguf" and b.generator.has_chat_template
    r = Rehearsal(load_scenario(SCENARIO_FILE), backend=b)
    for line in SCRIPT[:3]:
        t = r.take_turn("" if line == "..." else line)
        assert t.mentee and t.model_raw is not None and t.source in ("model", "fallback")


# -- the command line, end to end ----------------------------------------------------------

def test_cli_rehearsal_with_the_model(tiny_model, tmp_path, monkeypatch, capsys):
    # The CLI's own main, in this process: a second process spent most of a minute importing
    # torch again (test_cli_missing_model_* still runs `python -m simulator` in a process of its own).
    from simulator.cli import main

    for key, value in _env(tmp_path).items():
        if key.startswith(("MENTOR_SIM_", "OMP_")):
            monkeypatch.setenv(key, value)
    monkeypatch.delenv("MENTOR_SIM_DEBUG", raising=False)
    script = tmp_path / "script.txt"
    script.write_text("\n".join(SCRIPT) + "\n", encoding="utf-8")
    code = main(["rehearse", "first-meeting", "--mentee", "model", "--model", str(tiny_model),
                 "--script", str(script), "--json", "--no-save"])
    out = capsys.readouterr()
    assert code == 0, out.err
    data = json.loads(out.out)
    assert data["mentee_backend"] == "model:tiny-llama"
    assert len(data["turns"]) == len(SCRIPT)
    for t in data["turns"]:
        assert t["mentee"].strip() and t["model_raw"] is not None and t["source"] in ("model", "fallback")
    assert "Traceback" not in out.err


def test_cli_missing_model_is_one_line_and_no_traceback(tmp_path):
    missing = tmp_path / "no-such-model"
    out = subprocess.run([sys.executable, "-m", "simulator", "rehearse", "first-meeting", "--mentee", "model",
                          "--model", str(missing), "--script", "-", "--no-save"],
                         input="Hej\n", capture_output=True, text=True, cwd=ROOT, env=_env(tmp_path), timeout=60)
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    assert str(missing) in out.stderr and len(out.stderr.strip().splitlines()) == 1


# -- models that cannot be loaded -------------------------------------------------------------

def _build(path) -> None:
    build_backend("model", Namespace(model=str(path), endpoint=None, timeout=5.0), None, config=Config())


def test_missing_path_names_the_path(tmp_path):
    with pytest.raises(BackendError, match="no-such-model: no such model folder or .gguf file"):
        _build(tmp_path / "no-such-model")


def test_a_folder_that_is_not_a_model(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.txt").write_text("hej", encoding="utf-8")
    with pytest.raises(BackendError, match=r"notes: not a Hugging Face model folder \(no config.json\)"):
        _build(tmp_path / "notes")


def test_a_file_that_is_not_gguf(tmp_path):
    f = tmp_path / "model.bin"
    f.write_bytes(b"\x00" * 16)
    with pytest.raises(BackendError, match="model.bin: not a model"):
        _build(f)
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"NOPE" + b"\x00" * 16)
    with pytest.raises(BackendError, match="model.gguf: not a GGUF file"):
        _build(fake)


def test_broken_weights_name_the_folder(tiny_model, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model, broken)
    (broken / "model.safetensors").write_bytes(b"not really safetensors")
    with pytest.raises(BackendError, match=r"broken: cannot load the model \("):
        _build(broken)


def test_no_tokenizer_names_the_folder(tiny_model, tmp_path):
    bare = tmp_path / "bare"
    bare.mkdir()
    for name in ("config.json", "model.safetensors"):
        shutil.copy(tiny_model / name, bare / name)
    with pytest.raises(BackendError, match=r"bare: cannot load the tokenizer"):
        _build(bare)


def test_model_kind_needs_a_path():
    with pytest.raises(BackendError, match="needs --model PATH"):
        build_backend("model", Namespace(model=None, endpoint=None, timeout=None), None, config=Config())


# -- the scripted path stays light ----------------------------------------------------------------

def test_importing_the_model_backends_loads_no_torch():
    code = ("import sys\n"
            "import simulator.mentee.factory, simulator.mentee.guards, simulator.mentee.prompting\n"
            "import simulator.mentee.transformers_backend, simulator.mentee.http_backend, simulator.config\n"
            "from simulator.mentee.factory import build_backend\n"
            "b = build_backend('scripted', None, None)\n"
            "print([m for m in ('torch', 'transformers', 'httpx') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env=dict(os.environ, MENTOR_SIM_CONFIG=os.devnull))
    assert out.stdout.strip() == "[]"
