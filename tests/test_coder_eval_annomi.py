"""Evaluation on AnnoMI-shaped files: split by transcript, main behaviour vs CODEBOOK primary."""

import json

import pytest

from simulator.coding import get_coder
from simulator.coding.evaluation import EvalError, main_behaviour, read_rows
from simulator.coding.lexicon import LexiconError, load_lexicon_file
from tests.cli_support import run_cli

ROWS = [  # id, utterance, label, transcript
    ("t3_u1", "What brings you here today?", "open_question", "3"),
    ("t3_u2", "So you're worried about your drinking.", "simple_reflection", "3"),
    ("t5_u1", "Mm-hmm.", "other", "5"),
    ("t5_u2", "Drinking can raise your blood pressure. It also harms the liver. Does that make sense?",
     "input", "5"),
]


def _write(tmp_path, with_meta=True):
    data = tmp_path / "annomi_therapist.csv"
    data.write_text("id,utterance,label\n" + "".join(f'{i},"{u}",{lab}\n' for i, u, lab, _ in ROWS),
                    encoding="utf-8")
    if with_meta:
        (tmp_path / "annomi_therapist_meta.csv").write_text(
            "id,transcript_id\n" + "".join(f"{i},{t}\n" for i, _, _, t in ROWS), encoding="utf-8")
    return data


def test_split_by_transcript_from_the_meta_file(tmp_path):
    data = _write(tmp_path)
    # transcript 3 is one of the held-out transcripts in annomi.yaml, 5 is not
    assert [r.utterance for r in read_rows(data, "en", "test")] == [ROWS[0][1], ROWS[1][1]]
    assert [r.utterance for r in read_rows(data, "en", "dev")] == [ROWS[2][1], ROWS[3][1]]
    assert len(read_rows(data, "en", None)) == 4


def test_split_without_a_split_column_or_meta_file_is_a_clear_error(tmp_path):
    data = _write(tmp_path, with_meta=False)
    with pytest.raises(EvalError, match="no 'split' column"):
        read_rows(data, "en", "test")


def test_main_behaviour_follows_the_bulk_of_the_turn():
    coder = get_coder("en")
    turn = coder.code_turn(ROWS[3][1])
    # CODEBOOK order makes any question win; AnnoMI's annotators call this turn input
    assert turn.primary == "closed_question"
    assert main_behaviour(turn) == "input"
    assert main_behaviour(coder.code_turn("Mm-hmm. Okay.")) == "other"


def test_four_way_cli_reports_which_turn_label_it_scored(tmp_path):
    data = _write(tmp_path)
    def run(*extra):
        out = run_cli("eval", str(data), "--lang", "en", "--four-way", "--json", *extra)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)
    main, primary = run(), run("--primary-order")
    assert main["turn_label"].startswith("main behaviour") and primary["turn_label"].startswith("primary")
    assert main["accuracy"] == 1.0 and primary["accuracy"] == 0.75


def test_chat_spellings_are_rewritten_before_matching():
    lex = get_coder("da").lex
    assert lex.respell("forstår du ik at") == "forstår du ikke at"
    assert lex.respell("ikke ikonisk ikon") == "ikke ikonisk ikon"  # whole words only


def test_unquoted_yes_no_in_a_lexicon_is_named(tmp_path):
    bad = tmp_path / "xx.yaml"
    bad.write_text("language: xx\nlead_fillers:\n  words: [ja, no]\ncodes: []\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"lead_fillers\.words: False is not text; put it in quotes"):
        load_lexicon_file(bad)
