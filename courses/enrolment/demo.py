"""Enrolment for the demo: 鼓楼区 takes enrolments first come, now; 台江区 runs a lottery (its commitment
published, the draw after the window); a household to try (13800000000, codes on the console) with two
members, one enrolled in the tai chi class with weeks of attendance; a full class with a waitlist; a teacher
account for the tai chi class. Safe to run again."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from courses.demo import current_term_dates
from courses.models import Offering, Teacher, Term
from fuzhou_lle.accounts.models import User
from fuzhou_lle.units.models import District

from .attendance import class_dates
from .models import (
    Attendance,
    ClassLimits,
    ClassSession,
    Enrolment,
    EnrolmentRule,
    Household,
    HouseholdNotice,
    Member,
    Status,
    TeacherAccount,
)

DEMO_PHONE = "13800000000"
TEACHER_USERNAME = "teacher"
TEACHER_PASSWORD = "Teacher#2015"


def _rule(term, district, **fields) -> EnrolmentRule:
    rule = EnrolmentRule.objects.filter(term=term, district=district).first()
    if rule is None:
        rule = EnrolmentRule(term=term, district=district, **fields)
        if rule.is_lottery:
            rule.seed_new()
        rule.save()
    return rule


def _enrol(member, offering, status, **fields) -> Enrolment:
    found = Enrolment.objects.filter(member=member, offering=offering).first()
    if found:
        return found
    if status == Status.ENROLLED:
        Offering.objects.filter(pk=offering.pk, seats_left__gt=0).update(seats_left=F("seats_left") - 1)
    return Enrolment.objects.create(
        member=member, offering=offering, term=offering.term, status=status, **fields
    )


@transaction.atomic
def load(stdout):
    term = Term.objects.filter(name=current_term_dates(timezone.localdate())[0]).first()
    gulou = District.objects.filter(name="鼓楼区").first()
    taijiang = District.objects.filter(name="台江区").first()
    if term is None or gulou is None or taijiang is None:
        return
    now = timezone.now()
    _rule(
        term,
        gulou,
        mode=EnrolmentRule.Mode.FIRST_COME,
        opens=now - datetime.timedelta(days=2),
        closes=now + datetime.timedelta(days=60),
        cap=3,
    )
    lottery = _rule(
        term,
        taijiang,
        mode=EnrolmentRule.Mode.LOTTERY,
        opens=now - datetime.timedelta(days=1),
        closes=now + datetime.timedelta(days=5),
        draw_at=now + datetime.timedelta(days=5, hours=1),
        priority=EnrolmentRule.Priority.RETURNING_FIRST,
    )

    tai_chi = Offering.objects.filter(
        term=term, teaching_point__name="温泉街道社区学校", course__title="太极拳入门"
    ).first()
    if tai_chi is None:
        return
    if tai_chi.seats_left < 5:
        Offering.objects.filter(pk=tai_chi.pk).update(seats_left=F("seats") - 5)
        tai_chi.refresh_from_db()
    ClassLimits.objects.get_or_create(offering=tai_chi, defaults={"min_age": 50})

    household, _ = Household.objects.get_or_create(phone=DEMO_PHONE)
    mother, _ = Member.objects.get_or_create(
        household=household, name="王秀英", defaults={"birth_year": 1956, "relation": Member.Relation.SELF}
    )
    father, _ = Member.objects.get_or_create(
        household=household, name="李建国", defaults={"birth_year": 1951, "relation": Member.Relation.SPOUSE}
    )
    enrolment = _enrol(mother, tai_chi, Status.ENROLLED)
    for n, date in enumerate(
        class_dates(tai_chi, until=timezone.localdate() - datetime.timedelta(days=1))[-6:]
    ):
        session, _ = ClassSession.objects.get_or_create(
            offering=tai_chi, date=date, defaults={"closed": True}
        )
        Attendance.objects.get_or_create(session=session, enrolment=enrolment, defaults={"present": n != 2})
    if not household.notices.exists():
        HouseholdNotice.objects.create(
            household=household,
            kind="enrolled",
            message=f"王秀英 报名成功：{tai_chi.course}，{tai_chi.get_weekday_display()} "
            f"{tai_chi.start_time:%H:%M} 上课，地点 {tai_chi.teaching_point}。",
        )

    # A full class of 鼓楼区 with learners waiting.
    full = (
        Offering.objects.filter(term=term, teaching_point__district=gulou, seats_left=0)
        .exclude(pk=tai_chi.pk)
        .first()
    )
    if full is not None:
        for n in range(3):
            neighbour, _ = Household.objects.get_or_create(phone=f"1380000010{n}")
            learner, _ = Member.objects.get_or_create(
                household=neighbour, name=f"候补学员{n + 1}", defaults={"birth_year": 1950 + n}
            )
            _enrol(learner, full, Status.WAITING, queued_at=now - datetime.timedelta(hours=3 - n))
    # 台江区's lottery: a few applications in already.
    drawn_class = Offering.objects.filter(term=term, teaching_point__district=taijiang).first()
    if drawn_class is not None and lottery.drawn_at is None:
        _enrol(father, drawn_class, Status.APPLIED)

    teacher = tai_chi.teacher or Teacher.objects.first()
    user = User.objects.filter(username=TEACHER_USERNAME).first()
    if user is None and teacher is not None:
        user = User(username=TEACHER_USERNAME, name=teacher.name, email="teacher@example.com")
        user.set_password(TEACHER_PASSWORD)
        user.full_clean()
        user.save()
        TeacherAccount.objects.get_or_create(user=user, defaults={"teacher": teacher})
        stdout.write(
            f"  演示账号 {TEACHER_USERNAME} / {TEACHER_PASSWORD}（教师 {teacher.name}，在手机上点名）"
        )
    stdout.write(
        f"  报名：鼓楼区先到先得、台江区摇号（承诺值 {lottery.commitment[:12]}…）；"
        f"演示家庭手机号 {DEMO_PHONE}（验证码显示在运行 make run 的终端里）"
    )
