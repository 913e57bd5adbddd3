"""Demo accounts, one per role. For demonstrations only: the passwords are in the README."""

from .models import District, Role, Unit, User
from .reference import COMMITTEE_OFFICE, district_committee_name
from .services import user_create

# (username, password, role, unit name, display name)
DEMO_USERS = [
    ("committee", "Committee#2015", Role.COMMITTEE, COMMITTEE_OFFICE, "林办公室"),
    ("unit", "Unit#2015", Role.UNIT, "市民政局", "陈联络员"),
    ("district", "District#2015", Role.DISTRICT, district_committee_name("鼓楼区"), "王鼓楼"),
    ("district2", "District#2015", Role.DISTRICT, district_committee_name("台江区"), "张台江"),
    ("reviewer", "Reviewer#2015", Role.REVIEWER, "市社区大学", "黄评审"),
]


def load(stdout):
    for username, password, role, unit_name, name in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user_create(
            username=username,
            password=password,
            role=role,
            unit=Unit.objects.get(name=unit_name),
            name=name,
            email=f"{username}@example.com",
        )
        stdout.write(f"  演示账号 {username} / {password}（{role.label}，{unit_name}）")
    stdout.write(f"  县（市）区 {District.objects.count()} 个，单位 {Unit.objects.count()} 个")
