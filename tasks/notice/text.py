"""Plain-text helpers every stage of the notice reader shares, and the error every stage raises."""

import opencc

_t2s = opencc.OpenCC("t2s")

SENTENCE_ENDS = "。；;！!？?"
OPENING, CLOSING = "(（", ")）"


class NoticeError(ValueError):
    """The file cannot be read as a work-plan notice. The message is for the person who uploaded it."""


def simplified(text: str) -> str:
    """The text in simplified characters: a notice typed in traditional characters reads like any other."""
    converted: str = _t2s.convert(text)
    return converted


def clean(line: str) -> str:
    """A line without the ideographic and no-break spaces and byte-order marks Word and Notepad leave."""
    return line.replace("\u3000", " ").replace("\ufeff", "").replace("\xa0", " ").strip()


def matching_open(text: str, close_index: int) -> int | None:
    """The index of the bracket that opens the one closing at close_index, or None."""
    depth = 0
    for index in range(close_index, -1, -1):
        if text[index] in CLOSING:
            depth += 1
        elif text[index] in OPENING:
            depth -= 1
            if depth == 0:
                return index
    return None


def split_outside(text: str, separators: str) -> list[str]:
    """`text` split at any of `separators` that is not inside brackets."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(depth - 1, 0)
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts
