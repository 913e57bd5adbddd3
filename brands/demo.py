"""Demo brand rounds: one open now (nominations from 鼓楼区 and 台江区 in several states) and one
published earlier, whose brands fill the public registry."""

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

from .models import Brand, BrandNomination, Round

CRITERIA = [("特色鲜明", 25), ("参与率高", 25), ("实际效果好", 30), ("受大众喜爱", 20)]

NOMINATIONS = [
    ("district", DRAFT, "三坊七巷非遗传习课堂", BrandNomination.Category.CULTURE),
    ("district", SUBMITTED, "书香鼓楼社区读书会", BrandNomination.Category.READING),
    ("district", ASSIGNED, "鼓楼“银龄e课堂”", BrandNomination.Category.ELDERLY),
    ("district2", RETURNED, "台江家长学校", BrandNomination.Category.FAMILY),
    ("district2", SCORED, "上下杭商埠文化讲堂", BrandNomination.Category.CULTURE),
]


@transaction.atomic
def load(stdout):
    if Round.objects.filter(year=2015, batch="第二批").exists():
        return
    round_ = open_round(
        Round,
        CRITERIA,
        kind=Round.Kind.COMMUNITY,
        year=2015,
        batch="第二批",
        title="2015年第二批市级社区教育品牌创建",
        call_text="着力打造一批有特色、参与率高、实际效果好、受大众喜爱的社区教育品牌。各县（市）区推荐不超过2个。",
    )
    for username, state, name, category in NOMINATIONS:
        nomination = BrandNomination(
            name=name,
            organiser="街道社区学校",
            category=category,
            year_started=2011,
            description=f"{name}面向社区居民常年开展学习活动，形成了固定的课程和志愿者队伍。",
            achievements="近三年累计开展活动一百余场，服务居民一万余人次。",
            participants_per_year=3500,
            contact_name="联络员",
            contact_phone="0591-88888888",
        )
        nomination_walk(round_, nomination, username=username, to=state)
    _published_round()
    stdout.write(
        f"  品牌：征集批次“{round_.title}”，推荐 {len(NOMINATIONS)} 个；品牌库 {Brand.objects.count()} 个"
    )


def _published_round():
    """The first batch, already decided, so that the registry has brands to show."""
    now = timezone.now()
    round_ = Round.objects.create(
        kind=Round.Kind.COMMUNITY,
        year=2014,
        batch="第一批",
        title="2014年第一批市级社区教育品牌",
        opens_at=now - timedelta(days=400),
        closes_at=now - timedelta(days=370),
        publicity_starts_on=timezone.localdate() - timedelta(days=340),
        publicity_ends_on=timezone.localdate() - timedelta(days=334),
        results_published_at=now - timedelta(days=330),
    )
    author = User.objects.get(username="committee")
    for code, name, summary in [
        ("gulou", "鼓楼区“坊巷大讲堂”", "依托三坊七巷开展闽都文化系列讲座，每月两场。"),
        ("taijiang", "台江区“智慧助老”课堂", "社区志愿者教老年人使用智能手机，每周开课。"),
    ]:
        nomination = BrandNomination.objects.create(
            round=round_,
            district=District.objects.get(code=code),
            created_by=author,
            status=Status.SELECTED,
            name=name,
            category=BrandNomination.Category.ELDERLY,
            description=summary,
            reward_amount=5000,
        )
        brand = Brand.objects.create(nomination=nomination, listed_on=round_.results_published_at.date())
        brand.inspections.create(due_on=timezone.localdate() + timedelta(days=5))
