"""Write the word-frequency snapshots the scripted mentee's understanding reads.

    pip install wordfreq   # only for this script; the product reads the snapshot
    python scripts/snapshot_wordfreq.py

Writes simulator/engine/language/<lang>_words.txt: the N most frequent word forms of
Danish and English, most frequent first, one per line, after a header with the
source and licence. wordfreq's code is Apache-2.0; its word lists are CC BY-SA 4.0
(built from Wikipedia, OpenSubtitles, news, Reddit, Twitter and other corpora; see
https://github.com/rspeer/wordfreq#license), so the snapshot is CC BY-SA 4.0 too.
"""

from __future__ import annotations

from pathlib import Path

import wordfreq

N = 15000
OUT = Path(__file__).resolve().parents[1] / "simulator" / "engine" / "language"
HEADER = """# The {n} most frequent {name} word forms, most frequent first (wordfreq {version}, top_n_list).
# Source: wordfreq by Robyn Speer et al., https://github.com/rspeer/wordfreq
# Licence of this list: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/);
# it is derived from wordfreq's data, which is CC BY-SA 4.0. Regenerate with
# scripts/snapshot_wordfreq.py. Used by simulator/engine/understanding.py.
"""


def main() -> None:
    for lang, name in (("da", "Danish"), ("en", "English")):
        words = [w for w in wordfreq.top_n_list(lang, N) if w.isalpha()]
        text = HEADER.format(n=len(words), name=name, version=wordfreq.__version__ if hasattr(wordfreq, "__version__") else "3")
        (OUT / f"{lang}_words.txt").write_text(text + "\n".join(words) + "\n", encoding="utf-8")
        print(lang, len(words))


if __name__ == "__main__":
    main()
