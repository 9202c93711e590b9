"""Revisions of a story's content (django-reversion), their diffs, and restoring one.

Only content is versioned and restored (headline block, body, bylines, tags): status and
publishing times change through the workflow alone, so restoring never unpublishes a story.
"""

from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.utils import timezone
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
from articles.workflow.roles import display_name

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
    # A revision's followed versions (bylines, tags) come in one query for the whole list.
    return (
        Version.objects.get_for_object(article)
        .select_related("revision__user")
        .prefetch_related("revision__version_set__content_type")
    )


def body_characters(version: Version) -> int:
    """字数 of a revision, from the story's own version alone (no followed rows needed)."""
    return sum(len(line.strip()) for line in version.field_dict.get("body", "").splitlines())


def snapshot(version: Version) -> Snapshot:
    shot = Snapshot(version, {name: version.field_dict.get(name, "") for name in CONTENT_FIELDS})
    shot.tags = {name: [] for *_rest, name in TAG_SETS}
    tag_sets = {through._meta.label_lower: name for _a, through, _t, name in TAG_SETS}
    article_id = int(version.object_id)
    # Followed rows are keyed by attribute name (article_id, tag_id …), as reversion stores them.
    for followed in version.revision.version_set.all():
        label = f"{followed.content_type.app_label}.{followed.content_type.model}"
        if label == Byline._meta.label_lower:
            data = followed.field_dict
            if data.get("article_id") == article_id:
                shot.bylines.append((data["person_id"], data["role"], data["position"]))
        elif label in tag_sets:
            data = followed.field_dict
            if data.get("content_object_id") == article_id:
                shot.tags[tag_sets[label]].append(data["tag_id"])
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


def restore(article, version: Version, user, loaded_version=None) -> None:
    """Bring back a revision's content as a new revision; the workflow state is untouched.

    Held to a save's rules: only who may edit the story now, and only from a page loaded at
    the story's current version (``loaded_version``), so nobody's later edit is lost.
    """
    shot = snapshot(version)
    with transaction.atomic(), reversion.create_revision():
        current = (
            type(article).objects.select_for_update(of=("self",))
            .select_related("updated_by").get(pk=article.pk)
        )
        if not current.may_edit(user):
            raise WorkflowError(_("You may not edit this story in its present state."))
        if loaded_version is None or str(loaded_version) != str(current.version):
            raise WorkflowError(
                _("Someone else (%(who)s) saved this story at %(when)s after you opened this "
                  "page, so nothing was restored. Look at the revisions again before restoring.")
                % {"who": display_name(current.updated_by),
                   "when": timezone.localtime(current.updated_at).strftime("%H:%M:%S")}
            )
        reversion.set_user(user)
        reversion.set_comment(
            _("Restored the revision of %(time)s")
            % {"time": timezone.localtime(version.revision.date_created).strftime(
                "%Y-%m-%d %H:%M:%S")}
        )
        for name in CONTENT_FIELDS:
            setattr(current, name, shot.fields[name] or "")
        current.updated_by = user
        current.save()
        current.bylines.all().delete()
        known = set(Person.objects.filter(pk__in=[b[0] for b in shot.bylines]).values_list(
            "pk", flat=True))
        Byline.objects.bulk_create([
            Byline(article=current, person_id=pid, role=role, position=position)
            for pid, role, position in shot.bylines
            if pid in known
        ])
        for _a, _through, tag_model, name in TAG_SETS:
            getattr(current, name).set(list(tag_model.objects.filter(pk__in=shot.tags[name])))
        reversion.add_to_revision(current)
    article.refresh_from_db()

