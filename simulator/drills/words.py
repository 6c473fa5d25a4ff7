"""The words a trainee reads about drills, in Danish (default) and English.

Shared by the headless text output and the drill screens of the terminal app,
so each word has one home. Pure Python: no textual import.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "da": {
        # default labels of targets without a `label`
        "rule.reflections_before_advice": "Mindst {n} refleksioner før første råd",
        "rule.reflections_before_advice.1": "Mindst én refleksion før første råd",
        "rule.permission_before_advice": "Spørg om lov, før du giver råd",
        "rule.agreement_at_end": "Slut med en konkret aftale",
        "rule.no_taboo_probe": "Ingen spørgsmål om flugt, fængsel, tortur eller krig",
        "note.no_advice": "intet råd givet",
        "value.reflections_before_advice": "{v} refleksioner",
        "value.reflections_before_advice.1": "{v} refleksion",
        "value.permission_before_advice": "{v} råd uden lov",
        "value.no_taboo_probe": "{v} tabu-spørgsmål",
        "value.agreement_at_end.many": "{v} samtaler slutter med en aftale",
        "yes": "ja",
        "no": "nej",
        "met": "nået",
        "missed": "ikke nået",
        "turn": "replik",
        "turns": "replikker",
        "whole": "Hele øvelsen",
        "overall": "samlet",
        "session": "samtale",
        "assess": "bedømmelse",
        "result": "Resultat: {passed} af {total} mål nået.",
        "no_targets": "(ingen mål)",
        "not_played": "ikke spillet",
        "saved": "Gemt i",
        "value": "værdi",
        "scenarios": "scenarier",
        # drill screens
        "screen.title": "Øvelse",
        "screen.step": "Scenarie {n} af {of}",
        "screen.progress": "Forløb",
        "screen.targets": "Mål for denne samtale",
        "screen.drill_targets": "Mål for hele øvelsen",
        "screen.note": "Underviseren siger",
        "screen.start": "Start (Enter)",
        "screen.assess": "Bedømmelse: ingen kodning, ingen tip og ingen fortryd undervejs. Resultatet ses til sidst.",
        "screen.last": "Sidste samtale: {passed} af {total} mål nået.",
        "screen.results": "Resultat af øvelsen",
        "screen.open_card": "Enter åbner resultatet for samtalen.",
        "screen.hidden_off": "Er slået fra under bedømmelse.",
        "screen.evidence": "Replikker",
        "screen.trainee": "Dit navn (valgfrit, gemmes med samtalerne):",
    },
    "en": {
        "rule.reflections_before_advice": "At least {n} reflections before the first advice",
        "rule.reflections_before_advice.1": "At least one reflection before the first advice",
        "rule.permission_before_advice": "Ask permission before giving advice",
        "rule.agreement_at_end": "End with a concrete agreement",
        "rule.no_taboo_probe": "No questions about the flight, prison, torture or war",
        "note.no_advice": "no advice given",
        "value.reflections_before_advice": "{v} reflections",
        "value.reflections_before_advice.1": "{v} reflection",
        "value.permission_before_advice": "{v} advice without permission",
        "value.no_taboo_probe": "{v} taboo probes",
        "value.no_taboo_probe.1": "{v} taboo probe",
        "value.agreement_at_end.many": "{v} conversations end with an agreement",
        "yes": "yes",
        "no": "no",
        "met": "met",
        "missed": "missed",
        "turn": "turn",
        "turns": "turns",
        "whole": "Whole drill",
        "overall": "overall",
        "session": "session",
        "assess": "assessment",
        "result": "Result: {passed} of {total} targets met.",
        "no_targets": "(no targets)",
        "not_played": "not played",
        "saved": "Saved in",
        "value": "value",
        "scenarios": "scenarios",
        "screen.title": "Drill",
        "screen.step": "Scenario {n} of {of}",
        "screen.progress": "Progress",
        "screen.targets": "Targets for this conversation",
        "screen.drill_targets": "Targets for the whole drill",
        "screen.note": "The course leader says",
        "screen.start": "Start (Enter)",
        "screen.assess": "Assessment: no coding, no hints and no undo on the way. The results come at the end.",
        "screen.last": "Last conversation: {passed} of {total} targets met.",
        "screen.results": "Drill results",
        "screen.open_card": "Enter opens the result of the conversation.",
        "screen.hidden_off": "Turned off during assessment.",
        "screen.evidence": "Turns",
        "screen.trainee": "Your name (optional, saved with the sessions):",
    },
}


NUMBERS = {"da": ("nul", "én", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti"),
           "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")}


def number(lang: str, n: int) -> str:
    """Small numbers as words in running text ("mindst to refleksioner")."""
    names = NUMBERS.get(lang, NUMBERS["da"])
    return names[n] if 0 <= n < len(names) else str(n)


def word(lang: str, key: str, **values) -> str:
    """The words for `key` in `lang` (Danish if missing); a missing singular (`.1`) uses the plural."""
    text = WORDS.get(lang, WORDS["da"]).get(key) or WORDS["da"].get(key)
    if text is None and key.endswith(".1"):
        return word(lang, key[:-2], **values)
    text = text or key
    return text.format(**values) if values else text
