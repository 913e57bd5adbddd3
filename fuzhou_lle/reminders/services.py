"""Writes on how reminders reach people."""

from django.db import transaction
from django.utils.translation import gettext_lazy

from fuzhou_lle.accounts.models import User
from fuzhou_lle.audit.record import audited


@transaction.atomic
def reminder_channel_set(*, user: User, channel: str) -> User:
    """A person chooses how reminders reach them (their own account only: the view passes request.user)."""
    with audited(
        user,
        "reminder_channel",
        actor=user,
        action="user.update",
        label=gettext_lazy("修改提醒方式"),
        # From the stored row: a bound ModelForm may already have set the new value on `user`.
        before=User.objects.select_for_update().get(pk=user.pk),
        only_changes=True,
    ):
        user.reminder_channel = channel
        user.full_clean(validate_unique=False)
        user.save(update_fields=["reminder_channel"])
    return user
