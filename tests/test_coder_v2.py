"""CODEBOOK v2 in the coder: the new tags, widened therapy and referral, volunteer Danish,
boundary turns without role, advice the mentee asked for, and explanations on request."""

import json

import pytest

from simulator.coding import get_coder
from simulator.coding.context import asks_for_advice, boundary_tags, infer_role, needs_permission
from simulator.coding.labels import label
from tests.cli_support import run_cli

# (text, tag, present) with the rules, the default coder. The cases of issue 14 first.
TAGS_V2 = [
    ("Det lyder som en depression.", "therapy", True),
    ("Du har nok PTSD.", "therapy", True),
    ("Jeg kan være din psykolog.", "therapy", True),
    ("Jeg kan være din psykolog.", "referral", False),
    ("Jeg er ikke psykolog, men vi kunne tale med koordinatoren om det.", "referral", True),
    ("Jeg er ikke psykolog, men vi kunne tale med koordinatoren om det.", "therapy", False),
    ("Du kunne prøve en sovepille, når du ikke kan sove.", "therapy", True),
    ("Spørg din læge, om sovepiller er en god idé.", "therapy", False),
    ("Det lyder virkelig hårdt at sove så dårligt.", "therapy", False),
    ("Det ved din sagsbehandler.", "referral", True),
    ("Ring til jobcentret og spørg om anerkendelse.", "referral", True),
    ("Lad os aftale, at du ringer til jobcentret inden fredag.", "referral", True),
    ("Jobcentret hjælper med at finde praktikpladser.", "referral", False),
    ("Jeg tror, kravet er tre år.", "legal_advice", True),
    ("Efter fire år kan du søge permanent ophold.", "legal_advice", True),
    ("Det ved jeg ikke, det må koordinatoren finde en jurist til.", "legal_advice", False),
    # a layman's verdict on the case or the law (a new user's careless session)
    ("Din sag ser god ud.", "legal_advice", True),
    ("Så har du krav på løntilskud efter et halvt år.", "legal_advice", True),
    ("Når der er gået et år, så skal de give jer svar inden for tre måneder.", "legal_advice", True),
    ("Sådan er loven vist.", "legal_advice", True),
    ("Du kan nok ikke få SU, når du er flygtning.", "legal_advice", True),
    ("Din sagsbehandler kan fortælle dig, om du kan få SU.", "legal_advice", False),
    ("Du har jo haft arbejde, så du opfylder nok kravene til familiesammenføring.", "legal_advice", True),
    ("Det står i loven, tror jeg.", "legal_advice", True),
    ("Det står i brevet fra kommunen.", "legal_advice", False),
    ("Jeg ringer til styrelsen for dig.", "rescue", True),
    ("Jeg skriver ansøgningen for dig.", "rescue", True),
    ("Vi kan øve opkaldet sammen, før du ringer.", "rescue", False),
    ("Jeg tager gerne med dig til jobcentret.", "rescue", False),
    ("Din familie kommer nok snart.", "promise", True),
    ("Du sender papirerne, så kommer de helt sikkert.", "promise", True),
    ("Du. Arbejde. Før. Hvad?", "caricature", True),
    ("Mig mentor. Dig Adam.", "caricature", True),
    ("Hej. Tak. Okay.", "caricature", False),
    ("Du arbejder på et lager nu.", "caricature", False),
    ("Har jeg forstået dig rigtigt?", "check_understanding", True),
    ("Giver det mening?", "check_understanding", True),
    ("Skal jeg sige det på en anden måde?", "check_understanding", True),
    ("Hvad arbejdede du med før?", "check_understanding", False),
    ("Beder du fem gange om dagen?", "culture_probe", True),
    ("Går du med tørklæde?", "culture_probe", True),
    ("Hvordan fejrer I ramadan derhjemme?", "culture_probe", True),
    ("Hvad synes du om danske kvinder?", "culture_probe", True),
    ("Hvad tror du, der skal til?", "culture_probe", False),
    ("Hvad laver du i din fritid?", "culture_probe", False),
    ("Hvad arbejdede du med i Congo?", "culture_probe", False),
    ("I Danmark siger man du til sin chef.", "lecture", False),
    ("I Danmark kommer man altså til tiden.", "lecture", True),
]

# Volunteer Danish: questions without "?", permission and advice in other words, colloquial praise.
CODES_V2 = [
    ("ka du komme torsdag", "closed_question"),
    ("jeg er nysgerrig på hvordan din første uge gik", "open_question"),
    ("er du ok med at jeg siger lidt om det", "ask_permission"),
    ("gider du høre hvad jeg gjorde dengang", "ask_permission"),
    ("jeg kunne fortælle om min egen erfaring hvis det er ok med dig", "ask_permission"),
    ("måske kunne det være en idé at ringe til dem", "advice"),
    ("hvis jeg var dig ville jeg ringe i morgen", "advice"),
    ("det var sgu da skidegodt", "affirmation"),
    ("puha, det lyder hårdt med de mange breve", "reflection"),
    ("I Danmark siger man du til sin chef.", "information"),
    # a hello and her name before the question: the question is coded (a new user saw it closed)
    ("Hej Aye, hvordan har din uge været?", "open_question"),
    ("Hej Rania, hvor er det dejligt at møde dig.", "other"),
    # a topic set before a dash, then the question (a new user saw these coded closed)
    ("Og arbejdet som tømrer – hvad var du god til?", "open_question"),
    # user trial 31: a topic set before a colon, then the question
    ("Hvis vi taler lidt om arbejde: hvad kunne du tænke dig at arbejde med her i Danmark?", "open_question"),
    ("Hvis du tænker på bageriet - hvad ville du gerne vide mere om?", "open_question"),
]


@pytest.fixture(scope="module")
def coder():
    return get_coder("da", "rules")


@pytest.mark.parametrize("text,tag,present", TAGS_V2)
def test_v2_tag(coder, text, tag, present):
    assert (tag in coder.code_turn(text).tags) is present


@pytest.mark.parametrize("text,code", CODES_V2)
def test_volunteer_danish(coder, text, code):
    assert coder.code_turn(text).primary == code


def test_ved_du_hvad_opens_a_sentence_and_asks_nothing(coder):
    turn = coder.code_turn("Ved du hvad, jeg tror kravet er tre års arbejde.")
    assert turn.primary not in ("closed_question", "open_question") and "legal_advice" in turn.tags
    assert coder.code_turn("Ved du hvad han hedder?").primary == "closed_question"


@pytest.mark.parametrize("text,tag", [
    ("I can be your therapist.", "therapy"), ("It sounds like depression.", "therapy"),
    ("Does that make sense?", "check_understanding"), ("I will call the office for you.", "rescue"),
    ("Do you pray every day?", "culture_probe"),
])
def test_v2_tags_in_english(text, tag):
    assert tag in get_coder("en").code_turn(text).tags


def test_every_new_tag_has_a_label_and_boundaries_are_the_warnings():
    for tag in ("culture_probe", "legal_advice", "rescue", "caricature", "check_understanding"):
        assert label("tags", tag) != tag
    assert {"culture_probe", "legal_advice", "rescue", "caricature", "therapy"} <= set(boundary_tags())
    assert "check_understanding" not in boundary_tags() and "referral" not in boundary_tags()


def test_a_boundary_turn_earns_no_role(coder):
    assert infer_role(coder.code_turn("Hvad tænker du om dit arbejde?")) == "lytteren"
    assert infer_role(coder.code_turn("Hvordan kom du over Middelhavet?")) is None
    assert infer_role(coder.code_turn("Jeg skal nok skaffe dig et job. Min nabo har et firma, der søger folk.")) is None


def test_advice_the_mentee_asked_for_and_referrals_need_no_permission(coder):
    lex = coder.lex
    assert asks_for_advice("Jeg ved ikke, hvor jeg skal søge. Ved du det?", lex)
    assert asks_for_advice("Hvad skal jeg gøre?", lex)
    assert not asks_for_advice("Jeg har det fint i dag.", lex)
    referral = coder.code_turn("Det må du spørge din sagsbehandler om.").segments[0]
    advice = coder.code_turn("Du kunne prøve at søge i et køkken.").segments[0]
    assert referral.code == "advice" and not needs_permission(referral)
    assert needs_permission(advice)


def test_explanation_names_the_pattern_and_words(coder):
    [seg] = coder.explain_turn("Du har nok PTSD.")
    assert seg["code"] == "reflection" and "therapy" in seg["tags"]
    assert seg["why"]["rule"].startswith("codes[")
    assert "ptsd" in seg["why"]["tags"]["therapy"]["words"]
    [seg] = coder.explain_turn("Tomat")  # no rule: the default says so
    assert seg["why"]["rule"].startswith("default")
    segs = coder.explain_turn("Du. Arbejde. Før. Hvad?")
    assert all("caricature" in s["why"]["tags"] for s in segs)


def test_learned_and_combined_explain_too():
    for kind in ("learned", "combined"):
        [seg] = get_coder("da", kind).explain_turn("Du har nok PTSD.")
        assert seg["why"]["words"], kind  # the n-grams that pushed toward the code
        assert "rules_would_say" in seg["why"]
    from simulator.coding.learned import combine_policy

    [seg] = get_coder("da", "combined").explain_turn("Jeg tror, kravet er tre år.")
    src = next(s for s, ts in combine_policy()["tags"].items() if isinstance(ts, list) and "legal_advice" in ts)
    assert seg["why"]["tags"]["legal_advice"]["source"].endswith(f"({src})")  # as combined.yaml says
    assert "kravet" in seg["why"]["tags"]["legal_advice"]["words"]


def test_combined_raises_a_both_tag_only_where_rules_and_model_agree():
    from simulator.coding.learned import combine_policy

    combined, rules, learned = (get_coder("da", k) for k in ("combined", "rules", "learned"))
    both = set(combine_policy()["tags"]["both"])
    for text in ("Du har nok PTSD.", "Hvordan kom du over Middelhavet?", "Det lyder virkelig hårdt.",
                 "Stakkels dig.", "Jeg skal nok skaffe dig et job."):
        got = set(combined.code_turn(text).tags) & both
        assert got == set(rules.code_turn(text).tags) & set(learned.code_turn(text).tags) & both, text
        assert combined.code_turn(text).primary == learned.code_turn(text).primary


def test_code_explain_on_the_command_line():
    out = run_cli("code", "--explain", "--json", stdin="Jeg ringer til styrelsen for dig.\n")
    assert out.returncode == 0, out.stderr
    [seg] = json.loads(out.stdout)
    assert "rescue" in seg["tags"] and seg["why"]["tags"]["rescue"]["words"]


@pytest.mark.parametrize("text, probe", [
    ("Drikker du kaffe?", False), ("Drikker du te om morgenen?", False),
    ("Hvad fik I til aftensmad i går?", False), ("Er du blevet farmor?", False),
    ("Går du med tørklæde?", True), ("Beder du fem gange om dagen?", True),
    ("Spiser du svinekød?", True)])
def test_everyday_food_and_family_questions_are_no_culture_probe(text, probe):
    """CODEBOOK v2: everyday talk about food or family is no culture probe; religion and customs
    asked early are (the default coder, as a trainee meets it live)."""
    assert ("culture_probe" in get_coder("da", "combined").code_turn(text).tags) is probe


@pytest.mark.parametrize("text", ["Bare rolig, jeg er sikker på, at din familie snart kommer.",
                                  "Jeg er helt sikker på, at jeres familie snart kommer hertil.",
                                  "Jeg er sikker på, at de kommer inden jul."])
def test_a_certainty_about_the_family_coming_is_a_promise(text):
    # the subordinate word order ("at din familie snart kommer") as well as the main clause
    assert "promise" in get_coder("da", "combined").code_turn(text).tags
