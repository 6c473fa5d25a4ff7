"""AnnoMI four-way: how far a small learned model gets beside the rules (an experiment).

Needs scikit-learn, which the project does not install (`.venv/bin/pip install scikit-learn`).
Uses the same split by transcript as `mentor-sim eval --split dev|test`
(simulator/coding/annomi.yaml: 31 held-out transcripts), fits TF-IDF + logistic
regression on the dev transcripts, with and without the rule coder's segment codes as
extra features, and compares with the rules alone on the held-out utterances.

    .venv/bin/python benchmarks/annomi_learned_baseline.py
"""
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scipy.sparse import csr_matrix, hstack  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402

from simulator.coding import get_coder  # noqa: E402
from simulator.coding.coder import PRIMARY_ORDER  # noqa: E402
from simulator.coding.evaluation import ANNOMI_TO_CODE, FOUR_WAY, main_behaviour, transcript_splits  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "annomi" / "annomi_therapist.csv"
CODES = list(PRIMARY_ORDER) + ["pause"]


def rule_features(turn) -> list[int]:
    counts = [0] * len(CODES)
    for seg in turn.segments:
        counts[CODES.index(seg.code)] += 1
    return counts


def main() -> None:
    rows = list(csv.DictReader(DATA.open(encoding="utf-8")))
    split = transcript_splits(DATA)
    coder = get_coder("en")
    turns = [coder.code_turn(r["utterance"]) for r in rows]
    gold = [FOUR_WAY[ANNOMI_TO_CODE.get(r["label"], r["label"])] for r in rows]
    train = [i for i, r in enumerate(rows) if split[r["id"]] == "dev"]
    test = [i for i, r in enumerate(rows) if split[r["id"]] == "test"]
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    x_train = vec.fit_transform([rows[i]["utterance"] for i in train])
    x_test = vec.transform([rows[i]["utterance"] for i in test])
    feats = [rule_features(t) for t in turns]
    with_rules = (hstack([x_train, csr_matrix([feats[i] for i in train])]),
                  hstack([x_test, csr_matrix([feats[i] for i in test])]))
    y_train, y_test = [gold[i] for i in train], [gold[i] for i in test]
    print(f"train {len(train)} utterances (dev transcripts), test {len(test)} (held-out transcripts)")
    for name, (a, b) in {"tfidf": (x_train, x_test), "tfidf+rules": with_rules}.items():
        model = LogisticRegression(max_iter=2000, C=4, class_weight="balanced").fit(a, y_train)
        print(f"{name:<28} macro-F1 {f1_score(y_test, model.predict(b), average='macro'):.3f}")
    for name, label in {"rules, main behaviour": main_behaviour,
                        "rules, CODEBOOK primary": lambda t: FOUR_WAY.get(t.primary, "other")}.items():
        print(f"{name:<28} macro-F1 {f1_score(y_test, [label(turns[i]) for i in test], average='macro'):.3f}")


if __name__ == "__main__":
    main()
