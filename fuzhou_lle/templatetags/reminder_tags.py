from django import template

from ..reminder_services import reminders_for

register = template.Library()


@register.inclusion_tag("fuzhou_lle/includes/_reminded.html")
def reminded(target):
    """Who was reminded when about `target`: `{% load reminder_tags %}{% reminded milestone %}`."""
    return {"reminders": reminders_for(target)}
