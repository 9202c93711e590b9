"""The readers' site: one search document per story, with a GIN index on PostgreSQL.

The index is created here rather than in the model's Meta because SQLite (used
in development) has no GIN indexes; there the search falls back to substrings.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

GIN_INDEX = "articles_searchdocument_vector_gin"


def create_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} "
            "ON articles_searchdocument USING gin (vector)"
        )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_workflow")]
    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("article", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="search_document", serialize=False, to="articles.article")),
                ("headline", models.TextField(blank=True)),
                ("display", models.TextField(blank=True)),
                ("text", models.TextField(blank=True)),
                ("tags", models.TextField(blank=True)),
                ("vector", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={"verbose_name": "search document"},
        ),
        migrations.RunPython(create_gin_index, drop_gin_index),
    ]
