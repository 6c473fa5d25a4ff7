"""Feedback per fault, in the mentee's context (issue 14, items 3 and 4).

The poor first meeting's debrief must show each pitfall with its own route out
of it (feedback.yaml) and a better line that fits Rania; the good one's must
say what went well, citing the turns that earned it. A debrief of another
mentee never borrows Rania's story.
"""

from __future__ import annotations

from simulator.engine.rehearsal import Rehearsal
from simulator.engine.session import Session, Turn
from simulator.report.debrief import build_debrief
from simulator.report.formats import render_debrief
from simulator.scenario import load_scenario
from simulator.scoring import score_session
from simulator.scoring.figures import compute_figures, feedback_config
from tests.conftest import SCENARIOS, script_lines


def _play(name: str, script: str):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    r = Rehearsal(scenario)
    for line in script_lines(script):
        r.take_turn("" if line == "..." else line)
    return r.session, scenario


def _section(md: str, heading: str) -> str:
    return md.split(heading, 1)[1].split("\n#### ", 1)[0].split("\n### ", 1)[0]


def test_poor_first_meeting_shows_each_pitfall_with_its_own_advice_and_a_line_for_rania():
    session, scenario = _play("first-meeting", "first-meeting-poor.txt")
    d = build_debrief(session, scenario)
    md = render_debrief(d, "md")
    routes = feedback_config()["boundaries"]
    flags = d["figures"]["boundary_flags"]
    seen = [tag for tag, n in flags.items() if n]
    assert {"taboo_probe", "lecture", "promise", "pity"} <= set(seen)
    advices = set()
    for tag in seen:
        route = routes[tag]
        section = _section(md, f"#### {route['label']['da']}")
        assert route["advice"]["da"] in section, tag
        advices.add(route["advice"]["da"])
        own = scenario.better[tag][0]
        assert own in section, tag
        # the turn that fell into it is quoted under it
        first = next(t for t in session.turns if tag in t.tags)
        assert first.mentor.strip() in section, tag
    assert len(advices) == len(seen)  # no two pitfalls share one piece of advice
    # every better line shown names Rania's world, never another mentee's
    for other in ("Tesfay", "Olena", "Emmanuel", "Adam", "Farid", "Mebrat"):
        assert other not in md
    assert "»Jeg kan ikke skaffe dig et job" in md
    # a missed reflection is shown with what Rania had just said: the material for a better line
    listening = md.split("### Aktiv lytning", 1)[1].split("\n### ", 1)[0]
    said = next(t.mentee for t in session.turns if "nurse" in t.revealed)
    assert said.startswith("Jeg var sygeplejerske i Syrien")  # her short answer to "Har du et job?"
    assert f"(Rania havde lige sagt: »{said}" in listening


def test_good_first_meeting_says_what_went_well_with_the_turns_that_earned_it():
    session, scenario = _play("first-meeting", "first-meeting-good.txt")
    d = build_debrief(session, scenario)
    md = render_debrief(d, "md")
    went = md.split("## Det gik godt", 1)[1].split("\n## ", 1)[0]
    assert "Aktiv lytning" in went and "»Så du har to børn, der allerede taler godt dansk.«" in went
    assert "Afslut med en konkret aftale" in went and "inden fredag" in went
    assert "Tilbyd råd, før du giver dem" in went and "»Må jeg komme med et forslag?«" in went
    # the good band's evidence is never a turn that fell short
    card = score_session(session, scenario)
    listening = next(p for p in card.principles if p.id == "reflective_listening")
    assert listening.band == "good"
    assert all(any(s["code"] == "reflection" for s in session.turns[i].segments) for i in listening.evidence)


def test_tesfay_debrief_never_offers_ranias_line():
    session, scenario = _play("family-reunification", "family-reunification-poor.txt")
    md = render_debrief(build_debrief(session, scenario), "md")
    assert "køkkenet" not in md and "Rania" not in md


def _turn(i, text, code, tags=(), mentee="Ja.", agreement=False, reaction="default", misunderstood=False):
    return Turn(index=i, mentor=text, primary=code, segments=[{"text": text, "code": code, "tags": list(tags)}],
                tags=list(tags), role="lytteren", step="develop", mentee=mentee, source="scripted", trust=0.5,
                trust_before=0.5, reaction=reaction, agreement=agreement, misunderstood=misunderstood)


def _session(turns):
    return Session(id="x", scenario="first-meeting", scenario_title="t", language="da", trainee="", seed=1,
                   turns=turns)


def test_codebook_v2_rules_in_the_figures():
    turns = [
        _turn(0, "Hvad tror du om Allah?", "open_question", ["culture_probe"]),
        _turn(1, "Har jeg forstået dig rigtigt?", "closed_question", ["check_understanding"]),
        _turn(2, "Hvad vil du gerne?", "open_question", mentee="Hvad skal jeg gøre? Ved du det?"),
        _turn(3, "Du kunne ringe til jobcentret.", "advice"),
        _turn(4, "Ring til din sagsbehandler.", "advice", ["referral"]),
        _turn(5, "Vi ses næste gang.", "structure", agreement=True),
    ]
    f = compute_figures(_session(turns), "afklaring")
    # a boundary turn earns no open-question credit; a checking question is not counted against the share
    assert f["open_questions"] == 1 and f["closed_questions"] == 0 and f["open_question_share"] == 0.5
    assert f["check_understanding"] == 1 and f["boundary_flags"]["culture_probe"] == 1
    assert "lytteren" in f["roles_used"]
    # advice answering the mentee's own request, and a referral, are not "without permission"
    assert f["advice_without_permission"] == 0
    # "Vi ses næste gang." is not a concrete agreement
    assert f["agreement_at_end"] is False
    # culture probes are recorded but not counted from the long haul on
    assert compute_figures(_session(turns), "den_lange_bane")["boundary_flags"]["culture_probe"] == 0


def test_an_agreement_the_mentee_did_not_understand_does_not_count():
    ok = _turn(0, "Lad os aftale, at du ringer til plejehjemmet inden fredag.", "structure", agreement=True,
               reaction="agreement")
    assert compute_figures(_session([ok]))["agreement_at_end"] is True
    lost = _turn(0, ok.mentor, "structure", agreement=True, reaction="misunderstood", misunderstood=True)
    assert compute_figures(_session([lost]))["agreement_at_end"] is False


def test_a_long_lecture_or_caricature_is_not_short_clear_speech():
    from simulator.scoring.scorecard import score_session as score

    lecture = ("Du skal forstå, at i Danmark er det sådan, at man skal møde til tiden, lære sproget og tage de "
               "job, der er, også selvom det ikke er det, man helst vil, for det er sådan, systemet fungerer her.")
    long_turn = _turn(0, lecture, "advice", ["lecture"])
    card = score(_session([long_turn, _turn(1, "Hvad tænker du?", "open_question")]))
    short = next(p for p in card.principles if p.id == "short_sentences")
    assert short.band != "good" and short.evidence == [0]
    caricature = _turn(0, "Du. Arbejde. Før. Hvad?", "open_question", ["caricature"])
    card = score(_session([caricature]))
    assert next(p for p in card.principles if p.id == "short_sentences").evidence == [0]
    assert card.figures["open_questions"] == 0  # a pitfall turn earns no open-question credit


def test_poor_agreement_evidence_never_cites_a_question():
    session, scenario = _play("first-meeting", "first-meeting-poor.txt")
    card = score_session(session, scenario)
    agreement = next(p for p in card.principles if p.id == "agreement")
    assert agreement.band == "not_yet"
    assert all(session.turns[i].agreement for i in agreement.evidence)
    listening = next(p for p in card.principles if p.id == "reflective_listening")
    # the turns that fell short asked on without giving anything back; none is a reflection
    assert listening.evidence and not any(
        s["code"] == "reflection" for i in listening.evidence for s in session.turns[i].segments)


def test_a_target_without_label_is_named_in_words_with_a_decimal_comma():
    from simulator.drills.targets import default_label
    from simulator.scenario.drills import DrillTarget

    text = default_label(DrillTarget(figure="open_question_share", min=0.5), "da")
    assert text == "Åbne spørgsmål (andel) ≥ 50 %"
    assert "_" not in default_label(DrillTarget(figure="words_per_sentence", max=12.5), "da")
    assert "12,5" in default_label(DrillTarget(figure="words_per_sentence", max=12.5), "da")


def test_html_debrief_of_the_poor_meeting_is_well_formed_and_shows_each_pitfall():
    from tests.test_report import check_html

    session, scenario = _play("first-meeting", "first-meeting-poor.txt")
    html = render_debrief(build_debrief(session, scenario), "html")
    check_html(html)
    for label in ("Tabuemne (flugt, fængsel, krig)", "Løfte du ikke kan holde", "Belæring", "Det gik godt",
                  "Rania havde lige sagt"):
        assert label in html, label


def test_what_went_well_holds_up_no_turn_a_trainer_would_not_show():
    # user trial, stop 29: a reflection beside unasked advice, or one the mentee did not follow,
    # was listed under "Det gik godt · Aktiv lytning" as a model of listening
    session, scenario = _play("family-reunification", "family-reunification-good.txt")
    good = session.turns[:]
    bad = [_turn(len(good), "Du skal ringe til kommunen og bede dem skynde sig. Det lyder hårdt at vente.",
                 "reflection", mentee="Okay."),
           _turn(len(good) + 1, "Det lyder som om sagsbehandlingstiden i Udlændingestyrelsen er opslidende for dig.",
                 "reflection", misunderstood=True, mentee="Hvad betyder det?")]
    bad[0].segments.insert(0, bad[0].segments[0].model_copy(update={"text": "Du skal ringe til kommunen.", "code": "advice"}))
    session = session.model_copy(update={"turns": good + bad})
    went = {w["id"]: w["turns"] for w in build_debrief(session, scenario)["went_well"]}
    assert "reflective_listening" in went and went["reflective_listening"]
    assert len(good) + 1 not in went["reflective_listening"] and len(good) + 2 not in went["reflective_listening"]
