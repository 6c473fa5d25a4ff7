"""The cohort page a trainer acts on: ranking with the sort stated, a participant ×
principle grid and a chart per principle, the evening's targets once, a CSV for a
spreadsheet (Danish decimals with --lang da) and a one-page sheet per session."""

from __future__ import annotations

import csv
import io

from simulator.cli import main
from simulator.report.cohort import build_cohort, render_cohort
from simulator.report.evening import ranking
from simulator.report.formats import session_report
from tests.test_report_cohort import evening  # noqa: F401 - the shared fixture


def test_ranking_by_mean_overall_with_shared_ranks():
    rows = [{"trainee": t, "overall": o} for t, o in (("Bo", 40), ("Al", 80), ("Cy", 60), ("Cy", 100), ("Di", 40))]
    ranked = ranking(rows)
    assert [(x["trainee"], x["rank"], x["mean"]) for x in ranked] == [
        ("Al", 1, 80), ("Cy", 1, 80), ("Bo", 3, 40), ("Di", 3, 40)]


def test_cohort_is_ranked_and_says_so(evening):  # noqa: F811
    root, played = evening
    c = build_cohort(root, "da")
    means = [g["mean"] for g in c["grid"]]
    assert means == sorted(means, reverse=True)
    assert [g["trainee"] for g in c["grid"]] == [x["trainee"] for x in c["ranking"]]
    # Lars played the good scripts: first; Ole the poor one: last
    assert c["grid"][0]["trainee"] == "Lars" and c["grid"][-1]["trainee"] == "Ole"
    md = render_cohort(c, "md")
    assert "Sorteret efter samlet score" in md and "| Plads |" in md


def test_principle_grid_is_the_mean_of_the_scorecards_points(evening):  # noqa: F811
    root, played = evening
    c = build_cohort(root, "en")
    lars = next(g for g in c["principle_grid"] if g["trainee"] == "Lars")
    cards = [card for (t, _), (_, card) in played.items() if t == "Lars"]
    points = {"good": 100, "fair": 50, "not_yet": 0}
    for i, cell in enumerate(lars["cells"]):
        assert cell["score"] == round(sum(points[card.principles[i].band] for card in cards) / len(cards))
    html = render_cohort(c, "html")
    assert html.count('<svg class="chart"') == len(c["principles"])
    assert "Each principle across the group" in html


def test_targets_are_listed_once(evening):  # noqa: F811
    root, _ = evening
    c = build_cohort(root, "da")
    labels = c["evening_targets"]["labels"]
    assert len(labels) == len(set(labels)) and any("Ingen tabu" in lab for lab in labels)
    md = render_cohort(c, "md")
    assert md.count("Ingen tabu") == 1
    ole = next(r for r in c["evening_targets"]["rows"] if r["trainee"] == "Ole")
    assert ole["marks"][labels.index(next(lab for lab in labels if "Ingen tabu" in lab))] is False
    # out of the targets of what each played, not of the whole evening
    for row in c["evening_targets"]["rows"]:
        assert row["of"] == sum(1 for m in row["marks"] if m is not None) and row["met"] <= row["of"]
        assert f"{row['met']}/{row['of']}" in md


def test_cohort_csv_one_row_per_session_numeric_and_ranked(evening, tmp_path, capsys):  # noqa: F811
    root, played = evening
    assert main(["report", "--cohort", str(root), "--format", "csv", "--lang", "da"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == len(played)
    for r in rows:
        session, card = next(v for v in played.values() if v[0].id == r["session"])
        assert int(r["overall"]) == card.overall
        assert float(r["mentor_talk_share"].replace(",", ".")) == round(card.figures["mentor_talk_share"], 3)
        assert int(r["rank"]) >= 1
    assert any("," in r["mentor_talk_share"] for r in rows)  # Danish decimal comma
    assert [int(r["rank"]) for r in rows] == sorted(int(r["rank"]) for r in rows)
    assert main(["report", "--cohort", str(root), "-o", str(tmp_path / "e.csv"), "--lang", "en"]) == 0
    en = list(csv.DictReader(io.StringIO((tmp_path / "e.csv").read_text(encoding="utf-8-sig"))))
    assert len(en) == len(played) and "." in en[0]["reflection_to_question"] + en[0]["mentor_talk_share"]
    assert main(["report", "some-session", "--format", "csv"]) == 2


def test_sheet_is_one_a4_page_with_three_things_and_two_turns(evening):  # noqa: F811
    root, played = evening
    session, card = played[("Ole", "first-meeting")]
    html = session_report(session, fmt="sheet")
    assert "size: A4" in html and "Tre ting at øve næste gang" in html
    weak = [p for p in card.principles if p.band != "good"]
    assert len(weak) >= 3
    assert html.count('<li><b>') == 3
    assert "Din bedste replik" in html and "Den replik, du kan gøre bedre" in html
    assert "<script" not in html and "http" not in html.replace("http-equiv", "")
    anon = session_report(session, fmt="sheet", anonymise=True)
    assert "Ole" not in anon and "Rania" not in anon
