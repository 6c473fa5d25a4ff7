"""Nothing crashes: a damaged session file is skipped, and one that loads can be scored.

Mutations of a real saved session (fields deleted, retyped, duplicated, numbers
changed; the text truncated or junk inserted). `load_session_file` either raises
`StoreError` naming the file or returns a session that the scorer, the history
row, the plain transcript and the debrief report handle. A share of what
`scripts/fuzz.py` runs.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzzing import saved_session_texts, session_documents, use_session_file

SESSION_TEXTS = saved_session_texts()


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(doc=session_documents(SESSION_TEXTS))
def test_a_damaged_session_is_skipped_or_scored(tmp_path, doc):
    use_session_file(doc, tmp_path / "case.json")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, len(SESSION_TEXTS[0])))
def test_a_session_cut_off_anywhere_is_skipped_or_whole(tmp_path, cut):
    use_session_file(SESSION_TEXTS[0][:cut], tmp_path / "case.json")
