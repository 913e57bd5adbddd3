import datetime

import factory
from django.utils import timezone

from fuzhou_lle.units.models import Unit
from tasks.models import Milestone, ProgressReport, Section, Task, TaskUnit, WorkPlan
from tests.factories import UnitFactory, UserFactory


class WorkPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkPlan
        django_get_or_create = ["year"]

    year = 2026
    title = factory.LazyAttribute(lambda o: f"{o.year}年福州市终身教育工作要点")
    issuer = "福州市终身教育促进委员会"
    # Published: what most tests need; a draft is made with published_at=None.
    published_at = factory.LazyFunction(timezone.now)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(WorkPlanFactory)
    title = factory.Sequence(lambda n: f"第{n}部分")
    order = factory.Sequence(lambda n: n)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task
        skip_postgeneration_save = True

    section = factory.SubFactory(SectionFactory)
    plan = factory.SelfAttribute("section.plan")
    title = factory.Sequence(lambda n: f"任务{n}")
    text = factory.LazyAttribute(lambda o: f"{o.title}。具体内容。")
    order = factory.Sequence(lambda n: n)
    due_on = factory.LazyAttribute(lambda o: datetime.date(o.plan.year, 12, 31))

    @factory.post_generation
    def leads(self, create, extracted, **kwargs):
        for order, unit in enumerate(extracted or [], start=1):
            TaskUnit.objects.create(task=self, unit=unit, role=TaskUnit.Role.LEAD, order=order)

    @factory.post_generation
    def supports(self, create, extracted, **kwargs):
        for order, unit in enumerate(extracted or [], start=1):
            TaskUnit.objects.create(task=self, unit=unit, role=TaskUnit.Role.SUPPORT, order=order)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    task = factory.SubFactory(TaskFactory)
    title = factory.Sequence(lambda n: f"节点{n}")
    due_on = datetime.date(2026, 6, 30)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    task = factory.SubFactory(TaskFactory)
    unit = factory.SubFactory(UnitFactory, kind=Unit.Kind.MEMBER)
    author = factory.SubFactory(UserFactory, unit=factory.SelfAttribute("..unit"))
    text = "已召开专题会议部署。"
    percent = 30
