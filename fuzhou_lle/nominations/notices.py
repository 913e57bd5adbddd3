"""Who hears of what happens to a nomination, for every nomination kind: each kind's app passes this table
on as its own `notices.NOTICES`, where the reminders find it (fuzhou_lle.reminders.notifications)."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy

from fuzhou_lle.accounts.models import Role, User
from fuzhou_lle.reminders.notifications import Notice
from fuzhou_lle.units.models import Unit


def district_users(nomination, event) -> Iterable[User]:
    """The district users of the nomination's district committee."""
    return User.objects.filter(
        is_active=True,
        groups__name=Role.DISTRICT,
        unit__kind=Unit.Kind.DISTRICT_COMMITTEE,
        unit__district=nomination.district_id,
    )


def assigned_reviewer(nomination, event) -> Iterable[User]:
    return User.objects.filter(pk=event.changes["reviewer_id"][1])


NOTICES: dict[str, Notice] = {
    "nomination.return": Notice(gettext_lazy("“%(target)s”被退回修改，原因：%(note)s"), district_users),
    "nomination.accept": Notice(gettext_lazy("“%(target)s”已通过审核，进入评审。"), district_users),
    "nomination.shortlist": Notice(gettext_lazy("“%(target)s”已入围。"), district_users),
    "nomination.select": Notice(gettext_lazy("“%(target)s”已入选。"), district_users),
    "nomination.not_select": Notice(gettext_lazy("“%(target)s”未入选。"), district_users),
    "nomination.assign": Notice(gettext_lazy("请评审“%(target)s”。"), assigned_reviewer),
}
