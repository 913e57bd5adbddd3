"""报名: households of learners, the rules of a term's enrolment, enrolments with their waitlist and offers,
lottery draws, class sessions and attendance.

Seats: an offering's `seats_left` (courses.Offering) is the counter every claim decrements with one
conditional UPDATE, and the database keeps it within 0 … seats (the offering's own constraints), so no code
path can overfill a class. A learner has at most one active enrolment per offering (a partial unique index).
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PHONE_PATTERN = r"^1[3-9]\d{9}$"
MEMBERS_PER_HOUSEHOLD = 4


class Household(models.Model):
    """One sign-in (a mobile number) for a family: the person who enrols, for themself and up to four
    members (代报). Not a django.contrib.auth user: staff pages never answer it."""

    phone = models.CharField(_("手机号码"), max_length=11, unique=True)
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)
    last_sign_in = models.DateTimeField(_("最近登录"), null=True, blank=True)

    class Meta:
        verbose_name = _("报名账户（家庭）")
        verbose_name_plural = _("报名账户（家庭）")
        constraints = [
            models.CheckConstraint(name="household_phone_mobile", condition=Q(phone__regex=PHONE_PATTERN)),
        ]

    def __str__(self):
        return self.masked_phone

    @property
    def masked_phone(self) -> str:
        return f"{self.phone[:3]}****{self.phone[-4:]}"


class Relation(models.TextChoices):
    SELF = "self", _("本人")
    SPOUSE = "spouse", _("配偶")
    PARENT = "parent", _("父母")
    CHILD = "child", _("子女")
    OTHER = "other", _("其他亲属")


class Member(models.Model):
    """A learner of a household: name and birth year always; a 身份证 number only where a class asks for real
    names (checked by its check digit, shown masked, never in full)."""

    Relation = Relation

    household = models.ForeignKey(
        Household, verbose_name=_("报名账户"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("姓名"), max_length=30)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"))
    relation = models.CharField(_("与账户关系"), max_length=10, choices=Relation, default=Relation.SELF)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        ordering = ["household", "pk"]
        verbose_name = _("学员")
        verbose_name_plural = _("学员")
        constraints = [
            models.CheckConstraint(name="member_relation_valid", condition=Q(relation__in=Relation.values)),
            models.CheckConstraint(
                name="member_birth_year_plausible", condition=Q(birth_year__gte=1900, birth_year__lte=2100)
            ),
            models.UniqueConstraint(fields=["household", "name"], name="member_name_unique_in_household"),
        ]

    def __str__(self):
        return self.name

    @property
    def masked_id_number(self) -> str:
        return f"{self.id_number[:3]}***********{self.id_number[-4:]}" if self.id_number else ""

    def age_in(self, year: int) -> int:
        """Age reached in `year` (the usual reckoning of 老年大学: the year of birth alone is asked)."""
        return year - self.birth_year


class Mode(models.TextChoices):
    FIRST_COME = "first_come", _("先到先得")
    LOTTERY = "lottery", _("摇号")


class Priority(models.TextChoices):
    """Which applicants a lottery draws first."""

    NONE = "none", _("不分先后")
    RETURNING_FIRST = "returning", _("老生优先")
    NEWCOMERS_FIRST = "newcomers", _("新生优先")


class EnrolmentRuleQuerySet(models.QuerySet):
    def of_district(self, district):
        return self.filter(district=district)

    def lottery_due(self, now):
        return self.filter(mode=Mode.LOTTERY, draw_at__lte=now, drawn_at__isnull=True)


class EnrolmentRule(models.Model):
    """How a district's classes of one term take enrolments (报名规则)."""

    Mode = Mode
    Priority = Priority

    term = models.ForeignKey(
        "courses.Term", verbose_name=_("学期"), on_delete=models.PROTECT, related_name="enrolment_rules"
    )
    district = models.ForeignKey(
        "fuzhou_lle.District", verbose_name=_("县（市）区"), on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(_("报名方式"), max_length=12, choices=Mode, default=Mode.FIRST_COME)
    opens = models.DateTimeField(_("报名开始"))
    closes = models.DateTimeField(_("报名截止"))
    renewal_days = models.PositiveSmallIntegerField(
        _("老生续报天数"),
        default=0,
        help_text=_("上学期同一教学点同一课程的学员可提前几天报名；0 表示不设续报。"),
    )
    previous_term = models.ForeignKey(
        "courses.Term",
        verbose_name=_("上一学期"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("续报和“老生”按这一学期的学员认定。"),
    )
    cap = models.PositiveSmallIntegerField(
        _("每人限报门数"), default=2, help_text=_("含候补和摇号申请；每位学员本学期在本区最多报几门。")
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("候补保留小时数"), default=48, help_text=_("空出的名额为候补学员保留多久，逾期顺延给下一位。")
    )
    absence_limit = models.PositiveSmallIntegerField(
        _("连续缺勤退班次数"), default=6, help_text=_("连续缺勤达到这一次数即退班，名额让给候补学员。")
    )
    draw_at = models.DateTimeField(_("摇号时间"), null=True, blank=True)
    priority = models.CharField(_("摇号优先"), max_length=12, choices=Priority, default=Priority.NONE)
    # The lottery's secret until the draw; its hash (the commitment) is public from the start.
    seed = models.CharField(_("摇号种子"), max_length=64, blank=True, editable=False)
    commitment = models.CharField(_("种子承诺值"), max_length=64, blank=True, editable=False)
    drawn_at = models.DateTimeField(_("摇号完成时间"), null=True, blank=True, editable=False)
    published = models.JSONField(_("公开的摇号数据"), null=True, blank=True, editable=False)

    objects = EnrolmentRuleQuerySet.as_manager()

    # What a district sets (its form) and the audit trail follows.
    EDITED = [
        "mode",
        "opens",
        "closes",
        "renewal_days",
        "previous_term",
        "cap",
        "offer_hours",
        "absence_limit",
        "draw_at",
        "priority",
    ]

    class Meta:
        ordering = ["-term__start", "district__order"]
        verbose_name = _("报名规则")
        verbose_name_plural = _("报名规则")
        constraints = [
            models.UniqueConstraint(fields=["term", "district"], name="enrolment_rule_one_per_term_district"),
            models.CheckConstraint(name="enrolment_rule_mode_valid", condition=Q(mode__in=Mode.values)),
            models.CheckConstraint(
                name="enrolment_rule_priority_valid", condition=Q(priority__in=Priority.values)
            ),
            models.CheckConstraint(
                name="enrolment_rule_closes_after_opens", condition=Q(closes__gt=models.F("opens"))
            ),
            models.CheckConstraint(name="enrolment_rule_cap_positive", condition=Q(cap__gte=1)),
            models.CheckConstraint(
                name="enrolment_rule_absence_limit_positive", condition=Q(absence_limit__gte=1)
            ),
            models.CheckConstraint(
                name="enrolment_rule_lottery_drawn_after_close",
                condition=Q(mode=Mode.FIRST_COME) | Q(draw_at__gte=models.F("closes")),
            ),
        ]

    def __str__(self):
        return f"{self.term} · {self.district}"

    def get_absolute_url(self):
        return reverse("enrolment:lottery", args=[self.pk]) if self.is_lottery else reverse("courses:guide")

    @property
    def is_lottery(self) -> bool:
        return self.mode == Mode.LOTTERY

    @property
    def renewal_opens(self) -> datetime.datetime:
        return self.opens - datetime.timedelta(days=self.renewal_days)

    def seed_new(self) -> None:
        """Choose the draw's seed and publish its commitment (once: a seed is never replaced)."""
        if not self.seed:
            self.seed = secrets.token_hex(32)
            self.commitment = hashlib.sha256(self.seed.encode()).hexdigest()

    def phase(self, now: datetime.datetime) -> str:
        """Where the window stands: before, renewal, open, closed (a lottery awaiting its draw), drawn."""
        if self.is_lottery and self.drawn_at:
            return "drawn"
        if now < self.renewal_opens:
            return "before"
        if now < self.opens:
            return "renewal"
        if now < self.closes:
            return "open"
        return "closed"


class ClassLimits(models.Model):
    """What a district asks of the learners of one offering beyond its term's rule."""

    offering = models.OneToOneField(
        "courses.Offering", verbose_name=_("开课安排"), on_delete=models.CASCADE, related_name="limits"
    )
    min_age = models.PositiveSmallIntegerField(_("最低年龄"), null=True, blank=True, help_text=_("如：55"))
    max_age = models.PositiveSmallIntegerField(_("最高年龄"), null=True, blank=True)
    real_names = models.BooleanField(
        _("实名报名"), default=False, help_text=_("需要学员身份证号时勾选（如需购买保险）。")
    )

    class Meta:
        verbose_name = _("报名条件")
        verbose_name_plural = _("报名条件")
        constraints = [
            models.CheckConstraint(
                name="class_limits_ages_ordered",
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=models.F("min_age")),
            ),
        ]

    def __str__(self):
        return str(self.offering)


class Status(models.TextChoices):
    APPLIED = "applied", _("已申请摇号")
    WAITING = "waiting", _("候补中")
    OFFERED = "offered", _("候补名额待确认")
    ENROLLED = "enrolled", _("已报名")
    CANCELLED = "cancelled", _("已取消")
    DECLINED = "declined", _("已放弃候补名额")
    EXPIRED = "expired", _("候补名额已过期")
    RELEASED = "released", _("连续缺勤已退班")


ACTIVE = [Status.APPLIED, Status.WAITING, Status.OFFERED, Status.ENROLLED]
# Holding a seat: the offering's counter counts these.
SEATED = [Status.OFFERED, Status.ENROLLED]


class EnrolmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE)

    def seated(self):
        return self.filter(status__in=SEATED)

    def waiting_queue(self):
        return self.filter(status=Status.WAITING).order_by("queued_at", "pk")

    def offers_expired(self, now):
        return self.filter(status=Status.OFFERED, offer_expires__lte=now)

    def of_household(self, household):
        return self.filter(member__household=household)


class Enrolment(models.Model):
    """A learner's place in a class: applied (lottery), waiting, offered a freed seat, enrolled, or ended."""

    Status = Status

    offering = models.ForeignKey(
        "courses.Offering", verbose_name=_("开课安排"), on_delete=models.PROTECT, related_name="enrolments"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("学员"), on_delete=models.PROTECT, related_name="enrolments"
    )
    # The offering's term, kept here so that a learner's cap is one indexed count.
    term = models.ForeignKey(
        "courses.Term", verbose_name=_("学期"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status)
    returning = models.BooleanField(_("老生"), default=False)
    # A lottery application's public, anonymous name in the published list.
    token = models.CharField(_("申请编号"), max_length=16, unique=True, editable=False)
    # The waitlist's order: when the learner joined it (a lottery's unplaced get the draw's order).
    queued_at = models.DateTimeField(_("候补排序时间"), null=True, blank=True)
    offer_expires = models.DateTimeField(_("候补保留至"), null=True, blank=True)
    offer_reminded = models.BooleanField(_("已提醒即将过期"), default=False)
    created_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        constraints = [
            models.CheckConstraint(name="enrolment_status_valid", condition=Q(status__in=Status.values)),
            # Double enrolment is impossible whatever the code does.
            models.UniqueConstraint(
                fields=["offering", "member"],
                condition=Q(status__in=ACTIVE),
                name="enrolment_one_active_per_learner",
            ),
            models.CheckConstraint(
                name="enrolment_offer_has_deadline",
                condition=~Q(status=Status.OFFERED) | Q(offer_expires__isnull=False),
            ),
            models.CheckConstraint(
                name="enrolment_waiting_is_queued",
                condition=~Q(status=Status.WAITING) | Q(queued_at__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["offering", "status", "queued_at"], name="enrolment_queue"),
            models.Index(fields=["member", "term", "status"], name="enrolment_member_term"),
            models.Index(fields=["status", "offer_expires"], name="enrolment_offers"),
        ]

    def __str__(self):
        return f"{self.member} · {self.offering}"

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_hex(8)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("enrolment:mine")

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    def waiting_position(self) -> int | None:
        """1 for the next learner to be offered a seat."""
        if self.status != Status.WAITING:
            return None
        ahead = Enrolment.objects.filter(offering_id=self.offering_id, status=Status.WAITING).filter(
            Q(queued_at__lt=self.queued_at) | Q(queued_at=self.queued_at, pk__lt=self.pk)
        )
        return ahead.count() + 1


class ClassSession(models.Model):
    """One meeting of a class, made when its attendance is first taken."""

    offering = models.ForeignKey(
        "courses.Offering", verbose_name=_("开课安排"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("上课日期"))
    closed = models.BooleanField(_("点名结束"), default=False)

    class Meta:
        ordering = ["offering", "date"]
        verbose_name = _("课次")
        verbose_name_plural = _("课次")
        constraints = [models.UniqueConstraint(fields=["offering", "date"], name="class_session_one_a_day")]

    def __str__(self):
        return f"{self.offering} · {self.date}"

    def get_absolute_url(self):
        return reverse("enrolment:roster", args=[self.offering_id]) + f"?date={self.date.isoformat()}"

    @property
    def hours(self) -> float:
        start = datetime.datetime.combine(self.date, self.offering.start_time)
        end = datetime.datetime.combine(self.date, self.offering.end_time)
        return round((end - start).total_seconds() / 3600, 2)


class Method(models.TextChoices):
    TAP = "tap", _("教师点名")
    SCAN = "scan", _("学员扫码")


class Attendance(models.Model):
    Method = Method

    session = models.ForeignKey(
        ClassSession, verbose_name=_("课次"), on_delete=models.CASCADE, related_name="attendances"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("报名"), on_delete=models.CASCADE, related_name="attendances"
    )
    present = models.BooleanField(_("出勤"))
    method = models.CharField(_("方式"), max_length=5, choices=Method, default=Method.TAP)
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        ordering = ["session__date"]
        verbose_name = _("考勤")
        verbose_name_plural = _("考勤")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once_per_session"),
            models.CheckConstraint(name="attendance_method_valid", condition=Q(method__in=Method.values)),
        ]

    def __str__(self):
        return f"{self.enrolment.member} · {self.session.date}"


class TeacherAccount(models.Model):
    """A portal user who teaches: they take attendance for the classes their library entry teaches."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="teacher_account",
    )
    teacher = models.OneToOneField(
        "courses.Teacher", verbose_name=_("教师"), on_delete=models.CASCADE, related_name="account"
    )

    class Meta:
        verbose_name = _("教师账户")
        verbose_name_plural = _("教师账户")

    def __str__(self):
        return f"{self.user} → {self.teacher}"


class SignInCode(models.Model):
    """A one-time SMS code, kept only as a keyed hash."""

    phone = models.CharField(_("手机号码"), max_length=11, db_index=True)
    code_hash = models.CharField(_("验证码摘要"), max_length=64)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"))
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    used = models.BooleanField(_("已使用"), default=False)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")

    def __str__(self):
        return f"{self.phone[:3]}****{self.phone[-4:]} {self.created_at:%Y-%m-%d %H:%M}"


class HouseholdNotice(models.Model):
    """What the portal told a household (also sent by SMS): the 消息 on their page."""

    household = models.ForeignKey(
        Household, verbose_name=_("报名账户"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("类别"), max_length=20)
    message = models.CharField(_("内容"), max_length=300)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    sms_sent = models.BooleanField(_("短信已发送"), default=False)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("学员消息")
        verbose_name_plural = _("学员消息")

    def __str__(self):
        return self.message
