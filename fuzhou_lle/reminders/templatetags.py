from django import template

from fuzhou_lle.reminders.sweep import reminders_for

register = template.Library()


@register.inclusion_tag("fuzhou_lle/includes/_reminded.html")
def reminded(targets):
    """Who was reminded when about an object or a list of them: `{% reminded round %}`,
    `{% reminded milestones %}`. One query; include it only on pages already scoped to the user."""
    return {"reminders": reminders_for(targets)}
