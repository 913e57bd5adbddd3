from django import template

from fuzhou_lle.ops.logs import current_request_id

register = template.Library()


@register.simple_tag
def request_id():
    """The current request's id. The 500 page is rendered without a request context (it must not depend on
    anything that may be what failed), so the id comes from the log's context instead."""
    return current_request_id()
