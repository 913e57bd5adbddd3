"""The home and my-work panels of brands and awards, and their demo data."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from awards.models import StarNomination
from brands.models import Brand, BrandNomination
from fuzhou_lle.accounts.models import User
from fuzhou_lle.nominations.workflow import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(reference_units):
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())


def test_demo_has_an_open_round_of_each_kind_with_nominations_in_several_states(demo):
    for model in (BrandNomination, StarNomination):
        open_round = model.objects.filter(round__closes_at__isnull=False).exclude(status=Status.SELECTED)
        assert set(open_round.values_list("status", flat=True)) == {
            Status.DRAFT,
            Status.SUBMITTED,
            Status.RETURNED,
            Status.UNDER_REVIEW,
        }
        assert set(open_round.values_list("district__name", flat=True)) == {"鼓楼区", "台江区"}
    assert Brand.objects.listed().count() == 2


def test_demo_loads_twice_without_creating_anything_new(demo):
    counts = (BrandNomination.objects.count(), StarNomination.objects.count(), Brand.objects.count())
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    assert (BrandNomination.objects.count(), StarNomination.objects.count(), Brand.objects.count()) == counts


def test_home_links_to_the_registry_the_stars_and_open_rounds(client, demo):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("brands:registry")}"' in html
    assert f'href="{reverse("awards:stars")}"' in html
    assert "2015年第二批市级社区教育品牌创建" in html


@pytest.mark.parametrize(
    ("username", "expected", "absent"),
    [
        ("district", ["三坊七巷非遗传习课堂", "陈秀英", "正在征集"], ["台江家长学校", "待审核的报送"]),
        ("district2", ["台江家长学校", "请补充近一年活动的照片", "郑建国"], ["三坊七巷非遗传习课堂"]),
        ("reviewer", ["鼓楼“银龄e课堂”", "黄丽华", "待评分"], ["上下杭商埠文化讲堂", "三坊七巷非遗传习课堂"]),
        (
            "committee",
            ["待审核的报送", "书香鼓楼社区读书会", "林伟民", "评审中的批次"],
            ["三坊七巷非遗传习课堂"],
        ),
    ],
)
def test_my_work_shows_each_role_its_own_queue(client, demo, username, expected, absent):
    client.force_login(User.objects.get(username=username))
    html = client.get(reverse("my_work")).content.decode()
    for text in expected:
        assert text in html
    for text in absent:
        assert text not in html


def test_unit_liaison_has_no_nomination_panel(client, unit_user):
    client.force_login(unit_user)
    assert "品牌推荐" not in client.get(reverse("my_work")).content.decode()
