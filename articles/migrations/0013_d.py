"""Proofreading (校对): word lists with the shipped entries, ignored findings, acknowledged
sensitive hits, 三校 rounds, the 校对 group; 转载 fields on the article."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The proofreading permissions of each role (app "articles").
ROLE_PERMISSIONS = {
    "chief_editor": [
        "add_wordlistentry",
        "change_wordlistentry",
        "delete_wordlistentry",
        "view_wordlistentry",
        "add_sensitiveterm",
        "change_sensitiveterm",
        "delete_sensitiveterm",
        "view_sensitiveterm",
        "view_ignoredfinding",
        "view_sensitiveacknowledgement",
        "add_proofreadinground",
        "view_proofreadinground",
    ],
    "editor": [
        "view_wordlistentry",
        "view_ignoredfinding",
        "view_sensitiveacknowledgement",
        "view_proofreadinground",
    ],
    "proofreader": [
        "view_article",
        "view_byline",
        "view_person",
        "view_section",
        "view_correction",
        "view_photo",
        "view_unionbody",
        "view_beneficiarygroup",
        "view_taggedunionbody",
        "view_taggedbeneficiarygroup",
        "view_wordlistentry",
        "view_ignoredfinding",
        "add_proofreadinground",
        "view_proofreadinground",
    ],
}


def ship_lists_and_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from articles.proofreading import shipped
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
        group.permissions.add(*permissions)

    WordListEntry = apps.get_model("articles", "WordListEntry")
    SensitiveTerm = apps.get_model("articles", "SensitiveTerm")
    WordListEntry.objects.bulk_create(
        [
            WordListEntry(kind="wrong_form", found=w, suggestion=r, shipped=True)
            for w, r in shipped.WRONG_FORMS
        ]
        + [
            WordListEntry(
                kind="standard_form", found=f, suggestion=s, first_mention=first, shipped=True
            )
            for f, s, first in shipped.STANDARD_FORMS
        ],
        ignore_conflicts=True,
    )
    SensitiveTerm.objects.bulk_create(
        [SensitiveTerm(term=t) for t in shipped.SENSITIVE_TERMS], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ('articles', '0012_b2'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="IgnoredFinding",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=32, verbose_name="finding")),
                ("rule", models.CharField(max_length=40, verbose_name="rule")),
                ("text", models.CharField(max_length=200, verbose_name="text found")),
                ("reason", models.TextField(verbose_name="reason")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="at")),
            ],
            options={
                "verbose_name": "ignored finding",
                "verbose_name_plural": "ignored findings",
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="ProofreadingRound",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "round",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (1, "first proofreading"),
                            (2, "second proofreading"),
                            (3, "third proofreading"),
                        ],
                        help_text="Empty for errors found after publication.",
                        null=True,
                        verbose_name="round",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, db_index=True, verbose_name="proofread at"
                    ),
                ),
                (
                    "text_errors",
                    models.PositiveSmallIntegerField(default=0, verbose_name="wording errors"),
                ),
                (
                    "punctuation_errors",
                    models.PositiveSmallIntegerField(default=0, verbose_name="punctuation errors"),
                ),
                (
                    "number_errors",
                    models.PositiveSmallIntegerField(default=0, verbose_name="number errors"),
                ),
                (
                    "fact_errors",
                    models.PositiveSmallIntegerField(default=0, verbose_name="factual errors"),
                ),
                (
                    "political_errors",
                    models.PositiveSmallIntegerField(default=0, verbose_name="political errors"),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "after_publication",
                    models.BooleanField(
                        default=False, editable=False, verbose_name="after publication"
                    ),
                ),
            ],
            options={
                "verbose_name": "proofreading round",
                "verbose_name_plural": "proofreading rounds",
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="SensitiveAcknowledgement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("term", models.CharField(max_length=60, verbose_name="term")),
                ("reason", models.TextField(verbose_name="reason")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="at")),
            ],
            options={
                "verbose_name": "sensitive term acknowledgement",
                "verbose_name_plural": "sensitive term acknowledgements",
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="SensitiveTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("term", models.CharField(max_length=60, unique=True, verbose_name="term")),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="Shown to the signer beside the hit.",
                        max_length=200,
                        verbose_name="note",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="in use")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="added at")),
            ],
            options={
                "verbose_name": "sensitive term",
                "verbose_name_plural": "sensitive terms",
                "ordering": ["term"],
            },
        ),
        migrations.CreateModel(
            name="WordListEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("wrong_form", "wrong form"),
                            ("standard_form", "standard expression"),
                        ],
                        max_length=20,
                        verbose_name="list",
                    ),
                ),
                ("found", models.CharField(max_length=60, verbose_name="text to find")),
                (
                    "suggestion",
                    models.CharField(
                        blank=True,
                        help_text="Left empty for an expression the paper does not use at all.",
                        max_length=60,
                        verbose_name="write instead",
                    ),
                ),
                (
                    "first_mention",
                    models.BooleanField(
                        default=False,
                        help_text="The short form is fine once the full name (above) has come first.",
                        verbose_name="full name at first mention",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                ("is_active", models.BooleanField(default=True, verbose_name="in use")),
                (
                    "shipped",
                    models.BooleanField(
                        default=False, editable=False, verbose_name="shipped with the product"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="added at")),
            ],
            options={
                "verbose_name": "word list entry",
                "verbose_name_plural": "word lists (wrong forms, standard expressions)",
                "ordering": ["kind", "found"],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="is_republished",
            field=models.BooleanField(default=False, verbose_name="republished (转载)"),
        ),
        migrations.AddField(
            model_name="article",
            name="republished_author",
            field=models.CharField(blank=True, max_length=100, verbose_name="original author"),
        ),
        migrations.AddField(
            model_name="article",
            name="republished_source",
            field=models.CharField(blank=True, max_length=100, verbose_name="source"),
        ),
        migrations.AddField(
            model_name="article",
            name="republished_title",
            field=models.CharField(blank=True, max_length=200, verbose_name="original title"),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("is_republished", False),
                    models.Q(
                        models.Q(("republished_source", ""), _negated=True),
                        models.Q(("republished_author", ""), _negated=True),
                        models.Q(("republished_title", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="republished_names_its_origin",
            ),
        ),
        migrations.AddField(
            model_name="ignoredfinding",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="ignored_findings",
                to="articles.article",
                verbose_name="article",
            ),
        ),
        migrations.AddField(
            model_name="ignoredfinding",
            name="ignored_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="by",
            ),
        ),
        migrations.AddField(
            model_name="proofreadinground",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="proofreading_rounds",
                to="articles.article",
                verbose_name="article",
            ),
        ),
        migrations.AddField(
            model_name="proofreadinground",
            name="proofreader",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="proofreader",
            ),
        ),
        migrations.AddField(
            model_name="sensitiveacknowledgement",
            name="acknowledged_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="by",
            ),
        ),
        migrations.AddField(
            model_name="sensitiveacknowledgement",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="sensitive_acknowledgements",
                to="articles.article",
                verbose_name="article",
            ),
        ),
        migrations.AddField(
            model_name="sensitiveterm",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="added by",
            ),
        ),
        migrations.AddField(
            model_name="wordlistentry",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="added by",
            ),
        ),
        migrations.AddConstraint(
            model_name="ignoredfinding",
            constraint=models.UniqueConstraint(
                fields=("article", "key"), name="ignore_a_finding_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="ignoredfinding",
            constraint=models.CheckConstraint(
                condition=models.Q(("reason", ""), _negated=True),
                name="ignored_finding_has_reason",
            ),
        ),
        migrations.AddConstraint(
            model_name="proofreadinground",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("round__isnull", True), ("round__in", [1, 2, 3]), _connector="OR"
                ),
                name="proofreading_round_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="proofreadinground",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("after_publication", True), ("round__isnull", False), _connector="OR"
                ),
                name="proofreading_round_before_publication",
            ),
        ),
        migrations.AddConstraint(
            model_name="proofreadinground",
            constraint=models.UniqueConstraint(
                condition=models.Q(("round__isnull", False)),
                fields=("article", "round"),
                name="one_proofreading_round_each",
            ),
        ),
        migrations.AddConstraint(
            model_name="sensitiveacknowledgement",
            constraint=models.UniqueConstraint(
                fields=("article", "term"), name="acknowledge_a_term_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="sensitiveacknowledgement",
            constraint=models.CheckConstraint(
                condition=models.Q(("reason", ""), _negated=True),
                name="acknowledgement_has_reason",
            ),
        ),
        migrations.AddConstraint(
            model_name="sensitiveterm",
            constraint=models.CheckConstraint(
                condition=models.Q(("term", ""), _negated=True), name="sensitive_term_not_empty"
            ),
        ),
        migrations.AddConstraint(
            model_name="wordlistentry",
            constraint=models.UniqueConstraint(
                fields=("kind", "found"), name="one_entry_per_text"
            ),
        ),
        migrations.AddConstraint(
            model_name="wordlistentry",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["wrong_form", "standard_form"])),
                name="wordlist_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="wordlistentry",
            constraint=models.CheckConstraint(
                condition=models.Q(("found", ""), _negated=True), name="wordlist_found_not_empty"
            ),
        ),
        migrations.AddConstraint(
            model_name="wordlistentry",
            constraint=models.CheckConstraint(
                condition=models.Q(("found", models.F("suggestion")), _negated=True),
                name="wordlist_suggestion_differs",
            ),
        ),
        migrations.AddConstraint(
            model_name="wordlistentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "wrong_form"), _negated=True),
                    models.Q(("suggestion", ""), _negated=True),
                    _connector="OR",
                ),
                name="wrong_form_has_right_form",
            ),
        ),
        migrations.AddConstraint(
            model_name="wordlistentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("first_mention", False),
                    models.Q(("suggestion", ""), _negated=True),
                    _connector="OR",
                ),
                name="first_mention_has_full_name",
            ),
        ),
        migrations.RunPython(ship_lists_and_roles, migrations.RunPython.noop),
    ]
