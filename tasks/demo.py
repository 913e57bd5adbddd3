"""Demo data: the 2015 plan, with milestones set around today so every status shows, and a few
reports by the demo liaison of 市民政局 (user `unit`)."""

from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from fuzhou_lle.accounts.models import User

from .models import Milestone, Task, WorkPlan
from .notice import parse_file
from .services import (
    milestone_create,
    progress_report_create,
    report_accept,
    workplan_import,
    workplan_publish,
)

NOTICE = Path(__file__).resolve().parent / "data" / "2015-fuzhou-lifelong-education-workplan.txt"

# task title: [(milestone, days from today, done days from today or None)]
MILESTONES = {
    "完善终身教育运行机制": [("召开成员单位联席会议", -40, -42), ("印发年度任务分工方案", 20, None)],
    "加强终身教育队伍建设": [
        ("举办社区（成人）教育专职干部骨干培训班", -10, None),
        ("举办社区工作者岗位培训班", 3, None),
    ],
    "深化城乡社区教育工作": [("建成社区教育课程库、师资库和教材库", 5, None)],
    "推动学习型组织创建工作": [("制定学习型组织评估标准", -25, -26)],
    "加快推进老年教育发展": [("成立首批社区老年学校", -5, None)],
    "加强终身教育学习平台建设": [("各成员单位开通学习平台专栏", -30, -31)],
}
REPORTS = [
    ("加强终身教育队伍建设", "progress", "已完成骨干培训班方案，报名126人，定于下周开班。", 40),
    ("深化城乡社区教育工作", "progress", "各区社区学校已上报课程312门，正在汇编课表指南。", 60),
    ("完善终身教育运行机制", "support", "已指定联络员，按时报送社区教育工作信息。", 100),
    ("加强终身教育学习平台建设", "completion", "民政系统学习平台专栏已上线运行，附截图。", 100),
]


@transaction.atomic
def load(stdout):
    if WorkPlan.objects.filter(year=2015).exists():
        stdout.write("  工作要点：2015年工作要点已存在，跳过")
        return
    today = timezone.localdate()
    plan, _summary = workplan_import(
        parsed=parse_file(NOTICE.read_bytes(), NOTICE.name), source_name=NOTICE.name
    )
    plan = workplan_publish(plan=plan, user=None)
    # The notice's own deadline (31 December 2015) would make every task red today; the demo plan runs
    # to the end of this year so that its milestones decide the colours.
    plan.tasks.update(due_on=date(today.year, 12, 31))
    tasks = {task.title: task for task in Task.objects.filter(plan=plan).prefetch_related("task_units__unit")}
    committee = User.objects.get(username="committee")
    for title, milestones in MILESTONES.items():
        for name, due, done in milestones:
            milestone_create(
                task=tasks[title],
                user=committee,
                title=name,
                due_on=today + timedelta(days=due),
                done_on=None if done is None else today + timedelta(days=done),
            )
    liaison = User.objects.get(username="unit")
    for title, kind, text, percent in REPORTS:
        report = progress_report_create(
            task=tasks[title], user=liaison, kind=kind, text=text, percent=percent
        )
    # The last report asks to close its task; the committee has accepted it.
    report_accept(report=report, user=committee, on=today)
    milestone_create(
        task=tasks["加强终身教育队伍建设"],
        user=liaison,
        title="开展培训效果评估",
        due_on=today + timedelta(days=45),
    )
    stdout.write(f"  工作要点：{plan.title}，{len(tasks)} 项任务，{Milestone.objects.count()} 个时间节点")
