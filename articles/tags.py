"""The two controlled vocabularies, each a taggit tag model with its own through model."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.models import TagBase, TaggedItemBase

from articles.slugs import pinyin_slug


class Vocabulary(TagBase):
    """A tag with a canonical name, the other names it goes by and an editor's review."""

    aliases = models.JSONField(
        _("aliases"), default=list, blank=True,
        help_text=_("Other names or abbreviations of the same thing, e.g. 市总工会."),
    )
    reviewed = models.BooleanField(
        _("reviewed"), default=False,
        help_text=_("Tags found by the importer start unreviewed until an editor checks them."),
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def slugify(self, tag, i=None):
        slug = pinyin_slug(tag, 90)
        return f"{slug}-{i}" if i is not None else slug

    @property
    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]


class UnionBody(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("union body")
        verbose_name_plural = _("union bodies")


class BeneficiaryGroup(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("beneficiary group")
        verbose_name_plural = _("beneficiary groups")


class TaggedUnionBody(TaggedItemBase):
    content_object = models.ForeignKey("articles.Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(
        UnionBody, verbose_name=_("union body"), on_delete=models.CASCADE,
        related_name="tagged_articles",
    )

    class Meta:
        verbose_name = _("union body")
        verbose_name_plural = _("union bodies")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_union_body_tag")
        ]


class TaggedBeneficiaryGroup(TaggedItemBase):
    content_object = models.ForeignKey("articles.Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(
        BeneficiaryGroup, verbose_name=_("beneficiary group"), on_delete=models.CASCADE,
        related_name="tagged_articles",
    )

    class Meta:
        verbose_name = _("beneficiary group")
        verbose_name_plural = _("beneficiary groups")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_beneficiary_group_tag"
            )
        ]
