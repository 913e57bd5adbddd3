import datetime
from io import BytesIO

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from courses.importer import COLUMNS
from courses.models import Offering

from .factories import (
    CourseFactory,
    OfferingFactory,
    TeacherFactory,
    TeachingPointFactory,
    TermFactory,
    next_weekday,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def libraries(gulou, taijiang):
    term = TermFactory(name="2015年春季学期")
    return {
        "term": term,
        "point": TeachingPointFactory(name="温泉街道社区学校", district=gulou),
        "other_point": TeachingPointFactory(name="瀛洲街道社区学校", district=taijiang),
        "course": CourseFactory(title="太极拳入门"),
        "course2": CourseFactory(title="智能手机使用"),
        "teacher": TeacherFactory(name="林伟英"),
    }


def good_row(libraries, **changes):
    tuesday = next_weekday(libraries["term"].start, 2)
    row = {
        "课程名称": "太极拳入门",
        "教学点": "温泉街道社区学校",
        "学期": "2015年春季学期",
        "星期": "星期二",
        "开始时间": "9:00",
        "结束时间": datetime.time(10, 30),
        "首次上课日期": tuesday.isoformat(),
        "末次上课日期": datetime.datetime.combine(tuesday + datetime.timedelta(weeks=10), datetime.time()),
        "授课教师": "林伟英",
        "招生名额": 30,
        "剩余名额": "12",
        "每学期费用（元）": 0,
        "报名条件": "55 周岁以上",
        "报名方式": "现场报名",
    }
    row.update(changes)
    return row


def sheet(*rows):
    book = Workbook()
    book.active.append([heading for _name, heading in COLUMNS])
    for row in rows:
        book.active.append([row[heading] for _name, heading in COLUMNS])
    out = BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "课表.xlsx"
    return out


def upload(client, *rows):
    return client.post(reverse("courses:import"), {"sheet": sheet(*rows)})


def test_template_lists_the_columns_and_the_districts_points(client, district_user, libraries):
    client.force_login(district_user)
    response = client.get(reverse("courses:import_template"))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert [cell.value for cell in book["课表"][1]] == [heading for _name, heading in COLUMNS]
    names = [row[0] for row in book["可填写的名称"].iter_rows(min_row=2, values_only=True)]
    assert "温泉街道社区学校" in names and "瀛洲街道社区学校" not in names


def test_good_sheet_is_previewed_then_saved_on_confirm(client, district_user, libraries):
    client.force_login(district_user)
    row2 = good_row(libraries, 课程名称="智能手机使用", 星期="周四", 开始时间="14:30", 结束时间="16:00")
    row2["首次上课日期"] = next_weekday(libraries["term"].start, 4)
    response = upload(client, good_row(libraries), row2)
    html = response.content.decode()
    assert "检查通过，共 2 行" in html
    assert Offering.objects.count() == 0

    response = client.post(reverse("courses:import_confirm"))
    assert response.status_code == 302
    assert Offering.objects.count() == 2
    taichi = Offering.objects.get(course__title="太极拳入门")
    assert taichi.weekday == "2" and taichi.start_time == datetime.time(9, 0)
    assert taichi.teacher == libraries["teacher"] and taichi.seats_left == 12
    assert list(Offering.objects.search("太极")) == [taichi]  # imported rows are indexed


def test_same_sheet_uploaded_again_changes_nothing(client, district_user, libraries):
    client.force_login(district_user)
    upload(client, good_row(libraries))
    client.post(reverse("courses:import_confirm"))
    before = list(Offering.objects.values())
    upload(client, good_row(libraries))
    response = client.post(reverse("courses:import_confirm"), follow=True)
    assert "新增 0 条，更新 0 条，未变 1 条" in response.content.decode()
    assert list(Offering.objects.values()) == before


def test_changed_row_updates_the_same_offering(client, district_user, libraries):
    client.force_login(district_user)
    upload(client, good_row(libraries))
    client.post(reverse("courses:import_confirm"))
    upload(client, good_row(libraries, 剩余名额=3))
    response = client.post(reverse("courses:import_confirm"), follow=True)
    assert "新增 0 条，更新 1 条" in response.content.decode()
    assert Offering.objects.get().seats_left == 3


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"星期": "星期八"}, "星期", "无法识别星期“星期八”"),
        ({"结束时间": "8:00"}, "结束时间", "结束时间必须晚于开始时间"),
        ({"开始时间": "九点"}, "开始时间", "无法识别时间“九点”"),
        ({"教学点": "不存在的学校"}, "教学点", "本区没有名为“不存在的学校”的教学点"),
        ({"教学点": "瀛洲街道社区学校"}, "教学点", "不是本区的教学点"),
        ({"课程名称": "游泳"}, "课程名称", "课程库中没有“游泳”"),
        ({"授课教师": "张三"}, "授课教师", "师资库中没有教师“张三”"),
        ({"学期": "2099年学期"}, "学期", "没有名为“2099年学期”的学期"),
        ({"首次上课日期": "2015-02-30"}, "首次上课日期", "无法识别日期“2015-02-30”"),
        ({"末次上课日期": "2000-01-04"}, "末次上课日期", "末次上课日期不能早于首次上课日期"),
        ({"剩余名额": 31}, "剩余名额", "剩余名额不能多于招生名额"),
        ({"招生名额": "三十"}, "招生名额", "“三十”不是非负整数"),
        ({"课程名称": ""}, "课程名称", "不能为空"),
    ],
)
def test_bad_row_is_reported_by_row_and_column_and_nothing_is_saved(
    client, district_user, libraries, changes, column, message
):
    client.force_login(district_user)
    response = upload(client, good_row(libraries), good_row(libraries, **changes))
    html = response.content.decode()
    assert f"<td>3</td><td>{column}</td><td>" in html
    assert message in html
    assert "未保存任何内容" in html
    assert reverse("courses:import_confirm") not in html
    assert client.post(reverse("courses:import_confirm")).status_code == 302
    assert Offering.objects.count() == 0


def test_first_date_must_fall_on_the_weekday(client, district_user, libraries):
    client.force_login(district_user)
    wednesday = next_weekday(libraries["term"].start, 3)
    html = upload(client, good_row(libraries, 首次上课日期=wednesday)).content.decode()
    assert "<td>2</td><td>首次上课日期</td><td>首次上课日期不是星期二。</td>" in html


def test_duplicate_rows_are_reported(client, district_user, libraries):
    client.force_login(district_user)
    html = upload(client, good_row(libraries), good_row(libraries)).content.decode()
    assert "与第 2 行重复" in html


def test_sheet_without_the_template_columns_is_refused(client, district_user, libraries):
    client.force_login(district_user)
    book = Workbook()
    book.active.append(["课程", "时间"])
    out = BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "x.xlsx"
    html = client.post(reverse("courses:import"), {"sheet": out}).content.decode()
    assert "缺少这些列" in html


def test_a_file_that_is_not_a_workbook_is_refused(client, district_user, libraries):
    client.force_login(district_user)
    fake = BytesIO(b"not a spreadsheet")
    fake.name = "课表.xlsx"
    html = client.post(reverse("courses:import"), {"sheet": fake}).content.decode()
    assert "文件“课表.xlsx”的类型不受支持：只接受 XLSX 文件" in html


def test_other_district_cannot_import_into_gulou(client, other_district_user, libraries):
    client.force_login(other_district_user)
    html = upload(client, good_row(libraries)).content.decode()
    assert "“温泉街道社区学校”不是本区的教学点" in html


def test_existing_offerings_of_other_districts_are_never_touched(client, other_district_user, libraries):
    theirs = OfferingFactory(teaching_point=libraries["other_point"], term=libraries["term"])
    client.force_login(other_district_user)
    row = good_row(libraries, 教学点="瀛洲街道社区学校", 剩余名额=0)
    row["课程名称"] = theirs.course.title
    upload(client, row)
    client.post(reverse("courses:import_confirm"))
    theirs.refresh_from_db()
    assert theirs.seats_left == 0
    assert Offering.objects.count() == 1


def test_a_new_upload_replaces_the_sheet_waiting_for_confirmation(client, district_user, libraries):
    client.force_login(district_user)
    upload(client, good_row(libraries))
    first = client.session["courses_import_file"]
    upload(client, good_row(libraries, 剩余名额=5))
    assert not storages["private"].exists(first)
    client.post(reverse("courses:import_confirm"))
    assert Offering.objects.get().seats_left == 5
