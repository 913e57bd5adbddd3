"""Demo Star round, open now, with nominations from 鼓楼区 and 台江区 in several states, and one
published Star so the public list is not empty."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fuzhou_lle.accounts.models import User
from fuzhou_lle.nominations.demo import (
    ASSIGNED,
    DRAFT,
    RETURNED,
    SCORED,
    SUBMITTED,
    nomination_walk,
    open_round,
)
from fuzhou_lle.nominations.workflow import Status
from fuzhou_lle.units.models import District

from .models import Round, StarNomination

CRITERIA = [("学习精神", 40), ("学习成果", 30), ("示范带动", 30)]

NOMINATIONS = [
    ("district", DRAFT, "陈秀英", "退休纺织工人"),
    ("district", SUBMITTED, "林伟民", "社区老年大学学员"),
    ("district", ASSIGNED, "黄丽华", "社区卫生服务中心护士"),
    ("district2", RETURNED, "郑建国", "个体工商户"),
    ("district2", SCORED, "吴晓梅", "快递员"),
]


@transaction.atomic
def load(stdout):
    if Round.objects.filter(year=2015).exists():
        return
    round_ = open_round(
        Round,
        CRITERIA,
        year=2015,
        batch="第一届",
        title="2015年福州市“终身学习之星”推选",
        call_text="推选一批在终身学习中成绩突出、带动身边人共同学习的普通市民。各县（市）区推荐不超过2名。",
    )
    for username, state, person_name, occupation in NOMINATIONS:
        nomination = StarNomination(
            person_name=person_name,
            gender=StarNomination.Gender.FEMALE,
            birth_year=1958,
            occupation=occupation,
            deeds=f"{person_name}坚持业余学习多年，在社区学校担任志愿者，带动邻里共同学习。",
            learning_achievements="取得社区大学结业证书，作品多次参加市级展示。",
            publication_consent=True,
        )
        nomination_walk(round_, nomination, username=username, to=state)
    _published_star()
    stdout.write(f"  终身学习之星：推选批次“{round_.title}”，推荐 {len(NOMINATIONS)} 人")


def _published_star():
    now = timezone.now()
    round_ = Round.objects.create(
        year=2014,
        batch="第一届",
        title="2014年福州市“终身学习之星”推选",
        opens_at=now - timedelta(days=400),
        closes_at=now - timedelta(days=370),
        results_published_at=now - timedelta(days=330),
    )
    StarNomination.objects.create(
        round=round_,
        district=District.objects.get(code="gulou"),
        created_by=User.objects.get(username="committee"),
        status=Status.SELECTED,
        person_name="王淑芬",
        deeds="七十岁开始学习电脑，如今在社区教老人上网，累计培训三百余人次。",
        publication_consent=True,
        reward_amount=2000,
    )
