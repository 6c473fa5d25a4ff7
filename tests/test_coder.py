"""Regression examples per code and tag, and segmentation. These must stay right."""

import pytest

from simulator.coding import get_coder
from simulator.coding.segmenter import segment

CODES = [
    ("Hvad tænker du selv?", "open_question"),
    ("hvad tænker du selv om det", "open_question"),
    ("Fortæl lidt om dit arbejde i Syrien.", "open_question"),
    ("Hvor gammel er du?", "closed_question"),
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
]


@pytest.fixture(scope="module")
def coder():
    return get_coder("da")


@pytest.mark.parametrize("text,code", CODES)
def test_primary_code(coder, text, code):
    assert coder.code_turn(text).primary == code


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
])
def test_segmentation(coder, text, n):
    assert len(segment(text, coder.lex)) == n


def test_hostile_input_never_raises(coder):
    for text in ["\x1b[31mrød\x1b[0m", "مرحبا كيف حالك", "😀😀😀?", "\x00\x07", "a" * 100_000, "?" * 500]:
        coder.code_turn(text)


def test_code_json_contract(tmp_path):
    import json
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "simulator", "code", "--json"], input="Hvad tænker du?\n\nHej. Har du børn?\n",
                         capture_output=True, text=True, check=True)
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 3
    assert set(rows[0]) == {"text", "primary", "segments", "tags"}
    assert rows[0]["primary"] == "open_question"
    assert rows[1]["primary"] == "pause"
    assert [s["code"] for s in rows[2]["segments"]] == ["other", "closed_question"]
