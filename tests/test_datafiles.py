"""The scorer's, the hints' and the combined coder's data files are checked on load, and a
mistake in one is named by file, line and field (issue 12), like a scenario's."""

from pathlib import Path

import pytest

from simulator.coding import combined_policy
from simulator.engine import hints
from simulator.scoring import datafiles, figures, scorecard
from simulator.yamlfile import FileProblems, load_checked


def _with(tmp_path, source: Path, old: str, new: str, model, checks) -> tuple[str, int]:
    """`source` with the first line holding `old` changed, checked: the error and that line."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if old in line)
    lines[n] = lines[n].replace(old, new)
    path = tmp_path / source.name
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(FileProblems) as err:
        load_checked(path, model, checks)
    return str(err.value), n + 1


def test_the_shipped_files_load_as_written():
    import yaml

    for path, loaded in ((scorecard.BANDS_FILE, scorecard.bands_config()),
                         (figures.FEEDBACK_FILE, figures.feedback_config()),
                         (combined_policy.COMBINED_FILE, combined_policy.load_combined_policy())):
        assert loaded == yaml.safe_load(path.read_text(encoding="utf-8")), path
    assert hints._load() == yaml.safe_load(hints.HINTS_FILE.read_text(encoding="utf-8"))["hints"]


def test_a_band_typo_and_an_unknown_evidence_code_are_named(tmp_path):
    msg, line = _with(tmp_path, scorecard.BANDS_FILE, "    better: higher", "    better: highr",
                      datafiles.BandsFile, datafiles.band_problems)
    assert msg.startswith(f"{tmp_path / 'bands.yaml'}:{line}: principles[0].better: ")
    msg, line = _with(tmp_path, scorecard.BANDS_FILE, "evidence: [code:reflection]", "evidence: [code:refection]",
                      datafiles.BandsFile, datafiles.band_problems)
    assert msg == (f"{tmp_path / 'bands.yaml'}:{line}: principles[1].evidence[0]: "
                   "unknown code 'refection' (did you mean 'reflection'?)")


def test_a_misspelt_pitfall_in_the_feedback_is_named_and_its_route_missed(tmp_path):
    msg, line = _with(tmp_path, figures.FEEDBACK_FILE, "  pity:", "  pitty:",
                      datafiles.FeedbackFile, datafiles.feedback_problems)
    first, second = msg.splitlines()
    assert first == (f"{tmp_path / 'feedback.yaml'}:{line}: boundaries.pitty: "
                     "unknown boundary tag 'pitty' (did you mean 'pity'?)")
    assert second.endswith("boundaries: no route out of the pitfall pity; each boundary tag needs one")


def test_a_hint_for_an_unknown_step_or_tag_is_named(tmp_path):
    msg, line = _with(tmp_path, hints.HINTS_FILE, "step: round_off", "step: round_of",
                      hints.HintsFile, hints._hint_problems)
    assert f"hints.yaml:{line}: hints[" in msg and "].step: unknown step 'round_of' (did you mean 'round_off'?)" in msg
    msg, line = _with(tmp_path, hints.HINTS_FILE, "tag: therapy", "tag: therapi",
                      hints.HintsFile, hints._hint_problems)
    assert f"hints.yaml:{line}: " in msg and "unknown boundary tag 'therapi' (did you mean 'therapy'?)" in msg


def test_a_combined_policy_tag_typo_or_a_tag_decided_twice_is_named(tmp_path):
    msg, line = _with(tmp_path, combined_policy.COMBINED_FILE, "learned: [bridge,", "learned: [bridg,",
                      combined_policy.CombinedFile, combined_policy._problems)
    assert msg == (f"{tmp_path / 'combined.yaml'}:{line}: tags.learned[0]: "
                   "unknown tag 'bridg' (did you mean 'bridge'?)")
    msg, line = _with(tmp_path, combined_policy.COMBINED_FILE, "both: [legal_advice,", "both: [bridge, legal_advice,",
                      combined_policy.CombinedFile, combined_policy._problems)
    assert msg == f"{tmp_path / 'combined.yaml'}:{line}: tags.both[0]: 'bridge' is already decided by 'learned'"
