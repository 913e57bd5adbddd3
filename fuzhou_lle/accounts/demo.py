"""Demo accounts, one per role. For demonstrations only: the passwords and the second factor's key are in the
README."""

from base64 import b32decode

from django_otp.plugins.otp_totp.models import TOTPDevice

from fuzhou_lle.accounts.models import Role, User
from fuzhou_lle.accounts.otp import DEVICE_NAME, second_factor_required
from fuzhou_lle.accounts.services import user_create
from fuzhou_lle.units.models import District, Unit
from fuzhou_lle.units.reference import COMMITTEE_OFFICE, district_committee_name

# (username, password, role, unit name, display name)
DEMO_USERS = [
    ("committee", "Committee#2015", Role.COMMITTEE, COMMITTEE_OFFICE, "林办公室"),
    ("unit", "Unit#2015", Role.UNIT, "市民政局", "陈联络员"),
    ("district", "District#2015", Role.DISTRICT, district_committee_name("鼓楼区"), "王鼓楼"),
    ("district2", "District#2015", Role.DISTRICT, district_committee_name("台江区"), "张台江"),
    ("reviewer", "Reviewer#2015", Role.REVIEWER, "市社区大学", "黄评审"),
]

# The authenticator key of every demo account that needs a second factor (committee, reviewer), so that a
# person trying the portal can add it to an app once: base32, as apps ask for it.
DEMO_TOTP_SECRET = "FUZHOULLEDEMOKEYFORTRYINGITOUT23"


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
    for user in User.objects.filter(username__in=[username for username, *_ in DEMO_USERS]):
        if second_factor_required(user) and not TOTPDevice.objects.filter(user=user).exists():
            TOTPDevice.objects.create(
                user=user, name=DEVICE_NAME, confirmed=True, key=b32decode(DEMO_TOTP_SECRET).hex()
            )
            stdout.write(f"  演示账号 {user.username} 已开启两步验证，验证器密钥 {DEMO_TOTP_SECRET}")
    stdout.write(f"  县（市）区 {District.objects.count()} 个，单位 {Unit.objects.count()} 个")
