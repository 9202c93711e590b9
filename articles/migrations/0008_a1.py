from django.conf import settings
from django.db import migrations, models


def snapshot_stories_in_review(apps, schema_editor):
    """Stories already in review get the authors they have now as their submission's."""
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.filter(status="in_review"):
        people = {article.created_by_id, article.desk_editor_id} | set(
            article.bylines.exclude(person__user=None).values_list("person__user", flat=True)
        )
        article.submitted_authors.add(*(people - {None}))


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0007_shared_fields"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="submitted_authors",
            field=models.ManyToManyField(
                blank=True, editable=False, related_name="+", to=settings.AUTH_USER_MODEL,
                verbose_name="authors at submission",
            ),
        ),
        migrations.RunPython(snapshot_stories_in_review, migrations.RunPython.noop),
    ]
