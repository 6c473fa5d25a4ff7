"""Story recall: what the trainee remembers, held against what the mentee told.

After a rehearsal the trainee writes a few lines about the mentee and about what
was agreed. The guide asks mentors to listen so well that they can give the
story back (sections "Lyt aktivt" and "Samtaleguide": afrund samtalen); this
module measures that without a model: each fact the mentee actually revealed
(`turn.revealed` → the scenario's fact text) and the agreement turns' text are
compared with the recall by content-word overlap (simulator/text/overlap.py):
stop words (Danish and English) are dropped, words are cut to their snowball
stem, a stem that begins another (compounds: "sundhed" in "sundhedssektoren")
counts as a match, and numbers count, spelt or written ("to børn" matches "2 børn").

It stores `session.recall = {text, facts_caught, facts_missed, agreement_caught}`.
It must stay a plain heuristic over saved data: no model, no UI, no network.
"""

from __future__ import annotations

from pathlib import Path

from simulator.engine.session import LANGUAGES, Session
from simulator.errors import UserFacingError
from simulator.text import overlap
from simulator.text.lemmas import stem
from simulator.text.templates import without_tags

MAX_RECALL_CHARS = 20_000  # a few lines; anything longer is a mistake (wrong file)


# Words that frame an agreement rather than say what it is (their stems too: "agrees" -> "agre").
AGREEMENT_FRAME = {"aftal", "aftale", "aftaler", "aftalt", "aftalte", "agree", "agreed", "agreement",
                   "plan", "gang", "time", "next", "næste"}


class RecallError(UserFacingError):
    """The recall file cannot be used; str() names the file and is ready to print."""


def content_words(text: str, lang: str = "da", extra_stop: set[str] | frozenset = frozenset()) -> list[str]:
    """The stems that carry meaning, in order, without repeats; numbers as digits."""
    return overlap.content_words(without_tags(text or ""), lang, overlap.RECALL, extra_stop)


def _frame(lang: str) -> set[str]:
    return AGREEMENT_FRAME | {stem(w, lang) for w in AGREEMENT_FRAME}


def fact_caught(fact_words: list[str], recalled: list[str], agreement_words: list[str] = ()) -> bool:
    """Caught when enough of the fact's own content comes back (text/overlap.yaml: recall).

    A fifth of the fact's weight, carried by two words or by one long specific
    word: one shared everyday word ("arbejde") or a lone number is not recall.
    A specific word that is also in the agreement ("plejehjem" in "ring til et
    plejehjem") is taken as recall of the agreement, not of the fact.
    """
    return overlap.tells(fact_words, recalled, overlap.telling("recall"), not_specific=agreement_words)


def agreement_caught(agreement_words: list[str], recalled: list[str]) -> bool:
    if not agreement_words:
        return False
    hits = overlap.hits(agreement_words, recalled, overlap.telling("recall"))
    return len(hits) >= 2 or len(hits) / len(agreement_words) >= 0.5


def revealed_fact_ids(session: Session) -> list[str]:
    return list(dict.fromkeys(fid for t in session.turns for fid in t.revealed))  # in order, once each


def known_beforehand(scenario) -> set[str]:
    """The mentee's name, origin and time in Denmark: the trainee knew them before the talk.

    Recalling "she is from Syria" proves no listening. The situation text is not
    excluded: it summarises the case, and the facts add what only listening gives.
    """
    if scenario is None:
        return set()
    p = scenario.persona
    return set(content_words(" ".join([p.name, p.origin, p.time_in_denmark]), scenario.language))


def compare_recall(text: str, session: Session, scenario=None, fact_texts: dict[str, str] | None = None) -> dict:
    """The recall record for `session`: which revealed facts and whether the agreement came back."""
    lang = session.language if session.language in LANGUAGES else "da"
    if fact_texts is None:
        fact_texts = {f.id: f.text for f in scenario.facts} if scenario is not None else {}
    briefing = known_beforehand(scenario)
    recalled = content_words(text, lang)
    agreed = " ".join(t.mentor for t in session.turns if t.agreement)
    agreement_words = content_words(agreed, lang, extra_stop=_frame(lang))
    caught, missed = [], []
    for fid in revealed_fact_ids(session):
        words = content_words(fact_texts.get(fid, ""), lang)
        told = [w for w in words if w not in briefing] or words
        (caught if fact_caught(told, recalled, agreement_words) else missed).append(fid)
    return {"text": text, "facts_caught": caught, "facts_missed": missed,
            "agreement_caught": agreement_caught(agreement_words, recalled)}


def read_recall_file(path: Path) -> str:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise RecallError(f"{path}: no such recall file") from None
    except OSError as exc:
        raise RecallError(f"{path}: cannot read the recall file ({exc.strerror})") from None
    if b"\x00" in data:
        raise RecallError(f"{path}: the recall file contains NUL bytes; write a few lines of plain text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RecallError(f"{path}: the recall file is not UTF-8 text") from None
    if len(text) > MAX_RECALL_CHARS:
        raise RecallError(f"{path}: the recall is {len(text):,} characters; a few lines are enough "
                          f"(at most {MAX_RECALL_CHARS:,})")
    return text.strip()


def attach_recall_text(rehearsal, text: str) -> dict:
    """Compare `text` with the rehearsal so far, store it on the session and save."""
    record = compare_recall(text.strip(), rehearsal.session, rehearsal.scenario)
    rehearsal.session.recall = record
    rehearsal._save()
    return record


def attach_recall(rehearsal, path: Path) -> dict:
    """`rehearse --recall FILE`: read the trainee's lines and attach the comparison.

    A bad file raises `RecallError`, which the CLI prints as one line naming the file.
    """
    return attach_recall_text(rehearsal, read_recall_file(path))
