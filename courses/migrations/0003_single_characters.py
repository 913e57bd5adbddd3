"""Rebuild every offering's search document with its single characters, so one-character keywords use the
GIN index (PostgreSQL only; SQLite searches with LIKE and keeps no vector)."""

import itertools

from django.db import migrations

from courses import search

# As in courses.models.SEARCHED_PATHS when this migration was written.
SEARCHED_PATHS = [
    "course__title",
    "course__description",
    "teacher__name",
    "teaching_point__name",
    "teaching_point__street",
    "teaching_point__district__name",
]


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Offering = apps.get_model("courses", "Offering")
    rows = Offering.objects.select_related("course", "teacher", "teaching_point__district").order_by()
    offerings = rows.iterator(chunk_size=5000)
    while batch := list(itertools.islice(offerings, 5000)):
        pairs = [(o.pk, search.document(search.texts_at(o, SEARCHED_PATHS))) for o in batch]
        search.vectors_write(schema_editor.connection, Offering._meta.db_table, pairs)


class Migration(migrations.Migration):
    dependencies = [("courses", "0002_private_library_files")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True)]
