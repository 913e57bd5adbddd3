"""Time the guide's search and paging on PostgreSQL with a large timetable. A measurement, not a test.

    DATABASE_URL=postgres://… DJANGO_DEBUG=1 python manage.py bench_guide --offerings 100000

It adds the demo libraries, extra teachers and teaching points so that names are rare, and a benchmark
term of generated offerings; the benchmark term and what it added are removed afterwards unless --keep.
"""

import datetime
import itertools
import random
import statistics
import time
from io import StringIO

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from courses import demo
from courses.models import Course, Offering, Teacher, TeachingPoint, Term
from courses.pagination import cursor_for, keyset_page
from fuzhou_lle.models import District
from fuzhou_lle.services import reference_units_ensure

TERM = "性能测试学期"
SURNAMES = "林陈黄郑王刘张吴李许杨蔡魏郭何施翁邱"
GIVEN = "伟英秀珍建华丽芳志强美玲德明晓燕国栋文斌淑华海"
QUERIES = ["太极", "太极拳入门", "书法", "濂江", "伟英", "温泉街道", "拳", "鼓楼 合唱"]


def _ms(run, repeat=5):
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


class Command(BaseCommand):
    help = "在 PostgreSQL 上生成大量开课安排，测量课表指南的检索与翻页耗时（不是测试）。"

    def add_arguments(self, parser):
        parser.add_argument("--offerings", type=int, default=100_000)
        parser.add_argument("--keep", action="store_true", help="保留生成的数据")

    def handle(self, *args, offerings, keep, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_guide 只在 PostgreSQL 上有意义：请设置 DATABASE_URL=postgres://…")
        reference_units_ensure()
        demo.load(StringIO())
        try:
            self.generate(offerings)
            self.measure()
        finally:
            if not keep:
                self.clean_up()

    @transaction.atomic
    def generate(self, size):
        rng = random.Random(100_000)
        term, _ = Term.objects.get_or_create(
            name=TERM,
            defaults={
                "start": datetime.date.today(),
                "end": datetime.date.today() + datetime.timedelta(days=180),
            },
        )
        teachers = Teacher.objects.bulk_create(
            Teacher(
                name=rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)), affiliation="性能测试", notes=TERM
            )
            for _ in range(2000)
        )
        districts = list(District.objects.all())
        streets = {d.pk: demo.STREETS[d.name] for d in districts}
        points = TeachingPoint.objects.bulk_create(
            TeachingPoint(
                name=f"{TERM}教学点{n}",
                district=d,
                street=rng.choice(streets[d.pk]),
                address="测试地址",
            )
            for n, d in enumerate(rng.choice(districts) for _ in range(600))
        )
        points += list(TeachingPoint.objects.exclude(name__startswith=TERM))
        courses = list(Course.objects.filter(title__in=[title for title, *_rest in demo.COURSES]))
        slots = list(itertools.product("1234567", range(7, 21), (0, 30)))
        started = time.perf_counter()
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
                    last_date=first + datetime.timedelta(weeks=16),
                    teacher=rng.choice(teachers),
                    seats=seats,
                    seats_left=rng.randint(0, seats),
                    fee=rng.choice([0, 0, 0, 100]),
                )
            )
        Offering.objects.bulk_create(rows, batch_size=5000)
        self.stdout.write(f"生成 {size} 个开课安排：{time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        Offering.objects.filter(term=term).reindex(batch_size=5000)
        self.stdout.write(f"建立检索向量：{time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def measure(self):
        public = Offering.objects.public().for_listing()
        total = public.count()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_relation_size('offering_search_gin'))")
            self.stdout.write(f"公开开课安排 {total} 个；二元组 GIN 索引大小 {cursor.fetchone()[0]}")
        self.stdout.write("关键词            命中    首页+计数(索引)   顺序 ILIKE")
        for query in QUERIES:
            found = public.search(query)
            hits = found.count()
            indexed = _ms(
                lambda found=found: (keyset_page(found, ["weekday", "start_time", "id"]), found.count())
            )
            plain = public
            for word in query.split():
                plain = plain.containing(word)
            sequential = _ms(
                lambda plain=plain: (list(plain.order_by("weekday", "start_time", "id")[:20]), plain.count())
            )
            self.stdout.write(f"{query:<12}{hits:>9}{indexed:>14.1f} ms{sequential:>12.1f} ms")
        ordering = ["weekday", "start_time", "id"]
        deep = public.order_by(*ordering)[total - 40 : total - 39].get()
        cursor = cursor_for(deep, ordering)
        keyset = _ms(lambda: keyset_page(public, ordering, after=cursor))
        offset = _ms(lambda: list(public.order_by(*ordering)[total - 40 : total - 20]))
        self.stdout.write(f"末页翻页：keyset {keyset:.1f} ms，OFFSET {offset:.1f} ms")
        gulou = District.objects.get(code="gulou")
        counted = _ms(
            lambda: public.of_district(gulou).filter(weekday="2", start_time__lt=datetime.time(12)).count()
        )
        self.stdout.write(f"鼓楼区·星期二·上午 计数：{counted:.1f} ms")

    @transaction.atomic
    def clean_up(self):
        Offering.objects.filter(term__name=TERM).delete()
        TeachingPoint.objects.filter(name__startswith=TERM).delete()
        Teacher.objects.filter(notes=TERM).delete()
        Term.objects.filter(name=TERM).delete()
        self.stdout.write("已删除性能测试数据。")
