"""The editorial workflow: corrections, review signatures, the transition log, role groups."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Each role's group gets exactly these permissions (app "articles" unless dotted).
ROLE_PERMISSIONS = {
    "reporter": [
        "add_article", "change_article", "view_article",
        "add_byline", "change_byline", "delete_byline", "view_byline",
        "view_person", "view_section", "view_correction",
        "view_unionbody", "view_beneficiarygroup",
        "add_taggedunionbody", "change_taggedunionbody", "delete_taggedunionbody",
        "view_taggedunionbody",
        "add_taggedbeneficiarygroup", "change_taggedbeneficiarygroup",
        "delete_taggedbeneficiarygroup", "view_taggedbeneficiarygroup",
    ],
}
ROLE_PERMISSIONS["photographer"] = [
    *ROLE_PERMISSIONS["reporter"], "add_photo", "change_photo", "delete_photo", "view_photo",
]
ROLE_PERMISSIONS["editor"] = [
    *ROLE_PERMISSIONS["photographer"], "add_person", "change_person",
]
ROLE_PERMISSIONS["chief_editor"] = [*ROLE_PERMISSIONS["editor"]]


def create_role_groups(apps, schema_editor):
    # Imported here so the migration graph loads without app code.
    from django.contrib.auth.management import create_permissions

    from articles.workflow.roles import GROUP_NAMES

    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
        permissions = Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for {role}: {sorted(missing)}")
        group.permissions.set(permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_vocabulary"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='review_round',
            field=models.PositiveSmallIntegerField(default=0, editable=False, help_text='How many times the story has been submitted for review.', verbose_name='review round'),
        ),
        migrations.CreateModel(
            name='WorkflowEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(max_length=20, verbose_name='action')),
                ('from_status', models.CharField(max_length=20, verbose_name='from')),
                ('to_status', models.CharField(max_length=20, verbose_name='to')),
                ('level', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='review level')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='at')),
                ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='workflow_events', to='articles.article', verbose_name='article')),
            ],
            options={
                'verbose_name': 'workflow event',
                'verbose_name_plural': 'workflow events',
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Approval',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('round', models.PositiveSmallIntegerField(help_text='Each submission for review starts a new round.', verbose_name='review round')),
                ('level', models.PositiveSmallIntegerField(verbose_name='review level')),
                ('comment', models.TextField(blank=True, verbose_name='review comment')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='signed at')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='approvals', to='articles.article', verbose_name='article')),
                ('reviewer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewer')),
            ],
            options={
                'verbose_name': 'approval',
                'verbose_name_plural': 'approvals',
                'ordering': ['round', 'level'],
                'constraints': [models.UniqueConstraint(fields=('article', 'round', 'level'), name='one_signature_per_level'), models.CheckConstraint(condition=models.Q(('level__gte', 1)), name='approval_level_positive'), models.CheckConstraint(condition=models.Q(('round__gte', 1)), name='approval_round_positive')],
            },
        ),
        migrations.CreateModel(
            name='Correction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(verbose_name='correction')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='issued at')),
                ('print_edition_date', models.DateField(blank=True, help_text='Where the printed correction ran, if it ran in print.', null=True, verbose_name='printed in the edition of')),
                ('print_page', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='printed on page')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='corrections', to='articles.article', verbose_name='article')),
                ('issued_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='issued by')),
            ],
            options={
                'verbose_name': 'correction',
                'verbose_name_plural': 'corrections',
                'ordering': ['created_at', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('text', ''), _negated=True), name='correction_has_text'), models.CheckConstraint(condition=models.Q(('print_page__isnull', True), ('print_edition_date__isnull', False), _connector='OR'), name='correction_print_page_needs_edition')],
            },
        ),
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
    ]
