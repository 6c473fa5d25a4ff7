"""What a mentor turn does, as the mentee hears it: its move and the facts it is about.

The coder says what form each segment has (open question, reflection, ...); the
mentee also needs to know *what* was asked. A move combines the codes with the
words: a greeting, thanks, a question about a topic (open or closed), an open
invitation without a topic, a yes/no question, a permission request, the mentor's
own story, a proposal or an agreement, a check of understanding, or a reflection of
something the mentee has already told. The engine chooses the reply by the move
(engine/state.py); this module only classifies, and leaves reading what a question
asks about to engine/questions.py.
"""

from __future__ import annotations

from simulator.coding.coder import CodedTurn, Segment
from simulator.engine.move_words import (
    QUESTION_CODES, RUNNER_UP, Move, after, asks_for_thing, is_short, last_clauses, says,
)
from simulator.engine.questions import read_question
from simulator.engine.topics import TopicMatcher


def classify(turn: CodedTurn, matcher: TopicMatcher, lang: str, *, agreement: bool,
             told: list[str], last_about: str | None = None, clarified: str | None = None) -> Move:
    """The move of one mentor turn. `told` are fact ids the mentee has already told;
    `clarified` the fact her last reply asked about ("Spørger du om min familie?")."""
    if turn.is_pause:
        return Move("pause")
    answer = _clarify_answer(turn.text, matcher, lang, clarified) if clarified else None
    if answer is not None and not _goes_on(turn, lang):
        return answer
    if agreement:
        return Move("agreement")
    framing = _framing(turn, matcher, lang, told)
    if framing is not None:
        return framing
    questions = [s for s in turn.segments if s.code in QUESTION_CODES
                 and not (s.code == "closed_question" and _told(s.text, lang))]
    if turn.segments and not questions and says("asking_permission_to_ask", turn.segments[-1].text, lang):
        questions = [_asked_after_leave(turn.segments[-1], lang)]
    if not questions and turn.segments and (_asked(turn.text, turn.segments[-1].text, lang)
                                            or says("indirect_question", turn.segments[-1].text, lang)):
        # "Er du typen, der er god med værktøj?" may be coded as praise; its "?" still asks,
        # and so does a verb first ("Holder du med et hold, når der er bold i fjernsynet") or a
        # question put as a statement ("Jeg tænker på, om du sover godt"), whatever its code
        questions = [turn.segments[-1]]
    if not questions:
        # a question put as a statement, then a sentence that only adds to it ("Jeg er nysgerrig
        # på, hvad du er god til. Sådan noget, en butikschef ville blive glad for at høre.")
        questions = [s for s in turn.segments if says("indirect_question", s.text, lang)][-1:]
    if len(questions) > 1 and says("tag_on", questions[-1].text, lang) and is_short(questions[-1].text, lang):
        # "Hvem kender du, som du kan spørge? Måske på arbejdet?": the tag-on suggests an
        # answer to the question before it, which is what is asked
        questions = questions[:-1]
    move = read_question(turn, questions[-1], matcher, lang, last_about, told) if questions \
        else _statement(turn, matcher, lang, told)
    if clarified and move.kind == "clarify" and move.topic == clarified:
        # she would ask the same "Mener du min hverdag?" again: a loop. Asked again without a
        # no, she takes it as meant; after a no, as an open question about something else
        if says("no_reply", turn.text, lang):
            return Move("open_invitation", avoid=[clarified])
        return Move("topic_question", [clarified], closed=move.closed, named=False)
    if move.kind in ("clarify", "topic_question") and move.topic == last_about and says("something_else", turn.text, lang):
        # "Hvad har du ellers lavet?" right after the applications asks for another story
        return Move("open_invitation", avoid=[last_about])
    if move.kind == "clarify" and move.topic == last_about and last_about in told:
        # weak evidence for what she has just told: she goes on about it rather than ask "Mener
        # du det, jeg selv kan gøre?" right after telling it ("Hvad vil du gøre først?")
        return Move("topic_question", [last_about], closed=move.closed, named=False)
    return move


def _goes_on(turn: CodedTurn, lang: str) -> bool:
    """A yes to her check, then a question of its own: "Ja. Skal vi aftale, at du sender én
    ansøgning inden torsdag?" is answered as the proposal, not as the yes."""
    segs = turn.segments
    return len(segs) > 1 and says("yes_reply", segs[0].text, lang) \
        and any(s.text.rstrip().endswith("?") for s in segs[1:])


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
    return asks_for_thing(last, lang) or any(says("verb_first", c, lang) for c in last_clauses(last))


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
    if says("talk_feedback", text, lang):
        return Move("talk_feedback")  # "Hvordan har det været at tale med mig i dag?": the talk, not her life
    if "ask_permission" in codes and any(s.code == "ask_permission" and _asks_leave(s.text, lang) for s in turn.segments):
        if says("asking_permission_to_ask", text, lang):
            # "Må jeg spørge, hvad du laver om dagen?" and "Må jeg spørge: hvordan er det at møde
            # nye danskere?" ask the question as they ask leave: it is read as a question
            return None
        if _question_after_leave(turn, lang):
            return None  # "Må jeg spørge om noget personligt? Hvad er det værste, der kan ske?"
        hits = matcher.match(text)
        if says("permission_to_propose", text, lang):
            return Move("permission_proposal")  # "Må jeg komme med et forslag?": leave to propose
        return Move("permission", [h.fact for h in hits])
    checks = _checks(turn, lang)
    if checks and not _check_names_fact(turn, checks, matcher, lang):
        return Move("check")
    if ("referral" in tags or "bridge" in tags) and not any(s.code == "open_question" for s in turn.segments) \
            and not _asks_about_her(turn, matcher, lang):
        # "Jeg kender en rådgiver. Skal jeg spørge hende?" offers a bridge: answered as an offer
        return Move("proposal", [h.fact for h in matcher.match(text)])
    if says("offer", text, lang):
        return Move("offer")  # "Vil du have en kop kaffe?" is hospitality, not a question about her
    if says("when_plan", last, lang) and _only_told(last, matcher, told):
        # "Hvornår vil du ringe til ham?" asks when she will do it: she names a day, no story
        # ("Hvornår skal du op til eksamen?" asks about one of hers not yet told: read as a question)
        return Move("when_plan")
    if says("logistics", text, lang) and (says("logistics", last, lang) or not any(h.strong for h in matcher.match(last))):
        # "Passer det dig, at vi mødes på biblioteket?" arranges the meeting: no fact answers it
        # (the weather before a question about her life is small talk: "Det regner igen. Hvad
        # skal der så ske for dig nu, arbejdsmæssigt?")
        return Move("logistics")
    if says("proposal_question", text, lang) or says("proposal_question", last, lang) or _proposed_within(turn, lang):
        # "Skal vi tage en kage med til et bageri på lørdag?" proposes a plan; it asks for a yes,
        # also after a sentence that sets it up ("Vi har to møder tilbage. Skal vi …?")
        story = _proposes_her_story(text, matcher)
        if story is not None and story not in told:  # (a plan on a told story asks for a yes)
            return Move("topic_question", [story], named=False)
        return Move("proposal", [h.fact for h in matcher.match(text)])
    return None


def _proposed_within(turn: CodedTurn, lang: str) -> bool:
    """A plan proposed in a middle sentence and only filled in after it, with no question of its
    own: "Du lærer godt. Skal vi mødes igen næste onsdag? Så finder vi skolen for mekanikere sammen."
    (not "Skal vi tale om din familie? Hvordan har de det?", which asks after it)."""
    segs = turn.segments
    return any(says("proposal_question", s.text, lang)
               and not any(t.text.rstrip().endswith("?") for t in segs[i + 1:])
               for i, s in enumerate(segs[1:-1], start=1))


def _proposes_her_story(text: str, matcher: TopicMatcher) -> str | None:
    """The part of her life a plan proposed as a question asks about, when it is clearly like the
    questions about it: "Skal vi prøve at få en lille bid af ansøgningen gjort sammen, før vi går?"
    is his first step, which he answers with his story, not a plain yes; "Skal vi gøre noget
    andet, når vi ses?" is her view of the help. Told whole: the plan asks for more than yes or no."""
    ex = matcher.by_example
    like = ex.choose(ex.ranked(text))
    return like.fact if like is not None and like.similarity >= ex.proposal_asks else None


def _asked_after_leave(segment: Segment, lang: str) -> Segment:
    """The question asked with leave in the same sentence ("Må jeg spørge, har du stadig kontakt
    med dine nærmeste?"), without the words of leave, which name nothing of her life."""
    rest = after("leave_to_ask", segment.text, lang)
    return Segment(rest, "open_question" if asks_for_thing(rest, lang) else "closed_question", list(segment.tags))


def _question_after_leave(turn: CodedTurn, lang: str) -> bool:
    """Leave to ask, then the question itself in the same turn: she answers the question (the
    leave was a courtesy). Only leave to ask, not to propose; a second request for leave or a
    check after it ("Er det okay?") is no question about her."""
    segs = turn.segments
    first = next((i for i, s in enumerate(segs) if s.code == "ask_permission"), None)
    if first is None or says("permission_to_propose", segs[first].text, lang):
        return False
    return any(s.code in QUESTION_CODES and s.text.rstrip().endswith("?") and not says("permission_words", s.text, lang)
               and not says("check", s.text, lang) for s in segs[first + 1:])


def _asks_leave(segment: str, lang: str) -> bool:
    """A segment coded as asking leave asks it: with a "?", or in words of leave ("Hvis det er ok
    med dig, vil jeg gerne …"); "Koordinatoren nævnte, at du havde tanker om, hvad jeg kunne
    gøre for dig." tells what was said."""
    return segment.rstrip().endswith("?") or says("permission_words", segment, lang)


def _asks_about_her(turn: CodedTurn, matcher: TopicMatcher, lang: str) -> bool:
    """Whether the turn ends in a question about her (her, not the mentor or the two of them, in
    it), or one of its questions names a part of her life by keyword: "Min nabo ser kun
    Superligaen. Følger du selv med i noget sport?" asks about her, whatever a tag on the story
    before it says; "Jeg kender en rådgiver. Skal jeg spørge hende?" offers a bridge."""
    last = turn.segments[-1] if turn.segments else None
    if last is not None and last.code in QUESTION_CODES and says("about_her", last.text, lang) \
            and not says("about_us", last.text, lang):
        return True
    return any(s.code in QUESTION_CODES and any(h.strong for h in matcher.match(s.text)) for s in turn.segments)


def _checks(turn: CodedTurn, lang: str) -> list[str]:
    """The sentences that check she follows the mentor: by the engine's phrases, or tagged so by
    the coder when they are about the mentor's words or bare ("Forstod du det, jeg sagde?", "Er du
    med?"). Not one that asks for a thing ("Hvad ville du så svare med dine egne ord?") or about
    others ("Forstår du dem?", "Kan du sådan noget?" about a flat tyre)."""
    return [s.text for s in turn.segments if says("check", s.text, lang)
            or "check_understanding" in s.tags and not asks_for_thing(s.text, lang)
            and (says("about_us", s.text, lang) or len(s.text.split()) <= 3 and not says("about_others", s.text, lang))]


def _check_names_fact(turn: CodedTurn, checks: list[str], matcher: TopicMatcher, lang: str) -> bool:
    """Whether the question that checks understanding is about a part of her life named by
    keyword (in it or in a question before it): then it asks about that ("Hvordan går det på
    jobbet for tiden – kan du følge med, som du plejer?" is about her work, not about whether
    she follows the mentor). `checks`: the turn's check sentences (`_checks`)."""
    # ("Sig til, hvis det går for hurtigt." offers a check and asks nothing)
    if not checks or not all(c.rstrip().endswith("?") for c in checks):
        return False
    # the check's own words name her work, or it follows a question that does ("Hvordan går det
    # på jobbet lige nu? Kan du følge med?")
    asked = [s.text for s in turn.segments if s.text not in checks and s.code in QUESTION_CODES]
    # (only the engine's own check phrases are read by their words, and not those about the two
    # of them or the mentor's words: "Giver det mening for dig, at vi tager ét skridt ad gangen?"
    # names their plan and "Forstår du, hvad jeg sagde om skolen?" what the mentor said, not her
    # life; a check only the coder heard is read by the questions beside it: "Forstod du det, jeg
    # sagde?" names her Danish only by "forstå")
    own = [c for c in checks if says("check", c, lang) and not says("about_us", c, lang)]
    return bool(own) and all(matcher.match(c) for c in own) or any(matcher.match(a) for a in asked)


def _only_told(text: str, matcher: TopicMatcher, told) -> bool:
    """Whether nothing in the text names a fact she has not told, by keyword or by likeness."""
    like = matcher.by_example.guess(matcher.by_example.ranked(text))
    return all(h.fact in told for h in matcher.match(text)) and (like is None or like.fact in told)


def _thanks(text: str, lang: str) -> str:
    """Thanks for what she shared ("Tak, fordi du fortalte mig det") is answered warmly, not
    with "Det var så lidt."""
    return "thanks_sharing" if says("thanks_sharing", text, lang) else "thanks"


def _statement(turn: CodedTurn, matcher: TopicMatcher, lang: str, told: list[str]) -> Move:
    """A turn that asks nothing: a reflection or echo, a greeting, thanks, the mentor's own
    story, a proposal, praise, information."""
    text, codes = turn.text, turn.codes
    found = matcher.match(text)
    # as for a question: a far weaker hit, or one word the fact's text happens to share, names
    # no new topic ("Så du savner at arbejde med mennesker." is about the nurse fact only)
    hits = [h.fact for h in found if h.strong and h.score >= RUNNER_UP * found[0].score]
    if hits and says("thanks", text, lang) and len(turn.segments) > 1 \
            and not matcher.match(" ".join(s.text for s in turn.segments[1:])):
        # "Tak, fordi du kom i dag, selvom du er træt. Det betyder noget." thanks her; the
        # part of her life named inside the thanks invites no story
        return Move(_thanks(text, lang))
    if all(h in told for h in hits) and (says("greeting", text, lang) or says("thanks", text, lang)):
        # "Hej, jeg hedder Karen. Dejligt, at du havde lyst." and "Tak, fordi du deler det."
        # open with a hello or thanks and name nothing of her life: no story is invited
        return Move("greeting" if says("greeting", text, lang) else _thanks(text, lang))
    # what she told that the mentor's words mirror, the closest first ("Morgen og aften, og hver
    # gang er der ingenting" mirrors the waiting for the letter, though "aften" is also in her
    # family story); not weighed for a hello or thanks, which returned above
    mirrored = [h.fact for h in found if h.fact in told]
    closest = matcher.by_text.best(text, only=list(told)) if told else None
    if closest is not None:
        mirrored = [closest] + [f for f in mirrored if f != closest]
    if "reflection" in codes:
        if mirrored and all(h in told for h in hits):
            # "Mekaniker." mirrors only what she has told: she confirms or adds, nothing new
            return Move("echo", mirrored)
        if says("own_life", turn.segments[0].text, lang) and not says("about_her", text, lang):
            # "Jeg har selv en nevø, der var i praktik i en vuggestue. Han elskede det." coded as a
            # reflection tells of the mentor's life, not hers, and does not turn to her: an own
            # story, no story of hers invited
            return Move("own_story", hits)
        if says("praise", text, lang):
            # "Du har været en fornøjelse at følges med." coded as a reflection praises: she
            # thanks, she does not start a new story; nor when the praise names a part of her
            # life ("Godt klaret! Dit dansk bliver bedre hver gang.")
            return Move("praise", hits)
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
