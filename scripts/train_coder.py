"""Train the optional learned coder (codes and tags) from the labelled Danish sets.

Needs scikit-learn (`.venv/bin/pip install -e '.[train]'`); the product itself does not:
the model is written as plain numbers (`simulator/coding/models/da.json.gz`) and read by
`simulator/coding/learned.py` in pure Python. Which files it learns from is stated
below and recorded in the model; `tests/data/da_sessions14.csv`, `da_sessions17.csv`, `da_sessions20.csv`, `da_sessions24.csv`, `da_sessions29.csv`, `da_sessions31.csv`–`da_sessions34.csv` are never read here, they
are the held-out sets on which the coders are finally compared (docs/validity.md).

    .venv/bin/python scripts/train_coder.py            # writes the model
    .venv/bin/python scripts/cv_coder.py               # leave-one-set-out figures, writes nothing
    .venv/bin/python scripts/train_coder.py --marks ~/.local/share/samtaletraener/sessions/marked-codes.jsonl

Where an author's code contradicts CODEBOOK v2 and the other authors, the model learns the
code in `tests/data/label_corrections_da.csv` instead (each row says why); the sets themselves
stay as their authors wrote them.

`--marks` adds the codes trainees corrected in the app (Ctrl+R with a code named in the
note) to the training rows; only Danish marks with a corrected code are used.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import pickle
import re
import sys
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from scipy.sparse import hstack

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from simulator.coding.coder import Coder  # noqa: E402
from simulator.coding.evaluation import read_marks  # noqa: E402
from simulator.coding.lexicon import load_lexicon  # noqa: E402
from simulator.scenario.loader import find_scenarios, load_scenario  # noqa: E402
from simulator.coding import vocabulary  # noqa: E402
from simulator.coding.learned import char_grams, masked, names_pattern, word_grams  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
OUT = ROOT / "simulator" / "coding" / "models" / "da.json.gz"
CORRECTIONS = DATA / "label_corrections_da.csv"
TRAIN = ["da_dev.csv", "da_holdout.csv", "da_set2.csv", "da_holdout3.csv", "da_holdout4.csv",
         "da_holdout5.csv", "da_holdout6.csv", "da_sessions7.csv", "da_sessions8.csv", "da_sessions9.csv",
         "da_sessions10.csv", "da_sessions11.csv", "da_sessions12.csv", "da_sessions13.csv",
         "da_sessions15.csv", "da_sessions16.csv", "da_sessions18.csv", "da_sessions19.csv",
         "da_sessions21.csv", "da_sessions22.csv", "da_sessions23.csv", "da_sessions25.csv",
         "da_sessions26.csv", "da_sessions27.csv", "da_sessions28.csv", "da_sessions30.csv",
         "da_sessions35.csv", "da_sessions37.csv", "da_sessions39.csv", "da_sessions40.csv",
         "da_sessions42.csv", "da_sessions43.csv", "da_sessions45.csv", "da_sessions47.csv",
         # CODEBOOK v2 examples by the rules' author (the new tags need positive rows)
         "da_v2_examples.csv"]
HELD_OUT = ("da_sessions14.csv", "da_sessions17.csv", "da_sessions20.csv", "da_sessions24.csv",
            "da_sessions29.csv", "da_sessions31.csv",
            "da_sessions32.csv", "da_sessions33.csv", "da_sessions34.csv", "da_sessions36.csv", "da_sessions38.csv",
            "da_sessions41.csv", "da_sessions44.csv", "da_sessions46.csv",
            "da_sessions48.csv")  # never read here (docs/validity.md): the final tests
# the codebook's codes and tags in vocabulary.yaml's order (the model's tag order)
CODES, TAGS = list(vocabulary.CODES), list(vocabulary.TAGS)
# The model's settings, chosen by leave-one-set-out cross-validation (scripts/cv_coder.py).
# thresholds: a tag the combined coder takes from the model (combined.yaml: learned, both,
# either) is raised above this score, not above 0; chosen by `cv_coder.py --choose` on the
# sets the rules were never tuned on (tag precision >= 0.90, >= 0.97 for a boundary tag, then F1;
# `--boundary-precision 0.97`; docs/validity.md).
CONFIG = dict(char=(2, 5), char_min_df=2, word=(1, 2), cues=True, C=10.0, session_weight=2.0,
              thresholds={"challenge": 1.5, "bridge": 1.5, "specific_praise": 0.5, "taboo_probe": 3.0, "lecture": 3.0,
                          "promise": 3.0, "therapy": 2.0, "pity": 1.5, "culture_probe": 2.0, "legal_advice": 1.5,
                          "rescue": 1.0, "caricature": 3.0})
TOKEN = r"(?u)\b\w\w+\b"  # scikit-learn's default word pattern


def mentee_names() -> list[str]:
    """The first names of the shipped mentees: masked (learned.masked) so that no name becomes a
    sign of a code or tag."""
    return sorted({load_scenario(path).persona.name.split()[0] for path in find_scenarios().values()})


NAMES = mentee_names()


def corrections() -> dict[tuple[str, str], str]:
    """(set, utterance) -> code, where an author's code contradicts CODEBOOK v2 and the other
    authors (tests/data/label_corrections_da.csv says why); the author's file stays as written,
    so `mentor-sim eval` still scores against it."""
    with CORRECTIONS.open(encoding="utf-8", newline="") as fh:
        return {(r["set"], r["utterance"]): r["code"] for r in csv.DictReader(fh)}


def rows(name: str, pauses: bool = False) -> list[tuple[str, str, set[str]]]:
    """A set's rows; a pause ("...", CODEBOOK "The pause") is the coder's own, never the model's."""
    fix = corrections()
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return [(r["utterance"], fix.get((name, r["utterance"]), r["code"]),
                 {t for t in (r.get("tags") or "").split(";") if t})
                for r in csv.DictReader(fh) if pauses or r["code"] != "pause"]


def training_rows(names: list[str], cfg: dict) -> tuple[list, list[float]]:
    """The rows of `names` and each row's weight (whole sessions may weigh more than crafted sets);
    a caricature the rules see by its capitals alone is left to the rules."""
    train, weights = [], []
    rules = Coder(load_lexicon("da"))
    for name in names:
        # a segment that is caricature only by its capitals ("HEJ ADAM!") teaches the model, which
        # reads lower case, that "hej!" is foreigner talk: shouting is the rules' to see
        r = [(u, c, tags - {"caricature"} if rules.shouts(u) else tags) for u, c, tags in rows(name)]
        train += r
        weights += [cfg["session_weight"] if "sessions" in name else 1.0] * len(r)
    return train, weights


class Analyzer:
    """The very feature functions the product reads with (simulator/coding/learned.py); a class
    so that a fitted model can be pickled (`--fit-cache`)."""

    def __init__(self, kind: str, cfg: dict):
        self.kind, self.cfg, self.token = kind, cfg, re.compile(TOKEN)
        self.names = names_pattern(NAMES)

    def __call__(self, text: str) -> list[str]:
        text = masked(text, self.names)
        if self.kind == "char":
            return char_grams(text, *self.cfg["char"])
        return word_grams(text, self.token, *self.cfg["word"], cues=self.cfg["cues"])


def analyzers(cfg: dict):
    return Analyzer("char", cfg), Analyzer("word", cfg)


def fit(train, weights, cfg: dict):
    texts = [u for u, _, _ in train]
    char_an, word_an = analyzers(cfg)
    char = TfidfVectorizer(analyzer=char_an, min_df=cfg["char_min_df"], sublinear_tf=True)
    word = TfidfVectorizer(analyzer=word_an, min_df=1, sublinear_tf=True)
    x = hstack([char.fit_transform(texts), word.fit_transform(texts)]).tocsr()
    code_model = LogisticRegression(max_iter=5000, C=cfg["C"]).fit(x, [c for _, c, _ in train], sample_weight=weights)
    tag_models = {t: LogisticRegression(max_iter=5000, C=cfg["C"], class_weight="balanced")
                  .fit(x, [t in tags for _, _, tags in train], sample_weight=weights) for t in TAGS}
    return char, word, code_model, tag_models


def predict(char, word, code_model, tag_models, texts, thresholds=None):
    x = hstack([char.transform(texts), word.transform(texts)]).tocsr()
    codes = code_model.predict(x)
    thr = thresholds or {}
    scores = {t: tag_models[t].decision_function(x) for t in TAGS}
    tags = [[t for t in TAGS if scores[t][i] > thr.get(t, 0.0)] for i in range(x.shape[0])]
    return list(codes), tags


def export(fitted, cfg: dict, names: list[str], marked: int, check_texts: list[str]) -> dict:
    """The model as plain numbers; a tag's threshold is folded into its intercept."""
    char, word, code_model, tag_models = fitted
    labels = list(code_model.classes_)
    assert sorted(labels) == sorted(CODES), labels
    thr = cfg["thresholds"]
    check_codes, check_tags = predict(*fitted, check_texts, thr) if check_texts else ([], [])
    return {
        "format": 1,
        "language": "da",
        "trained": dt.date.today().isoformat(),
        "training_files": {name: len(rows(name)) for name in names},
        "trainee_marks": marked,
        "held_out": HELD_OUT,
        "config": {k: (list(v) if isinstance(v, tuple) else v) for k, v in cfg.items()},
        "names": NAMES,
        "char": {"ngram_range": list(cfg["char"]), "sublinear_tf": True,
                 "terms": sorted(char.vocabulary_, key=char.vocabulary_.get),
                 "idf": [round(float(v), 6) for v in char.idf_]},
        "word": {"ngram_range": list(cfg["word"]), "sublinear_tf": True, "token_pattern": TOKEN,
                 "cues": cfg["cues"], "terms": sorted(word.vocabulary_, key=word.vocabulary_.get),
                 "idf": [round(float(v), 6) for v in word.idf_]},
        "codes": {"labels": labels,
                  "coef": [[round(float(v), 6) for v in row] for row in code_model.coef_],
                  "intercept": [round(float(v), 6) for v in code_model.intercept_]},
        "tags": {t: {"coef": [round(float(v), 6) for v in m.coef_[0]],
                     "intercept": round(float(m.intercept_[0]) - thr.get(t, 0.0), 5)}
                 for t, m in tag_models.items()},
        # What scikit-learn predicted for these; the pure-Python reader must agree (a test checks).
        "checks": [[u, c, t] for u, c, t in zip(check_texts, check_codes, check_tags)],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--marks", action="append", default=[], help="marked-codes.jsonl to learn from too")
    ap.add_argument("--fit-cache", type=Path, help="reuse (or keep) the fitted models here, e.g. to "
                    "export again with new thresholds; delete it when the data or CONFIG change")
    args = ap.parse_args()
    train, weights = training_rows(TRAIN, CONFIG)
    marked = [(m.utterance, m.code, set(m.tags)) for path in args.marks for m in read_marks(Path(path))
              if m.lang == "da" and m.code in CODES]
    train += marked
    weights += [CONFIG["session_weight"]] * len(marked)
    if args.fit_cache and args.fit_cache.is_file():
        fitted = pickle.loads(args.fit_cache.read_bytes())
    else:
        fitted = fit(train, weights, CONFIG)
        if args.fit_cache:
            args.fit_cache.write_bytes(pickle.dumps(fitted))
        print(f"trained on {len(train)} rows (the held-out sets {', '.join(HELD_OUT)} are not read)")
    check_texts = [u for u, _, _ in train[::50]]
    model = export(fitted, CONFIG, TRAIN, len(marked), check_texts)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(model, fh, ensure_ascii=False, separators=(",", ":"))
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    sys.exit(main())
