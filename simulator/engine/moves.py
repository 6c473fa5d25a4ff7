"""What a mentor turn does, as the mentee hears it: its move and the facts it is about.

The coder says what form each segment has (open question, reflection, ...); the
mentee also needs to know *what* was asked. A move combines the codes with the
words: a greeting, thanks, a question about a topic (open or closed), an open
invitation without a topic, a yes/no question, a permission request, the mentor's
own story, a proposal or an agreement, a check of understanding, or a reflection of
something the mentee has already told. The engine chooses the reply by the move
(engine/state.py); this module only classifies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from simulator.coding.coder import CodedTurn, normalise
from simulator.engine.topics import TopicMatcher, language_data
from simulator.text.tokens import tokens

QUESTION_CODES = ("open_question", "closed_question")
RUNNER_UP = 0.6  # a second topic hit must reach this share of the first to count
WEAK_FLOOR = 0.3  # any keyword evidence at all (a past verb against a present keyword: 0.4)

MOVE_KINDS = (
    "pause", "agreement", "goodbye", "permission", "check", "topic_question", "wellbeing",
    "open_invitation", "elsewhere", "yes_no", "reflection", "echo", "greeting", "thanks", "own_story", "proposal",
    "praise", "information", "offer", "logistics", "when_plan", "thanks_sharing", "clarify", "permission_proposal", "unclear", "other",
)


@dataclass
class Move:
    kind: str
    topics: list[str] = field(default_factory=list)   # fact ids asked or talked about, best first
    closed: bool = False                                # a closed question (short answer)
    words: list[str] = field(default_factory=list)      # the mentor's words that named the topic
    # the words are the fact's own (keywords), so a yes/no question about them may get its "Ja.";
    # a likeness to other mentors' questions ("Er du blevet mormor?" ~ "Er du gift?") may not
    named: bool = True
    avoid: list[str] = field(default_factory=list)  # facts not to volunteer for it (she just asked about them)

    @property
    def topic(self) -> str | None:
        return self.topics[0] if self.topics else None


@lru_cache(maxsize=4)
def _patterns(lang: str) -> dict[str, re.Pattern | None]:
    out: dict[str, re.Pattern | None] = {}
    for key, pats in (language_data(lang).get("patterns") or {}).items():
        out[key] = re.compile("|".join(f"(?:{p})" for p in pats)) if pats else None
    return out


def says(kind: str, text: str, lang: str) -> bool:
    rx = _patterns(lang).get(kind)
    return bool(rx and rx.search(normalise(text)))


def _clauses(text: str) -> set[str]:
    """The last sentence, and its last clause: a topic or a condition may come before the
    question ("Det brev til Netto – nåede du at skrive det", "Hvis du kunne vælge, hvor …")."""
    last = re.split(r"(?<=[.!?])\s+", text.strip())[-1]
    return {last, re.split(r"\s[–-]\s|[:,]\s", last)[-1].strip()}


def asks_for_thing(text: str, lang: str) -> bool:
    """A question word asks for a thing, not a yes or no ("Hvor ville du helst arbejde"),
    unless it exclaims ("Hvor er det dejligt at se dig")."""
    return any(says("wh_question", c, lang) and not says("exclamation", c, lang) for c in _clauses(text))


def flight_only_as_time(text: str, lex, lang: str) -> bool:
    """"Hvad lavede du, før du flygtede?" names the flight only to date the question: with that
    clause taken out, no taboo pattern of the coder's lexicon is left, so the mentee hears a
    question about her work, not about the flight (the coder's tag itself is left as it is)."""
    rx = _patterns(lang).get("flight_as_time")
    norm = normalise(text)
    if rx is None or not rx.search(norm):
        return False
    rest = rx.sub(" ", norm)
    return not any(rule.tag == "taboo_probe" and rule.any.search(rest) for rule in lex.tags)


def _short(text: str, lang: str) -> bool:
    return len(tokens(text)) <= int(language_data(lang).get("followup_max_words", 6))


def classify(turn: CodedTurn, matcher: TopicMatcher, lang: str, *, agreement: bool,
             told: list[str], last_about: str | None = None, clarified: str | None = None) -> Move:
    """The move of one mentor turn. `told` are fact ids the mentee has already told;
    `clarified` the fact her last reply asked about ("Spørger du om min familie?")."""
    if turn.is_pause:
        return Move("pause")
    answer = _clarify_answer(turn.text, matcher, lang, clarified) if clarified else None
    if answer is not None:
        return answer
    if agreement:
        return Move("agreement")
    framing = _framing(turn, matcher, lang, told)
    if framing is not None:
        return framing
    questions = [s for s in turn.segments if s.code in QUESTION_CODES
                 and not (s.code == "closed_question" and _told(s.text, lang))]
    if not questions and turn.segments and (_asked(turn.text, turn.segments[-1].text, lang)
                                            or says("indirect_question", turn.segments[-1].text, lang)):
        # "Er du typen, der er god med værktøj?" may be coded as praise; its "?" still asks,
        # and so does a verb first ("Holder du med et hold, når der er bold i fjernsynet") or a
        # question put as a statement ("Jeg tænker på, om du sover godt"), whatever its code
        questions = [turn.segments[-1]]
    move = _question(turn, questions[-1], matcher, lang, last_about, told) if questions \
        else _statement(turn, matcher, lang, told)
    if clarified and move.kind == "clarify" and move.topic == clarified:
        # she would ask the same "Mener du min hverdag?" again: a loop. Asked again without a
        # no, she takes it as meant; after a no, as an open question about something else
        if says("no_reply", turn.text, lang):
            return Move("open_invitation", avoid=[clarified])
        return Move("topic_question", [clarified], closed=move.closed, named=False)
    return move


def _clarify_answer(text: str, matcher: TopicMatcher, lang: str, clarified: str) -> Move | None:
    """The mentor answers her check: "Ja." is about what she named; "Nej, jeg mener din
    familie." about what the rest names (by keyword, else by likeness), if anything."""
    if says("yes_reply", text, lang):
        return Move("topic_question", [clarified])
    if not says("no_reply", text, lang):
        return None  # a new question or remark: read as usual
    hits = [h for h in matcher.match(text) if h.fact != clarified]
    if hits:
        return Move("topic_question", [hits[0].fact], words=hits[0].words)
    like = matcher.by_example.guess(matcher.by_example.ranked(text))
    if like is not None and like.fact != clarified:
        return Move("topic_question", [like.fact], words=list(like.words), named=False)
    return None


def _asked(text: str, last: str, lang: str) -> bool:
    if text.rstrip().endswith("?") and last.rstrip().endswith("?"):
        return True
    # typed without "?": a verb or a question word first still asks ("Hvad fylder din uge
    # lige nu", "Det brev til Netto – nåede du at skrive det")
    if text.rstrip().endswith((".", "!")):
        return False
    return asks_for_thing(last, lang) or any(says("verb_first", c, lang) for c in _clauses(last))


def _told(segment: str, lang: str) -> bool:
    """A sentence ending in a full stop, neither verb nor question word first, tells rather
    than asks ("Bussen holdt stille ved Viby." coded a closed question); a question put as a
    statement ("Jeg er nysgerrig på, om …") still asks."""
    s = segment.rstrip()
    return s.endswith(".") and not (says("verb_first", s, lang) or says("wh_question", s, lang)
                                    or says("indirect_question", s, lang))


def _framing(turn: CodedTurn, matcher: TopicMatcher, lang: str, told: list[str] = ()) -> Move | None:
    """Moves the words frame before any question is read: goodbye, permission, a check, a
    bridge offered, hospitality, meeting logistics, a plan proposed as a question."""
    text, codes, tags = turn.text, turn.codes, turn.tags
    last = turn.segments[-1].text if turn.segments else text
    if says("goodbye", text, lang) and not (last.rstrip().endswith("?") and says("wh_question", last, lang)):
        # ("Hvordan er det at sige farvel i dag?" and "Så kom dagen, hvor vi skal sige på gensyn.
        # Hvordan er det for dig?" ask about the farewell)
        return Move("goodbye")
    if "ask_permission" in codes:
        hits = matcher.match(text)
        if hits and says("asking_permission_to_ask", text, lang):
            # "Må jeg spørge, hvad du laver om dagen?" asks the question as it asks leave
            return Move("topic_question", [h.fact for h in hits], words=hits[0].words)
        if says("permission_to_propose", text, lang):
            return Move("permission_proposal")  # "Må jeg komme med et forslag?": leave to propose
        return Move("permission", [h.fact for h in hits])
    if "check_understanding" in tags or says("check", text, lang):
        return Move("check")
    if ("referral" in tags or "bridge" in tags) and not any(s.code == "open_question" for s in turn.segments):
        # "Jeg kender en rådgiver. Skal jeg spørge hende?" offers a bridge: answered as an offer
        return Move("proposal", [h.fact for h in matcher.match(text)])
    if says("offer", text, lang):
        return Move("offer")  # "Vil du have en kop kaffe?" is hospitality, not a question about her
    if says("when_plan", last, lang) and _only_told(last, matcher, told):
        # "Hvornår vil du ringe til ham?" asks when she will do it: she names a day, no story
        # ("Hvornår skal du op til eksamen?" asks about one of hers not yet told: read as a question)
        return Move("when_plan")
    if says("logistics", text, lang):
        # "Passer det dig, at vi mødes på biblioteket?" arranges the meeting: no fact answers it
        return Move("logistics")
    if says("proposal_question", text, lang) or says("proposal_question", last, lang):
        # "Skal vi tage en kage med til et bageri på lørdag?" proposes a plan; it asks for a yes,
        # also after a sentence that sets it up ("Vi har to møder tilbage. Skal vi …?")
        return Move("proposal", [h.fact for h in matcher.match(text)])
    return None


def _only_told(text: str, matcher: TopicMatcher, told) -> bool:
    """Whether nothing in the text names a fact she has not told, by keyword or by likeness."""
    like = matcher.by_example.guess(matcher.by_example.ranked(text))
    return all(h.fact in told for h in matcher.match(text)) and (like is None or like.fact in told)


def _asked_like(text: str, hits: list, matcher: TopicMatcher, lang: str, closed: bool,
                thread: bool = False, ranking: list | None = None) -> Move | None:
    """A question asked the way mentors ask about one fact ("Hvem savner du mest?"): that fact,
    also over a keyword of another fact ("et job ved siden af skolen" is the hotel job, not
    the factory). A short question that points back ("Var det hårdt?") keeps its thread, and
    so does one alike on a single word right after a fact was told (`thread`: "Hvor tit
    snakker I sammen?" after the mother is about her, not "Sker det tit?")."""
    if ranking is None:
        ranking = matcher.by_example.ranked(text, matcher.by_text.time_factor(text))
    like = matcher.by_example.choose(ranking)
    if like is None or (hits and hits[0].fact == like.fact):
        return None  # nothing, or what the keywords say anyway (their words answer yes or no)
    if thread and len(like.words) < 2 and _short(text, lang):
        return None
    if hits and like.similarity < matcher.by_example.over_keyword:
        if len(like.words) < 2:
            return None  # one shared word ("daglig") does not outweigh a keyword
        # a keyword names one fact, the likeness to mentors' questions (faintly, on several
        # words) another: she asks which is meant, naming the likelier, rather than tell the
        # wrong story
        return Move("clarify", [like.fact])
    if thread and _short(text, lang) and says("anaphora", text, lang):
        return None  # "Var det hårdt?" points back at what was just told
    return Move("topic_question", [like.fact], closed=closed, words=list(like.words), named=False)


def _question(turn: CodedTurn, last, matcher: TopicMatcher, lang: str, last_about: str | None,
              told: list[str]) -> Move:
    """A question, read by its words (`_by_words`), then by its time: one set in the future that
    reached no goal ("Hvad slags arbejde vil du gerne hen til?" named the past job, or nothing)
    is about the mentee's goal, the first in the author's order, unless it asks about a worry
    ("Er du nervøs for at klare dig selv fremover?" is her fear, not her next step)."""
    move = _by_words(turn, last, matcher, lang, last_about, told)
    goals = matcher.by_text.goals
    if goals and move.kind in ("topic_question", "clarify", "elsewhere", "unclear") \
            and not set(move.topics[:1]) & set(goals) and matcher.by_text.asked_time(last.text) == "future" \
            and not matcher.by_text.content(last.text) & matcher.by_text.areas.get("worry", set()):
        return Move("topic_question", list(goals), closed=move.closed)
    return move


def _by_words(turn: CodedTurn, last, matcher: TopicMatcher, lang: str, last_about: str | None,
              told: list[str]) -> Move:
    """A question: about a fact (keyword, else the facts' own words), on about the fact just
    talked about, a clarifying question back on weak evidence, or no fact at all."""
    closed = last.code != "open_question"
    hits = _keyword_hits(turn, last, matcher)
    # how like the asked lines of each fact the question is, in its time: made once for the
    # likeness, the contest and the tie-break below
    asked, ranking = _ranking(turn, last, matcher, lang)
    like = _asked_like(asked, hits, matcher, lang, closed,
                       thread=last_about is not None and last_about in told, ranking=ranking)
    if like is not None:
        return like
    weak = None
    if hits and not hits[0].strong:
        # only a word the fact's text shares ("møder"): not enough to tell it
        weak, hits = hits[0].fact, []
    if hits and last_about in told and hits[0].fact != last_about and hits[0].score < 1.0 \
            and _short(last.text, lang) and says("anaphora", last.text, lang):
        # "Var det hårdt?" after the factory: "det" is what was just told; "hårdt" stands for
        # the worry facts only by a synonym, which does not outweigh the thread
        return Move("topic_question", [last_about], closed=closed)
    if hits and matcher.by_example.contests(ranking, hits[0].fact, tuple(w.lower() for w in hits[0].words),
                                            weak=hits[0].score < 1.0):
        # a keyword names one fact, but the question is more like mentors' questions about
        # another ("Hvem snakker du med i telefonen i weekenden?": the weekend's bikes or the
        # family?): she checks the keyword's topic rather than tell it on one word (a weak keyword
        # also by a likeness on its own word: "Hvad var dit arbejde, inden krigen begyndte?")
        return Move("clarify", [hits[0].fact])
    if hits:
        thread = last_about if last_about in told and says("anaphora", last.text, lang) else None
        near = _near_hits(hits, ranking, thread)
        return Move("topic_question", [h.fact for h in near], closed=closed, words=near[0].words)
    if says("wellbeing", last.text, lang):
        return Move("wellbeing")
    # no keyword: the facts' own words may still say what is asked ("arbejdsdage"),
    # before "det" is read as the fact just told ("Hvad var det for noget tøj?")
    by_text, strong = matcher.by_text.judge(last.text)
    if by_text is None:
        by_text, strong = matcher.by_text.judge(turn.text)
    wh = asks_for_thing(last.text, lang)
    if by_text is not None and strong and weak in (None, by_text):
        # (a weak keyword hit on another fact is conflicting evidence: she asks instead)
        return Move("topic_question", [by_text], closed=closed and not wh)
    if last_about is not None and last_about in told and _short(last.text, lang) and not matcher.frames(normalise(last.text)):
        # a short question with nothing strong of its own goes on about what was just told
        # ("Hvor tit snakker I sammen?" after the mother, "Hvad solgte du mest af?" after the shop);
        # one in a frame of its own that no fact answers does not ("Hvornår kom du til Danmark?")
        return Move("topic_question", [last_about], closed=closed)
    if by_text is None and weak is None:
        # words of her life that tie between facts ("arbejdsopgaver": today's job or the one she
        # is proud of) are weak evidence too: she asks, rather than volunteer something else
        by_text = matcher.by_text.tied(last.text)
    if by_text is not None or weak is not None:
        # weak evidence: she asks which part of her life is meant and tells nothing yet
        return Move("clarify", [_likeliest(matcher, ranking, weak, by_text)])
    return _no_fact(last, matcher, lang, closed, wh)


def _near_hits(hits: list, ranking: list, thread: str | None) -> list:
    """The keyword hits near the best, the one to answer first. A far weaker second hit ("hurtig"
    said in the warehouse fact) is no second topic; of near-equal keywords the one whose asked
    lines the question is most like goes first ("Hvordan har du det med at tale dansk på
    arbejdet?": her Danish, not the old job). A question that points back at what she just told
    (`thread`) and names it stays with it ("Hvad savner du mest ved det arbejde?" after the
    workshop is about the workshop, though "savner" is a family word)."""
    held = next((h for h in hits if h.fact == thread), None)
    if held is not None:
        return [held]  # alone: a fresh second topic would otherwise answer it (engine/state.py _topic)
    near = [h for h in hits if h.score >= RUNNER_UP * hits[0].score]
    best = next((h for h in near if ranking and h.fact == ranking[0].fact), near[0])
    return [best] + [h for h in near if h is not best]


def _keyword_hits(turn: CodedTurn, last, matcher: TopicMatcher) -> list:
    """The facts a question's keywords name. The topic is what the question asks; an earlier
    sentence may set it ("Din praktik. Hvordan går det?"), and its time too ("Hvad laver du til
    hverdag nu? Har du noget arbejde?" asks about today's work, not the trade back home)."""
    when = last.text if matcher.by_text.asked_time(last.text) else turn.text
    return matcher.match(last.text, when=when) or matcher.match(turn.text)


def _ranking(turn: CodedTurn, last, matcher: TopicMatcher, lang: str = "da") -> tuple[str, list]:
    """The text a question's likeness is judged on, and that likeness ranked. A question with
    no content of its own ("Så er det vores afskedsmøde i dag. Hvordan har du det med det?")
    asks about what the sentence before it says, and so does a short one pointing back at it
    ("Du sagde, det er svært at holde tankerne samlet. Mærker du det også på jobbet?")."""
    back = len(turn.segments) > 1 and _short(last.text, lang) and says("anaphora", last.text, lang)
    for text in ((turn.text,) if back else (last.text, turn.text)):
        ranking = matcher.by_example.ranked(text, matcher.by_text.time_factor(text))
        if ranking:
            return text, ranking
    return last.text, []


def _likeliest(matcher: TopicMatcher, ranking: list, weak: str | None, by_text: str | None) -> str:
    """The part of her life a check names: the one mentors' questions like this one ask about,
    if one is clearly ahead, else the likelier of the weak candidates ("Hvor langt er du nået
    på skolen?": her Danish, not her sleep, whose text says "skole" too)."""
    guess = matcher.by_example.guess(ranking)
    if guess is not None:
        return guess.fact
    likeness = {h.fact: h.similarity for h in ranking}
    return max((f for f in (weak, by_text) if f is not None), key=lambda f: (likeness.get(f, 0.0), f == weak))


def _no_fact(last, matcher: TopicMatcher, lang: str, closed: bool, wh: bool) -> Move:
    """A question no fact's words reach: no story about it, something vague, an open
    invitation, or a plain yes or no."""
    # a question nothing reaches may still be faintly like the questions mentors ask about one
    # fact ("Er du alene her i Danmark?" and the family): rather than shrug it off, she asks
    # whether that is meant; an open invitation stays one
    plain = matcher.by_example.ranked(last.text) if wh or closed else []  # in no time: as said
    guess = matcher.by_example.guess(plain)

    def check_or(move: Move) -> Move:
        return Move("clarify", [guess.fact]) if guess else move

    if says("elsewhere", last.text, lang):
        # asks about something by name ("i Danmark") she has no story about, unless it is like
        # the questions about one of hers
        return check_or(Move("elsewhere"))
    if wh and closed:
        # "Hvor gammel var du, da du landede her?" asks for a thing, never a yes or no;
        # about something no single fact answers: a guarded, unspecific line, no new fact.
        # An open "Hvad arbejdede du med før?" stays an invitation: the facts may not use
        # its words ("sygeplejerske") yet be its answer
        return check_or(Move("elsewhere"))
    if wh and matcher.by_text.content(last.text) and not matcher.match(last.text, floor=WEAK_FLOOR):
        # "Hvad er du rigtig skarp til?" asks about something specific that no fact's words
        # reach, not even weakly: she asks what is meant rather than volunteer an unrelated fact
        return check_or(Move("unclear"))
    if not closed or wh:
        # an open question with words of its own leans toward the facts its words come
        # nearest ("Hvad laver du, når du skal slappe af?"), not the next in the file
        near = [h.fact for h in plain][:3] if wh else []
        # and, set in one time, to the facts set in it ("Hvad lavede du, før krigen kom?" is no
        # invitation to tell why she cancelled last week), else to those set in no time
        asked = matcher.by_text.asked_time(last.text)
        if asked is None:
            return Move("open_invitation", near)
        when = matcher.by_text.when
        in_time = [f for f in when if asked in when[f]] or [f for f in when if not when[f]]
        return Move("open_invitation", [f for f in near if f in in_time] or in_time,
                    avoid=[f for f in when if f not in in_time])
    return check_or(Move("yes_no", closed=True))


def _thanks(text: str, lang: str) -> str:
    """Thanks for what she shared ("Tak, fordi du fortalte mig det") is answered warmly, not
    with "Det var så lidt."""
    return "thanks_sharing" if says("thanks_sharing", text, lang) else "thanks"


def _statement(turn: CodedTurn, matcher: TopicMatcher, lang: str, told: list[str]) -> Move:
    """A turn that asks nothing: a reflection or echo, a greeting, thanks, the mentor's own
    story, a proposal, praise, information."""
    text, codes = turn.text, turn.codes
    found = matcher.match(text)
    mirrored = [h.fact for h in found if h.fact in told]
    # as for a question: a far weaker hit, or one word the fact's text happens to share, names
    # no new topic ("Så du savner at arbejde med mennesker." is about the nurse fact only)
    hits = [h.fact for h in found if h.strong and h.score >= RUNNER_UP * found[0].score]
    if not hits and (says("greeting", text, lang) or says("thanks", text, lang)):
        # "Hej, jeg hedder Karen. Dejligt, at du havde lyst." and "Tak, fordi du deler det."
        # open with a hello or thanks and name nothing of her life: no story is invited
        return Move("greeting" if says("greeting", text, lang) else _thanks(text, lang))
    if "reflection" in codes:
        if mirrored and all(h in told for h in hits):
            # "Mekaniker." mirrors only what she has told: she confirms or adds, nothing new
            return Move("echo", mirrored)
        if not hits and says("praise", text, lang):
            # "Du har været en fornøjelse at følges med." coded as a reflection praises and
            # names nothing of her life: she thanks, she does not start a new story
            return Move("praise")
        return Move("reflection", hits)
    hits = [h.fact for h in found]
    if mirrored and set(codes) <= {"information", "other"}:
        # "Mekaniker. Det er en god drøm." mirrors what he just said: not news to him
        return Move("echo", mirrored)
    if says("greeting", text, lang) and set(codes) <= {"self_disclosure", "information", "other", "affirmation"}:
        # "Hej Rania, jeg hedder Mette. Jeg er din mentor." is first of all a hello
        return Move("greeting")
    if "self_disclosure" in codes:
        return Move("own_story", hits)
    if "advice" in codes or "structure" in codes:
        return Move("proposal", hits)
    if "affirmation" in codes:
        return Move("praise", hits)
    if says("greeting", text, lang):
        return Move("greeting")
    if says("thanks", text, lang):
        return Move(_thanks(text, lang))
    if "information" in codes:
        return Move("information", hits)
    return Move("other", hits)
