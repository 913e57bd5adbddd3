"""The four roles are groups of the same name (fuzhou_lle.models.Role)."""

from django.db import migrations

ROLES = ["committee", "unit", "district", "reviewer"]


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=role)


class Migration(migrations.Migration):
    dependencies = [("fuzhou_lle", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
