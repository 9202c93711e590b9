"""Revisions of a story's content (django-reversion), their diffs, and restoring one.

Only content is versioned and restored (headline block, body, bylines, tags): status and
publishing times change through the workflow alone, so restoring never unpublishes a story.
"""

from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.models import (
    Article,
    BeneficiaryGroup,
    Byline,
    BylineRole,
    Person,
    TaggedBeneficiaryGroup,
    TaggedUnionBody,
    UnionBody,
)
from articles.workflow import WorkflowError, textdiff

CONTENT_FIELDS = ["kicker", "headline", "subheadline", "body", "summary", "dateline"]
TAG_SETS = [
    ("taggedunionbody_set", TaggedUnionBody, UnionBody, "union_bodies"),
    ("taggedbeneficiarygroup_set", TaggedBeneficiaryGroup, BeneficiaryGroup, "beneficiary_groups"),
]

if not reversion.is_registered(Article):
    reversion.register(Byline, fields=["article", "person", "role", "position"])
    for _accessor, through, _tag, _name in TAG_SETS:
        reversion.register(through, fields=["content_object", "tag"])
    reversion.register(
        Article, fields=CONTENT_FIELDS, follow=["bylines", *(t[0] for t in TAG_SETS)]
    )


@dataclass
class Snapshot:
    """A revision's content, named and ordered as the newsroom reads it."""

    version: Version
    fields: dict
    bylines: list = field(default_factory=list)  # (person_id, role, position)
    tags: dict = field(default_factory=dict)  # manager name -> [tag ids]

    def byline_text(self, people) -> str:
        return "、".join(
            f"{BylineRole(role).label} {people.get(pid, '?')}" for pid, role, _pos in self.bylines
        )

    @property
    def character_count(self) -> int:
        return sum(len(line.strip()) for line in self.fields.get("body", "").splitlines())


def revisions(article):
    return Version.objects.get_for_object(article).select_related("revision__user")


def snapshot(version: Version) -> Snapshot:
    shot = Snapshot(version, {name: version.field_dict.get(name, "") for name in CONTENT_FIELDS})
    shot.tags = {name: [] for *_rest, name in TAG_SETS}
    models_by_label = {through._meta.label_lower: name for _a, through, _t, name in TAG_SETS}
    for followed in version.revision.version_set.select_related("content_type"):
        label = f"{followed.content_type.app_label}.{followed.content_type.model}"
        data = followed.field_dict
        if label == Byline._meta.label_lower and data.get("article") == version.object_id_int:
            shot.bylines.append((data["person"], data["role"], data["position"]))
        elif label in models_by_label and data.get("content_object") == version.object_id_int:
            shot.tags[models_by_label[label]].append(data["tag"])
    shot.bylines.sort(key=lambda b: b[2])
    return shot


def record_baseline(article, user):
    """Keep the content as it stands before the first recorded edit (e.g. as imported)."""
    if not Version.objects.get_for_object(article).exists():
        with reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(_("Content before the first recorded edit"))
            reversion.add_to_revision(article)


def diff(older: Snapshot, newer: Snapshot) -> list[dict]:
    """The changed parts of two revisions, each with a character-level HTML diff."""
    people = dict(
        Person.objects.filter(
            pk__in={b[0] for b in older.bylines + newer.bylines}
        ).values_list("pk", "name")
    )
    tag_names = {}
    for _a, _through, tag_model, name in TAG_SETS:
        ids = set(older.tags[name]) | set(newer.tags[name])
        tag_names[name] = dict(tag_model.objects.filter(pk__in=ids).values_list("pk", "name"))
    rows = [
        (Article._meta.get_field(name).verbose_name, older.fields[name], newer.fields[name])
        for name in CONTENT_FIELDS
    ]
    rows.append((_("bylines"), older.byline_text(people), newer.byline_text(people)))
    for _a, _through, _tag, name in TAG_SETS:
        rows.append((
            Article._meta.get_field(name).verbose_name,
            "、".join(sorted(tag_names[name].get(t, "?") for t in older.tags[name])),
            "、".join(sorted(tag_names[name].get(t, "?") for t in newer.tags[name])),
        ))
    return [
        {"label": label, "html": textdiff.diff_html(old or "", new or "")}
        for label, old, new in rows
        if (old or "") != (new or "")
    ]


def restore(article, version: Version, user) -> None:
    """Bring back a revision's content as a new revision; the workflow state is untouched."""
    if not article.may_edit(user):
        raise WorkflowError(_("You may not edit this story in its present state."))
    shot = snapshot(version)
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(
            _("Restored the revision of %(time)s") % {"time": version.revision.date_created}
        )
        for name in CONTENT_FIELDS:
            setattr(article, name, shot.fields[name] or "")
        article.updated_by = user
        article.save()
        article.bylines.all().delete()
        known = set(Person.objects.filter(pk__in=[b[0] for b in shot.bylines]).values_list(
            "pk", flat=True))
        Byline.objects.bulk_create([
            Byline(article=article, person_id=pid, role=role, position=position)
            for pid, role, position in shot.bylines
            if pid in known
        ])
        for _a, _through, tag_model, name in TAG_SETS:
            getattr(article, name).set(list(tag_model.objects.filter(pk__in=shot.tags[name])))
        reversion.add_to_revision(article)
