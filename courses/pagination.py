"""Keyset pagination for the guide: a page starts after (or ends before) the row the cursor names, so
page 500 costs what page 1 costs, where OFFSET would read and skip every earlier row."""

import base64
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q


@dataclass
class KeysetPage:
    rows: list
    next_cursor: str | None
    previous_cursor: str | None


def _encode(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode().rstrip("=")


def _decode(cursor: str, model, names) -> list | None:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        fields = [model._meta.get_field(name) for name in names]
        values = [field.to_python(value) for field, value in zip(fields, raw, strict=True)]
    except (ValueError, TypeError, ValidationError):
        # A cursor edited by hand starts the listing again from the top.
        return None
    # Text holding NUL cannot be compared in PostgreSQL: only a forged cursor has one.
    return None if any(isinstance(value, str) and "\x00" in value for value in values) else values


def _beyond(names, descending, values, forward) -> Q:
    """Rows after (forward) or before the row with `values` in this ordering."""
    condition = Q()
    for i, name in enumerate(names):
        lookup = "lt" if descending[i] == forward else "gt"
        step = Q(**{f"{name}__{lookup}": values[i]})
        step &= Q(**{names[j]: values[j] for j in range(i)})
        condition |= step
    return condition


def cursor_for(row, ordering) -> str:
    """The cursor of the page that starts after `row`."""
    return _encode([getattr(row, field.lstrip("-")) for field in ordering])


def keyset_page(queryset, ordering, *, after=None, before=None, size=20) -> KeysetPage:
    """One page of `queryset` in `ordering` (field names, "-" for descending, ending in a unique field)."""
    names = [field.lstrip("-") for field in ordering]
    descending = [field.startswith("-") for field in ordering]
    model = queryset.model
    forward = before is None
    cursor = _decode(after if forward else before, model, names) if (after or before) else None
    if cursor is not None:
        queryset = queryset.filter(_beyond(names, descending, cursor, forward))
    if forward:
        rows = list(queryset.order_by(*ordering)[: size + 1])
        more, rows = len(rows) > size, rows[:size]
        has_next, has_previous = more, cursor is not None
    else:
        reverse = [name if desc else f"-{name}" for name, desc in zip(names, descending, strict=True)]
        rows = list(queryset.order_by(*reverse)[: size + 1])
        more, rows = len(rows) > size, rows[:size][::-1]
        has_next, has_previous = cursor is not None, more
    key = [[getattr(row, name) for name in names] for row in rows[:1] + rows[-1:]] if rows else []
    return KeysetPage(
        rows=rows,
        next_cursor=_encode(key[-1]) if has_next and rows else None,
        previous_cursor=_encode(key[0]) if has_previous and rows else None,
    )
