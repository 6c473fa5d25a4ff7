"""Where each mentee line came from, visible: the fallback mark, the per-session
share, and the one-line notices (server stopped answering, answers again, too slow)."""

from __future__ import annotations

import json
from types import SimpleNamespace

from simulator import cli
from simulator.mentee import source
from simulator.mentee.guarded import GenerationError, GuardedMentee
from tests.test_model_guards import GOOD, FakeGenerator, request
from tests.test_model_http_robust import OddServer, message


def test_share_counts_each_source():
    turns = [SimpleNamespace(source=s) for s in ("model", "model", "fallback", "model")]
    assert source.share(turns) == {"model": 3, "fallback": 1, "scripted": 0, "total": 4, "model_share": 0.75}
    assert source.share_line(turns, "da") == ("Mentee: modellen sagde 3 af 4 replikker; "
                                              "1 var manuskriptets reserve (↺).")
    assert source.share_line([SimpleNamespace(source="scripted")], "da") is None


def test_only_a_fallback_is_marked():
    assert source.with_mark("Ja.", "fallback", "da") == "Ja.  ↺ manuskript"
    assert source.with_mark("Yes.", "fallback", "en") == "Yes.  ↺ script"
    assert source.with_mark("Ja.", "model", "da") == "Ja."
    assert source.with_mark("Ja.", "scripted", "da") == "Ja."


def test_a_server_that_stops_answering_is_told_once_and_its_return_too():
    down = GenerationError("http://127.0.0.1:9: connection refused")
    gen = FakeGenerator(down, down, down, down, GOOD)
    seen: list[str] = []
    mentee = GuardedMentee("server:fake", gen)
    mentee.on_notice = seen.append
    assert mentee.reply(request("Ja.")).source == "fallback"
    assert mentee.reply(request("Ja.")).source == "fallback"
    assert len(seen) == 1 and seen[0].startswith("Modelserveren svarer ikke (connection refused)")
    assert mentee.reply(request()).source == "model"
    assert seen[1] == "Modelserveren svarer igen."
    assert mentee.take_notices() == seen and mentee.take_notices() == []


def test_a_rejected_line_is_not_a_server_that_stopped():
    mentee = GuardedMentee("model:fake", FakeGenerator("Mentor: Hvad så?"))
    assert mentee.reply(request("Ja.")).source == "fallback"
    assert mentee.take_notices() == []


def test_a_slow_model_gets_one_warning():
    mentee = GuardedMentee("model:fake", FakeGenerator(" ".join(f"ord{i}" for i in range(40)), delay=0.02),
                           timeout=0.1)
    for _ in range(2):
        assert mentee.reply(request("Ja.")).source == "fallback"
    notices = mentee.take_notices()
    assert notices == ["Modellen nåede ikke at svare inden for 0.1 s. Giv mere tid med --timeout, "
                       "eller brug en hurtigere model eller server."]


def test_the_cli_marks_fallbacks_tells_once_and_counts(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MENTOR_SIM_CONFIG", str(tmp_path / "none.toml"))
    script = tmp_path / "script.txt"
    script.write_text("Hej, jeg hedder Jens.\nHvordan går det?\n", encoding="utf-8")

    def broken(body, h):
        h.send_json({"error": {"message": "model exploded"}}, code=500)

    with OddServer(broken) as srv:
        code = cli.main(["rehearse", "first-meeting", "--mentee", "server", "--endpoint", srv.url,
                         "--model", "tiny", "--script", str(script), "--no-save", "--timeout", "5"])
    out, err = capsys.readouterr()
    assert code == 0
    assert out.count("↺ manuskript") == 2
    assert "Mentee: modellen sagde 0 af 2 replikker; 2 var manuskriptets reserve (↺)." in out
    assert err.count("Modelserveren svarer ikke") == 1 and "HTTP 500" in err


def test_json_output_carries_the_share(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MENTOR_SIM_CONFIG", str(tmp_path / "none.toml"))
    script = tmp_path / "script.txt"
    script.write_text("Hvordan går det?\n", encoding="utf-8")
    with OddServer(message("Jeg har det fint, tak. Jeg er lidt nervøs i dag.")) as srv:
        cli.main(["rehearse", "first-meeting", "--mentee", "server", "--endpoint", srv.url, "--model", "tiny",
                  "--script", str(script), "--no-save", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["mentee_sources"]["model"] + data["mentee_sources"]["fallback"] == 1


def test_reports_mark_the_fallback_and_give_the_share():
    from simulator.engine.rehearsal import Rehearsal
    from simulator.report.formats import session_report
    from tests.test_model_guards import SCENARIO

    gen = FakeGenerator("Jeg har det fint, tak. Jeg er lidt nervøs i dag.", "Mentor: Hvad så?")
    r = Rehearsal(SCENARIO, backend=GuardedMentee("model:fake", gen))
    r.take_turn("Hej, hvordan går det?")
    r.take_turn("Hvad vil du gerne tale om i dag?")
    assert [t.source for t in r.session.turns] == ["model", "fallback"]
    md = session_report(r.session, SCENARIO, "md")
    assert "modellen sagde 1 af 2 replikker; 1 var manuskriptets reserve" in md
    assert md.count("*↺ manuskript*") == 1
    html = session_report(r.session, SCENARIO, "html")
    assert html.count('<small class="source">↺ manuskript</small>') == 1
