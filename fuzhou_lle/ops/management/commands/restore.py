from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from fuzhou_lle.ops.backups import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = "校验备份归档的全部 SHA-256 校验和，然后用它替换当前数据库并放回全部文件。"

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--verify-only", action="store_true", help="只校验，不恢复")
        parser.add_argument("--no-input", action="store_true", help="不询问确认")

    def handle(self, *args, archive, verify_only, no_input, **options):
        path = Path(archive)
        try:
            manifest = backup_verify(path)
            self.stdout.write(f"校验通过：{len(manifest['files'])} 个文件，备份于 {manifest['created_at']}")
            if verify_only:
                return
            target = connection.settings_dict["NAME"]
            if not no_input:
                answer = input(f"将用此备份覆盖数据库 {target} 及全部文件。输入 yes 继续：")
                if answer.strip() != "yes":
                    raise CommandError("已取消。")
            restored = backup_restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已恢复数据库 {target} 与 {restored} 个文件。")
