from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from fuzhou_lle.accounts import demo
from fuzhou_lle.hooks import app_modules


class Command(BaseCommand):
    help = "载入演示数据（基础单位、每个角色一个演示账号、各模块的示例内容）。可重复运行，不会重复创建。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            help="在未开启 DJANGO_DEBUG 的环境中仍然载入（仅用于测试和演示服务器）。",
        )

    def handle(self, *args, **options):
        # The demo creates accounts whose passwords are published in the README: never on a real server
        # by accident.
        if not settings.DEBUG and not options["i_know_this_is_not_production"]:
            raise CommandError(
                "拒绝载入演示数据：当前不是调试模式（DJANGO_DEBUG 未开启），可能是生产环境。"
                "演示账号的密码是公开的，不能出现在正式服务器上。"
                "确认不是生产环境时，请加参数 --i-know-this-is-not-production。"
            )
        call_command("setup_portal", stdout=self.stdout)
        demo.load(self.stdout)
        for module in app_modules("demo"):
            module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("演示数据已载入。演示账号仅供演示，请勿用于生产环境。"))
