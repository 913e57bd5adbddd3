import pytest
from django.core.files.storage import storages


@pytest.fixture(autouse=True)
def file_storages(settings, tmp_path, monkeypatch):
    """Both storages, and the backup folder, in a temporary folder; evidence saved by tests goes there too."""
    from tasks.models import Evidence

    filesystem = "django.core.files.storage.FileSystemStorage"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": filesystem, "OPTIONS": {"location": str(tmp_path / "media")}},
        "private": {
            "BACKEND": filesystem,
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.BACKUP_DIR = tmp_path / "backups"
    monkeypatch.setattr(Evidence._meta.get_field("file"), "storage", storages["private"])
    return tmp_path
