from django.apps import AppConfig


class AccountCommandsConfig(AppConfig):
    name = "fuzhou_lle.accounts.cli"
    label = "account_commands"
    verbose_name = "account commands"
