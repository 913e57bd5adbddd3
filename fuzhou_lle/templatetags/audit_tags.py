"""One object's history, for any object page: {% load audit_tags %}{% object_events nomination %}."""

from urllib.parse import urlencode

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from fuzhou_lle.accounts.permissions import is_committee
from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.audit.views import event_rows

register = template.Library()

SHOWN = 20


@register.inclusion_tag("audit/includes/_object_events.html", takes_context=True)
def object_events(context, obj):
    """The object's latest events, for the committee only (others see nothing), with a link to all of them
    in the log."""
    if not is_committee(context["request"].user):
        return {"show": False}
    events = list(AuditEvent.objects.about(obj).order_by("-pk")[: SHOWN + 1])
    query = urlencode({"target_type": ContentType.objects.get_for_model(obj).pk, "target_id": obj.pk})
    return {
        "show": True,
        "rows": event_rows(events[:SHOWN]),
        "more": len(events) > SHOWN,
        "log_url": f"{reverse('audit_log')}?{query}",
    }
