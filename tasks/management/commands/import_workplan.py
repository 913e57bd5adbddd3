import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fuzhou_lle.files.uploads import NOTICE, check_size
from tasks.notice import NoticeError, parse_file
from tasks.services import workplan_import, workplan_preview


class Command(BaseCommand):
    help = (
        "导入年度工作要点通知（.txt、.docx、.xlsx）：识别标题、发文单位、日期、部分和条目，以及牵头、配合单位、"
        "统称、责任领导和完成时限。导入的工作要点是草稿，由委员会办公室在网页上发布。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="通知文件路径（.txt，UTF-8、GB18030 或 UTF-16 编码；.docx；.xlsx）")
        parser.add_argument("--year", type=int, help="年度；不指定时从标题或发文日期识别")
        parser.add_argument("--dry-run", action="store_true", help="只识别和预览，不写入数据库")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出识别出的结构")
        parser.add_argument(
            "--create-units", action="store_true", help="把未能匹配到已有单位的名称新建为成员单位"
        )

    def handle(self, *args, path, year, dry_run, json: bool, create_units, **options):
        file = Path(path)
        try:
            # A file from disk meets the same size limit as an upload, refused unread; its content then goes
            # through the same openers (zip limits, no entities) as the web form's.
            check_size(file.name, file.stat().st_size, NOTICE)
            data = file.read_bytes()
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
        if create_units:
            summary.new_units, summary.unmatched = summary.unmatched, []
        if not dry_run:
            try:
                _plan, summary = workplan_import(
                    parsed=notice, source_name=file.name, create_units=create_units
                )
            except ValidationError as error:
                raise CommandError(
                    "；".join(error.messages)
                    + _("（可在管理后台添加单位别名，或加 --create-units 新建为成员单位）")
                ) from error
        if json:
            self.stdout.write(_dumps(notice.to_json()))
            return
        self._report(notice, summary, dry_run)

    def _report(self, notice, summary, dry_run):
        counts = {
            "title": notice.title,
            "year": notice.year,
            "created": len(summary.created),
            "updated": len(summary.updated),
            "flagged": len(summary.flagged),
        }
        if dry_run:
            line = _(
                "《%(title)s》（%(year)d年）：将新建 %(created)d 项，将更新 %(updated)d 项，"
                "待核对 %(flagged)d 项。"
            )
            units_line = _("将新建成员单位：%(units)s")
        else:
            line = _(
                "《%(title)s》（%(year)d年）：已新建 %(created)d 项，已更新 %(updated)d 项，"
                "待核对 %(flagged)d 项。"
            )
            units_line = _("已新建成员单位：%(units)s")
        self.stdout.write(line % counts)
        if summary.new_units:
            self.stdout.write(units_line % {"units": "、".join(summary.new_units)})
        if summary.matched:
            matched = "、".join(f"{name} → {unit.name}" for name, unit in summary.matched.items())
            self.stdout.write(_("按简称或别名匹配：%(names)s") % {"names": matched})
        for name in summary.unmatched:
            close = "、".join(unit.name for unit in summary.suggestions.get(name, []))
            self.stdout.write(
                _("未匹配的单位：%(name)s（近似：%(close)s）") % {"name": name, "close": close}
                if close
                else _("未匹配的单位：%(name)s") % {"name": name}
            )
        for line in notice.conventions:
            self.stdout.write(_("按通知中的约定识别：%(line)s") % {"line": line})
        for line in notice.doubts:
            self.stdout.write(_("需要核对：%(line)s") % {"line": line})
        for task in notice.tasks:
            for line in task.doubts:
                self.stdout.write(_("存疑（%(title)s）：%(line)s") % {"title": task.title, "line": line})
        for row in summary.unplaced:
            self.stdout.write(_("未能识别的内容：%(row)s") % {"row": row})
        if dry_run:
            self.stdout.write(_("（试运行，未写入数据库）"))
        else:
            self.stdout.write(_("已导入为草稿，请委员会办公室在网页上核对后发布。"))


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2)
