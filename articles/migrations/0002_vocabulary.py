"""The initial controlled vocabularies: Beijing's unions and the usual beneficiary groups."""

from django.db import migrations


def load_vocabulary(apps, schema_editor):
    # Imported here, not at module level, so the migration graph loads without app code.
    from articles.slugs import pinyin_slug
    from articles.importer.vocabulary import INITIAL_BENEFICIARY_GROUPS, INITIAL_UNION_BODIES

    for model_name, terms in [
        ("UnionBody", INITIAL_UNION_BODIES),
        ("BeneficiaryGroup", INITIAL_BENEFICIARY_GROUPS),
    ]:
        model = apps.get_model("articles", model_name)
        taken = set(model.objects.values_list("slug", flat=True))
        for term in terms:
            if model.objects.filter(name=term.name).exists():
                continue
            slug, n = pinyin_slug(term.name, 90), 1
            while slug in taken:
                n += 1
                slug = f"{pinyin_slug(term.name, 90)}-{n}"
            taken.add(slug)
            model.objects.create(
                name=term.name, slug=slug, aliases=list(term.aliases), reviewed=True
            )


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(load_vocabulary, migrations.RunPython.noop)]
