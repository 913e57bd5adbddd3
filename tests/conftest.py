"""Persona fixtures shared by every app's tests.

The reference units (13 district committees, member units, office, university) exist in every test
database that asks for a persona, as they do in every installation.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from fuzhou_lle.accounts.models import Role
from fuzhou_lle.accounts.otp import DEVICE_NAME, second_factor_required
from fuzhou_lle.celery import app as celery_app
from fuzhou_lle.units.models import District, Unit
from fuzhou_lle.units.reference import COMMITTEE_OFFICE, COMMUNITY_UNIVERSITY, district_committee_name
from fuzhou_lle.units.services import reference_units_ensure
from tests.factories import UserFactory

# Production hashes with PBKDF2 at a million iterations, which was most of the suite's time; tests hash with
# MD5. tests/core/test_passwords.py checks that production's hasher stays the configured one.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@pytest.fixture(scope="session", autouse=True)
def static_manifest():
    """Pages render {% static %} through the same hashed-manifest storage as production."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture
def reference_units(db):
    reference_units_ensure()


@pytest.fixture
def gulou(reference_units):
    return District.objects.get(code="gulou")


@pytest.fixture
def taijiang(reference_units):
    return District.objects.get(code="taijiang")


def _unit(name):
    return Unit.objects.get(name=name)


@pytest.fixture
def committee_user(reference_units):
    return UserFactory(username="committee_staff", role=Role.COMMITTEE, unit=_unit(COMMITTEE_OFFICE))


@pytest.fixture
def unit_user(reference_units):
    return UserFactory(username="minzheng_liaison", role=Role.UNIT, unit=_unit("市民政局"))


@pytest.fixture
def other_unit_user(reference_units):
    return UserFactory(username="zonggonghui_liaison", role=Role.UNIT, unit=_unit("市总工会"))


@pytest.fixture
def district_user(reference_units):
    return UserFactory(username="gulou", role=Role.DISTRICT, unit=_unit(district_committee_name("鼓楼区")))


@pytest.fixture
def other_district_user(reference_units):
    return UserFactory(username="taijiang", role=Role.DISTRICT, unit=_unit(district_committee_name("台江区")))


@pytest.fixture
def reviewer_user(reference_units):
    return UserFactory(username="reviewer_expert", role=Role.REVIEWER, unit=_unit(COMMUNITY_UNIVERSITY))


@pytest.fixture(autouse=True)
def chinese_by_default(settings):
    """Every test starts in Chinese. A request under /en/ leaves English active in the thread, and reverse()
    in the next test would then build /en/ addresses."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def clear_cache():
    """CI runs on Redis, where the cache outlives a test; every test starts with an empty one."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def celery_eager():
    """Tasks run inline in this test, whatever REDIS_URL says (CI has one)."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data (load_demo), loaded once for a module's tests and flushed after them."""
    with django_db_blocker.unblock():
        call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def force_login_verifies_second_factor(request, monkeypatch):
    """client.force_login(staff) yields a session that has passed the second factor, as after a real
    sign-in, so tests of what staff may do need not enrol first. A test marked `otp_unverified` gets the
    plain password-only session instead, to test the second factor itself."""
    if request.node.get_closest_marker("otp_unverified"):
        return
    force_login = Client.force_login

    def force_login_verified(client, user, backend=None):
        force_login(client, user, backend)
        if second_factor_required(user):
            device = TOTPDevice.objects.filter(
                user=user, confirmed=True
            ).first() or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login_verified)
