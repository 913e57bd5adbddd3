"""The course guide at city scale for `seed_bulk`: teachers and teaching points enough that names are rare,
and a term of generated offerings of the demo's courses, searchable (vectors rebuilt in batches)."""

import datetime
import itertools

from django.utils import timezone

from fuzhou_lle.units.models import District

from . import demo
from .models import Course, Offering, Teacher, TeachingPoint, Term

TERM = "批量数据学期"
SURNAMES = "林陈黄郑王刘张吴李许杨蔡魏郭何施翁邱"
GIVEN = "伟英秀珍建华丽芳志强美玲德明晓燕国栋文斌淑华海"
POINT_KINDS = ["社区学校", "老年学校", "社区教育中心", "成人文化技术学校", "市民学习点"]


def seed(*, sizes, rng, stdout):
    size = sizes["offerings"]
    today = timezone.localdate()
    term = Term.objects.create(
        name=TERM, start=today - datetime.timedelta(days=30), end=today + datetime.timedelta(days=150)
    )
    teachers = Teacher.objects.bulk_create(
        Teacher(name=rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)), affiliation="社区学校", notes=TERM)
        for _ in range(2000)
    )
    districts = list(District.objects.order_by("order"))
    points = TeachingPoint.objects.bulk_create(
        TeachingPoint(
            name=f"{street}{rng.choice(POINT_KINDS)}{n}",
            district=district,
            street=street,
            address=f"{district.name}{street}{rng.choice(demo.ROADS)}{rng.randint(1, 300)}号",
        )
        for n, (district, street) in enumerate(
            (district, rng.choice(demo.STREETS[district.name]))
            for district in itertools.islice(itertools.cycle(districts), 650)
        )
    )
    points += list(TeachingPoint.objects.exclude(pk__in=[point.pk for point in points]))
    courses = list(Course.objects.order_by("pk"))
    slots = list(itertools.product("1234567", range(7, 21), (0, 30)))
    rows, seen = [], set()
    while len(rows) < size:
        point, course = rng.choice(points), rng.choice(courses)
        weekday, hour, minute = rng.choice(slots)
        key = (point.pk, course.pk, weekday, hour, minute)
        if key in seen:
            continue
        seen.add(key)
        first = term.start + datetime.timedelta(days=(int(weekday) - term.start.isoweekday()) % 7)
        seats = rng.choice([20, 30, 40])
        rows.append(
            Offering(
                course=course,
                teaching_point=point,
                term=term,
                weekday=weekday,
                start_time=datetime.time(hour, minute),
                end_time=datetime.time(hour + 1, minute),
                first_date=first,
                last_date=first + datetime.timedelta(weeks=20),
                teacher=rng.choice(teachers),
                seats=seats,
                seats_left=rng.randint(0, seats),
                fee=rng.choice([0, 0, 0, 100]),
            )
        )
    Offering.objects.bulk_create(rows, batch_size=5000)
    Offering.objects.filter(term=term).reindex(batch_size=5000)
    stdout.write(f"  开课安排 {size} 个，教学点 {len(points)} 个，教师 {len(teachers)} 位")
