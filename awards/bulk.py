"""Star rounds at city scale for `seed_bulk`: the other half of the nominations asked for."""

from fuzhou_lle.nominations.bulk import rounds_seed

from . import models

SURNAMES = "林陈黄郑王刘张吴李许杨蔡魏郭何施翁邱"
GIVEN = "伟英秀珍建华丽芳志强美玲德明晓燕国栋文斌淑华海"
OCCUPATIONS = ["退休教师", "社区志愿者", "企业职工", "个体工商户", "农民", "社区工作者"]


def _fields(rng, n):
    return {
        "person_name": rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)),
        "gender": rng.choice(models.StarNomination.Gender.values),
        "birth_year": rng.randint(1940, 1995),
        "occupation": rng.choice(OCCUPATIONS),
        "deeds": "坚持参加社区学校学习多年，带动邻里共同学习，组织读书会和技能培训。",
        "publication_consent": True,
    }


def seed(*, sizes, rng, stdout):
    count = sizes["nominations"] // 2
    rounds_seed(
        models,
        models.StarNomination,
        count,
        rng=rng,
        nomination_fields=_fields,
        kind=models.Round.Kind.STAR,
        title="终身学习之星推选（批量第{batch}批）",
    )
    stdout.write(f"  之星推荐 {count} 个")
