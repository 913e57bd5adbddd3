"""`createsuperuser` as Django has it, and the new account in the audit trail (its password is recorded by
accounts/passwords.py, as every new password is)."""

from django.contrib.auth.management.commands import createsuperuser
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.accounts.models import User
from fuzhou_lle.accounts.services import account_change_record


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        # Not one transaction: the questions it asks would hold the database meanwhile.
        accounts = User.objects.using(options["database"])
        existing = accounts.order_by("-pk").values_list("pk", flat=True).first() or 0
        super().handle(*args, **options)
        for user in accounts.filter(pk__gt=existing):
            account_change_record(actor=None, user=user, before=None, note=str(_("命令行 createsuperuser")))
