"""The committee's audit log: every recorded change, newest first, filtered, paged and exported; and the
rows one object's history shows (templatetags/audit_tags.py)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fuzhou_lle.accounts.permissions import is_committee, require
from fuzhou_lle.audit.filters import AuditEventFilter
from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.exports.services import Spreadsheet, export_response, exporter
from fuzhou_lle.files.spreadsheets import table_workbook
from fuzhou_lle.web.counting import count_up_to

PAGE_SIZE = 50
# Exports beyond this should be narrowed by the filters (and the backups keep the whole trail anyway).
EXPORT_LIMIT = 100_000


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str

    def __str__(self):
        return f"{self.field}：{self.before} → {self.after}"


@dataclass
class EventRow:
    event: AuditEvent
    object_type: str
    url: str = ""  # the object's page, when it has one and still exists
    changes: list[Change] = field(default_factory=list)


def _readable(value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return _("（空）")
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    if isinstance(value, list):
        return "、".join(_readable(item) for item in value)
    if isinstance(value, dict):
        return "；".join(f"{key}：{_readable(item)}" for key, item in value.items())
    return str(value)


def _field_label(model, name: str) -> str:
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    # A reverse relation (a nomination's evidence, say) has no verbose_name of its own: name its model.
    if field.is_relation and field.auto_created and not field.concrete:
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


def _changes(event: AuditEvent, model) -> list[Change]:
    return [
        Change(_field_label(model, name), _readable(pair[0]), _readable(pair[1]))
        if isinstance(pair, list | tuple) and len(pair) == 2
        else Change(_field_label(model, name), "", _readable(pair))
        for name, pair in event.changes.items()
    ]


def _type_label(model, content_type) -> str:
    return str(model._meta.verbose_name) if model else content_type.model


def _linked_objects(events) -> dict:
    """The events' objects that have a page, by (type id, id as text): one query per type."""
    wanted = defaultdict(set)
    for event in events:
        wanted[event.target_type_id].add(event.target_id)
    found = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None or not hasattr(model, "get_absolute_url"):
            continue
        pks = []
        for value in ids:
            try:
                pks.append(model._meta.pk.to_python(value))
            except ValidationError:
                continue
        for obj in model._default_manager.filter(pk__in=pks):
            found[(type_id, str(obj.pk))] = obj
    return found


def event_rows(events, *, links: bool = True) -> list[EventRow]:
    """Events as the log shows them: the object's kind in words, a link to it (unless `links` is false,
    as for the sheet), each change in words."""
    events = list(events)
    objects = _linked_objects(events) if links else {}
    rows = []
    for event in events:
        content_type = ContentType.objects.get_for_id(event.target_type_id)
        model = content_type.model_class()
        target = objects.get((event.target_type_id, event.target_id))
        rows.append(
            EventRow(
                event=event,
                object_type=_type_label(model, content_type),
                url=target.get_absolute_url() if target is not None else "",
                changes=_changes(event, model),
            )
        )
    return rows


def _id(value) -> int | None:
    # ASCII digits only: "²".isdigit() is true, and int() refuses it.
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 19 else None


def _page(events, query) -> dict:
    """One page of `events`, newest first, by keyset on the primary key: events are appended in time
    order, so the key orders them as their time does, and a deep page costs what the first does."""
    before, after = _id(query.get("before")), _id(query.get("after"))
    if after is not None:
        chunk = list(events.filter(pk__gt=after).order_by("pk")[: PAGE_SIZE + 1])
        has_newer, has_older = len(chunk) > PAGE_SIZE, True
        chunk = chunk[:PAGE_SIZE][::-1]
    else:
        if before is not None:
            events = events.filter(pk__lt=before)
        chunk = list(events.order_by("-pk")[: PAGE_SIZE + 1])
        has_newer, has_older = before is not None, len(chunk) > PAGE_SIZE
        chunk = chunk[:PAGE_SIZE]
    return {
        "rows": event_rows(chunk),
        "newer": chunk[0].pk if has_newer and chunk else None,
        "older": chunk[-1].pk if has_older and chunk else None,
    }


EXPORT_CHUNK = 2000


@exporter
def audit_export(params: dict, progress) -> Spreadsheet:
    """The log as a spreadsheet, newest first, at most EXPORT_LIMIT events: params hold the filter's
    query string. Read in chunks, so a long export never holds every event at once."""
    events = AuditEventFilter(QueryDict(params["query"]), queryset=AuditEvent.objects.all()).qs
    headers = [
        _("时间"),
        _("操作人"),
        _("操作"),
        _("操作代码"),
        _("对象类型"),
        _("对象"),
        _("变更"),
        _("说明"),
        _("来源地址"),
    ]

    def rows():
        chunk = []
        for event in events.order_by("-pk")[:EXPORT_LIMIT].iterator(chunk_size=EXPORT_CHUNK):
            chunk.append(event)
            if len(chunk) == EXPORT_CHUNK:
                yield from _export_rows(chunk)
                chunk = []
        yield from _export_rows(chunk)

    workbook = table_workbook(_("操作记录"), headers, rows(), progress=progress)
    return Spreadsheet(f"{_('操作记录')}.xlsx", workbook)


def _export_rows(events):
    for row in event_rows(events, links=False):
        yield [
            timezone.localtime(row.event.at).replace(tzinfo=None),
            row.event.actor_name,
            row.event.label,
            row.event.action,
            row.object_type,
            row.event.target_repr,
            "；".join(str(change) for change in row.changes),
            row.event.note,
            row.event.client_ip or "",
        ]


@login_required
def audit_log(request):
    require(request.user, is_committee, hidden=True)
    filtered = AuditEventFilter(request.GET or None, queryset=AuditEvent.objects.all())
    if request.GET.get("format") == "xlsx":
        query = request.GET.copy()
        query.pop("format")
        return export_response(
            request,
            audit_export,
            {"query": query.urlencode()},
            # Above the cap the count is an estimate; the sheet stops at the cap.
            rows=min(count_up_to(filtered.qs, EXPORT_LIMIT).value, EXPORT_LIMIT),
            title=_("操作记录"),
        )
    context = {"filter": filtered, "export_limit": EXPORT_LIMIT, **_page(filtered.qs, request.GET)}
    return render(request, "audit/auditevent_list.html", context)
