"""Brand rounds at city scale for `seed_bulk`: half of the nominations asked for."""

from fuzhou_lle.nominations.bulk import rounds_seed

from . import models

PLACES = ["三坊七巷", "上下杭", "烟台山", "鼓山", "闽江", "乌山", "西湖", "马尾船政", "濂江", "琅岐"]
THEMES = ["读书会", "银龄课堂", "家长学校", "非遗传习所", "科普讲堂", "市民学堂", "职工书屋", "茉莉花茶学堂"]


def _fields(rng, n):
    name = f"{rng.choice(PLACES)}{rng.choice(THEMES)}（{n + 1}）"
    return {
        "name": name,
        "organiser": "街道社区学校",
        "category": rng.choice(models.BrandNomination.Category.values),
        "year_started": rng.randint(2005, 2014),
        "description": f"{name}面向社区居民常年开展学习活动，形成了固定的课程和志愿者队伍。",
        "participants_per_year": rng.randint(500, 20000),
    }


def seed(*, sizes, rng, stdout):
    count = sizes["nominations"] - sizes["nominations"] // 2
    rounds_seed(
        models,
        models.BrandNomination,
        count,
        rng=rng,
        nomination_fields=_fields,
        kind=models.Round.Kind.COMMUNITY,
        title="社区教育品牌创建（批量第{batch}批）",
    )
    stdout.write(f"  品牌推荐 {count} 个")
