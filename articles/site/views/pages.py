"""The readers' pages. Everything here reads through ``Article.objects.published()``."""

import datetime

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _

from articles.models import (
    Article,
    Byline,
    Person,
    Photo,
    Section,
    TaggedBeneficiaryGroup,
    TaggedUnionBody,
)
from articles.site import fragments
from articles.site.caching import public_page
from articles.site.context_processors import PHOTO_TEMPLATES
from articles.site.listings import listed, stories_of
from articles.site.views.editions import printed_page_of
from articles.site.views.seo import article_json_ld, json_ld_parts
from articles.tags import BeneficiaryGroup, UnionBody

PAGE_SIZE = 20
HOME_STORIES = 30
HOME_PHOTO_NEWS = 6
RELATED_STORIES = 4
RELATED_WITHIN = datetime.timedelta(days=365)
RELATED_WEIGHED = 200
PHOTO_NEWS_AMONG = 200
PERSON_PHOTOS = 12


def paginate(request, queryset, per_page=PAGE_SIZE, allow_empty=True):
    """The page ``?page=N`` asks for; a page that does not exist is a 404."""
    paginator = Paginator(queryset, per_page, allow_empty_first_page=allow_empty)
    try:
        return paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404(_("No such page.")) from exc


@public_page
def home(request):
    stories = fragments.attach_cards(
        Article.objects.published().for_cards()[:HOME_STORIES], heading=3)
    # Photo news among the latest stories only: no index on kind is needed to find them.
    latest = Article.objects.published().values("pk")[:PHOTO_NEWS_AMONG]
    photo_news = Article.objects.filter(pk__in=latest, kind=Article.Kind.PHOTO).for_listing()
    return TemplateResponse(request, "articles/home.html", {
        "edition_date": next((s.edition_date for s in stories if s.edition_date), None),
        "sections": group_by_section(stories),
        "photo_news": [story for story in photo_news[:HOME_PHOTO_NEWS] if story.photos.all()],
    })


def group_by_section(stories):
    """[(section or None, [stories])] in the paper's order of sections; stories keep theirs."""
    groups = {}
    for story in stories:
        groups.setdefault(story.section_id, (story.section, []))[1].append(story)
    return sorted(groups.values(), key=lambda group: (
        group[0] is None, group[0].position if group[0] else 0, str(group[0] or "")))


@public_page
def article(request, pk, slug=None):
    story = get_object_or_404(Article.objects.published().select_related("section"), pk=pk)
    if slug != story.slug:
        return redirect(story, permanent=True)
    return render_article(request, story)


def render_article(request, article, *, preview=False):
    """The public article page; ``preview`` renders a story not yet out (never cached).

    A published story's own parts come from ``fragments`` (rendered once per version); a
    preview is rendered from the rows as they are now.
    """
    made = {}

    def build(missing):
        parts, made["related"] = story_parts(missing[0])
        return {missing[0].pk: parts}

    if preview:
        parts = build([article])[article.pk]
    else:
        parts = fragments.cached_parts([article], "story", build)[article.pk]
    if "related" in made:
        related = made["related"][:RELATED_STORIES]
    else:
        related = latest_related(parts["related"])
    response = TemplateResponse(request, "articles/article_detail.html", {
        "article": article,
        "story_html": parts["html"],
        "og_image": parts["og_image"],
        "related": related,
        "json_ld": article_json_ld(request, parts["json_ld"]),
        "preview": preview,
    })
    if preview:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
    else:
        response["Last-Modified"] = http_date(parts["modified"])
    return response


def story_parts(article) -> tuple[dict, list]:
    """What the article page shows of the story itself, none of it depending on the request,
    and its related stories."""
    models.prefetch_related_objects(
        [article],
        models.Prefetch("bylines", queryset=Byline.objects.select_related("person")),
        models.Prefetch("photos", queryset=Photo.objects.select_related("photographer")),
        "union_bodies", "beneficiary_groups", "corrections",
    )
    corrections = list(article.corrections.all())
    photos = list(article.photos.all())
    related = related_stories(article)
    return {
        "html": render_to_string("articles/_story.html", {
            "article": article, "photos": photos, "corrections": corrections,
            "printed_page": printed_page_of(article), "photo_templates": PHOTO_TEMPLATES,
        }),
        "og_image": {"url": photos[0].share_url,
                     "alt": photos[0].alt_text if photos[0].has_alt_text else ""}
        if photos and photos[0].image else None,
        "json_ld": json_ld_parts(article),
        "modified": max([article.updated_at, *(c.created_at for c in corrections)]).timestamp(),
        # A few more than shown: any of them may be withdrawn before the ids are made again.
        "related": [story.pk for story in related],
    }, related


def latest_related(ids, limit=RELATED_STORIES):
    """The related stories by their kept ids, those still published, in the kept order."""
    if not ids:
        return []
    found = Article.objects.published().filter(pk__in=ids).for_teasers().in_bulk()
    return [found[pk] for pk in ids if pk in found][:limit]


def related_stories(article, limit=RELATED_STORIES * 2):
    """Published stories sharing the most tags with this one, newest first among equals."""
    union_ids = [tag.pk for tag in article.union_bodies.all()]
    group_ids = [tag.pk for tag in article.beneficiary_groups.all()]
    if not union_ids and not group_ids:
        return []

    def shared(through, ids):
        counted = (
            through.objects.filter(content_object=OuterRef("pk"), tag_id__in=ids)
            .values("content_object").annotate(n=Count("pk")).values("n")
        )
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

    # Only the newest stories sharing a tag are weighed: a tag on thousands of stories
    # costs no more than a rare one.
    since = (article.published_at or timezone.now()) - RELATED_WITHIN
    sharing = Q(
        pk__in=TaggedUnionBody.objects.filter(tag_id__in=union_ids).values("content_object")
    ) | Q(
        pk__in=TaggedBeneficiaryGroup.objects.filter(tag_id__in=group_ids).values(
            "content_object")
    )
    candidates = (
        Article.objects.published().filter(sharing, published_at__gte=since)
        .exclude(pk=article.pk).order_by("-published_at", "-id").values("pk")[:RELATED_WEIGHED]
    )
    return list(
        Article.objects.filter(pk__in=candidates).for_teasers()
        .annotate(shared=shared(TaggedUnionBody, union_ids)
                  + shared(TaggedBeneficiaryGroup, group_ids))
        .order_by("-shared", "-published_at", "-id")[:limit]
    )


@public_page
def section(request, slug):
    desk = get_object_or_404(listed(Section), slug=slug)
    page = paginate(request, stories_of(desk).for_cards())
    page.object_list = fragments.attach_cards(page.object_list, heading=2)
    return TemplateResponse(request, "articles/section.html", {"section": desk, "page": page})


@public_page
def person(request, slug):
    contributor = get_object_or_404(listed(Person), slug=slug)
    page = paginate(request, stories_of(contributor).for_cards())
    page.object_list = fragments.attach_cards(page.object_list, heading=3)
    photos = list(
        Photo.objects.filter(photographer=contributor, article__in=Article.objects.published())
        .select_related("article", "photographer").defer("article__body", "article__tag_mentions")
        .order_by("-article__published_at", "position")[:PERSON_PHOTOS]
    ) if contributor.has_photos else []
    return TemplateResponse(request, "articles/person.html", {
        "person": contributor, "page": page, "photos": photos,
    })


def tag_page(tag_model, url_name):
    @public_page
    def view(request, slug):
        tag = get_object_or_404(listed(tag_model), slug=slug)
        page = paginate(request, stories_of(tag).for_cards())
        page.object_list = fragments.attach_cards(page.object_list, heading=2)
        return TemplateResponse(request, "articles/tag.html", {
            "tag": tag,
            "vocabulary": tag_model._meta.verbose_name,
            "rss_url": reverse(f"articles:{url_name}-rss", args=[tag.slug]),
            "atom_url": reverse(f"articles:{url_name}-atom", args=[tag.slug]),
            "page": page,
        })

    return view


union_body = tag_page(UnionBody, "union-body")
beneficiary_group = tag_page(BeneficiaryGroup, "beneficiary-group")
