"""Train the optional learned coder (codes and tags) from the labelled Danish sets.

Needs scikit-learn (`.venv/bin/pip install -e '.[train]'`); the product itself does not:
the model is written as plain numbers (`simulator/coding/models/da.json.gz`) and read by
`simulator/coding/learned.py` in pure Python. Which files it learns from is stated
below and recorded in the model; `tests/data/da_sessions14.csv` is never used here, it
is the held-out set on which the learned coder is compared with the rules
(docs/validity.md).

    .venv/bin/python scripts/train_coder.py            # writes the model
    .venv/bin/python scripts/train_coder.py --check    # scores held-out, writes nothing
    .venv/bin/python scripts/train_coder.py --marks ~/.local/share/samtaletraener/sessions/marked-codes.jsonl

`--marks` adds the codes trainees corrected in the app (Ctrl+R with a code named in the
note) to the training rows; only Danish marks with a corrected code are used.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import sys
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from scipy.sparse import hstack

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from simulator.coding.evaluation import read_marks  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
OUT = ROOT / "simulator" / "coding" / "models" / "da.json.gz"
TRAIN = ["da_dev.csv", "da_holdout.csv", "da_set2.csv", "da_holdout3.csv", "da_holdout4.csv",
         "da_holdout5.csv", "da_holdout6.csv", "da_sessions7.csv", "da_sessions8.csv", "da_sessions9.csv",
         "da_sessions10.csv", "da_sessions11.csv", "da_sessions12.csv", "da_sessions13.csv",
         # CODEBOOK v2 examples by the rules' author (the new tags need positive rows)
         "da_v2_examples.csv"]
HELD_OUT = "da_sessions14.csv"
CODES = ["open_question", "closed_question", "reflection", "affirmation", "advice", "information",
         "self_disclosure", "ask_permission", "structure", "other"]
TAGS = ["challenge", "bridge", "specific_praise", "taboo_probe", "lecture", "promise", "therapy",
        "referral", "pity", "culture_probe", "legal_advice", "rescue", "caricature", "check_understanding"]
# Chosen once, before the held-out set was scored; not tuned on it.
CHAR = dict(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
WORD = dict(analyzer="word", ngram_range=(1, 2), min_df=1, sublinear_tf=True)
C = 10.0


def rows(name: str) -> list[tuple[str, str, set[str]]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return [(r["utterance"], r["code"], {t for t in (r.get("tags") or "").split(";") if t})
                for r in csv.DictReader(fh)]


def fit(train):
    texts = [u for u, _, _ in train]
    char, word = TfidfVectorizer(**CHAR), TfidfVectorizer(**WORD)
    x = hstack([char.fit_transform(texts), word.fit_transform(texts)]).tocsr()
    code_model = LogisticRegression(max_iter=5000, C=C).fit(x, [c for _, c, _ in train])
    tag_models = {t: LogisticRegression(max_iter=5000, C=C, class_weight="balanced")
                  .fit(x, [t in tags for _, _, tags in train]) for t in TAGS}
    return char, word, code_model, tag_models


def predict(char, word, code_model, tag_models, texts):
    x = hstack([char.transform(texts), word.transform(texts)]).tocsr()
    codes = code_model.predict(x)
    tags = [[t for t in TAGS if tag_models[t].decision_function(x[i])[0] > 0] for i in range(x.shape[0])]
    return list(codes), tags


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="score the held-out set only")
    ap.add_argument("--marks", action="append", default=[], help="marked-codes.jsonl to learn from too")
    args = ap.parse_args()
    train = [r for name in TRAIN for r in rows(name)]
    marked = [(m.utterance, m.code, set(m.tags)) for path in args.marks for m in read_marks(Path(path))
              if m.lang == "da" and m.code in CODES]
    train += marked
    char, word, code_model, tag_models = fit(train)
    held = rows(HELD_OUT)
    codes, tags = predict(char, word, code_model, tag_models, [u for u, _, _ in held])
    acc = sum(p == g for p, (_, g, _) in zip(codes, held)) / len(held)
    print(f"trained on {len(train)} rows; held-out {HELD_OUT}: code accuracy {acc:.3f}")
    if args.check:
        return
    labels = list(code_model.classes_)
    assert sorted(labels) == sorted(CODES), labels
    n_char = len(char.vocabulary_)
    check_texts = [u for u, _, _ in held[:40]] + [u for u, _, _ in train[::97]]
    check_codes, check_tags = predict(char, word, code_model, tag_models, check_texts)
    model = {
        "format": 1,
        "language": "da",
        "trained": dt.date.today().isoformat(),
        "training_files": {name: len(rows(name)) for name in TRAIN},
        "trainee_marks": len(marked),
        "held_out": HELD_OUT,
        "char": {"ngram_range": list(CHAR["ngram_range"]), "sublinear_tf": True,
                 "terms": sorted(char.vocabulary_, key=char.vocabulary_.get),
                 "idf": [round(float(v), 6) for v in char.idf_]},
        "word": {"ngram_range": list(WORD["ngram_range"]), "sublinear_tf": True,
                 "token_pattern": word.token_pattern,
                 "terms": sorted(word.vocabulary_, key=word.vocabulary_.get),
                 "idf": [round(float(v), 6) for v in word.idf_]},
        "codes": {"labels": labels,
                  "coef": [[round(float(v), 6) for v in row] for row in code_model.coef_],
                  "intercept": [round(float(v), 6) for v in code_model.intercept_]},
        "tags": {t: {"coef": [round(float(v), 6) for v in m.coef_[0]], "intercept": round(float(m.intercept_[0]), 5)}
                 for t, m in tag_models.items()},
        # What scikit-learn predicted for these; the pure-Python reader must agree (a test checks).
        "checks": [[u, c, t] for u, c, t in zip(check_texts, check_codes, check_tags)],
    }
    assert len(model["char"]["terms"]) == n_char
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(model, fh, ensure_ascii=False, separators=(",", ":"))
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    sys.exit(main())
