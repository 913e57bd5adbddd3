from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fuzhou_lle.reminders.sweep import reminders_sweep


def _date(value):
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}") from error


class Command(BaseCommand):
    help = "运行每日提醒：记录并发送今天到期的提醒（与 Celery beat 的每日任务相同，可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_date, help="按这一天计算（YYYY-MM-DD），默认今天（北京时间）")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不写入也不发送")

    def handle(self, *args, today=None, dry_run=False, **options):
        result = reminders_sweep(today=today or timezone.localdate(), dry_run=dry_run)
        self.stdout.write(f"sent {result.sent}, skipped {result.skipped}")
