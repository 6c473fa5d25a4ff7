"""The optional learned coder: a linear model over character and word n-grams.

Trained by `scripts/train_coder.py` (scikit-learn, not a product dependency) and
shipped as plain numbers in `models/<language>.json.gz`; this module reads them and
scores a segment in pure Python, so it loads offline and never needs numpy or torch.
The rules stay the default (CODEBOOK, docs/validity.md): this coder is chosen with
`--coder learned` or `coder = "learned"` in the configuration file.

Segmentation, pauses and the turn's primary are the rule coder's; only each
segment's code and tags come from the model.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from functools import cached_property, lru_cache
from pathlib import Path

from simulator.coding.coder import Coder, MAX_MATCH_CHARS
from simulator.coding.combined_policy import load_combined_policy
from simulator.coding.lexicon import LexiconError, load_lexicon

MODEL_DIR = Path(__file__).parent / "models"
_WHITE_SPACES = re.compile(r"\s\s+")  # as scikit-learn folds runs of white space
_QUESTION_END = re.compile(r"\?[\s\"')]*$")


def names_pattern(names: list[str]) -> re.Pattern | None:
    """The names the model must not learn from (the shipped mentees' first names), as one
    pattern that takes the comma or white space before a name with it."""
    names = sorted({n.lower() for n in names if n.strip()}, key=len, reverse=True)
    return re.compile(r"(?:,\s*|\s*)\b(?:" + "|".join(map(re.escape, names)) + r")\b") if names else None


_LEADING = re.compile(r"^[\s,.!?:;]+")  # what a name opening the segment leaves ("Aye, hvordan …")


def masked(text: str, names: re.Pattern | None) -> str:
    """The lower-cased segment without the mentees' names: the training sets greet and
    caricature Adam, Olena and Tesfay by name, and a model that learns "adam" as a sign of
    caricature codes "Hej Adam" as foreigner talk (training uses this very function). A shared
    marker word instead measured worse: it became a sign of every tag said to a mentee by name.
    The name goes with the space before it, so "Hej Aye!" reads "hej!", not "hej !" (a lone "!"
    is what the caricatures "Godt, Adam! Du arbejde!" had left behind)."""
    text = text[:MAX_MATCH_CHARS].lower()
    if names is None:
        return text
    return _LEADING.sub("", names.sub("", text))


def char_grams(text: str, lo: int, hi: int) -> list[str]:
    """Letter groups inside word boundaries, as scikit-learn's `char_wb` (training uses this very function)."""
    grams = []
    for w in _WHITE_SPACES.sub(" ", text).split():
        w = f" {w} "
        for n in range(lo, hi + 1):
            if len(w) <= n:
                grams.append(w)  # a word no longer than n counts once, as in scikit-learn
                break
            grams.extend(w[i:i + n] for i in range(len(w) - n + 1))
    return grams


def word_grams(text: str, token: re.Pattern, lo: int, hi: int, cues: bool = False) -> list[str]:
    """Words and word pairs; with `cues`, also how the segment opens and whether it ends in "?"
    (the rules' question cues, as words the model can weigh and `--explain` can show)."""
    tokens = token.findall(text)
    grams = list(tokens) if lo == 1 else []
    for n in range(max(lo, 2), hi + 1):
        grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    if cues:
        if tokens:
            grams.append(f"⟨opens: {tokens[0]}⟩")
            grams.append(f"⟨opens: {' '.join(tokens[:2])}⟩")
        if _QUESTION_END.search(text):
            grams.append("⟨ends in ?⟩")
    return grams


class LearnedModel:
    def __init__(self, data: dict):
        self.language = data["language"]
        self.trained = data.get("trained", "")
        char, word = data["char"], data["word"]
        self.char_range = tuple(char["ngram_range"])
        self.word_range = tuple(word["ngram_range"])
        self.token = re.compile(word["token_pattern"])
        self.cues = bool(word.get("cues"))
        n_char = len(char["terms"])
        self.char_index = {t: i for i, t in enumerate(char["terms"])}
        self.word_index = {t: n_char + i for i, t in enumerate(word["terms"])}
        self.idf = char["idf"] + word["idf"]
        self._char_terms, self._word_terms, self._terms = char["terms"], word["terms"], None
        self.code_labels = data["codes"]["labels"]
        self.tag_labels = list(data["tags"])
        # one row of weights per feature, codes then tags, so a segment walks its own features only
        weights = data["codes"]["coef"] + [data["tags"][t]["coef"] for t in self.tag_labels]
        self.rows = list(zip(*weights))
        self.bias = data["codes"]["intercept"] + [data["tags"][t]["intercept"] for t in self.tag_labels]
        self.checks = data.get("checks", [])
        self.names = names_pattern(data.get("names", []))

    @property
    def terms(self) -> list[str]:
        """Feature names for `explain` (letter groups in «»), built on first use: loading stays fast."""
        if self._terms is None:
            self._terms = [f"«{t}»" for t in self._char_terms] + list(self._word_terms)
        return self._terms

    def _block(self, grams: list[str], index: dict[str, int]) -> dict[int, float]:
        counts: dict[int, int] = {}
        for g in grams:
            i = index.get(g)
            if i is not None:
                counts[i] = counts.get(i, 0) + 1
        vec = {i: (1.0 + math.log(c)) * self.idf[i] for i, c in counts.items()}  # sublinear tf × idf
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {i: v / norm for i, v in vec.items()} if norm else {}

    def features(self, text: str) -> dict[int, float]:
        text = masked(text, self.names)
        feats = self._block(char_grams(text, *self.char_range), self.char_index)
        feats.update(self._block(word_grams(text, self.token, *self.word_range, cues=self.cues), self.word_index))
        return feats

    def explain(self, text: str, top: int = 5) -> dict:
        """The words and letter groups (in «») that pushed hardest toward the code and each tag."""
        feats = self.features(text)
        code, tags = self.predict(text)
        n = len(self.code_labels)

        def pushers(k: int) -> list[str]:
            ranked = sorted(feats, key=lambda i: -feats[i] * self.rows[i][k])
            return [self.terms[i] for i in ranked[:top] if feats[i] * self.rows[i][k] > 0]

        return {"rule": f"learned model ({self.trained})", "words": pushers(self.code_labels.index(code)),
                "tags": {t: {"words": pushers(n + self.tag_labels.index(t))} for t in tags}}

    def scores(self, text: str) -> list[float]:
        feats = self.features(text)
        out = list(self.bias)
        for i, v in feats.items():
            for k, w in enumerate(self.rows[i]):
                out[k] += v * w
        return out

    def predict(self, text: str) -> tuple[str, list[str]]:
        s = self.scores(text)
        n = len(self.code_labels)
        code = self.code_labels[max(range(n), key=s.__getitem__)]
        return code, [t for t, v in zip(self.tag_labels, s[n:]) if v > 0]


def has_model(language: str) -> bool:
    return (MODEL_DIR / f"{language}.json.gz").is_file()


@lru_cache(maxsize=4)
def load_model(language: str) -> LearnedModel:
    path = MODEL_DIR / f"{language}.json.gz"
    if not path.is_file():
        raise LexiconError(f"no learned coder for language {language!r} (only the rules); "
                           f"train one with scripts/train_coder.py")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return LearnedModel(json.load(fh))


class LearnedCoder(Coder):
    """The rule coder's segmentation with the learned model's codes and tags."""

    kind = "learned"

    def __init__(self, language: str):
        super().__init__(load_lexicon(language))
        self.model = load_model(language)

    def code_text(self, text: str) -> tuple[str, list[str]]:
        return self.model.predict(text)

    def explain_turn(self, text: str) -> list[dict]:
        out = super().explain_turn(text)
        for seg in out:
            if seg["code"] != "pause":
                rules = seg["why"]
                seg["why"] = self.model.explain(seg["text"])
                seg["why"]["rules_would_say"] = {"rule": rules.get("rule"), "words": rules.get("words"),
                                                 "tags": rules.get("tags", {})}
        return out


@lru_cache(maxsize=2)
def combine_policy() -> dict:
    """Which coder decides each tag in the combined coder (combined.yaml, chosen by measurement)."""
    return load_combined_policy()  # checked on load (coding/combined_policy.py)


def combine_code(learned: str, rule: str, rule_matched: bool, policy: dict) -> str:
    """The model's code, unless a rule pattern matched and gave a code the rules measured
    better on (combined.yaml `codes_from_rules`)."""
    return rule if rule_matched and rule in policy.get("codes_from_rules", ()) else learned


def combine_tags(code: str, rule_tags: list[str], learned_tags: list[str], policy: dict,
                 allowed: dict[str, list[str]]) -> list[str]:
    """The tags the combined coder raises: per tag from the rules, the model, both or either
    (`policy`, combined.yaml); scripts/cv_coder.py measures policies through this function."""
    by_tag = {t: src for src, ts in policy.items() if isinstance(ts, list) for t in ts}
    tags = []
    for t in dict.fromkeys(rule_tags + learned_tags):
        if allowed.get(t) and code not in allowed[t]:
            continue
        src = by_tag.get(t, policy.get("default", "learned"))
        ok = {"rules": t in rule_tags, "learned": t in learned_tags,
              "both": t in rule_tags and t in learned_tags,
              "either": t in rule_tags or t in learned_tags}[src]
        if ok:
            tags.append(t)
    return tags


class CombinedCoder(LearnedCoder):
    """The learned model's codes; each tag from the rules, the model, or only where both agree
    (combined.yaml): a live boundary warning should be right when it is raised."""

    kind = "combined"

    def code_text(self, text: str) -> tuple[str, list[str]]:
        code, learned_tags = self.model.predict(text)
        rule_code, rule_tags, why = self.rule_code(text)
        policy = combine_policy()
        code = combine_code(code, rule_code, why["matched"], policy)
        return code, combine_tags(code, rule_tags, learned_tags, policy["tags"], self.allowed_codes)

    @cached_property
    def allowed_codes(self) -> dict[str, list[str]]:  # built once: runs for every segment
        # A tag the codebook ties to some codes (praise to affirmations) follows the model's code.
        return {r.tag: r.codes for r in self.lex.tags}

    def explain_turn(self, text: str) -> list[dict]:
        out = super().explain_turn(text)
        by_tag = {t: src for src, ts in combine_policy()["tags"].items() if isinstance(ts, list) for t in ts}
        default = combine_policy()["tags"].get("default", "learned")
        for seg in out:
            if seg["code"] == "pause":
                continue
            why = seg["why"]
            said = why["rules_would_say"]
            if seg["code"] in combine_policy().get("codes_from_rules", ()) and said.get("words") \
                    and str(said.get("rule", "")).endswith(f"({seg['code']})"):
                # the rule decided this code (combined.yaml codes_from_rules): show it, not the model
                why["code_source"] = "rules (combined.yaml codes_from_rules)"
                why["rule"], why["words"] = said["rule"], said["words"]
            from_rules = why["rules_would_say"]["tags"]
            shown = {}
            for t in seg["tags"]:
                src = by_tag.get(t, default)
                if t in from_rules and src != "learned":
                    shown[t] = {"source": f"rules ({src})", **from_rules[t]}
                else:
                    shown[t] = {"source": f"learned ({src})", **why.get("tags", {}).get(t, {"words": []})}
            why["tags"] = shown
        return out
