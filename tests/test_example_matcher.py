"""The example matcher (engine/examples.py): a question like a fact's `asked:` lines names
that fact, also over another fact's keyword; a faint or one-common-word likeness names none."""

from simulator.engine.examples import ExampleMatcher
from simulator.engine.topics import TopicMatcher, language_data
from simulator.scenario.models import Fact
from tests.engine_support import rehearsal, scenario


def _facts(asked_hotel: list[str]) -> list[Fact]:
    return [
        Fact(id="factory", text="Jeg arbejdede fire år på en fabrik i Yangon.", min_trust=0.3,
             topics=["fabrik", "job", "arbejde"]),
        Fact(id="hotel", text="Om aftenen gør jeg rent på et hotel.", min_trust=0.3,
             topics=["hotel", "rengøring"], asked=asked_hotel),
        Fact(id="family", text="Jeg bor med min mor og min lillebror.", min_trust=0.3,
             topics=["familie", "mor"], asked=["Hvem savner du mest derhjemme?"]),
    ]


def test_a_question_like_an_asked_line_names_its_fact():
    m = TopicMatcher(_facts(["Har du et arbejde ved siden af sprogskolen?"]), "da")
    hit = m.by_example.best("Har du noget arbejde ved siden af skolen om aftenen?")
    assert hit is not None and hit.fact == "hotel"
    assert hit.line == "Har du et arbejde ved siden af sprogskolen?"  # why, for a trainer
    assert "skole" in hit.words  # "sprogskolen" split: its last part is what both name


def test_without_asked_lines_the_matcher_is_silent():
    facts = [f.model_copy(update={"asked": []}) for f in _facts([])]
    m = TopicMatcher(facts, "da")
    assert not m.by_example.active
    assert m.by_example.best("Hvem savner du mest?") is None


def test_one_common_word_is_no_likeness():
    m = TopicMatcher(_facts(["Hvad laver du om aftenen?"]), "da")
    common = language_data("da")["asked"]["single_word_rare_rank"]
    assert common > 0
    # "gør" is among the commonest forms: sharing it alone names no fact
    assert m.by_example.best("Hvad gør du så?") is None


def test_two_facts_alike_name_neither():
    facts = _facts(["Hvem bor du sammen med?"])
    facts[2] = facts[2].model_copy(update={"asked": ["Hvem bor du sammen med her?"]})
    m = ExampleMatcher(facts, TopicMatcher(facts, "da").by_text.content_weights,
                       {"min_similarity": 0.2, "margin": 1.3})
    assert m.best("Hvem bor du sammen med?") is None


def test_a_fact_weighed_down_by_time_loses():
    facts = _facts(["Hvad arbejder du med om aftenen?"])
    m = TopicMatcher(facts, "da").by_example
    assert m.best("Hvad arbejder du med om aftenen?").fact == "hotel"
    assert m.best("Hvad arbejder du med om aftenen?", {"hotel": 0.1}) is None


def test_the_mentee_answers_the_fact_asked_like_over_another_facts_keyword():
    # quiet-mentee: "job" is a keyword of the factory fact; the question is asked the way
    # mentors ask about Aye's hotel job (an asked: line of that fact)
    hotel = next(f for f in scenario("quiet-mentee").facts if f.id == "hotel")
    assert hotel.asked
    r = rehearsal("quiet-mentee", 0.6)
    turn = r.take_turn(hotel.asked[0])
    assert turn.move == "topic_question" and turn.about == "hotel"


def test_a_keyword_and_a_faint_likeness_disagreeing_get_a_question_back():
    from simulator.engine import questions

    facts = [Fact(id="factory", text="Jeg syede tøj på en fabrik i fire år.", min_trust=0.3, topics=["fabrik", "job"]),
             Fact(id="hotel", text="Jeg gør rent på et hotel med min mor.", min_trust=0.3, topics=["hotel"],
                  asked=["Hvad laver du om morgenen før skolen?",
                         "Hvad laver du om morgenen, før du tager i skole, sammen med din mor og din bror på "
                         "hotellet i byen, når det er koldt og mørkt om vinteren?"])]
    m = TopicMatcher(facts, "da")

    def move(q: str):
        return questions._asked_like(q, m.match(q), m, "da", True)

    # clearly alike: the asked-about fact, over the keyword "job" of the factory
    assert move("Har du et job om morgenen før skolen?").topics == ["hotel"]
    # alike on several words but below `over_keyword`, a keyword elsewhere: she asks which is meant
    m.by_example.over_keyword = 0.99
    faint = move("Har du et job om morgenen før skolen?")
    assert faint.kind == "clarify" and faint.topics == ["hotel"]
    # no likeness of its own: the keyword decides (None: the matcher has nothing to add)
    assert move("Har du et job?") is None


def test_one_keyword_its_questions_are_nothing_like_gets_a_check():
    """One word of a fact ("træt") in a question like the questions about another fact and nothing
    like those about this one ("Blev du aldrig træt af det arbejde derhjemme?"): she checks
    instead of telling the sleep story on that word (stop 26; `asked.unsupported_keyword`)."""
    from simulator.coding import get_coder
    from simulator.engine.questions import read_question

    facts = [Fact(id="sleep", text="Jeg sover kun fire timer.", min_trust=0.3, topics=["træt", "søvn"],
                  asked=["Hvordan sover du?", "Får du sovet nok for tiden?"]),
             Fact(id="accountant", text="Jeg var bogholder i 18 år.", min_trust=0.3, topics=["bogholder"],
                  asked=["Hvad arbejdede du med før krigen?", "Hvad lavede du derhjemme?"])]
    m = TopicMatcher(facts, "da")
    coder = get_coder("da")

    def move(text: str):
        turn = coder.code_turn(text)
        return read_question(turn, turn.segments[-1], m, "da", None, [])

    lone = move("Du er god til tal. Blev du aldrig træt af det arbejde derhjemme?")
    assert lone.kind == "clarify" and lone.topics == ["sleep"]
    like = move("Er du træt? Får du sovet nok?")  # like its asked lines: told, not checked
    assert like.kind == "topic_question" and like.topics == ["sleep"]
