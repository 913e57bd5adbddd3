"""A year's plan at city scale for `seed_bulk`: sections, tasks with lead and supporting units, ten
milestones a task around today (some done, some overdue, many due soon) and progress reports."""

from datetime import timedelta

from django.utils import timezone

from fuzhou_lle.accounts.models import User
from fuzhou_lle.units.models import Unit

from .models import Milestone, ProgressReport, Section, Task, TaskUnit, WorkPlan

SECTIONS = ["推进终身教育体制机制建设", "推进社区教育内涵发展", "推进学习型城市建设", "加强终身教育保障"]
VERBS = ["完善", "推进", "加强", "深化", "组织开展", "举办", "建设", "推动"]
THINGS = [
    "社区教育课程库建设",
    "老年教育服务网络",
    "学习型组织创建",
    "市民终身学习卡推广",
    "社区学校标准化建设",
    "新型职业农民培训",
    "全民终身学习活动周",
    "终身教育学分银行试点",
    "数字化学习平台",
    "社区教育志愿者队伍",
]
STEPS = [
    "制定工作方案",
    "召开部署会议",
    "完成摸底调查",
    "组织培训",
    "开展中期检查",
    "报送进展情况",
    "总结验收",
]
MILESTONES_PER_TASK = 10


def seed(*, sizes, rng, stdout):
    today = timezone.localdate()
    # Published, as a city's plan in use is: its tasks are on /plan/ and in the units' lists.
    plan = WorkPlan.objects.create(
        year=today.year,
        title=f"{today.year}年福州市终身教育工作要点",
        issuer="福州市终身教育促进委员会",
        published_at=timezone.now(),
    )
    sections = Section.objects.bulk_create(
        Section(plan=plan, title=title, order=order) for order, title in enumerate(SECTIONS, start=1)
    )
    tasks = Task.objects.bulk_create(
        Task(
            plan=plan,
            section=sections[n % len(sections)],
            title=f"{rng.choice(VERBS)}{rng.choice(THINGS)}（{n + 1}）",
            text="按照年度工作要点要求，细化分工，明确时限，确保按期完成。",
            order=n + 1,
            due_on=today.replace(month=12, day=31),
        )
        for n in range(sizes["tasks"])
    )
    members = list(Unit.objects.members().order_by("pk"))
    links, leads = [], {}
    for task in tasks:
        picked = rng.sample(members, 4)
        leads[task.pk] = picked[0]
        links += [TaskUnit(task=task, unit=picked[0], role=TaskUnit.Role.LEAD, order=1)]
        links += [
            TaskUnit(task=task, unit=unit, role=TaskUnit.Role.SUPPORT, order=n)
            for n, unit in enumerate(picked[1:])
        ]
    TaskUnit.objects.bulk_create(links)
    milestones = []
    for task in tasks:
        for n in range(MILESTONES_PER_TASK):
            due = today + timedelta(days=rng.randint(-45, 75))
            done = due - timedelta(days=rng.randint(0, 5)) if due < today and rng.random() < 0.6 else None
            milestones.append(
                Milestone(task=task, title=f"{rng.choice(STEPS)}（第{n + 1}阶段）", due_on=due, done_on=done)
            )
    Milestone.objects.bulk_create(milestones, batch_size=5000)
    authors = {user.unit_id: user for user in User.objects.filter(unit__in=members).order_by("-pk")}
    ProgressReport.objects.bulk_create(
        ProgressReport(
            task=task,
            unit=leads[task.pk],
            author=authors[leads[task.pk].pk],
            kind=ProgressReport.Kind.PROGRESS,
            text=f"已{rng.choice(STEPS)}，正在按计划推进。",
            percent=rng.choice([20, 40, 60, 80]),
        )
        for task in tasks
        if leads[task.pk].pk in authors
    )
    # One task in ten is closed (销号) on its lead unit's completion report.
    closed = [task for task in tasks[::10] if leads[task.pk].pk in authors]
    reports = ProgressReport.objects.bulk_create(
        ProgressReport(
            task=task,
            unit=leads[task.pk],
            author=authors[leads[task.pk].pk],
            kind=ProgressReport.Kind.COMPLETION,
            text="各项工作已全部完成，申请销号。",
            percent=100,
        )
        for task in closed
    )
    for task, report in zip(closed, reports, strict=True):
        task.closed_on, task.closing_report = today - timedelta(days=rng.randint(1, 60)), report
    Task.objects.bulk_update(closed, ["closed_on", "closing_report"])
    stdout.write(f"  工作任务 {len(tasks)} 项，时间节点 {len(milestones)} 个")
