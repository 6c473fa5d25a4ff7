"""The mentee voiced by a local model through Hugging Face transformers.

``--mentee model --model PATH``: PATH is a local model folder (``config.json``,
weights, tokenizer) or a single ``.gguf`` file, which transformers reads with
the ``gguf`` package and dequantises. Everything is loaded with
``local_files_only=True`` and ``HF_HUB_OFFLINE``: nothing is ever downloaded.

torch and transformers are imported inside functions only, so that importing
this module (and the scripted path) stays fast and works without them. The
model runs on a GPU when there is one, else on the CPU in float32, or in
bfloat16 where the CPU computes it natively (AVX512-BF16 or AMX). The
environment variable ``MENTOR_SIM_DTYPE`` (float32, bfloat16, float16) and
``MENTOR_SIM_DEVICE`` (cpu, cuda, mps) override the choice; ``MENTOR_SIM_THREADS``
sets torch's CPU threads (on a busy two-core machine one thread can be faster).

Generation streams text to the guards as it comes, and stops between tokens
when the reply is cancelled, its time is up, or the guards already rejected it.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable
from pathlib import Path

from simulator.mentee import prompting
from simulator.mentee.base import BackendError, ReplyRequest
from simulator.mentee.guarded import GenerationError, GuardedMentee

_error = BackendError.of  # the error of catalogue key ``backend.<key>``, in the app's language


def check_model_path(path: str | Path) -> Path:
    """Fail fast, before importing torch, on paths that cannot be a model."""
    p = Path(path).expanduser()
    if not p.exists():
        from simulator.config import config_path

        raise _error("no_such_model", path=str(path), config=str(config_path()))
    if p.is_file():
        if p.suffix.lower() != ".gguf":
            raise _error("not_a_model", path=str(path))
        with p.open("rb") as fh:
            if fh.read(4) != b"GGUF":
                raise _error("not_gguf", path=str(path))
        return p
    if not (p / "config.json").is_file():
        raise _error("no_config_json", path=str(path))
    if not any(p.glob("*.safetensors")) and not any(p.glob("*.bin")):
        raise _error("no_weights", path=str(path))
    return p


def _cpu_has_bf16() -> bool:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as fh:
            for line in fh:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return bool(flags & {"avx512_bf16", "amx_bf16"})
    except OSError:
        pass
    return False


def choose_device_and_dtype(torch) -> tuple[str, object]:
    device = os.environ.get("MENTOR_SIM_DEVICE", "").strip().lower()
    if not device:
        if torch.cuda.is_available():
            device = "cuda"
        elif getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            device = "mps"
        else:
            device = "cpu"
    wanted = os.environ.get("MENTOR_SIM_DTYPE", "").strip().lower()
    if wanted:
        dtype = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}.get(wanted)
        if dtype is None:
            raise _error("bad_dtype", wanted=wanted)
    elif device.startswith("cuda"):
        dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    elif device == "mps":
        dtype = torch.float16
    else:
        dtype = torch.bfloat16 if _cpu_has_bf16() else torch.float32
    return device, dtype


def _dtype_arg(transformers, dtype) -> dict:
    # transformers 4.56 renamed `torch_dtype` to `dtype`; older releases know only the first.
    major, minor = (int(x) for x in transformers.__version__.split(".")[:2])
    return {"dtype": dtype} if (major, minor) >= (4, 56) else {"torch_dtype": dtype}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


@contextlib.contextmanager
def _quiet(on: bool):
    """Loading prints progress bars (GGUF dequantising, weight loading) to stderr:
    noise in a headless run's output and garbage over the app's screen. Off unless
    --verbose."""
    if not on:
        yield
        return
    saved = os.environ.get("TQDM_DISABLE")
    os.environ["TQDM_DISABLE"] = "1"
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        if saved is None:
            os.environ.pop("TQDM_DISABLE", None)
        else:
            os.environ["TQDM_DISABLE"] = saved


def default_threads() -> int:
    """CPU threads for generation: the cores this process may use that are not busy.

    torch's default (every core) collapses when other work holds the cores: on a
    two-core machine with one busy, two threads wait on each other.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        busy = int(os.getloadavg()[0])
    except (AttributeError, OSError):
        busy = 0
    return max(1, min(cores, cores - busy))


class TransformersGenerator:
    """A causal language model and its tokenizer, loaded once, generating replies."""

    def __init__(self, path: str | Path, *, verbose: bool = False):
        self.path = check_model_path(path)
        with _quiet(not verbose):
            self._load(path)

    def _load(self, path: str | Path) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
        try:
            import torch
            import transformers
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as exc:
            raise _error("needs_torch", path=str(path), error=str(exc)) from None
        transformers.utils.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
        self.torch = torch
        threads = os.environ.get("MENTOR_SIM_THREADS", "").strip()
        if threads:
            if not threads.isdigit() or int(threads) < 1:
                raise _error("bad_threads", threads=threads)
            self.threads = int(threads)
        else:
            self.threads = default_threads()
        torch.set_num_threads(self.threads)
        self.device, self.dtype = choose_device_and_dtype(torch)

        source, extra = self.path, {}
        if self.path.is_file():
            import importlib.util

            if importlib.util.find_spec("gguf") is None:
                raise _error("needs_gguf", path=str(path))
            source, extra = self.path.parent, {"gguf_file": self.path.name}
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(str(source), local_files_only=True, **extra)
        except Exception as exc:  # noqa: BLE001 - any loader failure is the user's path problem
            raise _error("cannot_load_tokenizer", path=str(path), error=_first_line(exc)) from None
        try:
            model = AutoModelForCausalLM.from_pretrained(str(source), local_files_only=True,
                                                         **_dtype_arg(transformers, self.dtype), **extra)
            self.model = model.to(self.device).eval()
        except Exception as exc:  # noqa: BLE001
            raise _error("cannot_load_model", path=str(path), error=_first_line(exc)) from None
        self.has_chat_template = bool(getattr(self.tokenizer, "chat_template", None))
        eos = self.tokenizer.eos_token_id
        self.pad_id = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else eos
        self.max_positions = getattr(self.model.config, "max_position_embeddings", None)

    # -- prompt -------------------------------------------------------------------
    def prompt_text(self, request: ReplyRequest, turns: int = prompting.HISTORY_TURNS) -> tuple[str, bool]:
        """The prompt as text, and whether it already holds the special tokens."""
        if not self.has_chat_template:
            return prompting.plain_prompt(request, turns), False
        messages = prompting.build_messages(request, turns)
        try:
            return self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True), True
        except Exception:  # noqa: BLE001 - some templates refuse a system message
            return self.tokenizer.apply_chat_template(prompting.merge_system(messages), tokenize=False,
                                                      add_generation_prompt=True), True

    def encode(self, request: ReplyRequest, max_new: int):
        for turns in (prompting.HISTORY_TURNS, 2, 0):
            text, templated = self.prompt_text(request, turns)
            enc = self.tokenizer(text, return_tensors="pt", add_special_tokens=not templated)
            if not self.max_positions or enc["input_ids"].shape[1] + max_new <= self.max_positions:
                break
        if self.max_positions and enc["input_ids"].shape[1] + max_new > self.max_positions:
            keep = max(1, self.max_positions - max_new)  # last resort: keep the end of the prompt
            enc = {k: v[:, -keep:] for k, v in enc.items()}
        return {k: v.to(self.device) for k, v in enc.items() if k in ("input_ids", "attention_mask")}

    # -- generation ---------------------------------------------------------------
    def generate(self, request: ReplyRequest, *, attempt: int, on_text: Callable[[str], None],
                 should_stop: Callable[[], bool], deadline: float, stream: bool) -> str:
        torch = self.torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextStreamer

        said: list[str] = []

        class Stop(StoppingCriteria):
            # Stop when asked, and at the end of the mentee's line: a short complete
            # answer ("Ja.") is done then, not when the time runs out.
            def __call__(self, input_ids, scores, **kwargs):
                flag = bool(should_stop()) or "\n" in "".join(said).lstrip()
                return torch.full((input_ids.shape[0],), flag, dtype=torch.bool, device=input_ids.device)

        class Pass(TextStreamer):
            # Text goes to the guards (who may stop generation), not to stdout.
            def on_finalized_text(self, text: str, stream_end: bool = False) -> None:
                if text:
                    said.append(text)
                    on_text(text)

        # Enough tokens for the level's word limit and a little more, so a
        # too-long reply is seen as too long rather than cut off neatly.
        max_new = prompting.max_words(request) * 3 + 16
        inputs = self.encode(request, max_new)
        try:
            with torch.inference_mode():
                out = self.model.generate(
                    **inputs, max_new_tokens=max_new, do_sample=True,
                    temperature=0.7 + 0.2 * attempt, top_p=0.9, repetition_penalty=1.1,
                    pad_token_id=self.pad_id,
                    streamer=Pass(self.tokenizer, skip_prompt=True, skip_special_tokens=True),
                    stopping_criteria=StoppingCriteriaList([Stop()]),
                )
        except Exception as exc:  # noqa: BLE001 - e.g. out of memory: this reply falls back
            raise GenerationError(_first_line(exc)) from None
        new = out[0, inputs["input_ids"].shape[1]:]
        return self.tokenizer.decode(new, skip_special_tokens=True)

    def close(self) -> None:
        self.model = None


def load_transformers_mentee(path: str | Path, *, timeout: float = 60.0, verbose: bool = False) -> GuardedMentee:
    """Load the model at `path` now (BackendError if it cannot be) and wrap it in the guards."""
    generator = TransformersGenerator(path, verbose=verbose)
    return GuardedMentee(f"model:{generator.path.name}", generator, timeout=timeout)
