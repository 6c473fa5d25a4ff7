"""Debrief reports (issue 7): Markdown, HTML and JSON from sessions the tests play.

Sessions are made the way a trainee makes them: a Rehearsal over a script from
tests/data/scripts, with an undo, a story recall and a save to a temp store.
The Markdown of one session is compared with a stored expected file (timestamps
and ids normalised); set UPDATE_EXPECTED_REPORTS=1 to rewrite it after an
intended change, and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.engine.rehearsal import Rehearsal
from simulator.report.debrief import build_debrief, drill_view
from simulator.report.formats import render_debrief, session_report
from simulator.report.logbook import find_dates, logbook
from simulator.scenario import load_scenario
from simulator.scoring import score_session
from simulator.scoring.figures import compute_figures
from simulator.scoring.recall import attach_recall_text
from simulator.store import SessionStore
from tests.conftest import SCENARIOS, script_lines

EXPECTED = Path(__file__).parent / "data" / "expected_reports"
RECALL_DA = ("Rania har to børn, en søn på 13 og en datter på 9.\n"
             "Hun var sygeplejerske i 11 år.\n"
             "Vi aftalte, at hun spørger sin leder inden fredag, og vi ses tirsdag.")
EN_SCRIPT = [
    "Hi Amal, my name is Peter. I used to be a teacher.",
    "Is it ok if I ask a bit about your situation?",
    "Tell me a bit about yourself.",
    "So your children already speak good Danish.",
    "What work did you do before you came here?",
    "What would you like to achieve? What is your goal?",
    "Let's agree that you call the care home before Friday. We meet again next Tuesday at 10.",
    "Thank you for today.",
]


def play(name: str, lines: list[str], *, trainee: str = "", store=None, undo_at: int | None = None,
         recall: str | None = None) -> tuple[Rehearsal, object]:
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    r = Rehearsal(scenario, trainee=trainee, store=store)
    for i, line in enumerate(lines):
        r.take_turn("" if line == "..." else line)
        if undo_at is not None and i == undo_at:
            r.undo()
            r.take_turn("Hvad laver du til daglig?")
    if recall is not None:
        attach_recall_text(r, recall)
    r.finish()
    return r, scenario


def pin_times(session) -> None:
    """Fixed id and timestamps, so the expected file does not change with the clock."""
    session.id = "20250101-100000-first-meeting-test"
    session.started = session.updated = "2025-01-01T10:00:00+01:00"
    for t in session.turns:
        t.at = "2025-01-01T10:00:00+01:00"
    for a in session.attempts:
        a["undone_at"] = "2025-01-01T10:00:00+01:00"
        a["turn"]["at"] = "2025-01-01T10:00:00+01:00"


def normalise(text: str) -> str:
    text = re.sub(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?", "<time>", text)
    return re.sub(r"\b\d{8}-\d{6}-([a-z0-9-]+)-[0-9a-f]{4}\b", r"<stamp>-\1", text)


@pytest.fixture(scope="module")
def good():
    r, scenario = play("first-meeting", script_lines("first-meeting-good.txt"), trainee="Lars", undo_at=2,
                       recall=RECALL_DA)
    pin_times(r.session)
    return r.session, scenario


@pytest.fixture(scope="module")
def poor():
    r, scenario = play("first-meeting", script_lines("first-meeting-poor.txt"), trainee="Mette")
    return r.session, scenario


class StrictHTML(HTMLParser):
    """Every opened element is closed in order; void elements and <x/> need no closing."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += attrs
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += attrs

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> at {self.getpos()} but open: {self.stack[-3:]}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


def check_html(text: str) -> StrictHTML:
    parser = StrictHTML()
    parser.feed(text)
    parser.close()
    assert not parser.errors, parser.errors[:5]
    assert parser.stack == [], parser.stack
    return parser


# -- Markdown ------------------------------------------------------------------------

def test_markdown_matches_expected_file(good):
    session, scenario = good
    text = normalise(session_report(session, scenario, "md"))
    expected = EXPECTED / "first-meeting-good.da.md"
    if os.environ.get("UPDATE_EXPECTED_REPORTS"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


def test_markdown_has_every_part_of_the_debrief(good):
    session, scenario = good
    md = session_report(session, scenario, "md")
    for heading in ("## Overblik", "## Resultat", "## Det gik godt", "## Det kan du øve dig på", "## Samtalens trin",
                    "## Tillid og nøgletal replik for replik", "## Udskrift", "## Logbog", "## Det huskede du"):
        assert heading in md, heading
    # the codes stand beside each turn
    turn4 = md.split("### Replik 4 ")[1].split("### Replik 5 ")[0]
    assert "*Koder:* `Refleksion`" in turn4 and "Så du har to børn" in turn4
    # the undone attempt stands with the turn that replaced it, not elsewhere
    turn3 = md.split("### Replik 3 ")[1].split("### Replik 4 ")[0]
    assert "Fortrudt forsøg" in turn3 and "Fortæl lidt om dig selv." in turn3
    assert md.count("Fortrudt forsøg") == 1


def test_weak_principles_carry_the_guides_advice_section_and_better_phrasing(poor):
    session, scenario = poor
    card = score_session(session, scenario)
    d = build_debrief(session, scenario, card=card)
    weak = {p.id: p for p in card.principles if p.band != "good"}
    assert {w["id"] for w in d["work_on"]} == set(weak)
    boundaries = next(w for w in d["work_on"] if w["id"] == "boundaries")
    assert boundaries["advice"] == weak["boundaries"].advice and "afsnittet" in boundaries["advice"]
    assert boundaries["example"] == weak["boundaries"].example
    assert boundaries["turns"] == [i + 1 for i in weak["boundaries"].evidence]
    md = render_debrief(d, "md")
    section = md.split("### Faldgruber")[1].split("\n### ")[0]
    assert "**Guiden** · *Vær åben og sæt grænser" in section and "**Bedre:**" in section
    assert "Sad du i fængsel i Syrien?" in section
    # the turn itself is flagged in the transcript, with the pitfall it fell into
    probe = boundaries["turns"][0]
    transcript_turn = md.split(f"### Replik {probe} ")[1].split("### Replik ")[0]
    assert "⚑ **Tabuemne" in transcript_turn
    # "not yet" before "fair", and the heaviest principle (boundaries) first
    bands = [w["band"] for w in d["work_on"]]
    assert bands == sorted(bands, key=lambda b: b != "not_yet")
    assert d["work_on"][0]["id"] == "boundaries"


def test_running_figures_are_computed_over_each_prefix(good):
    session, scenario = good
    d = build_debrief(session, scenario)
    assert [row["turn"] for row in d["series"]] == list(range(1, len(session.turns) + 1))
    for k in (1, 5, len(session.turns)):
        prefix = compute_figures(session.model_copy(update={"turns": session.turns[:k]}))
        row = d["series"][k - 1]
        assert row["open_question_share"] == prefix["open_question_share"]
        assert row["mentor_talk_share"] == prefix["mentor_talk_share"]
        assert row["trust"] == session.turns[k - 1].trust
    assert d["series"][-1]["reflection_to_question"] == score_session(session, scenario).figures["reflection_to_question"]
    assert d["series"][0]["open_question_share"] is None  # no question asked yet: a gap, not zero


def test_steps_over_time(good):
    session, scenario = good
    d = build_debrief(session, scenario)
    runs = d["steps"]["runs"]
    assert runs[0]["first"] == 1 and runs[-1]["last"] == len(session.turns)
    assert [r["step"] for r in runs] == ["establish_contact", "unfold_story", "set_goal", "develop", "round_off"]
    assert d["steps"]["missing"] == []


# -- HTML ------------------------------------------------------------------------------

def test_html_is_well_formed_self_contained_and_prints(good):
    session, scenario = good
    html = session_report(session, scenario, "html")
    parser = check_html(html)
    assert "http://" not in html and "https://" not in html
    assert not {"script", "link", "img", "iframe", "object"} & parser.tags
    assert not [v for k, v in parser.attrs if k in ("src", "href") and v and not v.startswith("#")]
    assert "url(" not in html and "@import" not in html
    assert "@media print" in html and "<svg" in html and "polyline" in html
    assert 'lang="da"' in html and "Udskrift" in html and "Logbog" in html


def test_html_neutralises_a_typed_url_and_escapes_markup():
    scenario = load_scenario(SCENARIOS / "first-meeting.yaml")
    r = Rehearsal(scenario)
    r.take_turn("Se https://example.org og <b>fed</b> tekst & mere.")
    html = session_report(r.session, scenario, "html")
    check_html(html)
    assert "https://" not in html and "https&#58;//example.org" in html
    assert "<b>fed</b>" not in html and "&lt;b&gt;fed&lt;/b&gt;" in html


# -- JSON ------------------------------------------------------------------------------

def test_json_report_holds_the_same_debrief(good):
    session, scenario = good
    data = json.loads(session_report(session, scenario, "json"))
    assert data["format"] == "mentor-sim-debrief" and data["lang"] == "da"
    assert len(data["turns"]) == len(session.turns) == len(data["series"])
    assert data["overall"] == score_session(session, scenario).overall
    assert data["turns"][2]["attempts"][0]["mentor"] == "Fortæl lidt om dig selv."
    assert data["recall"]["caught"][0]["id"] in ("family", "nurse")
    assert data["logbook"]["next_meeting"]["when"] == "på tirsdag"
    assert data["drill"] is None


# -- logbook -----------------------------------------------------------------------------

def test_logbook_agreements_next_steps_and_meeting(good, poor):
    session, scenario = good
    book = logbook(session, {f.id: f.text for f in scenario.facts if f.kind == "goal"})
    assert [a["turn"] for a in book["agreements"]] == [t.index + 1 for t in session.turns if t.agreement]
    assert book["next_steps"][0]["text"].startswith("Du spørger din leder")
    assert book["next_steps"][0]["due"] == "inden fredag"
    assert book["next_meeting"]["when"] == "på tirsdag"
    assert {g["id"] for g in book["mentee_goals"]} <= {"goal-health", "next-step-idea"}
    poor_book = logbook(poor[0])
    assert poor_book["agreements"] == [] and poor_book["next_meeting"] is None
    assert "Der blev ikke lavet en konkret aftale" in session_report(poor[0], poor[1], "md")


@pytest.mark.parametrize("text, found", [
    ("Vi ses på torsdag kl. 10.", ["på torsdag kl. 10"]),
    ("Vi mødes den 3. marts.", ["den 3. marts"]),
    ("Vi ses om to uger.", ["om to uger"]),
    ("See you next Tuesday at 10am.", ["next Tuesday at 10am"]),
    ("Let's meet on 12 May.", ["on 12 May"]),
    ("Vi ses 12/5.", ["12/5"]),
    ("Tak for i dag.", []),
    # a longer agreement's time: a month, a season, a feast (a farewell's keep-in-touch)
    ("Vi drikker kaffe sammen i juni.", ["i juni"]),
    ("Du sender mig en sms til sommer.", ["til sommer"]),
    ("Vi ringer sammen om et halvt år.", ["om et halvt år"]),
    ("Jeg bor i Vejle.", []),
])
def test_dates_found_in_danish_and_english(text, found):
    assert find_dates(text) == found


def test_english_session_reports_in_english():
    scenario = load_scenario(SCENARIOS / "first-meeting-en.yaml")
    r = Rehearsal(scenario, trainee="Peter")
    for line in EN_SCRIPT:
        r.take_turn(line)
    md = session_report(r.session, scenario, "md")
    assert "## Transcript" in md and "## Logbook" in md and "## What to practise" in md
    assert "Udskrift" not in md and "Logbog" not in md
    d = build_debrief(r.session, scenario)
    assert d["logbook"]["next_meeting"]["when"] == "next Tuesday at 10"
    assert d["logbook"]["next_steps"][0]["due"] == "before Friday"
    html = session_report(r.session, scenario, "html")
    check_html(html)
    assert 'lang="en"' in html and "Transcript" in html


# -- anonymising ---------------------------------------------------------------------------

def test_anonymise_replaces_both_names_everywhere():
    # The trainee field says Søren, the script introduces Lars: both are the trainee.
    r, scenario = play("first-meeting", script_lines("first-meeting-good.txt"), trainee="Søren Holm",
                       recall="Rania har to børn. Ranias søn er 13.")
    for fmt in ("md", "html", "json"):
        text = session_report(r.session, scenario, fmt, anonymise=True)
        for name in ("Rania", "Lars", "Søren", "Holm"):
            assert name not in text, (fmt, name)
        assert "[mentee]" in text and "[mentor]" in text
    md = session_report(r.session, scenario, "md", anonymise=True)
    assert "Jeg hedder [mentor]" in md and "[mentee]s søn" in md
    assert "Første møde med [mentee]" in md
    # without the flag the names stay
    assert "Rania" in session_report(r.session, scenario, "md")


# -- drill ------------------------------------------------------------------------------------

def test_drill_results_shown_when_the_session_was_a_drill(good):
    session, scenario = good
    drilled = session.model_copy(update={"drill": {
        "id": "first-evening", "title": "Første aften", "run": "r1", "position": 0,
        "scenarios": ["first-meeting", "expectations"], "assess": False,
        "targets": [
            {"kind": "rule", "name": "reflections_before_advice", "label": "Mindst 2 refleksioner før første råd",
             "met": True, "value": 3, "evidence": [3, 5], "n": 2},
            {"kind": "figure", "name": "open_question_share", "label": "Åbne spørgsmål", "met": False,
             "value": 0.4, "evidence": [1], "min": 0.6, "max": None}],
        "overall_targets": [{"kind": "rule", "name": "no_taboo_probe", "label": "Ingen tabu", "met": True,
                             "value": 0, "evidence": {"first-meeting": []}}],
        "passed": 2, "total": 3, "finished": True}})
    md = session_report(drilled, scenario, "md")
    part = md.split("## Øvelse (drill): Første aften")[1].split("\n## ")[0]
    assert "1 af 2 mål nået" in part and "Scenarie 1/2" in part
    assert "✅ **nået**: Mindst 2 refleksioner før første råd" in part and "replikker 4, 6" in part
    assert "❌ **ikke nået**: Åbne spørgsmål (40 %)" in part
    assert "Ingen tabu" in part
    check_html(session_report(drilled, scenario, "html"))
    assert drill_view(None, "da") is None


# -- the command line ----------------------------------------------------------------------------

def test_cli_report_formats_output_file_and_errors(tmp_path, capsys):
    store = SessionStore(tmp_path / "s")
    r, _ = play("first-meeting", script_lines("first-meeting-good.txt"), trainee="Lars", store=store)
    sid = r.session.id
    assert main(["report", sid, "--save-dir", str(store.root)]) == 0
    assert "## Udskrift" in capsys.readouterr().out
    out = tmp_path / "debrief.html"
    assert main(["report", sid[:12], "--save-dir", str(store.root), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    check_html(html)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert capsys.readouterr().err.strip() == str(out)
    # a path to the session file works too, and --format wins over the suffix
    assert main(["report", str(store.path_for(sid)), "--format", "json", "--anonymise"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["anonymised"] is True and "Lars" not in json.dumps(data, ensure_ascii=False)
    assert main(["report", "nope", "--save-dir", str(store.root)]) == 2
    assert main(["report"]) == 2
    assert main(["report", sid, "--cohort", str(store.root)]) == 2
    assert main(["report", sid, "--save-dir", str(store.root), "-o", str(tmp_path / "no" / "x.md")]) == 2
    err = capsys.readouterr().err
    assert "ingen samtale 'nope'" in err and "Traceback" not in err  # the command line is Danish first
    assert all(line.startswith("mentor-sim: ") for line in err.strip().splitlines())


def test_the_debrief_never_quotes_a_fact_text_the_scripted_mentee_did_not_say():
    # a new user saw »Jeg bor med min mor. Og min lillebror. Han er 16.« quoted under her
    # "Ja. Min mor og min bror.": the short form is what she said, and all the report shows
    from simulator.engine.rehearsal import Rehearsal
    from simulator.scenario import load_scenario
    from tests.conftest import SCENARIOS

    scenario = load_scenario(SCENARIOS / "quiet-mentee.yaml")
    r = Rehearsal(scenario)
    r.state.trust = 0.6
    turn = r.take_turn("Bor du sammen med din familie?")
    assert turn.revealed == ["family"] and "16" not in turn.mentee
    view = build_debrief(r.session, scenario)
    assert all(t["told"] == [] for t in view["turns"])


def test_the_logbook_quotes_her_goal_as_she_said_it_and_no_yes_question_is_a_task():
    from simulator.engine.rehearsal import Rehearsal
    from simulator.report.logbook import logbook
    from simulator.scenario import load_scenario
    from tests.conftest import SCENARIOS

    scenario = load_scenario(SCENARIOS / "quiet-mentee.yaml")
    r = Rehearsal(scenario)
    r.state.trust = 0.7
    r.take_turn("Kunne du tænke dig at arbejde i et bageri?")
    r.take_turn("Så aftaler vi, at du spørger i bageriet på torsdag. Er det okay?")
    goals = {f.id: f.text for f in scenario.facts if f.kind == "goal"}
    book = logbook(r.session, goals)
    assert all(g["text"] in [t.mentee for t in r.session.turns] for g in book["mentee_goals"])
    assert book["mentee_goals"] and all("Er det okay" not in s["text"] for s in book["next_steps"])
