"""Story recall: what the trainee remembers, held against what the mentee told.

After a rehearsal the trainee writes a few lines about the mentee and about what
was agreed. The guide asks mentors to listen so well that they can give the
story back (sections "Lyt aktivt" and "Samtaleguide": afrund samtalen); this
module measures that without a model: each fact the mentee actually revealed
(`turn.revealed` → the scenario's fact text) and the agreement turns' text are
compared with the recall by content-word overlap. Stop words (Danish and
English) are dropped, words are cut to a rough stem, a stem that begins another
(compounds: "sundhed" in "sundhedssektoren") counts as a match, and numbers
count, spelt or written ("to børn" matches "2 børn").

It stores `session.recall = {text, facts_caught, facts_missed, agreement_caught}`.
It must stay a plain heuristic over saved data: no model, no UI, no network.
"""

from __future__ import annotations

import re
from pathlib import Path

from simulator.engine.session import Session
from simulator.errors import UserFacingError

MAX_RECALL_CHARS = 20_000  # a few lines; anything longer is a mistake (wrong file)

_WORD = re.compile(r"[0-9]+|[a-zæøåäöüéèáàóò]+(?:-[a-zæøåäöüéèáàóò]+)*", re.IGNORECASE)
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)

STOP_WORDS = {
    "da": set("""
        af alle alt andre anden andet at bare blev blive bliver da de dem den denne der deres det dette
        dig din dine dit du efter eller en end er et for fordi fra få får gerne godt går ham han har hun
        hans have havde her hende hendes hos hvad hvem hver hvilke hvis hvor hvordan hvorfor i igen ikke
        ind jeg jer jo kan kom kommer kun kunne lidt lige man mange med meget men mere mig min mine mit
        mod måske nej noget nok nu når og ogs også om op os over på rigtig sagde se selv siger sig sin
        sine sit skal skulle som så sådan til tror ud under var vi vil ville være været ved vist ja
        okay ok mm hmm altså nogle nogen sammen synes syntes tænker tænkte ret helt lad bl.a. fx
        mentee mentor
    """.split()),
    "en": set("""
        a about after all also am an and any are as at be because been but by can could did do does
        for from get got had has have he her him his how i if in into is it its just like me more my
        no not now of on or our out she so some that the their them then there they this to too up us
        very was we were what when where which who why will with would you your yes okay ok really
        think thought said says maybe well mentee mentor let lets let's
    """.split()),
}
# Words that frame an agreement rather than say what it is.
AGREEMENT_FRAME = {"aftal", "aftale", "aftaler", "aftalt", "aftalte", "agree", "agreed", "agreement",
                   "plan", "gang", "time", "next", "næste"}

NUMBER_WORDS = {
    "da": {"to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10,
           "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16,
           "sytten": 17, "atten": 18, "nitten": 19, "tyve": 20, "tredive": 30, "fyrre": 40, "halvtreds": 50},
    "en": {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
           "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
           "forty": 40, "fifty": 50},
}
_SUFFIXES = {
    "da": ("erne", "ende", "ede", "ene", "ets", "ens", "er", "en", "et", "es", "e", "s", "t"),
    "en": ("ing", "ies", "ed", "es", "ly", "s"),
}
MIN_STEM = 3
MIN_PREFIX = 5  # a shorter stem may not stand for a longer word (avoids "arb" ~ "arbejde")
LONG_WORD = 8


class RecallError(UserFacingError):
    """The recall file cannot be used; str() names the file and is ready to print."""


def stem(word: str, lang: str = "da") -> str:
    """A rough stem: at most two inflection endings cut ("køkkenet" -> "køkken" -> "køkk")."""
    for _ in range(2):
        for suffix in _SUFFIXES.get(lang, _SUFFIXES["da"]):
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


def content_words(text: str, lang: str = "da", extra_stop: set[str] | frozenset = frozenset()) -> list[str]:
    """The stems that carry meaning, in order, without repeats; numbers as digits."""
    stops = STOP_WORDS.get(lang, set()) | STOP_WORDS["da"] | STOP_WORDS["en"]
    numbers = {**NUMBER_WORDS["en"], **NUMBER_WORDS["da"]} if lang == "da" else NUMBER_WORDS["en"]
    out: list[str] = []
    for raw in _WORD.findall(_TEMPLATE.sub(" ", text or "")):
        w = raw.lower()
        if w.isdigit():
            token = str(int(w))
        elif w in numbers:
            token = str(numbers[w])
        elif w in stops or len(w) < 2:
            continue
        else:
            token = stem(w, lang)
            if w in extra_stop or token in extra_stop:
                continue
        if token not in out:
            out.append(token)
    return out


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    if a.isdigit() or b.isdigit():
        return False  # 13 is not 1
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if not long_.startswith(short) or len(short) < 4:
        return False
    # A long stem may begin a compound; a short one only a close inflection ("køkk" ~ "køkken").
    return len(short) >= MIN_PREFIX or len(short) / len(long_) >= 0.6


def overlap(reference: list[str], recalled: list[str]) -> list[str]:
    """The reference words that the recall contains (exactly, by stem or by prefix)."""
    return [w for w in reference if any(_same(w, r) for r in recalled)]


def weight(word: str) -> int:
    """Numbers and long words (usually the specific ones: "sygeplejerske") weigh double."""
    return 2 if word.isdigit() or len(word) >= LONG_WORD else 1


def fact_caught(fact_words: list[str], recalled: list[str], agreement_words: list[str] = ()) -> bool:
    """Caught when enough of the fact's own content comes back.

    A fifth of the fact's weight, carried by two words or by one long specific
    word: one shared everyday word ("arbejde") or a lone number is not recall.
    A specific word that is also in the agreement ("plejehjem" in "ring til et
    plejehjem") is taken as recall of the agreement, not of the fact.
    """
    if not fact_words:
        return False
    hits = overlap(fact_words, recalled)
    share = sum(weight(w) for w in hits) / sum(weight(w) for w in fact_words)
    specific = any(len(w) >= LONG_WORD and not w.isdigit() and not overlap([w], list(agreement_words))
                   for w in hits)
    return share >= 0.2 and (len(hits) >= 2 or specific)


def agreement_caught(agreement_words: list[str], recalled: list[str]) -> bool:
    if not agreement_words:
        return False
    hits = overlap(agreement_words, recalled)
    return len(hits) >= 2 or len(hits) / len(agreement_words) >= 0.5


def revealed_fact_ids(session: Session) -> list[str]:
    seen: list[str] = []
    for t in session.turns:
        for fid in t.revealed:
            if fid not in seen:
                seen.append(fid)
    return seen


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
    lang = session.language if session.language in STOP_WORDS else "da"
    if fact_texts is None:
        fact_texts = {f.id: f.text for f in scenario.facts} if scenario is not None else {}
    briefing = known_beforehand(scenario)
    recalled = content_words(text, lang)
    agreed = " ".join(t.mentor for t in session.turns if t.agreement)
    agreement_words = content_words(agreed, lang, extra_stop=AGREEMENT_FRAME)
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
