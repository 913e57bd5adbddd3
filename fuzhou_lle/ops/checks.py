"""`manage.py check --deploy`: every setting production cannot do without, named by its variable."""

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]"}
# The placeholders of .env.example and the development key: copied, never replaced.
PLACEHOLDER_KEYS = ("change-me", "development-only")


@register(Tags.security, deploy=True)
def production_settings_check(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    missing = []
    if not settings.SECRET_KEY or settings.SECRET_KEY.startswith(PLACEHOLDER_KEYS):
        missing.append(("DJANGO_SECRET_KEY", "ops.E001"))
    if not set(settings.ALLOWED_HOSTS) - LOCAL_HOSTS:
        missing.append(("DJANGO_ALLOWED_HOSTS", "ops.E002"))
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing.append(("DATABASE_URL", "ops.E003"))
    if not settings.REDIS_URL:
        missing.append(("REDIS_URL", "ops.E004"))
    if not settings.EMAIL_HOST:
        missing.append(("EMAIL_HOST", "ops.E005"))
    return [
        Error(
            f"生产环境缺少设置 {variable}。",
            hint=f"在环境或 .env 文件中设置 {variable}（见 .env.example 与 README 的部署一节）。",
            id=check_id,
        )
        for variable, check_id in missing
    ]
