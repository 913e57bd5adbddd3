from django.core.management.base import BaseCommand

from fuzhou_lle.accounts.services import committee_permissions_sync
from fuzhou_lle.units.services import reference_units_ensure


class Command(BaseCommand):
    help = "创建13个县（市）区、委员会办公室、成员单位和社区大学，并同步委员会角色的权限。可重复运行。"

    def handle(self, *args, **options):
        reference_units_ensure()
        committee_permissions_sync()
        self.stdout.write(self.style.SUCCESS("基础数据已就绪。"))
