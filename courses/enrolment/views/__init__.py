def number(raw: str | None) -> int:
    """An id from a form or query: 0 (found nowhere) for anything but plain ASCII digits ("²" is a digit to
    str.isdigit, not to int)."""
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) < 19 else 0
