import datetime
import itertools

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.files.storage import private_file_field
from fuzhou_lle.units.models import District, Unit

from . import search
from .validators import normalise_isbn, validate_isbn

MORNING_ENDS = datetime.time(12, 0)
AFTERNOON_ENDS = datetime.time(18, 0)


class NamedListEntry(models.Model):
    """An entry of a short list the committee edits (categories, audiences)."""

    name = models.CharField(_("名称"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Category(NamedListEntry):
    """A course category (养生保健, 书画艺术 …)."""

    class Meta(NamedListEntry.Meta):
        verbose_name = _("课程类别")
        verbose_name_plural = _("课程类别")


class Audience(NamedListEntry):
    """Who a course is for (老年人, 新型职业农民, 社区居民, 在职职工 …)."""

    class Meta(NamedListEntry.Meta):
        verbose_name = _("面向对象")
        verbose_name_plural = _("面向对象")


class Proposal(models.TextChoices):
    """Teachers and textbooks proposed by a district wait for the committee's approval."""

    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已入库")
    REJECTED = "rejected", _("未通过")


class LibraryQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Proposal.APPROVED)

    def pending(self):
        return self.filter(status=Proposal.PENDING)


class TextbookKind(models.TextChoices):
    SELF_COMPILED = "self", _("自编教材")
    PUBLISHED = "published", _("公开出版")


class Textbook(models.Model):
    Kind = TextbookKind

    title = models.CharField(_("书名"), max_length=120)
    authors = models.CharField(_("编著者"), max_length=120)
    publisher = models.CharField(_("出版单位"), max_length=120, blank=True)
    isbn = models.CharField(
        _("ISBN"),
        max_length=17,
        blank=True,
        validators=[validate_isbn],
        help_text=_("公开出版的教材请填写 10 位或 13 位 ISBN，可带连字符；自编教材可不填。"),
    )
    year = models.PositiveSmallIntegerField(
        _("出版年份"), null=True, blank=True, validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind, default=Kind.PUBLISHED)
    # Private storage under a random name; courses:textbook_file serves it to everyone once approved.
    file = private_file_field(
        _("电子版"), help_text=_("可选，PDF 或 Word（.docx），不超过 20 MB；审核入库后供市民下载。")
    )
    status = models.CharField(_("入库状态"), max_length=10, choices=Proposal, default=Proposal.APPROVED)
    proposed_by = models.ForeignKey(
        Unit, verbose_name=_("推荐单位"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = LibraryQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("教材")
        verbose_name_plural = _("教材库")
        constraints = [
            models.CheckConstraint(
                name="textbook_kind_valid", condition=models.Q(kind__in=TextbookKind.values)
            ),
            models.CheckConstraint(
                name="textbook_status_valid",
                condition=models.Q(status__in=["pending", "approved", "rejected"]),
            ),
            models.UniqueConstraint(
                fields=["isbn"], condition=~models.Q(isbn=""), name="textbook_isbn_unique"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.isbn = normalise_isbn(self.isbn)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("courses:textbook", args=[self.pk])


class Teacher(models.Model):
    """A teacher in the city's teacher library. Phone, email, ID number and notes are for staff only."""

    name = models.CharField(_("姓名"), max_length=30, db_index=True)
    affiliation = models.CharField(_("工作单位"), max_length=100, blank=True)
    title = models.CharField(_("职称"), max_length=40, blank=True)
    specialties = models.CharField(_("专长"), max_length=200, blank=True)
    bio = models.TextField(_("简介"), blank=True, help_text=_("公开显示，请勿填写联系方式。"))
    # Private storage under a random name; courses:teacher_photo shows it to everyone once approved.
    photo = private_file_field(_("照片"), help_text=_("可选，JPG 或 PNG，不超过 5 MB；审核入库后公开显示。"))
    phone = models.CharField(_("联系电话（不公开）"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱（不公开）"), blank=True)
    id_number = models.CharField(
        _("身份证号（不公开）"), max_length=18, blank=True, help_text=_("仅用于聘任登记，可不填。")
    )
    notes = models.TextField(_("内部备注（不公开）"), blank=True)
    status = models.CharField(_("入库状态"), max_length=10, choices=Proposal, default=Proposal.APPROVED)
    proposed_by = models.ForeignKey(
        Unit, verbose_name=_("推荐单位"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = LibraryQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("教师")
        verbose_name_plural = _("师资库")
        constraints = [
            models.CheckConstraint(
                name="teacher_status_valid",
                condition=models.Q(status__in=["pending", "approved", "rejected"]),
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.affiliation}）" if self.affiliation else self.name

    def get_absolute_url(self):
        return reverse("courses:teacher", args=[self.pk])


class CourseLevel(models.TextChoices):
    INTRO = "intro", _("入门")
    ELEMENTARY = "elementary", _("初级")
    INTERMEDIATE = "intermediate", _("中级")
    ADVANCED = "advanced", _("研修")


class Course(models.Model):
    Level = CourseLevel

    title = models.CharField(_("课程名称"), max_length=80, unique=True)
    category = models.ForeignKey(
        Category, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="courses"
    )
    level = models.CharField(_("程度"), max_length=12, choices=Level, default=Level.INTRO)
    audiences = models.ManyToManyField(
        Audience, verbose_name=_("面向对象"), related_name="courses", blank=True
    )
    description = models.TextField(_("课程简介"), blank=True)
    hours = models.PositiveSmallIntegerField(_("学时"), default=16)
    provider = models.ForeignKey(
        Unit,
        verbose_name=_("开发单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    textbooks = models.ManyToManyField(Textbook, verbose_name=_("教材"), related_name="courses", blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("课程")
        verbose_name_plural = _("课程库")
        constraints = [
            models.CheckConstraint(
                name="course_level_valid",
                condition=models.Q(level__in=CourseLevel.values),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:course", args=[self.pk])


class TeachingPointQuerySet(models.QuerySet):
    def of_district(self, district):
        return self.filter(district=district)


class TeachingPoint(models.Model):
    """A place where classes are held (社区学校、老年学校、村成校 …), kept by its district."""

    name = models.CharField(_("教学点名称"), max_length=80)
    district = models.ForeignKey(
        District, verbose_name=_("县（市）区"), on_delete=models.PROTECT, related_name="teaching_points"
    )
    street = models.CharField(_("街道（乡镇）"), max_length=40, help_text=_("如：温泉街道、盖山镇"))
    address = models.CharField(_("地址"), max_length=200)
    contact = models.CharField(_("咨询电话"), max_length=60, blank=True, help_text=_("公开显示的教学点电话"))
    capacity = models.PositiveIntegerField(_("可容纳人数"), default=40)
    accessibility = models.CharField(
        _("无障碍情况"), max_length=200, blank=True, help_text=_("如：一楼教室，有坡道和无障碍卫生间")
    )

    objects = TeachingPointQuerySet.as_manager()

    class Meta:
        ordering = ["district__order", "street", "name"]
        verbose_name = _("教学点")
        verbose_name_plural = _("教学点")
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="teaching_point_unique_in_district"),
        ]
        indexes = [models.Index(fields=["district", "street"], name="point_district_street")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("courses:point", args=[self.pk])


class Term(models.Model):
    name = models.CharField(_("学期名称"), max_length=40, unique=True, help_text=_("如：2015年春季学期"))
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))

    class Meta:
        ordering = ["-start"]
        verbose_name = _("学期")
        verbose_name_plural = _("学期")
        constraints = [
            models.CheckConstraint(name="term_end_after_start", condition=models.Q(end__gt=models.F("start")))
        ]

    def __str__(self):
        return self.name


class Weekday(models.TextChoices):
    MONDAY = "1", _("星期一")
    TUESDAY = "2", _("星期二")
    WEDNESDAY = "3", _("星期三")
    THURSDAY = "4", _("星期四")
    FRIDAY = "5", _("星期五")
    SATURDAY = "6", _("星期六")
    SUNDAY = "7", _("星期日")


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("上午")
    AFTERNOON = "afternoon", _("下午")
    EVENING = "evening", _("晚上")


class OfferingQuerySet(models.QuerySet):
    def public(self):
        """What citizens see: published and not yet over."""
        return self.filter(published=True, last_date__gte=timezone.localdate())

    def of_district(self, district):
        return self.filter(teaching_point__district=district)

    def for_listing(self):
        """What a list of offerings shows, without the search vector (most of a row's width)."""
        return self.select_related("course__category", "teaching_point__district", "teacher", "term").defer(
            "search_vector"
        )

    def at_time_of_day(self, part):
        bounds = {
            TimeOfDay.MORNING: {"start_time__lt": MORNING_ENDS},
            TimeOfDay.AFTERNOON: {"start_time__gte": MORNING_ENDS, "start_time__lt": AFTERNOON_ENDS},
            TimeOfDay.EVENING: {"start_time__gte": AFTERNOON_ENDS},
        }
        return self.filter(**bounds[part])

    def search(self, query):
        """Offerings whose text holds every word of `query` (see search.py for how)."""
        indexed = connections[self.db].vendor == "postgresql"
        found = self
        for word in search.keywords(query):
            if indexed:
                raw = search.tsquery(word)
                found = found.filter(search_vector=SearchQuery(raw, config="simple", search_type="raw"))
            if not indexed or len(word) > 2:
                found = found.containing(word)
        return found

    def containing(self, word):
        """Offerings whose searched text holds `word`, by plain (I)LIKE: SQLite's search, and
        PostgreSQL's recheck of what the bigram index found."""
        return self.filter(
            models.Q(*[models.Q(**{f"{path}__icontains": word}) for path in SEARCHED_PATHS], _connector="OR")
        )

    def reindex(self, batch_size=2000):
        """Rebuild the search vector of these offerings. Every write path calls this (services.py);
        SQLite searches with LIKE and keeps no vector."""
        connection = connections[self.db]
        if connection.vendor != "postgresql":
            return 0
        rows = self.select_related("course", "teacher", "teaching_point__district").order_by()
        done = 0
        offerings = rows.iterator(chunk_size=batch_size)
        while batch := list(itertools.islice(offerings, batch_size)):
            pairs = [(offering.pk, search.document(offering.searched_texts())) for offering in batch]
            search.vectors_write(connection, self.model._meta.db_table, pairs)
            done += len(batch)
        return done


# What a district writes for each timetable row, in the order its forms and spreadsheets ask for it.
TIMETABLE_FIELDS = [
    "course",
    "teaching_point",
    "term",
    "weekday",
    "start_time",
    "end_time",
    "first_date",
    "last_date",
    "teacher",
    "seats",
    "seats_left",
    "fee",
    "eligibility",
    "enrolment",
]

# The text the guide's keyword searches, as paths from an Offering.
SEARCHED_PATHS = [
    "course__title",
    "course__description",
    "teacher__name",
    "teaching_point__name",
    "teaching_point__street",
    "teaching_point__district__name",
]


class Offering(models.Model):
    """One line of the timetable: a course at a teaching point in a term, weekly on one weekday."""

    course = models.ForeignKey(
        Course, verbose_name=_("课程"), on_delete=models.PROTECT, related_name="offerings"
    )
    teaching_point = models.ForeignKey(
        TeachingPoint, verbose_name=_("教学点"), on_delete=models.PROTECT, related_name="offerings"
    )
    term = models.ForeignKey(Term, verbose_name=_("学期"), on_delete=models.PROTECT, related_name="offerings")
    weekday = models.CharField(_("星期"), max_length=1, choices=Weekday)
    start_time = models.TimeField(_("开始时间"))
    end_time = models.TimeField(_("结束时间"))
    first_date = models.DateField(_("首次上课日期"))
    last_date = models.DateField(_("末次上课日期"))
    teacher = models.ForeignKey(
        Teacher,
        verbose_name=_("授课教师"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offerings",
    )
    seats = models.PositiveSmallIntegerField(_("招生名额"))
    seats_left = models.PositiveSmallIntegerField(_("剩余名额"))
    fee = models.PositiveIntegerField(_("每学期费用（元）"), default=0, help_text=_("免费请填 0"))
    eligibility = models.CharField(
        _("报名条件"), max_length=200, blank=True, help_text=_("如：55 周岁以上本区居民")
    )
    enrolment = models.TextField(_("报名方式"), blank=True, help_text=_("如：携带身份证到教学点现场报名"))
    published = models.BooleanField(_("公开发布"), default=True)
    search_vector = SearchVectorField(_("检索向量"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        ordering = ["weekday", "start_time", "id"]
        verbose_name = _("开课安排")
        verbose_name_plural = _("开课安排")
        constraints = [
            models.CheckConstraint(
                name="offering_weekday_valid", condition=models.Q(weekday__in=[str(d) for d in range(1, 8)])
            ),
            models.CheckConstraint(
                name="offering_end_after_start", condition=models.Q(end_time__gt=models.F("start_time"))
            ),
            models.CheckConstraint(
                name="offering_last_not_before_first",
                condition=models.Q(last_date__gte=models.F("first_date")),
            ),
            models.CheckConstraint(
                name="offering_seats_left_within_seats", condition=models.Q(seats_left__lte=models.F("seats"))
            ),
            # The natural key a district's spreadsheet names a row by: re-importing updates, never duplicates.
            models.UniqueConstraint(
                fields=["term", "teaching_point", "course", "weekday", "start_time"],
                name="offering_natural_key",
            ),
        ]
        # The guide's orderings and every filter it offers. The GIN index on search_vector is created by
        # migration 0001 on PostgreSQL only.
        indexes = [
            models.Index(fields=["weekday", "start_time", "id"], name="offering_by_time"),
            models.Index(fields=["-seats_left", "id"], name="offering_by_seats"),
            models.Index(fields=["last_date", "published"], name="offering_current"),
            models.Index(fields=["start_time"], name="offering_start_time"),
            models.Index(fields=["fee"], name="offering_fee"),
        ]

    def __str__(self):
        return f"{self.course} · {self.teaching_point} · {self.get_weekday_display()} {self.start_time:%H:%M}"

    def get_absolute_url(self):
        return reverse("courses:offering", args=[self.pk])

    def clean(self):
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("结束时间必须晚于开始时间。")
        if self.first_date and self.last_date and self.last_date < self.first_date:
            errors["last_date"] = _("末次上课日期不能早于首次上课日期。")
        if self.seats is not None and self.seats_left is not None and self.seats_left > self.seats:
            errors["seats_left"] = _("剩余名额不能多于招生名额。")
        if self.first_date and self.weekday and str(self.first_date.isoweekday()) != self.weekday:
            errors["first_date"] = _("首次上课日期不是%(weekday)s。") % {
                "weekday": self.get_weekday_display()
            }
        dated = self.term_id and self.first_date and self.last_date
        if dated and (self.first_date < self.term.start or self.last_date > self.term.end):
            errors.setdefault(
                "last_date",
                _("上课日期须在学期（%(start)s 至 %(end)s）之内。")
                % {"start": self.term.start, "end": self.term.end},
            )
        if errors:
            raise ValidationError(errors)

    def searched_texts(self):
        """The values at SEARCHED_PATHS, so the index and the LIKE fallback read the same text."""
        return search.texts_at(self, SEARCHED_PATHS)

    @property
    def is_free(self):
        return self.fee == 0
