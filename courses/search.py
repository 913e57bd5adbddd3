"""Chinese keyword search over the timetable.

Chinese has no spaces, so words cannot be found by splitting text. On PostgreSQL every offering keeps a
tsvector of the overlapping character bigrams of its text (太极拳入门 → 太极 极拳 拳入 入门); a keyword is
found as the AND of its own bigrams, which the GIN index answers quickly. Two bigrams can match in
different places of the text (太极 … 极拳 is not 太极拳), so words longer than two characters are
rechecked with ILIKE on the few rows the index returns. Measured in /work/shared/DESIGN.md: this finds
place names and name fragments that word segmentation misses, and two-character words that pg_trgm
cannot index. Every single character is in the same document too, so a one-character keyword (拳) is one
lexeme the same index answers: found exactly, with no recheck and no scan.
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


def characters(text: str) -> list[str]:
    """Every letter and digit of `text`, lower-cased, in order."""
    return [char for run in runs(text) for char in run]


def document(parts) -> str:
    """The text stored in the search vector: the bigrams and the single characters of every part."""
    return " ".join(piece for part in parts for piece in [*bigrams(part), *characters(part)])


def vectors_write(connection, table: str, rows) -> None:
    """Store (id, document) pairs as the rows' search vectors: one UPDATE … FROM (VALUES …) per call
    (bulk_update's CASE per row is ten times slower)."""
    values = ", ".join(["(%s::bigint, %s)"] * len(rows))
    params = [value for row in rows for value in row]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS o SET search_vector = to_tsvector('simple', v.doc)"
            f" FROM (VALUES {values}) AS v(id, doc) WHERE o.id = v.id",
            params,
        )


def keywords(query: str) -> list[str]:
    """The words of a visitor's query: runs of letters and digits, without repeats."""
    return list(dict.fromkeys(runs(query)))


def tsquery(word: str) -> str:
    """The raw tsquery text for one keyword: `太极 & 极拳`, or the character itself for one character."""
    return " & ".join(dict.fromkeys(bigrams(word)))


def texts_at(obj, paths) -> list[str]:
    """The values at Django lookup paths (`teacher__name`) from `obj`, "" where a step is empty."""
    texts = []
    for path in paths:
        value = obj
        for name in path.split("__"):
            value = getattr(value, name) if value is not None else None
        texts.append(value or "")
    return texts
