"""Which of last year's tasks a new item carries on: titles compared by their characters, since a carried
item is usually reworded (推进老年教育 → 继续推进老年教育发展) rather than repeated."""

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

# Words that say how hard, not what: left out so that 进一步加强队伍建设 matches 加强队伍建设.
MODIFIERS_RE = re.compile(r"继续|进一步|持续|深入|全面|积极|大力|着力|切实|认真|不断|扎实|加快|努力|稳步")
PUNCTUATION_RE = re.compile(r"[\s\W_\d]+")
# Below this a pair is no suggestion: staff may still choose it by hand.
SUGGEST_AT = 0.5


@dataclass(frozen=True)
class Candidate:
    pk: int
    title: str


def _bigrams(title: str) -> frozenset[str]:
    text = PUNCTUATION_RE.sub("", MODIFIERS_RE.sub("", title))
    return frozenset(text[i : i + 2] for i in range(len(text) - 1)) or frozenset([text])


def similarity(first: str, second: str) -> float:
    """Dice's coefficient of the titles' character pairs: 1 for the same words, 0 for nothing shared."""
    a, b = _bigrams(first), _bigrams(second)
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def ranked(
    titles: dict[int, str], candidates: Sequence[Candidate], *, keep: int
) -> dict[int, list[tuple[Candidate, float]]]:
    """For each new task (pk: title), the candidates that share any character pair with it, best first, at
    most `keep`. An index of pairs spares comparing every title with every other."""
    by_pk = {candidate.pk: candidate for candidate in candidates}
    sizes = {}
    index: dict[str, list[int]] = defaultdict(list)
    for candidate in candidates:
        grams = _bigrams(candidate.title)
        sizes[candidate.pk] = len(grams)
        for gram in grams:
            index[gram].append(candidate.pk)
    result = {}
    for pk, title in titles.items():
        mine = _bigrams(title)
        # How many pairs each candidate shares, counted in one pass over the pairs' lists.
        shared = Counter(chain.from_iterable(index.get(gram, ()) for gram in mine))
        best = heapq.nsmallest(
            keep, shared.items(), key=lambda item: (-item[1] / (len(mine) + sizes[item[0]]), item[0])
        )
        result[pk] = [(by_pk[other], 2 * count / (len(mine) + sizes[other])) for other, count in best]
    return result


def suggestions(
    options: dict[int, list[tuple[Candidate, float]]], taken: Iterable[int] = ()
) -> dict[int, int]:
    """{new task pk: candidate pk}: the closest pairs first, each side used once, none below SUGGEST_AT.
    `taken`: candidates already carried on, suggested to no one."""
    pairs = sorted(
        ((score, pk, candidate.pk) for pk, scored in options.items() for candidate, score in scored),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )
    used = set(taken)
    chosen: dict[int, int] = {}
    for score, pk, candidate in pairs:
        if score < SUGGEST_AT:
            break
        if pk not in chosen and candidate not in used:
            chosen[pk] = candidate
            used.add(candidate)
    return chosen
