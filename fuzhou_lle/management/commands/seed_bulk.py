"""Bulk data at city scale for measuring (`make bench`): never on a real server.

    python manage.py seed_bulk --offerings 100000 --tasks 1000 --nominations 5000

The demo (accounts, the 2015 plan, rounds, a timetable) first, then staff accounts for every unit and
district and reviewers, then each app's `bulk.py` adds its share in bulk_create batches. The same sizes and
--seed give the same data; dates are set around today so that statuses, deadlines and reminders show.
"""

import random
import time

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fuzhou_lle.accounts.models import Role, User
from fuzhou_lle.hooks import app_modules
from fuzhou_lle.units.models import Unit

BULK_PREFIX = "bulk_"
SURNAMES = "林陈黄郑王刘张吴李许杨蔡魏郭何施翁邱"
GIVEN = "伟英秀珍建华丽芳志强美玲德明晓燕国栋文斌淑华海"


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))


class Command(BaseCommand):
    help = "生成大批量的演示数据（开课安排、工作任务、推选申报），供性能测量使用，勿在生产环境运行。"

    def add_arguments(self, parser):
        parser.add_argument("--offerings", type=int, default=100_000)
        parser.add_argument("--tasks", type=int, default=1_000)
        parser.add_argument("--nominations", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=2015)

    def handle(self, *args, seed, **sizes):
        if User.objects.filter(username__startswith=BULK_PREFIX).exists():
            raise CommandError("批量数据已生成过：请在新建的数据库上运行。")
        started = time.perf_counter()
        call_command("load_demo", stdout=self.stdout)
        rng = random.Random(seed)
        self.staff_create(rng)
        for module in app_modules("bulk"):
            step = time.perf_counter()
            with transaction.atomic():
                module.seed(sizes=sizes, rng=rng, stdout=self.stdout)
            self.stdout.write(f"  {module.__name__}: {time.perf_counter() - step:.1f} s")
        self.stdout.write(self.style.SUCCESS(f"批量数据已生成：{time.perf_counter() - started:.0f} s"))

    @transaction.atomic
    def staff_create(self, rng):
        """Two liaisons for every unit and district committee, and forty reviewers: the people reminders
        and review assignments go to. One password hash for all (hashing is the slow part)."""
        password = make_password(None)
        users = []
        roles = {Unit.Kind.COMMITTEE_OFFICE: Role.COMMITTEE, Unit.Kind.DISTRICT_COMMITTEE: Role.DISTRICT}
        for unit in Unit.objects.order_by("pk"):
            users += [(unit, roles.get(unit.kind, Role.UNIT), n) for n in (1, 2)]
        reviewer_unit = Unit.objects.get(kind=Unit.Kind.COMMUNITY_UNIVERSITY)
        users += [(reviewer_unit, Role.REVIEWER, n) for n in range(1, 41)]
        created = User.objects.bulk_create(
            User(
                username=f"{BULK_PREFIX}{role}_{unit.pk}_{n}",
                password=password,
                name=person_name(rng),
                email=f"{BULK_PREFIX}{role}_{unit.pk}_{n}@example.com",
                unit=unit,
                # Half want the daily email, half the in-app list only: both delivery paths run.
                reminder_channel=User.ReminderChannel.EMAIL if n % 2 else User.ReminderChannel.IN_APP,
            )
            for unit, role, n in users
        )
        groups = {group.name: group for group in Group.objects.all()}
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=user.pk, group_id=groups[role].pk)
            for user, (_unit, role, _n) in zip(created, users, strict=True)
        )
        self.stdout.write(f"  账号 {len(created)} 个")
