"""Star reminders: the shared nomination rules, registered for Star rounds."""

from datetime import date

from fuzhou_lle.nominations import reminders as shared
from fuzhou_lle.reminders.rules import register

from .models import Assignment, Round


@register
def star_rounds_closing(today: date):
    return shared.rounds_closing(today, Round, rule="star_rounds_closing")


@register
def star_publicity_ending(today: date):
    return shared.publicity_ending(today, Round, rule="star_publicity_ending")


@register
def star_reviews_due(today: date):
    return shared.assignments_due(today, Assignment, rule="star_reviews_due")
