"""The cohort as CSV: one row per session, one column per figure and per principle.

For a spreadsheet, not for reading: numbers stay numbers (no "%" or "ja"), a
share is 0–1, a principle is 0/50/100 (not yet / fair / good), yes/no is 1/0 and
a missing value is an empty cell. With `--lang da` the file opens in a Danish
spreadsheet as it is: semicolons between cells and decimal commas; a byte-order
mark tells the spreadsheet the file is UTF-8, so æ, ø and å survive.
"""

from __future__ import annotations

import csv
import io

from simulator.locale.digits import plain_decimal
from simulator.report.evening import POINTS, evening_words

FIGURES = ("open_question_share", "reflection_to_question", "mentor_talk_share", "open_questions",
           "closed_questions", "reflections", "affirmations", "specific_praise", "advice",
           "advice_without_permission", "ask_permission", "words_per_sentence", "lix", "boundary_flags_total",
           "pauses", "agreement_at_end", "trust_final", "facts_revealed", "mentor_words", "mentee_words")


def _cell(value, decimal: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return plain_decimal(value, 3, decimal)
    return str(value)


def cohort_csv(cohort: dict) -> str:
    ew = evening_words(cohort["lang"])
    decimal, delimiter = ew["csv_decimal"], ew["csv_delimiter"]
    principles = cohort["principles"]
    header = (["rank", "participant", "session", "scenario", "scenario_title", "started", "turns", "overall"]
              + list(FIGURES) + ["recall_caught", "recall_told", "targets_met", "targets_total", "drill",
                                 "drill_met", "drill_total"]
              + [f"principle_{p['id']}" for p in principles])
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for r in cohort["rows"]:
        values = r["values"]
        row = [r["rank"], r["trainee"], r["session"], r["scenario"], r["scenario_title"], r["started"], r["turns"],
               r["overall"]]
        row += [values.get(f) for f in FIGURES]
        row += [r["recall_caught"], r["recall_told"], r["targets_met"], len(r["targets"]),
                r["drill"]["id"] if r["drill"] else None, r["drill_met"] if r["drill"] else None,
                r["drill_total"] if r["drill"] else None]
        row += [round(100 * POINTS[b["band"]]) for b in r["bands"]]
        writer.writerow([_cell(v, decimal) for v in row])
    return out.getvalue()
