import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fuzhou_lle.uploads import NOTICE, check_upload
from tasks.notice import NoticeError, parse_file
from tasks.services import workplan_import, workplan_preview


class Command(BaseCommand):
    help = "导入年度工作要点通知（.txt 或 .docx）：识别标题、发文单位、日期、部分和条目，以及牵头、配合单位。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="通知文件路径（.txt，UTF-8 或 GB18030 编码；或 .docx）")
        parser.add_argument("--year", type=int, help="年度；不指定时从标题或发文日期识别")
        parser.add_argument("--dry-run", action="store_true", help="只识别和预览，不写入数据库")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出识别出的结构")

    def handle(self, *args, path, year, dry_run, json: bool, **options):
        file = Path(path)
        try:
            # A file from disk meets the same policy as an upload: a 50 MB notice is refused unread.
            with file.open("rb") as handle:
                check_upload(File(handle, name=file.name), NOTICE)
                handle.seek(0)
                data = handle.read()
        except OSError as error:
            raise CommandError(
                _("无法读取文件“%(path)s”：%(reason)s") % {"path": path, "reason": error.strerror}
            ) from error
        except ValidationError as error:
            raise CommandError(error.messages[0]) from error
        try:
            notice = parse_file(data, file.name, year=year)
        except NoticeError as error:
            raise CommandError(str(error)) from error
        if notice.year is None:
            raise CommandError(_("无法从通知中识别年度，请用 --year 指定。"))
        summary = workplan_preview(parsed=notice)
        if not dry_run:
            try:
                _plan, summary = workplan_import(parsed=notice, source_name=file.name)
            except ValidationError as error:
                raise CommandError("；".join(error.messages)) from error
        if json:
            self.stdout.write(_dumps(notice.to_json()))
            return
        counts = {
            "title": notice.title,
            "year": notice.year,
            "created": len(summary.created),
            "updated": len(summary.updated),
            "flagged": len(summary.flagged),
            "units": "、".join(summary.new_units),
        }
        if dry_run:
            summary_line = _(
                "《%(title)s》（%(year)d年）：将新建 %(created)d 项，将更新 %(updated)d 项，"
                "待核对 %(flagged)d 项。"
            )
            units_line = _("将新建成员单位：%(units)s")
        else:
            summary_line = _(
                "《%(title)s》（%(year)d年）：已新建 %(created)d 项，已更新 %(updated)d 项，"
                "待核对 %(flagged)d 项。"
            )
            units_line = _("已新建成员单位：%(units)s")
        self.stdout.write(summary_line % counts)
        if summary.new_units:
            self.stdout.write(units_line % counts)
        if dry_run:
            self.stdout.write(_("（试运行，未写入数据库）"))


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2)
