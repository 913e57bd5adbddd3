"""Every change of a nomination's state, guarded and logged. Used by brands/ and awards/ alike.

Each function checks who is acting (permissions.py), checks the state and the rules, moves the
nomination, writes one transition row (the nomination's own log, shown on its page) and records one audit
event per object it changes (fuzhou_lle.audit.record, whose action codes also decide who is notified).
Failures are ValidationError with a Chinese message, or PermissionDenied.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fuzhou_lle.accounts.models import User
from fuzhou_lle.accounts.permissions import require
from fuzhou_lle.audit.record import audit_record, audited, diff, snapshot
from fuzhou_lle.files.uploads import EVIDENCE, check_upload, stored_name
from fuzhou_lle.nominations import permissions
from fuzhou_lle.nominations.workflow import (
    AbstractAssignment,
    AbstractCriterion,
    AbstractDistrictQuota,
    AbstractEvidence,
    AbstractNomination,
    AbstractObjection,
    AbstractRound,
    Level,
    Outcome,
    Status,
    can_move,
)
from fuzhou_lle.units.models import District
from fuzhou_lle.web.ratelimit import over_limit

# Each service hands back the kind's own object it was given (a BrandNomination stays one).
N = TypeVar("N", bound=AbstractNomination)
R = TypeVar("R", bound=AbstractRound)
A = TypeVar("A", bound=AbstractAssignment)

OBJECTIONS_PER_HOUR = 5


def lock_row(obj: models.Model) -> None:
    """Re-read `obj` in place under a row lock held until the transaction ends, so the caller's
    instance is the one that changes."""
    obj.refresh_from_db(from_queryset=type(obj)._default_manager.select_for_update())


# What each move is called in the audit trail (and so which notification it sends).
MOVES = {
    Status.SUBMITTED: ("nomination.submit", gettext_lazy("报送")),
    Status.RETURNED: ("nomination.return", gettext_lazy("退回修改")),
    Status.UNDER_REVIEW: ("nomination.accept", gettext_lazy("受理并进入评审")),
    Status.SHORTLISTED: ("nomination.shortlist", gettext_lazy("入围")),
    Status.IN_PUBLICITY: ("nomination.publicize", gettext_lazy("公示")),
    Status.SELECTED: ("nomination.select", gettext_lazy("入选")),
    Status.NOT_SELECTED: ("nomination.not_select", gettext_lazy("未入选")),
}


def _move(nomination: AbstractNomination, *, user: User, to: Status, note: str = "") -> None:
    if not can_move(nomination.status, to):
        raise ValidationError(
            _("当前状态为“%(now)s”，不能改为“%(to)s”。")
            % {"now": nomination.get_status_display(), "to": to.label}
        )
    from_status = nomination.status
    action, label = MOVES[to]
    with audited(nomination, "status", actor=user, action=action, label=label, note=note):
        nomination.status = to
        nomination.full_clean()
        nomination.save()
    nomination.transitions.create(actor=user, from_status=from_status, to_status=to, note=note)


def _log(nomination: AbstractNomination, *, user: User, note: str) -> None:
    """A step that keeps the state (a recommendation, an outcome) still goes in the log."""
    nomination.transitions.create(
        actor=user, from_status=nomination.status, to_status=nomination.status, note=note
    )


@transaction.atomic
def nomination_create(*, round_: AbstractRound, user: User, nomination: N) -> N:
    """Save a new draft for the user's own district in an open round."""
    require(user, permissions.can_create, round_)
    nomination.round = round_
    nomination.district = user.district
    nomination.created_by = user
    nomination.status = Status.DRAFT
    fields = _own_fields(nomination)
    with audited(
        nomination, *fields, actor=user, action="nomination.create", label=gettext_lazy("新建推荐"), new=True
    ):
        nomination.full_clean()
        nomination.save()
    return nomination


def _own_fields(nomination: AbstractNomination) -> list[str]:
    """The fields the district fills in (the app's own), not the workflow's."""
    workflow = {field.name for field in AbstractNomination._meta.get_fields()}
    return [
        field.name
        for field in nomination._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in workflow | {"round"}
    ]


@transaction.atomic
def nomination_update(*, nomination: N, user: User) -> N:
    """Save the district's changes to its own draft (or returned) nomination. `nomination` carries the
    changes; the stored row is locked and checked, so a nomination submitted meanwhile is not changed."""
    stored = type(nomination).objects.select_for_update().get(pk=nomination.pk)
    require(user, permissions.can_edit, stored)
    with audited(
        nomination,
        *_own_fields(nomination),
        actor=user,
        action="nomination.update",
        label=gettext_lazy("修改推荐"),
        before=stored,
        only_changes=True,
    ):
        nomination.status = stored.status
        nomination.full_clean()
        nomination.save()
    return nomination


@transaction.atomic
def nomination_submit(*, nomination: N, user: User, now: datetime | None = None) -> N:
    """Submit (or resubmit after revision). The round's row lock makes the quota check and the
    submission one step: two people of a district submitting at once cannot exceed the quota."""
    now = now or timezone.now()
    round_ = nomination.round
    lock_row(round_)
    lock_row(nomination)
    require(user, permissions.can_submit, nomination)
    if not round_.is_open(now):
        raise ValidationError(
            _("本批次报送时间为 %(opens)s 至 %(closes)s，现在不能报送。")
            % {
                "opens": timezone.localtime(round_.opens_at).strftime("%Y-%m-%d %H:%M"),
                "closes": timezone.localtime(round_.closes_at).strftime("%Y-%m-%d %H:%M"),
            }
        )
    missing = nomination.missing_for_submit()
    if missing:
        raise ValidationError(_("请先补充完整再报送，尚缺：%(fields)s。") % {"fields": "、".join(missing)})
    places = round_.places_for(nomination.district, excluding=nomination)
    if not places.left:
        raise ValidationError(
            _("本区在本批次的名额（%(quota)s 个）已用完，不能再报送。") % {"quota": places.quota}
        )
    resubmitting = nomination.status == Status.RETURNED
    nomination.submitted_at = now
    _move(nomination, user=user, to=Status.SUBMITTED, note=_("修改后重新报送") if resubmitting else "")
    return nomination


@transaction.atomic
def nomination_return(*, nomination: N, user: User, reason: str) -> N:
    """Send a submitted nomination back to its district for revision, saying why."""
    require(user, permissions.can_check)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请填写退回原因，便于县（市）区修改。"))
    lock_row(nomination)
    nomination.return_reason = reason
    _move(nomination, user=user, to=Status.RETURNED, note=reason)
    return nomination


@transaction.atomic
def nomination_accept(*, nomination: N, user: User) -> N:
    """The committee finds a submitted nomination complete and takes it into review."""
    require(user, permissions.can_check)
    lock_row(nomination)
    nomination.return_reason = ""
    _move(nomination, user=user, to=Status.UNDER_REVIEW)
    return nomination


@transaction.atomic
def nomination_shortlist(*, nomination: N, user: User) -> N:
    require(user, permissions.can_check)
    lock_row(nomination)
    _move(nomination, user=user, to=Status.SHORTLISTED)
    return nomination


@transaction.atomic
def nomination_reject(*, nomination: N, user: User, note: str = "") -> N:
    """Not selected: after review, or when an objection during publicity is upheld."""
    require(user, permissions.can_check)
    lock_row(nomination)
    _move(nomination, user=user, to=Status.NOT_SELECTED, note=note)
    return nomination


@transaction.atomic
def round_save(*, round_: R, criteria: list[dict[str, Any]], quotas: dict[District, int], user: User) -> R:
    """Create or change a round with its review criteria and district places, all or nothing.

    `criteria` are dicts of name, description and max_score, in order; `quotas` maps a district to its
    places where they differ from the round's default. Both replace what the round had: while the round
    may be edited no nomination has been scored, so no score refers to an old criterion."""
    require(user, permissions.can_check)
    before = {}
    if round_.pk:
        # Locked, so a district cannot submit (and lock the round) while the change is being saved.
        stored = type(round_).objects.select_for_update().get(pk=round_.pk)
        require(user, permissions.can_edit_round, stored)
        before = {**snapshot(stored, *ROUND_FIELDS), **_round_rules(stored)}
    if not criteria:
        raise ValidationError(_("请至少设置一项评审指标。"))
    names = [item["name"].strip() for item in criteria]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValidationError(
            _("评审指标“%(names)s”重复，请合并或改用不同的名称。") % {"names": "、".join(repeated)}
        )
    round_.full_clean()
    created = round_.pk is None
    criterion_model = round_.criteria.model
    quota_model = round_.quotas.model
    new_criteria = [
        criterion_model(**{**item, "name": name}, order=order)
        for order, (item, name) in enumerate(zip(criteria, names, strict=True))
    ]
    new_quotas = [quota_model(district=district, quota=quota) for district, quota in quotas.items()]
    rows: list[AbstractCriterion | AbstractDistrictQuota] = [*new_criteria, *new_quotas]
    for row in rows:
        row.full_clean(exclude=["round"])
    round_.save()
    round_.criteria.all().delete()
    round_.quotas.all().delete()
    for row in rows:
        row.round = round_
        row.save()
    audit_record(
        actor=user,
        action="round.create" if created else "round.update",
        label=gettext_lazy("新建征集批次") if created else gettext_lazy("修改征集批次"),
        target=round_,
        changes=diff(before, {**snapshot(round_, *ROUND_FIELDS), **_round_rules(round_)}),
    )
    return round_


ROUND_FIELDS = ("title", "year", "batch", "call_text", "opens_at", "closes_at", "default_quota")


def _round_rules(round_: AbstractRound) -> dict[str, Any]:
    """A round's criteria and district places as the audit trail shows them."""
    return {
        "criteria": [f"{c.name}（{c.max_score}）" for c in round_.criteria.all()],
        "quotas": [str(q) for q in round_.quotas.select_related("district")],
    }


@transaction.atomic
def round_publicity_start(*, round_: R, user: User, starts_on: date, ends_on: date) -> R:
    """Publish the shortlist for public comment (公示) over the given days."""
    require(user, permissions.can_check)
    lock_row(round_)
    round_.publicity_starts_on = starts_on
    round_.publicity_ends_on = ends_on
    round_.full_clean()
    round_.save()
    shortlisted = list(round_.nominations.filter(status=Status.SHORTLISTED))
    if not shortlisted:
        raise ValidationError(_("本批次还没有入围的推荐对象，不能发布公示。"))
    window = _("公示期 %(starts)s 至 %(ends)s") % {"starts": starts_on, "ends": ends_on}
    for nomination in shortlisted:
        _move(nomination, user=user, to=Status.IN_PUBLICITY, note=window)
    return round_


@transaction.atomic
def round_results_publish(
    *, round_: AbstractRound, user: User, now: datetime | None = None
) -> list[AbstractNomination]:
    """After the publicity window: everything still in publicity is selected and the results are
    public. Returns the selected nominations."""
    require(user, permissions.can_check)
    now = now or timezone.now()
    lock_row(round_)
    if round_.results_published_at:
        raise ValidationError(_("本批次结果已经公布。"))
    if not round_.publicity_ends_on or timezone.localdate(now) <= round_.publicity_ends_on:
        raise ValidationError(_("公示期结束后才能公布结果。"))
    selected = list(round_.nominations.filter(status=Status.IN_PUBLICITY))
    for nomination in selected:
        _move(nomination, user=user, to=Status.SELECTED)
    round_.results_published_at = now
    round_.save(update_fields=["results_published_at"])
    audit_record(
        actor=user,
        action="round.publish_results",
        label=gettext_lazy("公布评选结果"),
        target=round_,
        changes={"results_published_at": [None, now]},
        note=_("入选 %(count)d 个") % {"count": len(selected)},
    )
    return selected


@transaction.atomic
def nomination_recommend(*, nomination: N, user: User, level: Level) -> N:
    """Recommend a selected entry upward (省级 / 国家级); its outcome is recorded later."""
    require(user, permissions.can_check)
    lock_row(nomination)
    if nomination.status != Status.SELECTED:
        raise ValidationError(_("只有入选的推荐对象才能向上推荐。"))
    field = nomination.outcome_field(level)
    if getattr(nomination, field) != Outcome.NONE:
        raise ValidationError(_("已经推荐至%(level)s。") % {"level": Level(level).label})
    note = _("推荐至%(level)s") % {"level": Level(level).label}
    with audited(
        nomination,
        field,
        actor=user,
        action="nomination.recommend",
        label=gettext_lazy("向上推荐"),
        note=note,
    ):
        setattr(nomination, field, Outcome.RECOMMENDED)
        nomination.save(update_fields=[field, "updated_at"])
    _log(nomination, user=user, note=note)
    return nomination


@transaction.atomic
def nomination_outcome_record(*, nomination: N, user: User, level: Level, approved: bool) -> N:
    require(user, permissions.can_check)
    lock_row(nomination)
    field = nomination.outcome_field(level)
    if getattr(nomination, field) == Outcome.NONE:
        raise ValidationError(_("尚未推荐至%(level)s，不能登记结果。") % {"level": Level(level).label})
    outcome = Outcome.APPROVED if approved else Outcome.NOT_APPROVED
    with audited(
        nomination, field, actor=user, action="nomination.outcome", label=gettext_lazy("登记推荐结果")
    ):
        setattr(nomination, field, outcome)
        nomination.save(update_fields=[field, "updated_at"])
    _log(nomination, user=user, note=f"{Level(level).label}：{outcome.label}")
    return nomination


@transaction.atomic
def nomination_reward_set(*, nomination: N, user: User, amount: Decimal | None) -> N:
    """The special reward fund (专项奖励经费) for a selected entry."""
    require(user, permissions.can_check)
    lock_row(nomination)
    if nomination.status != Status.SELECTED:
        raise ValidationError(_("只有入选的推荐对象才能安排奖励经费。"))
    with audited(
        nomination,
        "reward_amount",
        actor=user,
        action="nomination.reward",
        label=gettext_lazy("安排奖励经费"),
        only_changes=True,
    ):
        nomination.reward_amount = amount
        nomination.full_clean()
        nomination.save(update_fields=["reward_amount", "updated_at"])
    return nomination


@transaction.atomic
def evidence_add(*, nomination: AbstractNomination, user: User, upload: UploadedFile) -> AbstractEvidence:
    require(user, permissions.can_edit, nomination)
    evidence = nomination.evidence.model(original_name=(upload.name or "")[-200:], size=upload.size or 0)
    evidence.nomination, evidence.uploaded_by = nomination, user
    # Checked by content before anything is written, so a refused file leaves no trace.
    kind = check_upload(upload, EVIDENCE)
    evidence.file.save(stored_name(kind), upload, save=False)
    evidence.content_type = kind.mime
    evidence.full_clean()
    evidence.save()
    audit_record(
        actor=user,
        action="evidence.add",
        label=gettext_lazy("上传证明材料"),
        target=nomination,
        changes={"evidence": [None, evidence.original_name]},
    )
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: AbstractEvidence, user: User) -> None:
    nomination = evidence.nomination
    lock_row(nomination)
    require(user, permissions.can_edit, nomination)
    audit_record(
        actor=user,
        action="evidence.delete",
        label=gettext_lazy("删除证明材料"),
        target=nomination,
        changes={"evidence": [evidence.original_name, None]},
    )
    evidence.delete()
    # The file goes only once the row's deletion is committed, so a rolled-back delete keeps it.
    transaction.on_commit(lambda: evidence.file.storage.delete(evidence.file.name))


@transaction.atomic
def assignment_create(
    *, nomination: AbstractNomination, reviewer: User, user: User, due_on: date
) -> AbstractAssignment:
    """Ask a reviewer to score a nomination under review. Never one from the nomination's district."""
    require(user, permissions.can_check)
    if nomination.status != Status.UNDER_REVIEW:
        raise ValidationError(_("只有评审中的推荐对象才能分配评审专家。"))
    if not permissions.can_assign_to(reviewer, nomination):
        raise ValidationError(_("该专家不是评审专家，或来自推荐对象所在县（市）区，不能分配。"))
    if nomination.assignments.filter(reviewer=reviewer).exists():
        raise ValidationError(_("已经分配给该专家。"))
    assignment = nomination.assignments.model(
        nomination=nomination, reviewer=reviewer, assigned_by=user, due_on=due_on
    )
    assignment.full_clean()
    assignment.save()
    audit_record(
        actor=user,
        action="nomination.assign",
        label=gettext_lazy("分配评审专家"),
        target=nomination,
        # The reviewer's id lets the notification find them; the name is what people read.
        changes={
            "reviewer": [None, str(reviewer)],
            "reviewer_id": [None, reviewer.pk],
            "due_on": [None, due_on],
        },
    )
    return assignment


@transaction.atomic
def assignment_score(
    *, assignment: A, user: User, values: dict[int, Decimal], now: datetime | None = None
) -> A:
    """Record a reviewer's score for every criterion of the round, each within its maximum."""
    lock_row(assignment)
    require(user, permissions.can_score, assignment)
    criteria = list(assignment.nomination.round.criteria.all())
    score_model = assignment.scores.model
    errors = []
    for criterion in criteria:
        value = values.get(criterion.pk)
        if value is None:
            errors.append(_("请为“%(name)s”打分。") % {"name": criterion.name})
        elif not 0 <= value <= criterion.max_score:
            errors.append(
                _("“%(name)s”的得分应在 0 到 %(max)s 分之间。")
                % {"name": criterion.name, "max": criterion.max_score}
            )
    if errors:
        raise ValidationError(errors)
    before = {score.criterion.name: score.value for score in assignment.scores.select_related("criterion")}
    for criterion in criteria:
        score_model._default_manager.update_or_create(
            assignment=assignment, criterion=criterion, defaults={"value": values[criterion.pk]}
        )
    assignment.completed_at = now or timezone.now()
    assignment.save(update_fields=["completed_at"])
    changes = diff(before, {criterion.name: values[criterion.pk] for criterion in criteria})
    if changes:
        audit_record(
            actor=user,
            action="score.save",
            label=gettext_lazy("修改评分") if before else gettext_lazy("评分"),
            target=assignment,
            changes=changes,
        )
    return assignment


@transaction.atomic
def objection_submit(
    *, nomination: AbstractNomination, client_ip: str, name: str, contact: str, content: str
) -> AbstractObjection:
    """An objection from the public during the publicity window, stored for the committee.
    At most OBJECTIONS_PER_HOUR from one address an hour."""
    if nomination.status != Status.IN_PUBLICITY or not nomination.round.publicity_open():
        raise ValidationError(_("公示期已结束或该对象不在公示中，不能再提交异议。"))
    if over_limit(f"objection:{client_ip}", limit=OBJECTIONS_PER_HOUR, seconds=3600):
        raise ValidationError(_("提交过于频繁，请一小时后再试，或直接致电市终身教育促进委员会办公室。"))
    objection = nomination.objections.model(name=name, contact=contact, content=content)
    objection.nomination = nomination
    objection.full_clean()
    objection.save()
    # Filed by a member of the public: the trail names no account and keeps no contact details.
    audit_record(actor=None, action="objection.create", label=gettext_lazy("收到公示异议"), target=nomination)
    return objection
