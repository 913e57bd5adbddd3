"""Every change of enrolment state: claims, lottery applications, the waitlist and its offers, cancellation,
release for absence, and the staff's rules. Each is one short transaction that records one audit event.

Locks are always taken in the same order — the learner (Member), then the offering, then enrolment rows —
so two requests never wait on each other in a circle. A seat is claimed by one conditional UPDATE of the
offering's counter (`seats_left > 0`), which also holds the offering's row until the transaction ends; a
freed seat is offered to the next waiting learner under that same row lock, in the same transaction.
"""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise
from psycopg2.extras import execute_values

from courses.models import Offering
from fuzhou_lle.accounts.models import User
from fuzhou_lle.accounts.permissions import require
from fuzhou_lle.audit.record import audit_record, audited
from fuzhou_lle.celery import task_enqueue

from . import permissions
from .lottery import algorithm
from .models import (
    ACTIVE,
    MEMBERS_PER_HOUSEHOLD,
    SEATED,
    ClassLimits,
    Enrolment,
    EnrolmentRule,
    Household,
    HouseholdNotice,
    Member,
    Priority,
    Status,
)
from .notify import household_notify

# How long a claim waits for the offering's row before the learner is asked to try again (the 'please
# wait' page): under a rush the row is held for milliseconds at a time, so seconds of waiting mean overload.
LOCK_TIMEOUT = "3s"
OFFER_SALT = "enrolment.offer"
OFFER_REMIND_HOURS = 6


class ClassFull(ValidationError):
    """No seat is left: the learner may join the waitlist."""


def _lock_timeout() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")


def _by_household(household: Household) -> str:
    """The audit trail's note for a change a learner made (households are not portal users)."""
    return f"household:{household.pk}"


def rule_for(offering: Offering) -> EnrolmentRule | None:
    return EnrolmentRule.objects.filter(
        term_id=offering.term_id, district_id=offering.teaching_point.district_id
    ).first()


def is_returning(member: Member, offering: Offering, rule: EnrolmentRule) -> bool:
    """Enrolled last term in the same course at the same teaching point (老生)."""
    if rule.previous_term_id is None:
        return False
    return Enrolment.objects.filter(
        member=member,
        term_id=rule.previous_term_id,
        offering__course_id=offering.course_id,
        offering__teaching_point_id=offering.teaching_point_id,
        status__in=[Status.ENROLLED, Status.RELEASED],
    ).exists()


def limits_of(offering: Offering) -> ClassLimits | None:
    """The class's limits (read with the offering when it was fetched with select_related("limits"))."""
    try:
        return offering.limits
    except ClassLimits.DoesNotExist:
        return None


@dataclass(frozen=True)
class Standing:
    """What a learner may do with a class now: `action` is enrol, apply, wait or None, `reason` why not."""

    action: str | None
    reason: str = ""
    returning: bool = False


def standing(
    *, member: Member, offering: Offering, rule: EnrolmentRule | None, now: datetime.datetime
) -> Standing:
    """Every rule of the term and the class, checked for one learner (the services enforce the same)."""
    if rule is None:
        return Standing(None, _("该课程不接受网上报名，请按报名方式联系教学点。"))
    if not offering.published or offering.last_date < timezone.localdate(now):
        return Standing(None, _("该课程已结束或未公开。"))
    phase = rule.phase(now)
    if phase == "before":
        return Standing(
            None,
            _("报名尚未开始，%(when)s 开始。")
            % {"when": formats.date_format(timezone.localtime(rule.renewal_opens), "DATETIME_FORMAT")},
        )
    returning = is_returning(member, offering, rule)
    if phase == "renewal" and not returning:
        return Standing(
            None,
            _("现在是老生续报时间，新学员 %(when)s 起报名。")
            % {"when": formats.date_format(timezone.localtime(rule.opens), "DATETIME_FORMAT")},
        )
    if phase == "closed":
        return Standing(None, _("报名已截止。"))
    limits = limits_of(offering)
    if limits is not None:
        age = member.age_in(timezone.localdate(now).year)
        if limits.min_age is not None and age < limits.min_age:
            return Standing(
                None,
                _("该课程招收 %(age)s 周岁以上学员，%(name)s 今年 %(years)s 岁。")
                % {"age": limits.min_age, "name": member.name, "years": age},
            )
        if limits.max_age is not None and age > limits.max_age:
            return Standing(
                None,
                _("该课程招收 %(age)s 周岁以下学员，%(name)s 今年 %(years)s 岁。")
                % {"age": limits.max_age, "name": member.name, "years": age},
            )
        if limits.real_names and not member.id_number:
            return Standing(
                None, _("该课程需要实名报名，请先为 %(name)s 填写身份证号。") % {"name": member.name}
            )
    # The learner's classes this term in the rule's district (waitlists and applications included), and
    # whether this class is among them: one query.
    taken = Enrolment.objects.filter(
        member=member,
        term_id=rule.term_id,
        offering__teaching_point__district_id=rule.district_id,
        status__in=ACTIVE,
    ).aggregate(total=Count("pk"), here=Count("pk", filter=Q(offering_id=offering.pk)))
    if taken["here"]:
        return Standing(None, _("%(name)s 已报名或候补该课程。") % {"name": member.name})
    if taken["total"] >= rule.cap:
        return Standing(
            None,
            _("每位学员本学期最多报 %(cap)s 门（含候补），%(name)s 已达上限。")
            % {"cap": rule.cap, "name": member.name},
        )
    if rule.is_lottery and phase in ("open", "renewal"):
        return Standing("apply", returning=returning)
    if offering.seats_left > 0:
        return Standing("enrol", returning=returning)
    return Standing("wait", returning=returning)


VERBS: dict[str, str] = {Status.ENROLLED: "enrol", Status.APPLIED: "apply", Status.WAITING: "wait"}
LABELS: dict[str, StrOrPromise] = {
    Status.ENROLLED: gettext_lazy("报名"),
    Status.APPLIED: gettext_lazy("申请摇号"),
    Status.WAITING: gettext_lazy("加入候补"),
}


def _enrolment_create(
    *,
    member: Member,
    offering: Offering,
    status: str,
    returning: bool,
    now: datetime.datetime,
    household: Household,
) -> Enrolment:
    enrolment = Enrolment(
        offering=offering,
        member=member,
        term_id=offering.term_id,
        status=status,
        returning=returning,
        queued_at=now if status == Status.WAITING else None,
    )
    enrolment.save()
    audit_record(
        actor=None,
        action=f"enrolment.{VERBS[status]}",
        label=LABELS[status],
        target=enrolment,
        changes={"status": [None, status]},
        note=_by_household(household),
    )
    return enrolment


def enrolment_claim(
    *,
    household: Household,
    member: Member,
    offering: Offering,
    wait: bool = False,
    now: datetime.datetime | None = None,
) -> Enrolment:
    """A learner takes a seat (first come), applies (lottery window) or, with `wait`, joins the waitlist of a
    full class. Raises ValidationError with the reason, ClassFull when the last seat has just gone."""
    try:
        return _claim(
            household=household, member=member, offering=offering, wait=wait, now=now or timezone.now()
        )
    except IntegrityError as error:
        # The partial unique index caught a second active enrolment that slipped past the check.
        raise ValidationError(_("%(name)s 已报名或候补该课程。") % {"name": member.name}) from error


@transaction.atomic
def _claim(
    *, household: Household, member: Member, offering: Offering, wait: bool, now: datetime.datetime
) -> Enrolment:
    _lock_timeout()
    # The learner's row first: two tabs of one family are served one after the other, so the cap holds.
    member = Member.objects.select_for_update().get(pk=member.pk, household=household)
    offering = Offering.objects.select_related("teaching_point", "course", "limits").get(pk=offering.pk)
    rule = rule_for(offering)
    found = standing(member=member, offering=offering, rule=rule, now=now)
    if found.action is None:
        raise ValidationError(found.reason)
    if found.action == "apply":
        status = Status.APPLIED
    # The one statement that decides who gets a seat: the database refuses to go below zero.
    elif Offering.objects.filter(pk=offering.pk, seats_left__gt=0).update(seats_left=F("seats_left") - 1):
        status = Status.ENROLLED
    elif wait:
        status = Status.WAITING
    else:
        raise ClassFull(_("名额刚刚报满，可以加入候补，有空位时按顺序短信通知。"))
    enrolment = _enrolment_create(
        member=member,
        offering=offering,
        status=status,
        returning=found.returning,
        now=now,
        household=household,
    )
    household_notify(household, status, _claim_message(status, member, offering, rule))
    return enrolment


def _claim_message(status: str, member: Member, offering: Offering, rule: EnrolmentRule | None) -> str:
    draw_at = rule.draw_at if rule is not None else None
    values = {
        "name": member.name,
        "class": offering.course,
        "when": _schedule(offering),
        "place": offering.teaching_point,
        "draw": formats.date_format(timezone.localtime(draw_at), "DATETIME_FORMAT") if draw_at else "",
    }
    if status == Status.APPLIED:
        return _("%(name)s 已申请摇号：%(class)s，%(draw)s 摇号，结果将短信通知。") % values
    if status == Status.ENROLLED:
        return _("%(name)s 报名成功：%(class)s，%(when)s 上课，地点 %(place)s。") % values
    return _("%(name)s 已加入候补：%(class)s，有空位时按顺序通知。") % values


def _schedule(offering: Offering) -> str:
    return f"{offering.get_weekday_display()} {offering.start_time:%H:%M}"


# Freed seats and the waitlist


def offer_link(enrolment: Enrolment) -> str:
    """The signed link that accepts or declines this offer (void once the offer is decided or replaced)."""
    assert enrolment.offer_expires is not None, "only an offer has a link"
    token = signing.dumps({"e": enrolment.pk, "x": int(enrolment.offer_expires.timestamp())}, salt=OFFER_SALT)
    return reverse("enrolment:offer", args=[token])


def offer_from_token(token: str) -> Enrolment:
    """The offer a link names; ValidationError for a forged, mangled or superseded link."""
    try:
        data = signing.loads(token, salt=OFFER_SALT)
        enrolment = Enrolment.objects.select_related(
            "offering__course", "offering__teaching_point", "member"
        ).get(pk=data["e"])
    except (signing.BadSignature, KeyError, TypeError, Enrolment.DoesNotExist) as error:
        raise ValidationError(_("这个链接无效，请使用短信中的完整链接。")) from error
    if enrolment.offer_expires is None or int(enrolment.offer_expires.timestamp()) != data.get("x"):
        raise ValidationError(_("这个链接已失效。"))
    return enrolment


def _offer_next(offering_id: int, now: datetime.datetime) -> Enrolment | None:
    """Offer the seat the caller has just freed (and still counts as taken) to the next waiting learner, or
    give it back to the counter. The caller holds the offering's row lock, so two freed seats go to two
    different learners."""
    offering = (
        Offering.objects.select_for_update(of=("self",))
        .select_related("teaching_point", "course")
        .get(pk=offering_id)
    )
    rule = rule_for(offering)
    following = (
        Enrolment.objects.waiting_queue()
        .filter(offering_id=offering_id)
        .select_related("member")
        .select_for_update(skip_locked=True, of=("self",))
        .first()
    )
    if following is None or rule is None:
        Offering.objects.filter(pk=offering_id).update(seats_left=F("seats_left") + 1)
        return None
    with audited(
        following,
        "status",
        "offer_expires",
        actor=None,
        action="enrolment.offer",
        label=gettext_lazy("候补名额通知"),
    ):
        following.status = Status.OFFERED
        following.offer_expires = now + datetime.timedelta(hours=rule.offer_hours)
        following.offer_reminded = False
        following.save(update_fields=["status", "offer_expires", "offer_reminded", "updated_at"])
    household_notify(
        following.member.household_id,
        "offer",
        _("%(name)s 候补的 %(class)s 有空位了，请在 %(when)s 前确认，逾期顺延给下一位。")
        % {
            "name": following.member.name,
            "class": offering.course,
            "when": formats.date_format(timezone.localtime(following.offer_expires), "DATETIME_FORMAT"),
        },
        link=offer_link(following),
    )
    return following


def _seat_free(enrolment: Enrolment, now: datetime.datetime) -> Enrolment | None:
    return _offer_next(enrolment.offering_id, now)


def status_move(
    enrolment: Enrolment, status: str, *, action: str, label: StrOrPromise, note: str = ""
) -> None:
    """Record and save one enrolment's change of status (the caller holds its row lock)."""
    with audited(enrolment, "status", actor=None, action=action, label=label, note=note):
        enrolment.status = status
        enrolment.save(update_fields=["status", "updated_at"])


@transaction.atomic
def enrolment_cancel(
    *, household: Household, enrolment: Enrolment, now: datetime.datetime | None = None
) -> Enrolment:
    """A learner leaves a class, a waitlist or a lottery; a seat they held goes to the next one waiting."""
    now = now or timezone.now()
    _lock_timeout()
    enrolment = Enrolment.objects.select_for_update(of=("self",)).get(
        pk=enrolment.pk, member__household=household
    )
    if enrolment.status not in ACTIVE:
        raise ValidationError(_("该报名已经结束。"))
    seated = enrolment.status in SEATED
    status_move(
        enrolment,
        Status.CANCELLED,
        action="enrolment.cancel",
        label=gettext_lazy("取消报名"),
        note=_by_household(household),
    )
    if seated:
        _seat_free(enrolment, now)
    return enrolment


@transaction.atomic
def offer_decide(*, enrolment: Enrolment, accept: bool, now: datetime.datetime | None = None) -> Enrolment:
    """Accept or decline an offer by its signed link; declining passes the seat on at once."""
    now = now or timezone.now()
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("member", "offering")
        .get(pk=enrolment.pk)
    )
    if enrolment.status != Status.OFFERED:
        raise ValidationError(_("这个候补名额已经处理过了。"))
    if enrolment.offer_expires is None or enrolment.offer_expires <= now:
        raise ValidationError(_("这个候补名额已过期，已顺延给下一位。"))
    if accept:
        status_move(enrolment, Status.ENROLLED, action="enrolment.accept", label=gettext_lazy("确认候补名额"))
        household_notify(
            enrolment.member.household_id,
            "enrolled",
            _("%(name)s 报名成功：%(class)s。")
            % {"name": enrolment.member.name, "class": enrolment.offering.course},
        )
        return enrolment
    status_move(enrolment, Status.DECLINED, action="enrolment.decline", label=gettext_lazy("放弃候补名额"))
    _seat_free(enrolment, now)
    return enrolment


def offers_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Beat's round: expired offers pass on, offers about to expire are reminded once, and seats left free
    while learners wait (seats added, or freed as someone joined) are offered. Each item is its own short
    transaction, so the sweep can run twice or late."""
    now = now or timezone.now()
    counts = {"expired": 0, "reminded": 0, "offered": 0}
    for pk in Enrolment.objects.offers_expired(now).values_list("pk", flat=True):
        counts["expired"] += _offer_expire(pk, now)
    soon = Enrolment.objects.filter(
        status=Status.OFFERED,
        offer_reminded=False,
        offer_expires__lte=now + datetime.timedelta(hours=OFFER_REMIND_HOURS),
    )
    for pk in soon.values_list("pk", flat=True):
        counts["reminded"] += _offer_remind(pk, now)
    free = Offering.objects.filter(seats_left__gt=0, enrolments__status=Status.WAITING).distinct()
    for offering_id in free.values_list("pk", flat=True):
        counts["offered"] += _offer_free_seats(offering_id, now)
    return counts


@transaction.atomic
def _offer_expire(pk: int, now: datetime.datetime) -> int:
    enrolment = (
        Enrolment.objects.select_for_update(skip_locked=True).filter(pk=pk, status=Status.OFFERED).first()
    )
    if enrolment is None or enrolment.offer_expires > now:
        return 0
    status_move(enrolment, Status.EXPIRED, action="enrolment.expire", label=gettext_lazy("候补名额过期"))
    household_notify(
        enrolment.member.household_id,
        "offer_gone",
        _("%(name)s 未在期限内确认 %(class)s 的候补名额，名额已顺延。")
        % {"name": enrolment.member.name, "class": enrolment.offering.course},
    )
    _seat_free(enrolment, now)
    return 1


@transaction.atomic
def _offer_remind(pk: int, now: datetime.datetime) -> int:
    enrolment = (
        Enrolment.objects.select_for_update(skip_locked=True)
        .filter(pk=pk, status=Status.OFFERED, offer_reminded=False)
        .first()
    )
    if enrolment is None:
        return 0
    enrolment.offer_reminded = True
    enrolment.save(update_fields=["offer_reminded", "updated_at"])
    household_notify(
        enrolment.member.household_id,
        "offer_soon",
        _("提醒：%(name)s 的 %(class)s 候补名额将于 %(when)s 过期，请尽快确认。")
        % {
            "name": enrolment.member.name,
            "class": enrolment.offering.course,
            "when": formats.date_format(timezone.localtime(enrolment.offer_expires), "DATETIME_FORMAT"),
        },
        link=offer_link(enrolment),
    )
    return 1


@transaction.atomic
def _offer_free_seats(offering_id: int, now: datetime.datetime) -> int:
    """Offer each free seat of a class to its waiting learners in order."""
    offered = 0
    while True:
        taken = Offering.objects.filter(pk=offering_id, seats_left__gt=0).update(
            seats_left=F("seats_left") - 1
        )
        if not taken:
            return offered
        if _offer_next(offering_id, now) is None:
            return offered
        offered += 1


# Members of a household


@transaction.atomic
def member_save(*, household: Household, member: Member) -> Member:
    """Add or edit a family member (at most MEMBERS_PER_HOUSEHOLD, counted under the household's lock)."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    new = member.pk is None
    if new and household.members.count() >= MEMBERS_PER_HOUSEHOLD:
        raise ValidationError(_("每个账户最多添加 %(count)s 位学员。") % {"count": MEMBERS_PER_HOUSEHOLD})
    if not new:
        Member.objects.select_for_update().get(pk=member.pk, household=household)
    member.household = household
    member.full_clean()
    with audited(
        member,
        "name",
        "birth_year",
        "relation",
        actor=None,
        action="member.create" if new else "member.update",
        label=gettext_lazy("添加学员") if new else gettext_lazy("修改学员"),
        new=new,
        note=_by_household(household),
    ):
        member.save()
    return member


@transaction.atomic
def member_delete(*, household: Household, member: Member) -> None:
    """Remove a member with no class under way (their past record goes with them)."""
    member = Member.objects.select_for_update().get(pk=member.pk, household=household)
    if member.enrolments.filter(status__in=ACTIVE).exists():
        raise ValidationError(_("%(name)s 还有报名中的课程，请先取消。") % {"name": member.name})
    audit_record(
        actor=None,
        action="member.delete",
        label=gettext_lazy("删除学员"),
        target=member,
        changes={"name": [member.name, None]},
        note=_by_household(household),
    )
    member.enrolments.all().delete()  # their attendance goes with them
    member.delete()


@transaction.atomic
def household_delete(*, household: Household) -> None:
    """A household deletes its account and every record of its members (the audit trail keeps only that
    it happened). Seats they held go to waiting learners first."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    for enrolment in Enrolment.objects.of_household(household).active():
        enrolment_cancel(household=household, enrolment=enrolment)
    audit_record(
        actor=None,
        action="household.delete",
        label=gettext_lazy("注销报名账户"),
        target=household,
        changes={"members": [household.members.count(), None]},
        note=_by_household(household),
    )
    Enrolment.objects.of_household(household).delete()
    household.delete()


# Rules and limits kept by districts


@transaction.atomic
def rule_save(*, user: User, rule: EnrolmentRule) -> EnrolmentRule:
    stored = EnrolmentRule.objects.select_for_update().get(pk=rule.pk) if rule.pk else None
    if stored is not None:
        require(user, permissions.can_keep_rule, stored)
        if stored.drawn_at:
            raise ValidationError(_("摇号已完成，报名规则不能再修改。"))
    require(user, permissions.can_keep_rule, rule)
    if rule.is_lottery:
        rule.seed_new()
    rule.full_clean()
    with audited(
        rule,
        *EnrolmentRule.EDITED,
        actor=user,
        action="rule.create" if stored is None else "rule.update",
        label=gettext_lazy("设置报名规则"),
        before=stored,
        new=stored is None,
        only_changes=stored is not None,
    ):
        rule.save()
    return rule


@transaction.atomic
def limits_save(*, user: User, limits: ClassLimits) -> ClassLimits:
    require(user, permissions.can_keep_limits, limits.offering)
    stored = ClassLimits.objects.select_for_update().filter(pk=limits.pk).first() if limits.pk else None
    limits.full_clean()
    with audited(
        limits,
        "min_age",
        "max_age",
        "real_names",
        actor=user,
        action="limits.update",
        label=gettext_lazy("设置报名条件"),
        before=stored,
        new=stored is None,
        only_changes=stored is not None,
        target=limits.offering,
    ):
        limits.save()
    return limits


# The lottery


def tier(priority: str, returning: bool) -> int:
    if priority == Priority.RETURNING_FIRST:
        return 0 if returning else 1
    if priority == Priority.NEWCOMERS_FIRST:
        return 1 if returning else 0
    return 0


@transaction.atomic
def lottery_draw(*, rule: EnrolmentRule, now: datetime.datetime | None = None) -> dict[str, int]:
    """Draw a district's term (once: a second call does nothing), place the winners, queue the rest in draw
    order, and publish the seed, the anonymised applications and the result."""
    now = now or timezone.now()
    rule = EnrolmentRule.objects.select_for_update().get(pk=rule.pk)
    if not rule.is_lottery or rule.drawn_at is not None:
        return {"placed": 0, "waitlisted": 0}
    offerings = list(
        Offering.objects.select_for_update(of=("self",))
        .filter(term_id=rule.term_id, teaching_point__district_id=rule.district_id)
        .order_by("pk")
        .values_list("pk", "seats_left")
    )
    seats = {str(pk): left for pk, left in offerings}
    rows = list(
        Enrolment.objects.filter(offering_id__in=[pk for pk, _left in offerings], status=Status.APPLIED)
        .order_by("pk")
        .values_list("pk", "token", "offering_id", "returning", "member__household_id")
    )
    applications = [
        {"token": token, "class": str(offering), "tier": tier(rule.priority, returning)}
        for _pk, token, offering, returning, _h in rows
    ]
    result = algorithm.draw(rule.seed, seats, applications)
    by_token = {token: (pk, household) for pk, token, _o, _r, household in rows}
    placed_ids, waiting = [], []
    for key, outcome in result.items():
        placed_ids += [by_token[token][0] for token in outcome["placed"]]
        if outcome["placed"]:
            Offering.objects.filter(pk=int(key)).update(seats_left=F("seats_left") - len(outcome["placed"]))
        waiting += [
            (by_token[token][0], now + datetime.timedelta(microseconds=rank))
            for rank, token in enumerate(outcome["waitlist"])
        ]
    Enrolment.objects.filter(pk__in=placed_ids).update(status=Status.ENROLLED, updated_at=now)
    _queue_in_order(waiting, now)
    rule.drawn_at = now
    rule.published = {
        "district": rule.district.name,
        "term": rule.term.name,
        "commitment": rule.commitment,
        "seed": rule.seed,
        "drawn_at": now.isoformat(),
        "algorithm": "sha256(seed:token), by tier then hash; see algorithm.py",
        "seats": seats,
        "applications": applications,
        "result": result,
    }
    rule.save(update_fields=["drawn_at", "published"])
    counts = {"placed": len(placed_ids), "waitlisted": len(waiting)}
    audit_record(
        actor=None,
        action="rule.draw",
        label=gettext_lazy("摇号"),
        target=rule,
        changes={name: [None, count] for name, count in counts.items()},
    )
    _lottery_notify(by_token, result)
    return counts


def _queue_in_order(waiting: list[tuple[int, datetime.datetime]], now: datetime.datetime) -> None:
    """Put the unplaced on the waitlist, each at its place in the draw (queued_at). On PostgreSQL one UPDATE
    joined to a list of values per 5,000 rows: bulk_update's CASE per row grows with the square of the
    batch (50,000 applications took minutes)."""
    if connection.vendor != "postgresql":
        rows = [Enrolment(pk=pk, status=Status.WAITING, queued_at=at, updated_at=now) for pk, at in waiting]
        Enrolment.objects.bulk_update(rows, ["status", "queued_at", "updated_at"], batch_size=500)
        return
    table = Enrolment._meta.db_table
    with connection.cursor() as cursor:
        execute_values(
            cursor.cursor,
            f"UPDATE {table} AS e SET status = '{Status.WAITING.value}', queued_at = v.at, "
            "updated_at = now() "
            "FROM (VALUES %s) AS v(id, at) WHERE e.id = v.id",
            waiting,
            page_size=5000,
        )


def _lottery_notify(by_token: dict[str, tuple[int, int]], result: dict[str, dict[str, list[str]]]) -> None:
    link = reverse("enrolment:mine")
    notices = []
    for outcome in result.values():
        for token in outcome["placed"]:
            notices.append(
                HouseholdNotice(
                    household_id=by_token[token][1],
                    kind="lottery",
                    link=link,
                    message=_("摇号结果：您的申请 %(token)s 已中签，报名成功。") % {"token": token},
                )
            )
        for rank, token in enumerate(outcome["waitlist"], start=1):
            notices.append(
                HouseholdNotice(
                    household_id=by_token[token][1],
                    kind="lottery",
                    link=link,
                    message=_("摇号结果：您的申请 %(token)s 未中签，已排入候补第 %(rank)s 位。")
                    % {"token": token, "rank": rank},
                )
            )
    HouseholdNotice.objects.bulk_create(notices, batch_size=2000)
    transaction.on_commit(lambda: task_enqueue("courses.enrolment.tasks.lottery_sms_task"), robust=True)


# The timetable's own write paths (courses.services) call these around saving a row


CHANGED_FIELDS = ["weekday", "start_time", "end_time", "teaching_point_id", "first_date", "last_date"]


def timetable_row_check(*, stored: Offering, offering: Offering) -> None:
    """Before a district saves a class that takes online enrolment: its counter is the claims' own, so
    seats_left follows from the seats and the learners already seated (never typed), and the seats cannot
    go below them."""
    held = Enrolment.objects.filter(offering_id=stored.pk, status__in=SEATED).count()
    if rule_for(stored) is None and not held:
        return
    taken = stored.seats - stored.seats_left
    if offering.seats < taken:
        raise ValidationError(
            {"seats": _("已有 %(count)s 人报名或保留名额，招生名额不能少于 %(count)s。") % {"count": taken}}
        )
    offering.seats_left = offering.seats - taken


def timetable_row_saved(*, stored: Offering, offering: Offering) -> None:
    """After the save, in the same transaction: seats added go to waiting learners; learners hear of a
    change of day, time or place, or of the class being withdrawn."""
    now = timezone.now()
    if (
        offering.seats_left > 0
        and Enrolment.objects.filter(offering_id=offering.pk, status=Status.WAITING).exists()
    ):
        _offer_free_seats(offering.pk, now)
    moved = [name for name in CHANGED_FIELDS if getattr(stored, name) != getattr(offering, name)]
    withdrawn = stored.published and not offering.published
    if not (moved or withdrawn):
        return
    if withdrawn:
        message = _("%(class)s 已停止开课，如有疑问请联系教学点 %(contact)s。")
    else:
        message = _("%(class)s 的上课时间或地点有变动：%(when)s，%(place)s。请留意。")
    households = (
        Enrolment.objects.filter(offering_id=offering.pk, status__in=ACTIVE)
        .values_list("member__household_id", flat=True)
        .distinct()
    )
    point = offering.teaching_point
    for household_id in households:
        household_notify(
            household_id,
            "changed",
            message
            % {
                "class": offering.course,
                "when": _schedule(offering),
                "place": point,
                "contact": point.contact,
            },
            link=offering.get_absolute_url(),
        )
