import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError

from fuzhou_lle.accounts.models import User
from fuzhou_lle.units.models import Unit


def test_refuses_without_debug_and_writes_nothing(db, settings):
    settings.DEBUG = False
    before = User.objects.count(), Unit.objects.count()
    with pytest.raises(CommandError) as raised:
        call_command("load_demo", stdout=StringIO())
    assert "拒绝载入演示数据" in str(raised.value)
    assert "--i-know-this-is-not-production" in str(raised.value)
    assert (User.objects.count(), Unit.objects.count()) == before
    assert not User.objects.filter(username="committee").exists()


def test_the_command_line_exits_non_zero_before_touching_the_database(tmp_path):
    database = tmp_path / "production.sqlite3"
    env = {**os.environ, "DJANGO_DEBUG": "0", "DATABASE_URL": f"sqlite:///{database}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "拒绝载入演示数据" in result.stderr
    assert not database.exists()


def test_runs_with_the_flag(db, settings):
    settings.DEBUG = False
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    assert User.objects.filter(username="committee").exists()


def test_demo_staff_sign_in_with_the_published_authenticator_key(client, db, settings):
    from base64 import b32decode

    from fuzhou_lle.accounts.demo import DEMO_TOTP_SECRET
    from tests.otp import code_now

    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    client.post("/accounts/login/", {"username": "reviewer", "password": "Reviewer#2015"})
    response = client.post("/accounts/two-factor/verify/", {"token": code_now(b32decode(DEMO_TOTP_SECRET))})
    assert response["Location"] == "/my/"
