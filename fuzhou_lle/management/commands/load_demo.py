from django.core.management import call_command
from django.core.management.base import BaseCommand

from fuzhou_lle import demo
from fuzhou_lle.hooks import app_modules


class Command(BaseCommand):
    help = "载入演示数据（基础单位、每个角色一个演示账号、各模块的示例内容）。可重复运行，不会重复创建。"

    def handle(self, *args, **options):
        call_command("setup_portal", stdout=self.stdout)
        demo.load(self.stdout)
        for module in app_modules("demo"):
            module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("演示数据已载入。演示账号仅供演示，请勿用于生产环境。"))
