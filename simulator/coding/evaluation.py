"""Agreement of the coder with human labels (CODEBOOK "Evaluation files").

Reads a labelled CSV (`utterance`, `code`, optional `tags`, `lang`, `split`)
and reports per-code precision/recall/F1, macro-F1, the confusion matrix, tag
micro-F1 and the worst misclassified examples.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from simulator.coding.choice import get_coder
from simulator.coding.coder import CodedTurn
from simulator.coding.vocabulary import BEHAVIOUR
from simulator.text.readability import words
from simulator.errors import UserFacingError

# AnnoMI's labels and the four main behaviours (shared/data/annomi/README.md).
ANNOMI_TO_CODE = {"simple_reflection": "reflection", "complex_reflection": "reflection", "input": "input"}
FOUR_WAY = {**BEHAVIOUR, "input": "input"}  # our codes by their behaviour (vocabulary.yaml), and AnnoMI's "input"


class EvalError(UserFacingError):
    pass


@dataclass
class Row:
    utterance: str
    code: str
    tags: frozenset[str]
    lang: str


@lru_cache(maxsize=1)
def annomi_conf() -> dict:
    return yaml.safe_load((Path(__file__).parent / "annomi.yaml").read_text(encoding="utf-8"))


def main_behaviour(turn: CodedTurn) -> str:
    """The four-way class carrying most (weighted) words of the turn (see annomi.yaml)."""
    weights = annomi_conf()["main_behaviour_weights"]
    share: Counter = Counter()
    for seg in turn.segments:
        cls = FOUR_WAY.get(seg.code, "other")
        if cls != "other":
            share[cls] += len(words(seg.text)) * weights.get(cls, 1.0)
    return share.most_common(1)[0][0] if share else "other"


def transcript_splits(path: Path) -> dict[str, str]:
    """`id` → "dev"/"test" for a file split by transcript in a sibling meta file (AnnoMI).

    Empty when there is no meta file beside `path`.
    """
    conf = annomi_conf()
    meta = path.with_name(path.stem + conf["meta_suffix"])
    if not meta.is_file():
        return {}
    test = {str(t) for t in conf["test_transcripts"]}
    col = conf["transcript_column"]
    with meta.open(encoding="utf-8-sig", newline="") as fh:
        return {r["id"]: "test" if r.get(col) in test else "dev" for r in csv.DictReader(fh) if r.get("id")}


def read_rows(path: Path, lang: str | None, split: str | None) -> list[Row]:
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise EvalError(f"{path}: cannot read ({exc.strerror})") from None
    with fh:
        reader = csv.DictReader(fh)
        cols = reader.fieldnames or []
        text_col = "utterance" if "utterance" in cols else "text" if "text" in cols else None
        code_col = "code" if "code" in cols else "label" if "label" in cols else None
        if not text_col or not code_col:
            raise EvalError(f"{path}:1: header: needs the columns 'utterance' and 'code' (found: {', '.join(cols)})")
        by_transcript = transcript_splits(path) if split and "split" not in cols and "id" in cols else {}
        if split and "split" not in cols and not by_transcript:
            raise EvalError(f"{path}:1: split: no 'split' column and no transcript meta file beside it")
        rows = []
        for n, r in enumerate(reader, start=2):
            row_split = r.get("split") or by_transcript.get(r.get("id", ""))
            if split and row_split != split:
                continue
            text, code = (r.get(text_col) or "").strip(), (r.get(code_col) or "").strip()
            if not text or not code:
                raise EvalError(f"{path}:{n}: {'utterance' if not text else 'code'}: empty")
            row_lang = (r.get("lang") or lang or "da").strip()
            if lang and row_lang != lang:
                continue
            tags = frozenset(t.strip() for t in (r.get("tags") or "").split(";") if t.strip())
            rows.append(Row(text, ANNOMI_TO_CODE.get(code, code), tags, row_lang))
    if not rows:
        raise EvalError(f"{path}: no rows to evaluate" + (f" in split {split!r}" if split else ""))
    return rows


def read_marks(path: Path) -> list[Row]:
    """Trainees' "this code is wrong" marks with a corrected code or corrected tags, as labelled
    rows (for `eval --marks` and for training the learned coder)."""
    return read_marks_counted(path)[0]


def read_marks_counted(path: Path) -> tuple[list[Row], Counter]:
    """The rows and, per reason, how many marks were skipped (see coding/marks.py)."""
    from simulator.coding.marks import read_jsonl

    try:
        labels, skipped, problem = read_jsonl(path)
    except OSError as exc:
        raise EvalError(f"{path}: cannot read marks ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise EvalError(f"{path}: the marks file is not UTF-8 text") from None
    if problem:
        raise EvalError(problem)
    return [Row(text, code, tags, lang) for text, code, tags, lang in labels], skipped


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(rows: list[Row], four_way: bool = False, worst: int = 15, primary_order: bool = False,
             coder_kind: str = "rules") -> dict:
    """Agreement with the labels. Four-way compares AnnoMI's main behaviour with the
    coder's (`main_behaviour`), or with CODEBOOK's primary when `primary_order`."""
    gold, pred, misses = [], [], []
    used: set[str] = set()
    per_tag: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    for row in rows:
        coder = get_coder(row.lang, coder_kind)
        used.add(f"{coder.kind} ({row.lang})")
        coded = coder.code_turn(row.utterance)
        # a pause the reader did not label as one (older sets) counts as "other"
        p = coded.primary if coded.primary != "pause" or row.code == "pause" else "other"
        g = row.code
        if four_way:
            g = FOUR_WAY.get(g, g)
            p = FOUR_WAY.get(p, p) if primary_order else main_behaviour(coded)
        gold.append(g)
        pred.append(p)
        if g != p:
            misses.append({"utterance": row.utterance, "gold": g, "predicted": p})
        if not four_way:
            got = set(coded.tags)
            for t in got | row.tags:
                per_tag[t][0 if t in got and t in row.tags else (1 if t in got else 2)] += 1
    per_code = code_scores(gold, pred)
    gold_labels = [c for c in per_code if per_code[c]["support"]]
    macro = sum(per_code[c]["f1"] for c in gold_labels) / len(gold_labels) if gold_labels else 0.0
    labels = sorted(per_code)
    result = {
        "n": len(rows),
        "coder": ", ".join(sorted(used)),
        "turn_label": ("primary (CODEBOOK order)" if primary_order or not four_way else "main behaviour (weighted word share)"),
        "accuracy": round(sum(1 for g, p in zip(gold, pred) if g == p) / len(rows), 3),
        "macro_f1": round(macro, 3),
        "per_code": per_code,
        "confusion": {g: dict(Counter(p for gg, p in zip(gold, pred) if gg == g)) for g in labels},
        "worst": misses[:worst],
        "misclassified": len(misses),
    }
    if not four_way:
        result.update(tag_scores(per_tag))
    return result


def code_scores(gold: list[str], pred: list[str]) -> dict:
    """Precision, recall, F1 and support per code."""
    per_code = {}
    for c in sorted(set(gold) | set(pred)):
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        pr, rc, f = prf(tp, fp, fn)
        per_code[c] = {"precision": round(pr, 3), "recall": round(rc, 3), "f1": round(f, 3), "support": tp + fn}
    return per_code


def tag_scores(per_tag: dict[str, list[int]]) -> dict:
    """Tag micro precision/recall/F1, the boundary warnings apart (shown live, CODEBOOK v2), per tag."""
    from simulator.coding.context import boundary_tags

    p_, r_, f_ = prf(*(sum(v[i] for v in per_tag.values()) for i in range(3)))
    b = [sum(per_tag[t][i] for t in per_tag if t in boundary_tags()) for i in range(3)]
    bp, br, _bf = prf(*b)
    return {"tag_micro_f1": round(f_, 3), "tag_precision": round(p_, 3), "tag_recall": round(r_, 3),
            "boundary_precision": round(bp, 3), "boundary_recall": round(br, 3),
            "per_tag": {t: dict(zip(("precision", "recall", "f1"), (round(x, 3) for x in prf(*v))),
                                support=v[0] + v[2]) for t, v in sorted(per_tag.items())}}
