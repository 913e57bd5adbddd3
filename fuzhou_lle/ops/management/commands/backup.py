from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fuzhou_lle.ops.backups import BackupError, backup_run


class Command(BaseCommand):
    help = "备份数据库与全部文件（公开媒体与受控文件）到一个带 SHA-256 清单的归档，并只保留最近 N 份。"

    def add_arguments(self, parser):
        parser.add_argument("--keep", type=int, default=settings.BACKUP_KEEP, help="保留的备份份数")
        parser.add_argument("--dir", default=None, help="备份目录（默认 BACKUP_DIR）")

    def handle(self, *args, keep, dir, **options):
        try:
            result = backup_run(keep=keep, directory=dir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if result.archive is None:
            raise CommandError("另一个备份正在进行，本次未执行。")
        self.stdout.write(f"{result.archive} ({result.archive.stat().st_size} bytes)")
        for path in result.removed:
            self.stdout.write(f"removed {path.name}")
