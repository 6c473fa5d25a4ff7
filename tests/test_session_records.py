"""The session record is typed (engine/session.py): what is saved loads back the same,
files written before the records were typed still load, and a damaged file names the field.

tests/data/sessions/ holds sessions written by the code of before issue 12 (dataclasses,
dicts and a hand validator): one finished Danish session with a pause, an undo, a mark and
a recall; one unfinished English session as a snapshot plus its journal.
`sessions-as-loaded-before-issue-12.json` is what that code's `load_session_file(...).to_dict()`
gave for each of them.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from simulator.engine.session import Attempt, Mark, Segment, Session, Turn
from simulator.scenario.models import CODES, TAGS
from simulator.store import SessionStore, StoreError
from simulator.store.journal import SEQ_FIELD
from simulator.store.sessions import load_session_file, read_session_data
from tests.fuzzing import saved_session_texts

DATA = Path(__file__).parent / "data"
OLD = DATA / "sessions"
FINISHED = "20261206-222706-first-meeting-6f0f.json"
JOURNALLED = "20261206-222711-first-meeting-en-f44b.json"
AS_LOADED = json.loads((DATA / "sessions-as-loaded-before-issue-12.json").read_text(encoding="utf-8"))


def _copy_old(tmp_path: Path) -> Path:
    folder = tmp_path / "old"
    shutil.copytree(OLD, folder)
    return folder


@pytest.mark.parametrize("name", [FINISHED, JOURNALLED])
def test_a_session_saved_before_the_typed_records_loads_as_it_did(tmp_path, name):
    session = load_session_file(_copy_old(tmp_path) / name)
    assert session.to_dict() == AS_LOADED[name]
    assert all(isinstance(s, Segment) for t in session.turns for s in t.segments)
    assert all(isinstance(a, Attempt) and isinstance(a.turn, Turn) for a in session.attempts)
    assert session.marks and all(isinstance(m, Mark) for m in session.marks)


def test_load_then_dump_gives_the_file_back(tmp_path):
    """The finished file, field for field and in the same order (the journal's sequence
    number is the store's, not the session's)."""
    raw = json.loads((OLD / FINISHED).read_text(encoding="utf-8"))
    raw.pop(SEQ_FIELD)
    dumped = load_session_file(_copy_old(tmp_path) / FINISHED).to_dict()
    assert dumped == raw
    assert list(dumped) == list(raw)
    assert [list(t) for t in dumped["turns"]] == [list(t) for t in raw["turns"]]
    assert json.dumps(dumped, ensure_ascii=False, indent=2) == json.dumps(raw, ensure_ascii=False, indent=2)


def test_a_journalled_session_dumps_as_its_snapshot_and_journal_read_together(tmp_path):
    path = _copy_old(tmp_path) / JOURNALLED
    merged = read_session_data(path)
    merged.pop(SEQ_FIELD)
    assert load_session_file(path).to_dict() == merged
    assert len(merged["turns"]) == 3 and merged["attempts"][0]["turn"]["mentor"] == "What do you think yourself?"


@pytest.mark.parametrize("text", saved_session_texts())
def test_a_saved_session_round_trips(tmp_path, text):
    path = tmp_path / "s.json"
    path.write_text(text, encoding="utf-8")
    assert load_session_file(path).to_dict() == json.loads(text)


def test_an_older_record_without_the_later_fields_loads_and_is_written_back_as_it_was(tmp_path):
    """Attempts and marks of older files lack fields added since; they are not invented on save."""
    data = json.loads((OLD / FINISHED).read_text(encoding="utf-8"))
    for turn in data["turns"]:
        del turn["move"], turn["about"]
    del data["coder"]
    del data["attempts"][0]["replaced_at"]
    for key in ("correct_code", "correct_tags", "language"):
        del data["marks"][0][key]
    data["marks"][0]["extra"] = "kept"
    path = tmp_path / "x.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    session = load_session_file(path)
    dumped = session.to_dict()
    assert dumped["coder"] == "rules" and dumped["turns"][0]["move"] == "" and dumped["turns"][0]["about"] is None
    assert dumped["attempts"] == data["attempts"] and dumped["marks"] == data["marks"]
    mark = session.marks[0]
    assert mark["code"] == mark.code and mark.get("correct_code") is None and "correct_code" not in mark


DAMAGE = [
    (lambda d: d["turns"][3].update(trust="høj"), "turns[3].trust: input should be a valid number"),
    (lambda d: d["turns"][0].update(trust=float("nan")), "turns[0].trust: input should be a finite number"),
    (lambda d: d["turns"][2].pop("step"), "turns[2].step: the field is missing"),
    (lambda d: d["turns"][1]["segments"][0].update(code="shouting"), "turns[1].segments[0].code: unknown code"),
    (lambda d: d["turns"][1]["segments"][0].update(tags=["loud"]), "turns[1].segments[0].tags: unknown tag"),
    (lambda d: d["turns"][1].update(index=4), "turns: turn 2 is numbered 5"),
    (lambda d: d["turns"][1].update(revealed="family"), "turns[1].revealed: input should be a valid list"),
    (lambda d: d["turns"][1].update(agreement=1), "turns[1].agreement: input should be a valid boolean"),
    (lambda d: d.update(seed="3"), "seed: input should be a valid integer"),
    (lambda d: d.update(language="fr"), "language: unknown language 'fr'"),
    (lambda d: d.update(id="../../outside"), "id: not a session id"),
    (lambda d: d["attempts"][0]["turn"].pop("mentor"), "attempts[0].turn.mentor: the field is missing"),
    (lambda d: d["attempts"][0].update(replaced_at="2"), "attempts[0].replaced_at: input should be a valid integer"),
    (lambda d: d["marks"][0].update(segment=True), "marks[0].segment: input should be a valid integer"),
    (lambda d: d.update(recall=["a"]), "recall: input should be a valid dictionary"),
]


@pytest.mark.parametrize("damage,line", DAMAGE)
def test_a_damaged_file_is_one_line_naming_the_file_and_the_field(tmp_path, damage, line):
    data = json.loads((OLD / FINISHED).read_text(encoding="utf-8"))
    damage(data)
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        load_session_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: the session file is damaged (") and line in message
    assert "\n" not in message and "pydantic" not in message and "Traceback" not in message


def test_numbering_and_language_are_checked_in_files_only():
    """A drill's pooled session joins turns of several sessions (numbering restarts) and a
    damaged language is scored as Danish: building a record in memory is not reading a file."""
    turn = Turn(index=3, mentor="Hej.", primary="other", segments=[{"text": "Hej.", "code": "other", "tags": []}],
                tags=[], role=None, step="establish_contact", mentee="Hej.", source="scripted", trust=0.3,
                trust_before=0.3, reaction="neutral")
    session = Session(id="drill", scenario="drill", scenario_title="", language=":en", trainee="", seed=1,
                      turns=[turn])
    assert isinstance(session.turns[0].segments[0], Segment)
    with pytest.raises(ValidationError, match="unknown language"):
        Session.from_saved(session.to_dict())
    with pytest.raises(ValidationError, match="turn 1 is numbered 4"):
        Session.from_saved(dict(session.to_dict(), language="da"))


def test_the_store_saves_records_and_reads_them_back(tmp_path):
    from simulator.engine.rehearsal import Rehearsal
    from simulator.scenario import load_scenario

    store = SessionStore(tmp_path / "s")
    r = Rehearsal(load_scenario(Path(__file__).parents[1] / "scenarios" / "first-meeting.yaml"), store=store, seed=2)
    r.take_turn("Hej Rania.")
    r.take_turn("Du er vist træt i dag.")
    r.undo()
    r.take_turn("Hvad tænker du selv?")
    r.mark_wrong(1, 0, "refleksion")
    again = load_session_file(store.path_for(r.session.id))  # the snapshot and its journal
    assert again == r.session
    assert again.attempts[0].turn.mentor == "Du er vist træt i dag." and again.marks[0].correct_code == "reflection"


segments = st.lists(st.builds(Segment, text=st.text(max_size=30), code=st.sampled_from(list(CODES) + ["pause"]),
                              tags=st.lists(st.sampled_from(list(TAGS)), max_size=3, unique=True)),
                    min_size=1, max_size=4)


@st.composite
def sessions(draw):
    base = json.loads((OLD / FINISHED).read_text(encoding="utf-8"))
    turns = []
    for i in range(draw(st.integers(0, 5))):
        turn = copy.deepcopy(base["turns"][i % len(base["turns"])])
        segs = draw(segments)
        turn.update(index=i, mentor=draw(st.text(max_size=40)), segments=[s.to_dict() for s in segs],
                    primary=segs[0].code, trust=draw(st.floats(0, 1)), tags=sorted({t for s in segs for t in s.tags}))
        turns.append(turn)
    base.update(turns=turns, trainee=draw(st.text(max_size=20)), seed=draw(st.integers(-2**40, 2**40)))
    base.pop(SEQ_FIELD)
    return base


@settings(max_examples=40, deadline=None)
@given(data=sessions())
def test_any_valid_session_survives_json_and_back(data):
    text = json.dumps(data, ensure_ascii=False)
    assert Session.from_saved(json.loads(text)).to_dict() == data
