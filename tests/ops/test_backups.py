"""Backups: archive, manifest and checksums; restore into a fresh database finds every row and every file."""

import hashlib
import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connection

from fuzhou_lle.accounts.models import User
from fuzhou_lle.ops.backups import backup_create, backup_prune, backup_run, backup_verify
from fuzhou_lle.ops.jobs import BACKUP, job_lease
from fuzhou_lle.ops.models import JobRun
from fuzhou_lle.ops.tasks import backup_nightly_task
from fuzhou_lle.units.models import District
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
FILES = {
    "default": {"courses/teacher/照片.jpg": b"\xff\xd8\xff\xe0 public photo", "a.txt": b"top level"},
    "private": {
        "tasks/evidence/0123abcd.pdf": b"%PDF-1.4 evidence " * 1000,
        "brands/evidence/deep/x.docx": b"PK\x03\x04 docx",
    },
}

on_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql", reason="needs DATABASE_URL"
)


@pytest.fixture
def content(reference_units):
    for alias, files in FILES.items():
        for name, data in files.items():
            storages[alias].save(name, ContentFile(data))
    UserFactory.create_batch(3)
    return {name: data for files in FILES.values() for name, data in files.items()}


def members(archive):
    with tarfile.open(archive) as tar:
        return sorted(member.name for member in tar.getmembers())


@pytest.mark.django_db(transaction=True)
def test_archive_holds_database_both_storages_and_a_manifest_of_checksums(content):
    archive = backup_create()
    assert archive.parent == settings.BACKUP_DIR
    assert archive.name.startswith("lle-backup-") and archive.suffix == ".tar"
    dump = "database/database.dump" if connection.vendor == "postgresql" else "database/database.sqlite3"
    stored = [f"media/{name}" for name in FILES["default"]] + [f"private/{name}" for name in FILES["private"]]
    expected = sorted([dump, "manifest.json", *stored])
    assert members(archive) == expected
    manifest = backup_verify(archive)
    assert manifest["engine"] == connection.vendor
    assert manifest["database"] == dump
    pdf = FILES["private"]["tasks/evidence/0123abcd.pdf"]
    assert manifest["files"]["private/tasks/evidence/0123abcd.pdf"] == {
        "sha256": hashlib.sha256(pdf).hexdigest(),
        "size": len(pdf),
    }
    assert not list(settings.BACKUP_DIR.glob(".partial-*"))


def rewrite(archive, member, data):
    """The same archive with one member's bytes changed and the manifest left as it was."""
    with tarfile.open(archive) as tar:
        parts = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(archive, "w") as tar:
        for info, body in parts:
            body = data if info.name == member else body
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))


@pytest.mark.django_db(transaction=True)
def test_an_archive_is_for_the_portals_own_user_alone(content, tmp_path):
    archive = backup_create(directory=tmp_path / "backups")
    assert archive.stat().st_mode & 0o777 == 0o600
    assert archive.parent.stat().st_mode & 0o777 == 0o700


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_tampered_archive_and_changes_nothing(content):
    archive = backup_create()
    rewrite(archive, "private/tasks/evidence/0123abcd.pdf", b"%PDF-1.4 forged")
    before = User.objects.count()
    User.objects.all().delete()
    with pytest.raises(CommandError, match="校验和不符.*0123abcd.pdf"):
        call_command("restore", str(archive), no_input=True)
    assert User.objects.count() == 0 != before


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_archive_without_manifest(tmp_path):
    archive = tmp_path / "lle-backup-x.tar"
    with tarfile.open(archive, "w") as tar:
        tar.addfile(tarfile.TarInfo("database/database.dump"), io.BytesIO(b""))
    with pytest.raises(CommandError, match="manifest.json"):
        call_command("restore", str(archive), "--verify-only")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"), reason="SQLite only")
def test_sqlite_round_trip_puts_rows_and_files_back(content):
    archive = backup_create()
    users = User.objects.count()
    User.objects.all().delete()
    storages["private"].delete("tasks/evidence/0123abcd.pdf")
    call_command("restore", str(archive), no_input=True)
    assert User.objects.count() == users
    with storages["private"].open("tasks/evidence/0123abcd.pdf") as restored:
        assert restored.read() == FILES["private"]["tasks/evidence/0123abcd.pdf"]


def table_digests(dsn):
    """Every table's row count and an md5 of all its rows, as PostgreSQL prints them."""
    with psycopg2.connect(dsn) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        digests = {}
        for table in tables:
            rows = "md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
            cursor.execute(f'SELECT count(*), {rows} FROM "{table}" t')
            digests[table] = cursor.fetchone()
    return digests


def dsn(name):
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}/{name}"


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_restores_into_a_fresh_database_with_every_row_and_file(content, tmp_path):
    archive = backup_run(keep=3).archive
    source = connection.settings_dict["NAME"]
    fresh = source.removeprefix("test_") + "_restore"
    admin = psycopg2.connect(dsn("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    try:
        env = {
            **os.environ,
            "DATABASE_URL": dsn(fresh),
            "FILE_STORAGE": "filesystem",
            "MEDIA_ROOT": str(tmp_path / "restored-media"),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "restored-private"),
        }
        command = [sys.executable, "manage.py", "restore", str(archive), "--no-input"]
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        assert "已恢复数据库" in result.stdout
        original, restored = table_digests(dsn(source)), table_digests(dsn(fresh))
        # The one difference: the backup's own lease, held in the dump and released by the restore.
        assert original.pop("ops_jobrun")[0] == restored.pop("ops_jobrun")[0] == 1
        assert original == restored
        assert original["fuzhou_lle_user"][0] == User.objects.count() == 3
        assert original["fuzhou_lle_district"][0] == District.objects.count() == 13
        for alias, folder in (("default", "restored-media"), ("private", "restored-private")):
            for name, data in FILES[alias].items():
                assert (tmp_path / folder / name).read_bytes() == data
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
        admin.close()


def test_prune_keeps_the_newest_archives(settings):
    settings.BACKUP_DIR.mkdir(parents=True)
    names = [f"lle-backup-2026010{day}-023000.tar" for day in range(1, 6)]
    for name in names:
        (settings.BACKUP_DIR / name).write_bytes(b"")
    (settings.BACKUP_DIR / "notes.txt").write_text("not an archive")
    removed = backup_prune(keep=2)
    assert [path.name for path in removed] == names[:3]
    assert sorted(p.name for p in settings.BACKUP_DIR.iterdir()) == [*names[3:], "notes.txt"]


@pytest.mark.django_db
def test_a_backup_while_another_runs_does_nothing():
    with job_lease(BACKUP, seconds=60) as held:
        assert held
        assert backup_run(keep=3).archive is None
        with pytest.raises(CommandError, match="另一个备份正在进行"):
            call_command("backup")
    assert not settings.BACKUP_DIR.exists() or not list(settings.BACKUP_DIR.glob("*.tar"))
    assert JobRun.objects.get(name=BACKUP).lease_until is None


@pytest.mark.django_db
def test_a_lease_left_by_a_killed_worker_expires():
    from datetime import timedelta

    from django.utils import timezone

    JobRun.objects.create(name=BACKUP, lease_until=timezone.now() - timedelta(seconds=1))
    with job_lease(BACKUP, seconds=60) as held:
        assert held


@pytest.mark.django_db(transaction=True)
def test_nightly_task_backs_up_keeps_n_and_records_its_run(content, settings):
    settings.BACKUP_KEEP = 1
    settings.BACKUP_DIR.mkdir(parents=True)
    (settings.BACKUP_DIR / "lle-backup-20000101-000000.tar").write_bytes(b"old")
    result = backup_nightly_task.apply().get(disable_sync_subtasks=False)
    [archive] = settings.BACKUP_DIR.glob("lle-backup-*.tar")
    assert result == f"{archive.name}, removed 1"
    run = JobRun.objects.get(name=BACKUP)
    assert run.last_succeeded_at is not None and run.last_error == ""


def test_beat_schedules_the_nightly_backup():
    entry = settings.CELERY_BEAT_SCHEDULE["backup-nightly"]
    assert entry["task"] == "fuzhou_lle.ops.tasks.backup_nightly_task"
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {30}
