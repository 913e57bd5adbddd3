"""Chinese keyword search over the timetable.

Chinese has no spaces, so words cannot be found by splitting text. On PostgreSQL every offering keeps a
tsvector of the overlapping character bigrams of its text (太极拳入门 → 太极 极拳 拳入 入门); a keyword is
found as the AND of its own bigrams, which the GIN index answers quickly. Two bigrams can match in
different places of the text (太极 … 极拳 is not 太极拳), so words longer than two characters are
rechecked with ILIKE on the few rows the index returns. Measured in /work/shared/DESIGN.md: this finds
place names and name fragments that word segmentation misses, and two-character words that pg_trgm
cannot index. A one-character keyword has no bigram and falls back to ILIKE alone.
"""

import re

WORD = re.compile(r"\w+")


def runs(text: str) -> list[str]:
    """The lower-cased runs of letters and digits in `text`; punctuation and spaces split them."""
    return WORD.findall((text or "").lower())


def bigrams(text: str) -> list[str]:
    """Overlapping two-character pieces of every run, in order; a run of one character stays whole."""
    pieces = []
    for run in runs(text):
        if len(run) == 1:
            pieces.append(run)
        else:
            pieces.extend(run[i : i + 2] for i in range(len(run) - 1))
    return pieces


def document(parts) -> str:
    """The text stored in the search vector: the bigrams of every part, space separated."""
    return " ".join(piece for part in parts for piece in bigrams(part))


def keywords(query: str) -> list[str]:
    """The words of a visitor's query: runs of letters and digits, without repeats."""
    return list(dict.fromkeys(runs(query)))


def tsquery(word: str) -> str | None:
    """The raw tsquery text for one keyword (`太极 & 极拳`), or None when it is too short to have a bigram."""
    if len(word) < 2:
        return None
    return " & ".join(dict.fromkeys(bigrams(word)))
