"""Who hears of what happens to the work plan's tasks, milestones and reports (found by the reminders,
fuzhou_lle.reminders.notifications)."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy

from fuzhou_lle.accounts.models import User
from fuzhou_lle.reminders.notifications import Notice


def report_author(report, event) -> Iterable[User]:
    return [report.author]


def milestone_proposer(milestone, event) -> Iterable[User]:
    return [milestone.proposed_by] if milestone.proposed_by else []


def task_responsible(task, event) -> Iterable[User]:
    return task.responsible_users()


def task_responsible_but_reporter(task, event) -> Iterable[User]:
    """The author of the closing report hears of it through report.accept, once."""
    return [user for user in task.responsible_users() if user.pk != task.closing_report.author_id]


NOTICES: dict[str, Notice] = {
    "report.accept": Notice(gettext_lazy("完成报告已采纳，任务已销号：%(target)s"), report_author),
    "report.return": Notice(gettext_lazy("完成报告被退回：%(target)s。原因：%(note)s"), report_author),
    "milestone.approve": Notice(gettext_lazy("时间节点建议已采纳：%(target)s"), milestone_proposer),
    "milestone.reject": Notice(gettext_lazy("时间节点建议未采纳：%(target)s"), milestone_proposer),
    "task.close": Notice(gettext_lazy("任务已销号：%(target)s"), task_responsible_but_reporter),
    "task.urge": Notice(
        gettext_lazy("催办：任务“%(target)s”%(note)s，请抓紧办理并报告进展。"), task_responsible, at_once=True
    ),
}
