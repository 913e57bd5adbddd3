"""The admin is for reference data and for superusers: a committee account changes no workflow state and no
account's rights there, whatever it posts.

Every model registered in the admin must appear in KINDS, so a newly registered model cannot escape these
tests."""

from datetime import date
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from awards.models import Objection as StarObjection
from brands.models import Objection as BrandObjection
from courses.models import Category, Proposal, Teacher
from fuzhou_lle.accounts.models import Role, User
from fuzhou_lle.accounts.services import committee_permissions_sync
from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.audit.record import audit_record
from fuzhou_lle.reminders.models import DigestDelivery, Notification, ReminderLog
from tests.courses.factories import TeacherFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REFERENCE, WORKFLOW, ACCOUNTS = "reference", "workflow", "accounts"

# What each registered model is. Reference data the committee keeps in the admin; workflow models and
# records nobody writes there (the services do); accounts only superusers manage.
KINDS = {
    "fuzhou_lle.District": REFERENCE,
    "fuzhou_lle.Unit": REFERENCE,
    "fuzhou_lle.UnitAlias": REFERENCE,
    "courses.Category": REFERENCE,
    "courses.Audience": REFERENCE,
    "courses.Term": REFERENCE,
    "courses.Course": REFERENCE,
    "courses.Teacher": REFERENCE,
    "courses.Textbook": REFERENCE,
    "fuzhou_lle.ReminderLog": WORKFLOW,
    "fuzhou_lle.DigestDelivery": WORKFLOW,
    "fuzhou_lle.Notification": WORKFLOW,
    "fuzhou_lle.AuditEvent": WORKFLOW,
    "tasks.WorkPlan": WORKFLOW,
    "tasks.Section": WORKFLOW,
    "tasks.Task": WORKFLOW,
    "tasks.Milestone": WORKFLOW,
    "tasks.ProgressReport": WORKFLOW,
    "brands.Round": WORKFLOW,
    "brands.BrandNomination": WORKFLOW,
    "brands.Objection": WORKFLOW,
    "brands.Assignment": WORKFLOW,
    "brands.Brand": WORKFLOW,
    "awards.Round": WORKFLOW,
    "awards.StarNomination": WORKFLOW,
    "awards.Objection": WORKFLOW,
    "awards.Assignment": WORKFLOW,
    "courses.TeachingPoint": WORKFLOW,
    "courses.Offering": WORKFLOW,
    "fuzhou_lle.User": ACCOUNTS,
    "auth.Group": ACCOUNTS,
    "axes.AccessAttempt": ACCOUNTS,
    "axes.AccessLog": ACCOUNTS,
    "axes.AccessFailureLog": ACCOUNTS,
    "otp_totp.TOTPDevice": ACCOUNTS,
    "otp_static.StaticDevice": ACCOUNTS,
}

# Exactly what the committee group may do in the admin.
COMMITTEE_PERMISSIONS = {
    "fuzhou_lle.view_district",
    "fuzhou_lle.add_district",
    "fuzhou_lle.change_district",
    "fuzhou_lle.view_unit",
    "fuzhou_lle.add_unit",
    "fuzhou_lle.change_unit",
    "fuzhou_lle.view_reminderlog",
    "fuzhou_lle.view_digestdelivery",
    "fuzhou_lle.view_auditevent",
    *(f"fuzhou_lle.{action}_unitalias" for action in ["view", "add", "change", "delete"]),
    *(
        f"courses.{action}_{model}"
        for model in ["category", "audience", "term", "course", "teacher", "textbook"]
        for action in ["view", "add", "change", "delete"]
    ),
    "courses.view_teachingpoint",
    "courses.view_offering",
    "tasks.view_workplan",
    "tasks.view_section",
    "tasks.view_task",
    "tasks.view_taskunit",
    "tasks.view_milestone",
    "tasks.view_progressreport",
    "tasks.view_evidence",
    "brands.view_round",
    "brands.view_criterion",
    "brands.view_districtquota",
    "brands.view_brandnomination",
    "brands.view_transition",
    "brands.view_objection",
    "brands.view_assignment",
    "brands.view_brand",
    "brands.view_inspection",
    "awards.view_round",
    "awards.view_criterion",
    "awards.view_districtquota",
    "awards.view_starnomination",
    "awards.view_transition",
    "awards.view_objection",
    "awards.view_assignment",
}


def _registered(kind):
    return [model for model in admin.site._registry if KINDS.get(model._meta.label) == kind]


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _everything():
    """Every row of every model the tests guard, with who belongs to which group and holds which
    permission."""
    models = [*_registered(WORKFLOW), *_registered(ACCOUNTS), User.groups.through, Group.permissions.through]
    return {model._meta.label: list(model._default_manager.order_by("pk").values()) for model in models}


@pytest.fixture
def populated(reference_units, committee_user):
    """The demo, plus a row of every guarded model the demo does not make."""
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    committee_permissions_sync()
    user = User.objects.get(username="district")
    audit_record(actor=committee_user, action="unit.update", label="修改", target=user.unit)
    notification = Notification.objects.create(recipient=user, message="提醒")
    digest = DigestDelivery.objects.create(recipient=user, date=date(2015, 4, 20))
    ReminderLog.objects.create(
        rule="demo",
        target=user.unit,
        recipient=user,
        due_on=date(2015, 4, 20),
        step="7",
        message="提醒",
        notification=notification,
        digest=digest,
    )
    for objection_model in (BrandObjection, StarObjection):
        nomination = objection_model._meta.get_field("nomination").related_model.objects.first()
        objection_model.objects.create(
            nomination=nomination, name="市民", contact="13800000000", content="有异议"
        )
    AccessAttempt.objects.create(username="x", ip_address="10.0.0.1", user_agent="t", failures_since_start=1)
    AccessLog.objects.create(username="x", ip_address="10.0.0.1", user_agent="t")
    AccessFailureLog.objects.create(username="x", ip_address="10.0.0.1", user_agent="t")
    StaticDevice.objects.create(user=user, name="recovery")
    for model in [*_registered(WORKFLOW), *_registered(ACCOUNTS)]:
        assert model._default_manager.exists(), model._meta.label


def test_every_registered_model_is_classified():
    assert {model._meta.label for model in admin.site._registry} == set(KINDS)


def test_committee_group_holds_exactly_its_permissions(reference_units):
    committee_permissions_sync()
    group = Group.objects.get(name=Role.COMMITTEE)
    held = {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }
    assert held == COMMITTEE_PERMISSIONS


def test_sync_takes_away_permissions_granted_by_hand(reference_units):
    group = Group.objects.get(name=Role.COMMITTEE)
    group.permissions.add(Permission.objects.get(codename="change_user"))
    committee_permissions_sync()
    assert not group.permissions.filter(codename="change_user").exists()


def test_committee_posts_change_nothing_in_workflow_models_or_accounts(client, populated, committee_user):
    client.force_login(committee_user)
    before = _everything()
    refused = []
    for model in [*_registered(WORKFLOW), *_registered(ACCOUNTS)]:
        pk = model._default_manager.order_by("pk").first().pk
        posts = [
            (_url(model, "add"), {"status": "selected", "is_superuser": "on", "name": "改"}),
            (_url(model, "change", pk), {"status": "selected", "is_superuser": "on", "name": "改"}),
            (_url(model, "delete", pk), {"post": "yes"}),
        ]
        if model is User:
            posts.append(
                (
                    reverse("admin:auth_user_password_change", args=[pk]),
                    {"password1": "Ab-1234567890", "password2": "Ab-1234567890"},
                )
            )
        refused += [(url, client.post(url, data).status_code) for url, data in posts]
        # The bulk delete is not offered; posting it anyway must change nothing either.
        client.post(
            _url(model, "changelist"), {"action": "delete_selected", "_selected_action": [pk], "post": "yes"}
        )
    assert [(url, status) for url, status in refused if status != 403] == []
    assert _everything() == before


def test_committee_cannot_make_itself_superuser(client, committee_user):
    committee_permissions_sync()
    client.force_login(committee_user)
    response = client.post(
        _url(User, "change", committee_user.pk),
        {"username": committee_user.username, "is_active": "on", "is_staff": "on", "is_superuser": "on"},
    )
    assert response.status_code == 403
    committee_user.refresh_from_db()
    assert not committee_user.is_superuser
    assert client.get(reverse("admin:index")).content.decode().count("/admin/fuzhou_lle/user/") == 0


def test_superuser_manages_users_and_their_passwords(client, admin_user, reference_units):
    client.force_login(admin_user)
    other = UserFactory(username="liaison")
    response = client.post(
        reverse("admin:auth_user_password_change", args=[other.pk]),
        {"password1": "Xy-9876543210z", "password2": "Xy-9876543210z"},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.check_password("Xy-9876543210z")
    response = client.post(
        _url(User, "add"),
        {
            "username": "new_liaison",
            "password1": "Xy-9876543210z",
            "password2": "Xy-9876543210z",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(username="new_liaison").exists()


def test_audit_events_are_read_only_for_superusers_too(client, admin_user, committee_user):
    event = audit_record(actor=committee_user, action="unit.update", label="修改", target=committee_user.unit)
    client.force_login(admin_user)
    assert client.get(_url(AuditEvent, "change", event.pk)).status_code == 200
    assert client.post(_url(AuditEvent, "change", event.pk), {"note": "改"}).status_code == 403
    assert client.post(_url(AuditEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
    assert client.post(_url(AuditEvent, "add"), {}).status_code == 403
    assert list(AuditEvent.objects.about(committee_user.unit).values_list("note", flat=True)) == [""]


def test_committee_keeps_reference_data_and_each_change_is_audited(client, committee_user):
    committee_permissions_sync()
    category = Category.objects.create(name="养生保健", order=1)
    client.force_login(committee_user)
    response = client.post(_url(Category, "change", category.pk), {"name": "健康养生", "order": 2})
    assert response.status_code == 302
    event = AuditEvent.objects.about(category).get()
    assert (event.action, event.label, event.actor) == ("category.update", "修改", committee_user)
    assert event.changes == {"name": ["养生保健", "健康养生"], "order": [1, 2]}
    response = client.post(_url(Category, "delete", category.pk), {"post": "yes"})
    assert response.status_code == 302
    assert list(AuditEvent.objects.about(category).values_list("action", flat=True)) == [
        "category.delete",
        "category.update",
    ]


def test_admin_action_approves_a_proposal_through_the_service(client, committee_user):
    committee_permissions_sync()
    teacher = TeacherFactory(status=Proposal.PENDING)
    client.force_login(committee_user)
    response = client.post(
        _url(Teacher, "changelist"), {"action": "approve", "_selected_action": [teacher.pk], "index": 0}
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.status == Proposal.APPROVED


def test_admin_action_leaves_an_audit_event(client, committee_user):
    committee_permissions_sync()
    teacher = TeacherFactory(status=Proposal.PENDING)
    client.force_login(committee_user)
    client.post(
        _url(Teacher, "changelist"), {"action": "approve", "_selected_action": [teacher.pk], "index": 0}
    )
    assert AuditEvent.objects.about(teacher).filter(action="teacher.approve").exists()
