"""How the mentee reads a question: which fact of her life it asks about, if any.

By the question's keywords, its likeness to the questions mentors ask about each fact
(the scenario's `asked` lines), the facts' own words, its time (past, now, future) and
the thread of what she just told; on weak or conflicting evidence she checks what is
meant ("Spørger du om min familie?") rather than tell the wrong story. The result is a
Move (engine/move_words.py); engine/moves.py reads every other kind of turn.
"""

from __future__ import annotations

from simulator.coding.coder import CodedTurn, normalise
from simulator.engine.move_words import (
    RUNNER_UP, TORN, WEAK_FLOOR, Move, asks_for_thing, is_short, opens_with_recall, says, without,
)
from simulator.engine.topics import TopicMatcher


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
    if thread and len(like.words) < 2 and is_short(text, lang):
        return None
    firm = hits and (len(set(hits[0].words)) > 1 or " " in hits[0].words[0])
    if hits and len(like.words) < 2 and (like.similarity < matcher.by_example.over_keyword or (
            firm and like.similarity < matcher.by_example.single_over_firm)):
        # one shared word ("daglig", "hertil") does not outweigh a keyword; nor, short as the
        # question may be, a keyword phrase or two keyword words unless nearly the same line
        # ("Hvem er du kommet hertil sammen med?", "… lære at snakke dansk")
        return None
    if hits and _framed(hits[0]) and like.similarity < matcher.by_example.single_over_firm:
        # a question frame ("Er du nervøs for, …") is what is asked, unless the line is nearly a
        # mentor's question about another fact
        return None
    if hits and like.similarity < matcher.by_example.over_keyword:
        # a keyword names one fact, the likeness to mentors' questions (faintly, on several
        # words) another: she asks which is meant, naming the likelier, rather than tell the
        # wrong story
        return Move("clarify", [like.fact])
    if thread and is_short(text, lang) and says("anaphora", text, lang) and like.similarity < matcher.by_example.over_keyword:
        # "Var det hårdt?" points back at what was just told; "Forstår du, hvad de skriver i
        # jobopslaget?" after football is clearly like the questions about his application
        return None
    return Move("topic_question", [like.fact], closed=closed, words=list(like.words), named=False)


def read_question(turn: CodedTurn, last, matcher: TopicMatcher, lang: str, last_about: str | None,
                  told: list[str]) -> Move:
    """A question, read by its words (`_by_words`), then by its time: one set in the future that
    reached no goal ("Hvad slags arbejde vil du gerne hen til?" named the past job, or nothing)
    is about the mentee's goal, the first in the author's order, unless it asks about a worry
    ("Er du nervøs for at klare dig selv fremover?" is her fear, not her next step) or its
    keyword or likeness named a fact set in no particular time ("Hvordan har du det med at
    skulle klare dig uden mig fremover?" is her fear of being alone)."""
    move = _by_words(_question_alone(turn, last, matcher, lang), last, matcher, lang, last_about, told)
    goals = matcher.by_text.goals
    # a fact of no particular time named by the words, asked about or checked, keeps the question
    timeless = move.kind in ("topic_question", "clarify") and move.topics \
        and not matcher.by_text.when.get(move.topics[0])
    if goals and move.kind in ("topic_question", "clarify", "elsewhere", "unclear") and not timeless \
            and not set(move.topics[:1]) & set(goals) \
            and (matcher.by_text.asked_time(last.text) == "future" and not says("together", last.text, lang)
                 or says("agenda", last.text, lang) and move.kind != "topic_question") \
            and not matcher.by_text.content(last.text) & matcher.by_text.areas.get("worry", set()):
        return Move("topic_question", list(goals), closed=move.closed)
    return move


def _question_alone(turn: CodedTurn, last, matcher: TopicMatcher, lang: str) -> CodedTurn:
    """The turn to read. A lead-in recalling what she told last time sets the topic only when
    the question has none of its own: "Sidst fortalte du om brudekjolerne. Hvordan går det med
    helbredet derhjemme hos jer?" asks about her husband's health, so the question is read
    alone; "Du nævnte, at du havde folk under dig. Hvad var det for en stilling?" is read whole."""
    if not opens_with_recall([s.text for s in turn.segments], lang):
        return turn
    ex = matcher.by_example
    ranked = ex.ranked(last.text)
    own = ex.choose(ranked)
    if own is None:
        # a question nearly the same as a mentor's question about another fact counts even on one
        # common word: "Sidst sagde du, at du har en lillebror. Har du arbejde nu?" is her job
        guess = ex.guess(ranked)
        own = guess if guess is not None and guess.similarity >= ex.single_over_firm else None
    recalled = {h.fact for h in matcher.match(turn.segments[0].text)}
    recalled.add(matcher.by_text.judge(turn.segments[0].text)[0])
    if own is None or own.fact in recalled or recalled == {None} \
            or len(own.words) < 2 and own.similarity < matcher.by_example.single_over_firm:
        # (alike on one word, the question must be nearly a mentor's question about the other
        # fact, as over a keyword: "Hvad sagde de om dig derude?" goes on about the recalled job)
        return turn
    return CodedTurn(last.text, [last], last.code)


def _by_words(turn: CodedTurn, last, matcher: TopicMatcher, lang: str, last_about: str | None,
              told: list[str]) -> Move:
    """A question: about a fact (keyword, else the facts' own words), on about the fact just
    talked about, a clarifying question back on weak evidence, or no fact at all."""
    closed = last.code != "open_question"
    talk = _talk(turn, lang)  # the turn without its small talk: read once, used below
    hits, whole = _keyword_hits(last, matcher, talk, points_back=_points_back(turn, lang))
    # how like the asked lines of each fact the question is, in its time: made once for the
    # likeness, the contest and the tie-break below
    asked, ranking = _ranking(turn, last, matcher, lang, whole, talk)
    like = _asked_like(asked, hits, matcher, lang, closed,
                       thread=last_about is not None and last_about in told, ranking=ranking)
    if like is not None:
        return like
    weak = None
    if hits and not hits[0].strong:
        # only a word the fact's text shares ("møder"): not enough to tell it
        weak, hits = hits[0].fact, []
    if hits and last_about in told and hits[0].fact != last_about and hits[0].score < 1.0 \
            and is_short(last.text, lang) and says("anaphora", last.text, lang):
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
    if _unsupported(hits, ranking, matcher):
        return Move("clarify", [hits[0].fact])
    if hits:
        thread = last_about if last_about in told and says("anaphora", last.text, lang) else None
        return _by_keywords(_near_hits(hits, ranking, thread), ranking, thread, closed)
    if says("wellbeing", last.text, lang):
        return Move("wellbeing")
    # no keyword: the facts' own words may still say what is asked ("arbejdsdage"),
    # before "det" is read as the fact just told ("Hvad var det for noget tøj?")
    by_text, strong = matcher.by_text.judge(last.text)
    if by_text is None:
        by_text, strong = matcher.by_text.judge(talk)
    wh = asks_for_thing(last.text, lang)
    if by_text is not None and strong and weak in (None, by_text) and not _guessed_other(ranking, by_text, matcher):
        # (a weak keyword on another fact, or a clear likeness to another fact's asked lines, is
        # conflicting evidence: she asks instead; "… dem, du holder af. Hvor er de nu?")
        return Move("topic_question", [by_text], closed=closed and not wh)
    if last_about is not None and last_about in told and is_short(last.text, lang) and not matcher.frames(normalise(last.text)):
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
    return _no_fact(last, matcher, lang, closed, wh, talk)


def _unsupported(hits: list, ranking: list, matcher: TopicMatcher) -> bool:
    """One word names one fact, and the question is like the questions about another fact and
    nothing like those about this one ("Du er god med kolonner og budgetter. Hvor har du det
    fra?" had told her sleep): she checks rather than tell that story on one word."""
    if len(hits) != 1 or len(set(hits[0].words)) != 1 or hits[0].score > 1.0 or not ranking:
        return False
    if matcher.by_example.rests_on(ranking[0], tuple(w.lower() for w in hits[0].words)):
        return False  # alike only on the keyword's own word: "Hvordan har din familie det?" is the family
    own = next((h.similarity for h in ranking if h.fact == hits[0].fact), 0.0)
    # (the other fact's likeness must be worth asking about: "Hvad laver du til daglig?" is only
    # faintly like "Hvad lavede du til daglig, før du måtte flygte?", and keeps its keyword)
    return ranking[0].fact != hits[0].fact and own < matcher.by_example.unsupported \
        and ranking[0].similarity >= matcher.by_example.guess_floor


def _near_hits(hits: list, ranking: list, thread: str | None) -> list:
    """The keyword hits near the best, the one to answer first. A far weaker second hit ("hurtig"
    said in the warehouse fact) is no second topic; of near-equal keywords the one whose asked
    lines the question is most like goes first ("Hvordan har du det med at tale dansk på
    arbejdet?": her Danish, not the old job). A question that points back at what she just told
    (`thread`) and names it stays with it ("Hvad savner du mest ved det arbejde?" after the
    workshop is about the workshop, though "savner" is a family word)."""
    held = next((h for h in hits if h.fact == thread), None)
    # (a question frame naming another fact outranks the thread: "Hvad vil du gøre, hvis det
    # bliver svært på arbejdet?" after her pride is about hard days, "det" points nowhere)
    if held is not None and not (hits[0].fact != thread and _frame(hits[0])):
        return [held]  # alone: a fresh second topic would otherwise answer it (engine/state.py _topic)
    near = [h for h in hits if h.score >= RUNNER_UP * hits[0].score]
    # the likeness reorders only when one fact is clearly ahead: on a tie the keywords decide
    # ("Hvor ser du dig selv om et par år, hvis det går, som du håber?" is her long goal)
    ahead = ranking and (len(ranking) < 2 or ranking[0].similarity > ranking[1].similarity) \
        and not _frame(near[0])  # a question frame first is what is asked
    best = next((h for h in near if ahead and h.fact == ranking[0].fact), near[0])
    return [best] + [h for h in near if h is not best]


def _by_keywords(near: list, ranking: list, thread: str | None, closed: bool) -> Move:
    """The facts the keywords name, the first to be told; when two are near-equal and nothing
    settles which is meant (`_torn`), she checks the first rather than tell one story on a coin toss."""
    if _torn(near, ranking, thread):
        return Move("clarify", [near[0].fact])
    return Move("topic_question", [h.fact for h in near], closed=closed, words=near[0].words)


def _torn(near: list, ranking: list, thread: str | None) -> bool:
    """Two facts named by strong keywords of near-equal weight, and the likeness to mentors'
    questions not on the first one's side ("Hvad vil du gøre, hvis modet en dag svigter?" names
    the ending and the hard days)."""
    if thread is not None or len(near) < 2 or not (near[0].strong and near[1].strong):
        return False
    return near[1].score >= TORN * near[0].score and (not ranking or ranking[0].fact != near[0].fact)


def _frame(hit) -> bool:
    """A keyword hit by a question frame ("hvad vil du gøre, hvis det bliver svært"), three
    words or more, not a topic word or a two-word name ("første gang")."""
    return len(hit.words[0].split()) >= 3


def _framed(hit) -> bool:
    """A question frame among a hit's words, first or not ("nervøs", "er du nervøs")."""
    return any(len(w.split()) >= 3 for w in hit.words)


def _points_back(turn: CodedTurn, lang: str) -> bool:
    """A sentence after the turn's first points back ("de", "dem", "den") at what it named; a
    lead-in recalling last time names no topic to point back at (`_question_alone`)."""
    parts = [s.text for s in turn.segments]
    return len(parts) > 1 and not opens_with_recall(parts, lang) and says("points_back", " ".join(parts[1:]), lang)


def _keyword_hits(last, matcher: TopicMatcher, context: str, points_back: bool = False) -> tuple[list, bool]:
    """The facts a question's keywords name, and whether only the whole turn names them. The
    topic is what the question asks; an earlier sentence may set it ("Din praktik. Hvordan går
    det?"), and its time too ("Hvad laver du til hverdag nu? Har du noget arbejde?" asks about
    today's work, not the trade back home). `context`: the turn without its small talk (`_talk`);
    `points_back`: a question after the turn's first sentence says "de", "dem", "den" ..."""
    when = last.text if matcher.by_text.asked_time(last.text) else context
    # a part of her life named only as the frame of the question ("… ved siden af jobbet?") is
    # not what it asks about
    question = without("frame_only", last.text, matcher.lang)
    # a scene set up first is read only when the question after it names nothing ("Hvis en
    # butiksleder mødte dig i morgen, hvad tror du, han ville sætte pris på ved dig?": her strengths)
    unset = without("scene", question, matcher.lang)
    # (nor its time: "Når forløbet nu slutter, hvordan vil du så holde kontakten?" asks ahead)
    own = matcher.match(unset, when=unset if unset != question else when) \
        or (matcher.match(question, when=when) if unset != question else [])
    # a question pointing back at what an earlier sentence of the turn names by a keyword, with
    # only a synonym of its own, asks about that: "Har du familie her? Hvordan går det for dem med
    # sproget?" is his family, not his languages
    weak_own = points_back and all(h.score < 1.0 or not h.strong for h in own)
    if own and not weak_own:
        return own, False
    hits = matcher.match(without("frame_only", context, matcher.lang))
    if own and not any(h.score >= 1.0 and h.strong and h.fact not in {o.fact for o in own} for h in hits):
        return own, False  # nothing earlier names another fact firmly: the question's own words
    return hits, bool(hits)


def _talk(turn: CodedTurn, lang: str) -> str:
    """The turn without its small talk (the weather, the coffee), which sets neither the topic nor
    the time of a question: "Det regner godt nok i dag. Hvad kunne du selv gøre, inden vi ses
    næste gang?" asks about her first step, not her head for figures ("regner") or today, and is
    not like another mentor's question because both begin with the rain."""
    return " ".join(s.text for s in turn.segments if not says("logistics", s.text, lang)) or turn.text


def _ranking(turn: CodedTurn, last, matcher: TopicMatcher, lang: str, whole: bool, talk: str) -> tuple[str, list]:
    """The text a question's likeness is judged on, and that likeness ranked. A question with
    no content of its own ("Så er det vores afskedsmøde i dag. Hvordan har du det med det?")
    asks about what the sentence before it says, and so does a short one pointing back at it
    ("Du sagde, det er svært at holde tankerne samlet. Mærker du det også på jobbet?"), and one
    whose topic only the sentence before it names by keyword (`whole`): the keyword and the
    likeness are then weighed on the same words ("tankerne" there is her concentration, not
    the news she reads at night)."""
    back = len(turn.segments) > 1 and (whole or is_short(last.text, lang) and says("anaphora", last.text, lang))
    # (a turn of one sentence, or one whose other sentences are small talk, is ranked once)
    for text in ((talk,) if back or talk == last.text else (last.text, talk)):
        ranking = matcher.by_example.ranked(text, matcher.by_text.time_factor(text))
        if ranking:
            break
    else:
        return last.text, []
    if text != talk:
        # the whole turn very like mentors' questions about one fact: its first sentence says
        # what the question means ("Du virker lidt trist i dag. Hvad tænker du om fremtiden?"
        # asks about her doubt, not her dream)
        alike = matcher.by_example.ranked(talk, matcher.by_text.time_factor(talk))
        if alike and alike[0].similarity >= max(matcher.by_example.whole_turn, ranking[0].similarity):
            return talk, alike
    return text, ranking


def _guessed_other(ranking: list, fact: str, matcher: TopicMatcher) -> bool:
    """The question is like the mentors' questions about another fact than `fact`, clearly."""
    guess = matcher.by_example.guess(ranking)
    return guess is not None and guess.fact != fact


def _likeliest(matcher: TopicMatcher, ranking: list, weak: str | None, by_text: str | None) -> str:
    """The part of her life a check names: the one mentors' questions like this one ask about,
    if one is clearly ahead, else the likelier of the weak candidates ("Hvor langt er du nået
    på skolen?": her Danish, not her sleep, whose text says "skole" too)."""
    guess = matcher.by_example.guess(ranking)
    if guess is not None:
        return guess.fact
    likeness = {h.fact: h.similarity for h in ranking}
    return max((f for f in (weak, by_text) if f is not None), key=lambda f: (likeness.get(f, 0.0), f == weak))


def _no_fact(last, matcher: TopicMatcher, lang: str, closed: bool, wh: bool, whole: str = "") -> Move:
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
        near = [h.fact for h in plain][:3]
        if not near:
            # an invitation whose own words reach nothing still leans to the one fact that it, or
            # the whole turn, is clearly like the questions about ("Hvornår står du op? Og hvad
            # skal du så?" is her morning at the hotel, not the first story in the file)
            guesses = (matcher.by_example.guess(matcher.by_example.ranked(t)) for t in (last.text, whole) if t)
            near = [g.fact for g in guesses if g is not None][:1]
            # (named by a likeness, not by her words: engine/state.py answers it guarded when she
            # is not ready to tell that story, rather than tell another)
            if near:
                return Move("open_invitation", near, named=False)
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
