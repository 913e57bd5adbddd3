"""Star reminders: the rules every nomination kind has, registered for Star rounds."""

from .kind import KIT

star_rounds_closing, star_publicity_ending, star_reviews_due = KIT.reminder_rules()
