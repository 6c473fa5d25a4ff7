"""The command line speaks Danish first: its help, argparse's own headings and errors, its messages;
`--lang en` before the command switches them to English, and argparse's gettext is put back after."""

from __future__ import annotations

import argparse

from simulator.cli_language import current, language_of
from tests.cli_support import run_cli


def test_help_is_danish_by_default_with_argparse_headings():
    out = run_cli("rehearse", "--help")
    assert out.returncode == 0
    assert out.stdout.startswith("brug: mentor-sim rehearse")
    assert "\npositionelle argumenter:\n" in out.stdout and "\ntilvalg:\n" in out.stdout
    assert "vis denne hjælp og afslut" in out.stdout and "gem intet på disken" in out.stdout
    assert "usage:" not in out.stdout and "options:" not in out.stdout


def test_lang_en_before_the_command_gives_english_help():
    out = run_cli("--lang", "en", "rehearse", "--help")
    assert out.stdout.startswith("usage: mentor-sim rehearse")
    assert "\noptions:\n" in out.stdout and "write nothing to disk" in out.stdout


def test_argparse_errors_and_cli_messages_follow_the_language():
    da = run_cli("report", "--format", "xx")
    assert da.returncode == 2 and "fejl: argument --format: ugyldigt valg: 'xx'" in da.stderr
    en = run_cli("--lang", "en", "report", "--format", "xx")
    assert "error: argument --format: invalid choice: 'xx'" in en.stderr
    assert "angiv en SESSION" in run_cli("forget").stderr
    assert "give a SESSION" in run_cli("--lang", "en", "forget").stderr
    # argparse's own lookup is restored: other parsers in this process keep gettext's words.
    assert argparse._("usage: ") == "usage: "
    assert current() == "da"  # and the store's and the app's error lines are Danish again after a run


def test_only_the_global_lang_picks_the_cli_language():
    commands = {"code", "report"}
    assert language_of(["--lang", "en", "code"], commands) == "en"
    assert language_of(["--lang=en", "report"], commands) == "en"
    assert language_of(["code", "--lang", "en"], commands) is None  # the utterances' language
    assert language_of([], commands) is None


def test_eval_table_in_the_command_lines_language():
    """eval's table speaks the CLI's language; its figures keep a decimal point, as in --json and docs/validity.md."""
    da = run_cli("eval", "tests/data/da_sessions13.csv", "--coder", "rules")
    en = run_cli("--lang", "en", "eval", "tests/data/da_sessions13.csv", "--coder", "rules")
    assert da.returncode == en.returncode == 0
    assert da.stdout.startswith("n=306  nøjagtighed=0.") and "koder: rules" in da.stdout
    assert "værste fejlkodninger" in da.stdout and "worst" not in da.stdout
    assert en.stdout.startswith("n=306  accuracy=0.") and "coder: rules" in en.stdout and "worst misclassified" in en.stdout
