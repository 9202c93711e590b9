"""Which sections, tags and people readers may see, and their stories.

One rule for their pages, their feeds and the sitemap: a section, a union body, a beneficiary
group or a person exists for readers only once a story under it is published (a photographer:
once a published story carries their photo). A tag the importer found in a draft has no page
until that draft is published. "Published" is ``Article.objects.published()``, nothing else.
"""

from django.db.models import Exists, OuterRef, QuerySet

from articles.models import (
    Article,
    Byline,
    Person,
    Photo,
    Section,
    TaggedBeneficiaryGroup,
    TaggedUnionBody,
)
from articles.tags import BeneficiaryGroup, UnionBody

TAGGINGS = {UnionBody: TaggedUnionBody, BeneficiaryGroup: TaggedBeneficiaryGroup}


def stories_of(owner) -> QuerySet:
    """The published stories listed under a section, a tag or a person."""
    published = Article.objects.published()
    if isinstance(owner, Section):
        return published.filter(section=owner)
    if isinstance(owner, Person):
        return published.filter(pk__in=Byline.objects.filter(person=owner).values("article"))
    tagged = TAGGINGS[type(owner)].objects.filter(tag=owner)
    return published.filter(pk__in=tagged.values("content_object"))


def listed(model) -> QuerySet:
    """The model's rows that readers may see: those with a published story (one query)."""
    published = Article.objects.published().values("pk")
    if model is Section:
        return Section.objects.filter(Exists(published.filter(section=OuterRef("pk"))))
    if model is Person:
        # has_photos: the person page asks for the photos only when there are some.
        photographed = Exists(Photo.objects.filter(photographer=OuterRef("pk"),
                                                   article__in=published))
        return Person.objects.annotate(has_photos=photographed).filter(
            Exists(Byline.objects.filter(person=OuterRef("pk"), article__in=published))
            | photographed
        )
    tagged = TAGGINGS[model].objects.filter(tag=OuterRef("pk"), content_object__in=published)
    return model.objects.filter(Exists(tagged))
