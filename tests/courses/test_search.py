import pytest
from django.db import connection

from courses import search
from courses.models import Offering
from courses.services import offering_save, searched_entry_save

from .factories import CourseFactory, OfferingFactory, TeacherFactory, TeachingPointFactory

pytestmark = pytest.mark.django_db


def test_bigrams_overlap_within_runs_and_split_at_punctuation():
    assert search.bigrams("太极拳入门") == ["太极", "极拳", "拳入", "入门"]
    assert search.bigrams("书法、国画 A") == ["书法", "国画", "a"]
    assert search.tsquery("太极拳") == "太极 & 极拳"
    assert search.tsquery("拳") == "拳"
    assert search.document(["太极拳"]) == "太极 极拳 太 极 拳"


@pytest.fixture
def timetable(reference_units):
    taichi = OfferingFactory(
        course=CourseFactory(title="太极拳入门", description="二十四式简化套路"),
        teacher=TeacherFactory(name="林伟英"),
        teaching_point=TeachingPointFactory(name="温泉街道社区学校", street="温泉街道"),
    )
    lianjiang = OfferingFactory(
        course=CourseFactory(title="茉莉花茶种植", description="花茶窨制"),
        teacher=TeacherFactory(name="李国栋"),
        teaching_point=TeachingPointFactory(name="濂江村成人文化技术学校", street="城门镇"),
    )
    # Holds 太极 and 极拳 but never 太极拳: the bigram index alone would match it.
    decoy = OfferingFactory(
        course=CourseFactory(title="太极与八极拳史话", description="武术文化"),
        teacher=TeacherFactory(name="王志强"),
        teaching_point=TeachingPointFactory(name="东街街道社区学校", street="东街街道"),
    )
    calligraphy = OfferingFactory(
        course=CourseFactory(title="书法入门", description="楷书"),
        teacher=TeacherFactory(name="黄建华"),
        teaching_point=TeachingPointFactory(name="南街街道社区学校", street="南街街道"),
    )
    return {"taichi": taichi, "lianjiang": lianjiang, "decoy": decoy, "calligraphy": calligraphy}


def found(query):
    return set(Offering.objects.search(query))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("太极", {"taichi", "decoy"}),
        ("太极拳", {"taichi"}),
        ("太极拳入门", {"taichi"}),
        ("濂江", {"lianjiang"}),
        ("伟英", {"taichi"}),
        ("城门镇", {"lianjiang"}),
        ("鼓楼", {"taichi", "lianjiang", "decoy", "calligraphy"}),
        ("太极 温泉", {"taichi"}),
        ("楷书", {"calligraphy"}),
        ("拳", {"taichi", "decoy"}),
        ("游泳", set()),
        ("极门", set()),
    ],
)
def test_keyword_finds_exactly_the_rows_holding_it(timetable, query, expected):
    assert found(query) == {timetable[name] for name in expected}


def test_renamed_course_is_found_by_its_new_name(timetable, committee_user):
    course = timetable["calligraphy"].course
    course.title = "行书研修"
    searched_entry_save(entry=course, user=committee_user)
    assert found("行书") == {timetable["calligraphy"]}
    assert found("书法") == set()


def test_new_teacher_name_reaches_the_index(timetable, committee_user):
    teacher = timetable["taichi"].teacher
    teacher.name = "陈秀珍"
    searched_entry_save(entry=teacher, user=committee_user)
    assert found("秀珍") == {timetable["taichi"]}


def test_offering_saved_at_another_point_is_found_there(timetable, committee_user):
    offering = timetable["calligraphy"]
    offering.teaching_point = timetable["lianjiang"].teaching_point
    offering_save(offering=offering, user=committee_user)
    assert found("濂江") == {timetable["lianjiang"], offering}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bigram index exists on PostgreSQL only")
def test_postgresql_searches_through_the_bigram_index(timetable):
    assert not Offering.objects.filter(search_vector__isnull=True).exists()
    sql = str(Offering.objects.search("太极").query)
    assert "to_tsquery" in sql and "LIKE" not in sql.upper()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'offering_search_gin'")
        assert "gin (search_vector)" in cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bigram index exists on PostgreSQL only")
def test_one_character_keyword_uses_the_index_not_a_scan(timetable):
    sql = str(Offering.objects.search("拳").query)
    assert "to_tsquery" in sql and "LIKE" not in sql.upper()
    assert set(Offering.objects.search("拳")) == {timetable["taichi"], timetable["decoy"]}


def test_every_substring_of_one_to_four_characters_finds_exactly_the_rows_holding_it(timetable):
    rows = Offering.objects.select_related("course", "teacher", "teaching_point__district")
    runs = {offering: search.runs(" ".join(offering.searched_texts())) for offering in rows}
    words = {
        run[i : i + n]
        for found in runs.values()
        for run in found
        for n in range(1, 5)
        for i in range(len(run) - n + 1)
    }
    assert len(words) > 100
    for word in sorted(words):
        expected = {offering for offering, found in runs.items() if any(word in run for run in found)}
        assert set(Offering.objects.search(word)) == expected, word
