"""Backups: one dated archive holding the database (pg_dump, or SQLite's backup API) and every file of both
storages (public media and the private files), with a manifest of SHA-256 checksums; and the restore, which
verifies every checksum before it touches anything.

Archive layout (a plain tar: the dump is compressed already and most files are PDFs and images):
    database/database.dump | database/database.sqlite3
    media/<name>            the "default" storage
    private/<name>          the "private" storage
    manifest.json           format, time, engine, database member, {member: {sha256, size}}
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from fuzhou_lle.ops.database_roles import app_role_grant
from fuzhou_lle.ops.jobs import BACKUP, job_lease
from fuzhou_lle.ops.models import JobRun

PREFIX, SUFFIX = "lle-backup-", ".tar"
MANIFEST = "manifest.json"
DATABASE_DIR = "database"
# Archive folder for each storage alias.
STORAGE_DIRS = {"default": "media", "private": "private"}
LEASE_SECONDS = 6 * 3600
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Chinese."""


@dataclass(frozen=True)
class Archive:
    path: Path
    size: int
    created_at: datetime


@dataclass(frozen=True)
class BackupResult:
    archive: Path | None  # None: another backup was running, so this one did nothing
    removed: list[Path]


def backup_archives(directory: Path | None = None) -> list[Archive]:
    """The finished archives in the backup folder, oldest first (the dated names sort in time order)."""
    directory = Path(directory or settings.BACKUP_DIR)
    if not directory.is_dir():
        return []
    found = []
    for path in sorted(directory.glob(f"{PREFIX}*{SUFFIX}")):
        stat = path.stat()
        found.append(Archive(path, stat.st_size, datetime.fromtimestamp(stat.st_mtime, tz=UTC)))
    return found


def backup_run(*, keep: int, directory: Path | None = None) -> BackupResult:
    """Make one backup and keep the newest `keep` archives, unless another worker or command is backing up
    right now (then nothing happens)."""
    with job_lease(BACKUP, seconds=LEASE_SECONDS) as held:
        if not held:
            return BackupResult(None, [])
        archive = backup_create(directory=directory)
        return BackupResult(archive, backup_prune(keep=keep, directory=directory))


def backup_prune(*, keep: int, directory: Path | None = None) -> list[Path]:
    archives = backup_archives(directory)
    doomed = [archive.path for archive in archives[: max(len(archives) - max(keep, 1), 0)]]
    for path in doomed:
        path.unlink()
    return doomed


def backup_create(*, directory: Path | None = None) -> Path:
    directory = Path(directory or settings.BACKUP_DIR)
    # An archive holds every account, every evidence file: for the portal's own user alone.
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    final = directory / f"{PREFIX}{timezone.localtime().strftime('%Y%m%d-%H%M%S')}{SUFFIX}"
    if final.exists():
        raise BackupError(_("这一秒已有一份备份：%(name)s") % {"name": final.name})
    # Work beside the destination, so the finished archive appears there whole or not at all.
    with tempfile.TemporaryDirectory(dir=directory, prefix=".partial-") as work:
        dump = _dump_database(Path(work))
        manifest = {
            "format": 1,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database": f"{DATABASE_DIR}/{dump.name}",
            "files": {},
        }
        partial = Path(work) / "archive.tar"
        with tarfile.open(partial, "w") as tar:
            with dump.open("rb") as source:
                _add(tar, manifest, manifest["database"], source, dump.stat().st_size)
            for alias, folder in STORAGE_DIRS.items():
                storage = storages[alias]
                for name in _walk(storage):
                    with storage.open(name, "rb") as source:
                        _add(tar, manifest, f"{folder}/{name}", source, storage.size(name))
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            _add(tar, None, MANIFEST, io.BytesIO(data), len(data))
        os.chmod(partial, 0o600)
        os.replace(partial, final)
    return final


def backup_verify(archive: Path) -> dict:
    """The archive's manifest, once every member's checksum matches it and nothing is missing or extra."""
    try:
        with tarfile.open(archive) as tar:
            members = {member.name: member for member in tar.getmembers() if member.isfile()}
            if MANIFEST not in members:
                raise BackupError(_("归档中没有 manifest.json，不是本系统的备份。"))
            manifest = json.load(tar.extractfile(members[MANIFEST]))
            expected = manifest["files"]
            extra = sorted(set(members) - {MANIFEST} - set(expected))
            if extra:
                raise BackupError(_("归档中有清单未列出的文件：%(name)s") % {"name": extra[0]})
            for name, entry in expected.items():
                if not _safe_member(name):
                    raise BackupError(_("清单中的文件名不合法：%(name)s") % {"name": name})
                if name not in members:
                    raise BackupError(_("归档缺少文件：%(name)s") % {"name": name})
                if _sha256(tar.extractfile(members[name])) != entry["sha256"]:
                    raise BackupError(_("校验和不符，归档已损坏：%(name)s") % {"name": name})
    except (tarfile.TarError, json.JSONDecodeError, KeyError, OSError) as error:
        raise BackupError(_("无法读取备份归档：%(error)s") % {"error": error}) from error
    return manifest


def backup_restore(archive: Path) -> int:
    """Replace the database and put back every file; returns the number of files restored. Checks first."""
    manifest = backup_verify(archive)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            _("备份来自 %(source)s 数据库，不能恢复到 %(target)s。")
            % {"source": manifest["engine"], "target": connection.vendor}
        )
    folders = {folder: alias for alias, folder in STORAGE_DIRS.items()}
    restored = 0
    with tarfile.open(archive) as tar, tempfile.TemporaryDirectory() as work:
        dump = Path(work) / Path(manifest["database"]).name
        with dump.open("wb") as target:
            _copy(tar.extractfile(manifest["database"]), target)
        _restore_database(dump)
        if settings.DATABASE_APP_ROLE and connection.vendor == "postgresql":
            # The dump carries no privileges: the application's role gets its own back (as after migrate).
            app_role_grant(connection, settings.DATABASE_APP_ROLE)
        # The dump was taken while the backup held its lease; a restored lease would block backups for hours.
        JobRun.objects.update(lease_until=None)
        for member in manifest["files"]:
            folder, _sep, name = member.partition("/")
            if folder not in folders:
                continue
            storage = storages[folders[folder]]
            if storage.exists(name):
                storage.delete(name)
            if storage.save(name, File(tar.extractfile(member), name=name)) != name:
                raise BackupError(_("文件无法按原名恢复：%(name)s") % {"name": name})
            restored += 1
    return restored


def _dump_database(work: Path) -> Path:
    if connection.vendor == "postgresql":
        target = work / "database.dump"
        _pg("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}")
    elif connection.vendor == "sqlite":
        target = work / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    else:
        raise BackupError(_("不支持备份 %(engine)s 数据库。") % {"engine": connection.vendor})
    return target


def _restore_database(dump: Path) -> None:
    if connection.vendor == "postgresql":
        # pg_restore works through its own connection; ours would hold locks on the tables it drops.
        connections.close_all()
        options = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
        _pg("pg_restore", *options, "--exit-on-error", str(dump))
    else:
        source = sqlite3.connect(dump)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()


def _pg(program: str, *args: str) -> None:
    """Run pg_dump or pg_restore against the configured database; its password goes by environment."""
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    command = [program, f"--dbname={db['NAME']}", *args]
    if db.get("HOST"):
        command.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        command.append(f"--port={db['PORT']}")
    if db.get("USER"):
        command.append(f"--username={db['USER']}")
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        message = _("找不到 %(program)s：请安装 postgresql-client。") % {"program": program}
        raise BackupError(message) from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{program}: {error.stderr.strip()}") from error


def _walk(storage, folder=""):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a storage nothing was ever saved to
        return
    for name in sorted(files):
        yield f"{folder}{name}"
    for sub in sorted(folders):
        yield from _walk(storage, f"{folder}{sub}/")


def _add(tar, manifest, name, source, size):
    """Add one member, hashing it as it streams into the archive."""
    digest = hashlib.sha256()

    class Hashing(io.RawIOBase):
        def read(self, n=-1):
            chunk = source.read(n)
            digest.update(chunk)
            return chunk

    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(time.time())
    info.mode = 0o600
    tar.addfile(info, Hashing())
    if manifest is not None:
        manifest["files"][name] = {"sha256": digest.hexdigest(), "size": size}


def _sha256(source) -> str:
    digest = hashlib.sha256()
    while chunk := source.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _copy(source, target):
    while chunk := source.read(_CHUNK):
        target.write(chunk)


def _safe_member(name: str) -> bool:
    parts = name.split("/")
    top_level = {DATABASE_DIR, *STORAGE_DIRS.values()}
    return len(parts) >= 2 and parts[0] in top_level and all(part not in {"", ".", ".."} for part in parts)
