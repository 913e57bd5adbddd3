"""A realistic timetable for the demo: the libraries, teaching points in the 13 districts' streets and
towns, and a term of weekly classes (about 250 offerings). Safe to run again: it adds only what is missing."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from fuzhou_lle.units.models import District, Unit
from fuzhou_lle.units.reference import COMMUNITY_UNIVERSITY

from .models import Audience, Category, Course, Offering, Teacher, TeachingPoint, Term, Textbook

CATEGORIES = ["养生保健", "书画艺术", "音乐舞蹈", "信息技术", "职业技能", "家庭与生活", "人文素养"]
AUDIENCES = ["老年人", "社区居民", "新型职业农民", "在职职工", "青少年", "外来务工人员"]

# (title, category, level, audiences, hours, description)
COURSES = [
    (
        "太极拳入门",
        "养生保健",
        "intro",
        ["老年人", "社区居民"],
        16,
        "学习二十四式简化太极拳的基本步法与套路，强身健体。",
    ),
    (
        "二十四式太极拳提高",
        "养生保健",
        "intermediate",
        ["老年人"],
        24,
        "在入门基础上纠正动作、体会呼吸与劲力。",
    ),
    (
        "中医养生与保健",
        "养生保健",
        "elementary",
        ["老年人", "社区居民"],
        16,
        "常见慢性病的饮食起居调养与穴位保健。",
    ),
    ("书法（楷书）入门", "书画艺术", "intro", ["老年人", "青少年"], 32, "从执笔、笔画到结字，临习颜体楷书。"),
    ("国画花鸟", "书画艺术", "elementary", ["老年人"], 32, "写意花鸟的用笔用墨，兰竹梅菊。"),
    ("摄影入门", "书画艺术", "intro", ["社区居民", "在职职工"], 16, "相机与手机摄影的构图、用光与后期。"),
    (
        "声乐合唱",
        "音乐舞蹈",
        "elementary",
        ["老年人", "社区居民"],
        32,
        "发声练习与多声部合唱，排练经典曲目。",
    ),
    ("广场舞编排", "音乐舞蹈", "intro", ["社区居民"], 16, "健身舞蹈的基本动作与队形编排。"),
    ("闽剧欣赏与演唱", "音乐舞蹈", "intro", ["老年人"], 16, "了解闽剧历史与流派，学唱经典唱段。"),
    (
        "智能手机使用",
        "信息技术",
        "intro",
        ["老年人"],
        12,
        "微信、视频通话、移动支付与网上挂号，学会用手机办事。",
    ),
    (
        "电脑与网络基础",
        "信息技术",
        "intro",
        ["社区居民", "外来务工人员"],
        24,
        "电脑操作、上网查询与电子邮件。",
    ),
    (
        "老年人防诈骗与法律常识",
        "人文素养",
        "intro",
        ["老年人"],
        8,
        "识别电信诈骗、保健品骗局，了解赡养与继承法律。",
    ),
    ("福州历史文化", "人文素养", "intro", ["社区居民", "青少年"], 16, "三坊七巷、船政文化与闽都名人。"),
    (
        "家庭教育指导",
        "家庭与生活",
        "elementary",
        ["社区居民", "在职职工"],
        16,
        "亲子沟通、隔代教育与青春期心理。",
    ),
    ("营养与家常烹饪", "家庭与生活", "intro", ["社区居民"], 16, "合理膳食与福州家常菜做法。"),
    ("茉莉花茶种植与窨制", "职业技能", "elementary", ["新型职业农民"], 40, "茉莉花栽培管理和花茶窨制工艺。"),
    (
        "食用菌栽培技术",
        "职业技能",
        "elementary",
        ["新型职业农民"],
        40,
        "香菇、银耳等食用菌的菌棒制作与出菇管理。",
    ),
    (
        "农产品电子商务",
        "职业技能",
        "intermediate",
        ["新型职业农民", "在职职工"],
        32,
        "网店开设、直播带货与农产品品牌。",
    ),
    (
        "家政服务技能",
        "职业技能",
        "elementary",
        ["外来务工人员", "社区居民"],
        40,
        "家庭保洁、母婴护理与老人照护。",
    ),
    ("企业职工安全生产", "职业技能", "advanced", ["在职职工"], 16, "安全生产法规与岗位风险防范。"),
]
AUDIENCES_OF = {title: audiences for title, _category, _level, audiences, *_rest in COURSES}
ELIGIBILITY = {True: "55 周岁以上本区居民", False: "本区居民，年满 18 周岁"}
RURAL_COURSES = ["茉莉花茶种植与窨制", "食用菌栽培技术", "农产品电子商务"]

# (name, affiliation, title, specialties)
TEACHERS = [
    ("林伟英", "福州市社区大学", "副教授", "太极拳、健身气功"),
    ("陈秀珍", "鼓楼区老年大学", "讲师", "声乐、合唱指挥"),
    ("黄建华", "福建师范大学", "教授", "书法"),
    ("郑丽芳", "台江区社区学院", "讲师", "智能手机、信息技术"),
    ("王志强", "仓山区职业中专", "高级讲师", "食用菌栽培"),
    ("刘美玲", "晋安区文化馆", "馆员", "广场舞、民族舞"),
    ("张德明", "福州市中医院", "主治医师", "中医养生"),
    ("吴晓燕", "马尾区社区学校", "讲师", "家庭教育、心理辅导"),
    ("李国栋", "福清市农业广播电视学校", "农艺师", "茉莉花茶"),
    ("许文斌", "长乐市职教中心", "高级讲师", "电子商务"),
    ("杨淑华", "闽侯县老年学校", "讲师", "国画花鸟"),
    ("蔡志勇", "连江县司法局", "律师", "法律常识、防诈骗"),
    ("魏丽娟", "罗源县成人学校", "讲师", "烹饪与营养"),
    ("郭伟英", "闽清县文化馆", "馆员", "闽剧"),
    ("何明辉", "永泰县农技站", "农艺师", "茶叶、食用菌"),
    ("施海燕", "平潭县社区学校", "讲师", "智能手机、电脑"),
    ("林建平", "福州大学", "副教授", "福州历史文化"),
    ("陈志华", "台江区老年大学", "讲师", "太极拳"),
    ("翁秀英", "仓山区社区学院", "讲师", "摄影"),
    ("邱文华", "市总工会职工学校", "高级讲师", "安全生产、家政服务"),
]

TEXTBOOKS = [
    # (title, authors, publisher, ISBN first 12 digits or "", year, kind, course titles)
    (
        "简化太极拳图解",
        "林伟英",
        "福建科学技术出版社",
        "978721111001",
        2013,
        "published",
        ["太极拳入门", "二十四式太极拳提高"],
    ),
    (
        "老年人智能手机使用手册",
        "郑丽芳、施海燕",
        "福建教育出版社",
        "978753344002",
        2014,
        "published",
        ["智能手机使用"],
    ),
    ("楷书临习教程", "黄建华", "福建美术出版社", "978753930003", 2012, "published", ["书法（楷书）入门"]),
    (
        "茉莉花茶栽培与窨制",
        "李国栋",
        "中国农业出版社",
        "978710917004",
        2014,
        "published",
        ["茉莉花茶种植与窨制"],
    ),
    ("社区合唱曲集", "陈秀珍", "", "", 2014, "self", ["声乐合唱"]),
    ("闽都文化读本", "林建平", "", "", 2013, "self", ["福州历史文化"]),
    ("家庭教育十二讲", "吴晓燕", "", "", 2014, "self", ["家庭教育指导"]),
    (
        "食用菌实用栽培技术",
        "王志强、何明辉",
        "福建科学技术出版社",
        "978753357005",
        2012,
        "published",
        ["食用菌栽培技术"],
    ),
]

# Streets and towns (街道、乡镇) of each district; the first few get a teaching point.
STREETS = {
    "鼓楼区": ["温泉街道", "东街街道", "南街街道", "鼓东街道", "五凤街道"],
    "台江区": ["瀛洲街道", "后洲街道", "上海街道", "茶亭街道"],
    "仓山区": ["仓山镇", "盖山镇", "城门镇", "临江街道"],
    "晋安区": ["茶园街道", "王庄街道", "鼓山镇", "新店镇"],
    "马尾区": ["罗星街道", "马尾镇", "亭江镇", "琅岐镇"],
    "福清市": ["玉屏街道", "龙山街道", "音西街道", "龙田镇"],
    "长乐市": ["吴航街道", "航城街道", "潭头镇", "金峰镇"],
    "闽侯县": ["甘蔗街道", "上街镇", "南屿镇", "青口镇"],
    "连江县": ["凤城镇", "敖江镇", "琯头镇"],
    "罗源县": ["凤山镇", "松山镇", "起步镇"],
    "闽清县": ["梅城镇", "白樟镇", "坂东镇"],
    "永泰县": ["樟城镇", "城峰镇", "嵩口镇"],
    "平潭县": ["潭城镇", "苏澳镇", "流水镇"],
}
# Teaching points with their own names; the rest are named after their street or town.
NAMED_POINTS = {("仓山区", "城门镇"): "濂江村成人文化技术学校", ("鼓楼区", "温泉街道"): "温泉街道社区学校"}

ROADS = ["文化路", "学府路", "中心路", "民主路", "新华路"]

# (weekday, start, end): morning, afternoon and evening slots.
SLOTS = [
    ("1", "09:00", "10:30"),
    ("2", "09:00", "10:30"),
    ("3", "14:30", "16:00"),
    ("4", "09:30", "11:00"),
    ("5", "19:00", "20:30"),
    ("6", "09:00", "10:30"),
    ("2", "15:00", "16:30"),
    ("4", "19:00", "20:30"),
]


def current_term_dates(today: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    """The half-year term containing today: spring is February to July, autumn August to January."""
    if 2 <= today.month <= 7:
        return f"{today.year}年春季学期", datetime.date(today.year, 2, 1), datetime.date(today.year, 7, 31)
    year = today.year if today.month >= 8 else today.year - 1
    return f"{year}年秋季学期", datetime.date(year, 8, 1), datetime.date(year + 1, 1, 31)


def isbn13(first12: str) -> str:
    check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first12)) % 10) % 10
    return f"{first12}{check}"


def _weekday_on_or_after(day: datetime.date, weekday: str) -> datetime.date:
    return day + datetime.timedelta(days=(int(weekday) - day.isoweekday()) % 7)


def _weekday_on_or_before(day: datetime.date, weekday: str) -> datetime.date:
    return day - datetime.timedelta(days=(day.isoweekday() - int(weekday)) % 7)


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


@transaction.atomic
def load(stdout):
    categories = {
        name: Category.objects.get_or_create(name=name, defaults={"order": i})[0]
        for i, name in enumerate(CATEGORIES)
    }
    audiences = {
        name: Audience.objects.get_or_create(name=name, defaults={"order": i})[0]
        for i, name in enumerate(AUDIENCES)
    }
    university = Unit.objects.filter(name=COMMUNITY_UNIVERSITY).first()
    courses = {}
    for title, category, level, audience_names, hours, description in COURSES:
        course, created = Course.objects.get_or_create(
            title=title,
            defaults={
                "category": categories[category],
                "level": level,
                "hours": hours,
                "description": description,
                "provider": university,
            },
        )
        if created:
            course.audiences.set([audiences[name] for name in audience_names])
        courses[title] = course
    for title, authors, publisher, prefix, year, kind, course_titles in TEXTBOOKS:
        textbook, created = Textbook.objects.get_or_create(
            title=title,
            defaults={
                "authors": authors,
                "publisher": publisher,
                "isbn": isbn13(prefix) if prefix else "",
                "year": year,
                "kind": kind,
            },
        )
        if created:
            textbook.courses.set([courses[t] for t in course_titles])
    teachers = []
    for n, (name, affiliation, title, specialties) in enumerate(TEACHERS):
        teacher, _ = Teacher.objects.get_or_create(
            name=name,
            affiliation=affiliation,
            defaults={
                "title": title,
                "specialties": specialties,
                "bio": f"{name}，{affiliation}{title}，长期从事{specialties}教学，热心社区教育。",
                "phone": f"1385911{n:04d}",
                "email": f"teacher{n}@example.com",
                "notes": "演示数据",
            },
        )
        teachers.append(teacher)
    name, start, end = current_term_dates(timezone.localdate())
    term, _ = Term.objects.get_or_create(name=name, defaults={"start": start, "end": end})

    points = []
    for district in District.objects.all():
        for n, street in enumerate(STREETS.get(district.name, [])):
            point_name = NAMED_POINTS.get((district.name, street)) or (
                f"{street}社区学校" if street.endswith("街道") else f"{street}成人文化技术学校"
            )
            point, _ = TeachingPoint.objects.get_or_create(
                district=district,
                name=point_name,
                defaults={
                    "street": street,
                    "address": f"{district.name}{street}{ROADS[n]}{8 + n * 3}号",
                    "contact": f"0591-8{district.order:02d}{n:01d}1234",
                    "capacity": 40 + 10 * n,
                    "accessibility": "一楼教室，有坡道" if n % 2 == 0 else "",
                },
            )
            points.append(point)

    # The same seed gives the same timetable every time, so a rerun finds every row already there.
    rng = random.Random(2015)
    existing = set(
        Offering.objects.filter(term=term).values_list(
            "teaching_point_id", "course_id", "weekday", "start_time"
        )
    )
    urban = [title for title, *_rest in COURSES if title not in RURAL_COURSES]
    new = []
    for point in points:
        rural = point.street.endswith("镇")
        pool = urban + RURAL_COURSES * 3 if rural else urban
        titles = rng.sample(pool, 8)
        if point.name == "温泉街道社区学校":
            titles[1] = "太极拳入门"  # the demo's tai chi class: 鼓楼区, Tuesday morning
        for (weekday, start_text, end_text), title in zip(SLOTS[:5], titles, strict=False):
            course = courses[title]
            seats = rng.choice([20, 30, 40])
            offering = Offering(
                course=course,
                teaching_point=point,
                term=term,
                weekday=weekday,
                start_time=_time(start_text),
                end_time=_time(end_text),
                first_date=_weekday_on_or_after(term.start + datetime.timedelta(days=30), weekday),
                last_date=_weekday_on_or_before(term.end - datetime.timedelta(days=14), weekday),
                teacher=rng.choice(teachers),
                seats=seats,
                seats_left=rng.choice([0, 3, seats // 2, seats]),
                fee=rng.choice([0, 0, 0, 0, 100]),
                eligibility=ELIGIBILITY["老年人" in AUDIENCES_OF[title]],
                enrolment=f"携带身份证到{point.name}现场报名，或电话咨询 {point.contact}。",
            )
            key = (point.pk, course.pk, weekday, offering.start_time)
            if key not in existing:
                existing.add(key)
                new.append(offering)
    created = Offering.objects.bulk_create(new)
    Offering.objects.filter(pk__in=[o.pk for o in created]).reindex()
    stdout.write(
        f"  课程 {len(courses)} 门，教师 {len(teachers)} 位，教学点 {len(points)} 个，"
        f"新增开课安排 {len(created)} 个（共 {Offering.objects.count()} 个）"
    )
