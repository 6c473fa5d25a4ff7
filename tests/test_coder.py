"""Regression examples per code and tag, and segmentation. These must stay right."""

import pytest

from simulator.coding import get_coder
from simulator.coding.segmenter import segment
from tests.cli_support import run_cli

CODES = [
    ("Hvad tænker du selv?", "open_question"),
    ("hvad tænker du selv om det", "open_question"),
    ("Fortæl lidt om dit arbejde i Syrien.", "open_question"),
    ("Hvor gammel er du?", "closed_question"),
    # a clause first, then the question word (stop 26: the rules had made these closed)
    ("Når du kigger tilbage på året, hvad er du så mest stolt af?", "open_question"),
    ("Hvis du nu får et nej fra Netto, hvad gør du så?", "open_question"),
    ("Eller hvad tænker du selv?", "open_question"),
    ("Kommer du på mandag, eller hvad?", "closed_question"),
    ("Når du kommer hjem, hvor mange timer sover du?", "closed_question"),
    ("hvornår kom du til danmark", "closed_question"),
    ("Har du børn?", "closed_question"),
    ("Så du savner din familie?", "reflection"),
    ("Det lyder som om, du er træt af at vente.", "reflection"),
    ("Så du håber, at jeg kan skaffe dig et job", "reflection"),
    ("Det var godt, at du selv ringede til jobcentret.", "affirmation"),
    ("Flot!", "affirmation"),
    ("Du kunne prøve at ringe til dem.", "advice"),
    ("Hvorfor ikke prøve at søge i en børnehave?", "advice"),
    ("Jobcentret kan hjælpe med en praktik.", "information"),
    ("Jeg kan ikke finde et job til dig.", "information"),
    ("Da jeg selv skiftede branche, var jeg nervøs.", "self_disclosure"),
    ("Jeg hedder Lars og er pensioneret tømrer.", "self_disclosure"),
    ("Må jeg komme med et forslag?", "ask_permission"),
    ("Er det ok, at jeg spørger lidt til din situation?", "ask_permission"),
    ("Lad os aftale, hvad du gør inden næste gang.", "structure"),
    ("I dag vil jeg gerne tale om dit CV.", "structure"),
    ("Hej!", "other"),
    ("Vil du have en kop kaffe?", "other"),
    # chat spellings and spoken forms
    ("hvordn gik det så på første dag i praktikken", "open_question"),
    ("du ku prøve at ringe til dem i stedet for at skrive", "advice"),
    ("Ka' jeg lige sige en ting om det der med at komme for sent?", "ask_permission"),
    ("Du ka' godt li', når der er orden i tingene.", "reflection"),
    # an opening response word does not make small talk of what follows
    ("nå, du vil hellere være tømrer end stå på et lager", "reflection"),
    ("ja det fylder stadig meget for dig, det du har været igennem", "reflection"),
    ("fedt at du selv tog initiativ til at spørge naboen", "affirmation"),
    ("Sikke et vejr i dag!", "other"),
    ("tillykke med fødselsdagen", "other"),
    ("hvad for en bus tager du ud til lageret", "closed_question"),
    ("du har vel ikke fået lønsedlen endnu", "closed_question"),
    ("vil du have et par tips til samtalen på fredag", "ask_permission"),
    ("jeg synes selv det er svært at ringe til fremmede", "self_disclosure"),
    ("Vi har cirka en time, og så skal jeg hente mit barnebarn.", "structure"),
    ("det vi snakker om her bliver mellem os to", "structure"),
    ("så vi aftaler at du sender ansøgningen og jeg læser den igennem", "structure"),
    ("Jeg snakker med naboen på lørdag om pladsen i stalden.", "structure"),
    ("jeg ved ik om det er en god idé, men måske du kunne søge lidt bredere", "advice"),
    ("Jeg kan godt garantere dig en stilling hos os.", "information"),
]

# English is second: the same codes on counsellor-style talk.
CODES_EN = [
    ("So you're worried about the test next week.", "reflection"),
    ("Yeah, it sounds like you've been struggling with this for a while.", "reflection"),
    ("And sometimes you feel guilty after you drink.", "reflection"),
    ("Almost overwhelming, it sounds like.", "reflection"),
    ("Well, you know, tell me a little bit about your job.", "open_question"),
    ("I'm wondering what you make of that.", "open_question"),
    ("How many cigarettes would that be?", "closed_question"),
    ("I think you should cut down to seven drinks a week.", "advice"),
    ("We have a program here that can help you quit.", "information"),
    ("Thank you so much for coming in today.", "other"),
    ("It's nice to meet you.", "other"),
    ("May I share some information about that?", "ask_permission"),
]

TAGS = [
    ("Hvad sker der, hvis du ringer selv?", "challenge", True),
    ("Hvad betyder arbejde for dig?", "challenge", False),
    ("Jeg kender en, der arbejder på et plejehjem i Valby.", "bridge", True),
    ("Mange plejehjem mangler folk.", "bridge", False),
    ("Det var godt, at du selv ringede til jobcentret.", "specific_praise", True),
    ("Godt gået!", "specific_praise", False),
    ("Hvordan kom du over Middelhavet?", "taboo_probe", True),
    ("Sad du i fængsel?", "taboo_probe", True),
    ("Jeg vil ikke spørge ind til din flugt.", "taboo_probe", False),
    ("Du skal bare tage dig sammen.", "lecture", True),
    ("I Danmark kommer man altså til tiden.", "lecture", True),
    ("Jeg skal nok skaffe dig et job.", "promise", True),
    ("Jeg kan ikke love dig et job.", "promise", False),
    ("Så du håber, at jeg kan skaffe dig et job.", "promise", False),
    ("Lad os gå i dybden med dine traumer.", "therapy", True),
    ("Tal med koordinatoren om en psykolog.", "therapy", False),
    ("Tal med koordinatoren om en psykolog.", "referral", True),
    ("Det må du spørge din sagsbehandler om.", "referral", True),
    ("Stakkels dig, du har ingen chance.", "pity", True),
    ("Det lyder virkelig hårdt.", "pity", False),
    ("forstår du ik at man skal ringe hvis man er syg", "lecture", True),
    ("I Danmark siger man typisk du til chefen.", "lecture", False),
    ("hvordan kom i egentlig hertil fra eritrea", "taboo_probe", True),
    ("må jeg spørge hvordan i kom herop", "taboo_probe", True),
    ("hvor længe var i undervejs fra somalia", "taboo_probe", True),
    ("Du bestemmer selv, hvad du vil fortælle, og jeg spørger ikke ind til flugten.", "taboo_probe", False),
    ("hvad tror du din angst egentlig bunder i", "therapy", True),
    ("Lad os gå lidt i dybden med dine mareridt i dag.", "therapy", True),
    ("vi to kan sagtens klare dine mareridt uden en psykolog", "therapy", True),
    ("vi to kan sagtens klare dine mareridt uden en psykolog", "referral", False),
    ("det med søvnen synes jeg du skal tage op med din læge", "referral", True),
    ("du bliver helt sikkert fastansat efter praktikken", "promise", True),
    ("jeg lover ikke noget men jeg spørger min svoger", "promise", False),
    ("det må være helt håbløst for dig at vente så længe", "pity", True),
    ("med din alder og dit sprog er det næsten umuligt at få et job her", "pity", True),
    ("Brugsen i Ry søger en weekendmedarbejder lige nu.", "bridge", True),
    ("jeg skriver til dig på sms hvis jeg bliver forsinket", "bridge", False),
    ("Min mand har også haft svært ved at sove i perioder.", "bridge", False),
    ("din ansøgning var rigtig god fordi du skrev om hvordan du passede din far", "specific_praise", True),
]


@pytest.fixture(scope="module")
def coder():
    return get_coder("da")


@pytest.mark.parametrize("text,code", CODES)
def test_primary_code(coder, text, code):
    assert coder.code_turn(text).primary == code


@pytest.mark.parametrize("text,code", CODES_EN)
def test_primary_code_en(text, code):
    assert get_coder("en").code_turn(text).primary == code


@pytest.mark.parametrize("text,tag,present", TAGS)
def test_tag(coder, text, tag, present):
    assert (tag in coder.code_turn(text).tags) is present


def test_pause(coder):
    for text in ("", "   ", "...", "…"):
        turn = coder.code_turn(text)
        assert turn.primary == "pause" and turn.is_pause


def test_primary_follows_codebook_order(coder):
    turn = coder.code_turn("Jeg hedder Lars. Hvad tænker du selv? Så du savner dem.")
    assert [s.code for s in turn.segments] == ["self_disclosure", "open_question", "reflection"]
    assert turn.primary == "reflection"


@pytest.mark.parametrize("text,n", [
    ("Vi kan f.eks. mødes kl. 10 den 3. maj.", 1),
    ("Det koster ca. 20 kr. pr. time, bl.a. for kaffe.", 1),
    ("Hej. Hvordan går det? Godt!", 3),
    ("jeg var også ny engang, hvad tænker du om det", 2),
    ("nå, hvad tænker du", 1),
    ("når minderne kommer, skal du ringe til lægen", 1),
    ("første linje\nanden linje", 2),
    # user trial 30: a quotation closing after the full stop ends the sentence ("… Er du med?" is a check)
    ("Jeg skriver: 'Jeg har en butik i 30 år.' Er du med?", 2),
    ('Han sagde: "Kom i morgen!" Forstod du det?', 2),
])
def test_segmentation(coder, text, n):
    assert len(segment(text, coder.lex)) == n


def test_hostile_input_never_raises(coder):
    for text in ["\x1b[31mrød\x1b[0m", "مرحبا كيف حالك", "😀😀😀?", "\x00\x07", "a" * 100_000, "?" * 500]:
        coder.code_turn(text)


def test_code_json_contract(tmp_path):
    import json

    out = run_cli("code", "--json", stdin="Hvad tænker du?\n\nHej. Har du børn?\n")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 3
    assert set(rows[0]) == {"text", "primary", "segments", "tags"}
    assert rows[0]["primary"] == "open_question"
    assert rows[1]["primary"] == "pause"
    assert [s["code"] for s in rows[2]["segments"]] == ["other", "closed_question"]


@pytest.mark.parametrize("text", [
    "Hvad kunne du godt tænke dig, at vi to arbejder med, når vi ses?",
    "Hvad kunne være en god ting for os at bruge tiden på i dag, synes du?",
    "Skal vi sige, at det er vores mål?",
    # stop 27's user: what she wants them to talk about today, the big goal cut into steps
    "Hvad vil du gerne, at vi to får talt om i dag?",
    "Skal vi prøve at dele det store mål op i små skridt?",
])
def test_a_question_about_what_to_work_on_sets_the_goal(coder, text):
    # a new user's goal question left "Sæt mål for samtalen" unmarked (stop 26)
    from simulator.coding.context import infer_step

    assert infer_step(coder.code_turn(text), "unfold_story", coder.lex, 5) == "set_goal"
