"""sitemap.xml (an index of two sitemaps), the Google News sitemap and robots.txt."""

import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles.models import (
    Article,
    Person,
    Section,
)
from articles.site.caching import public_page
from articles.site.listings import listed
from articles.tags import BeneficiaryGroup, UnionBody

NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000  # Google News reads at most this many URLs per sitemap


class StorySitemap(Sitemap):
    changefreq = "never"
    limit = 10000

    def items(self):
        return Article.objects.published().for_teasers().order_by("-published_at", "-id")

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class PageSitemap(Sitemap):
    """Home, archive, every section, tag and person page and every edition readers may see."""

    changefreq = "daily"

    def items(self):
        pages = [reverse("articles:home"), reverse("articles:archive")]
        pages += [s.get_absolute_url() for s in listed(Section)]
        for tag_model, name in [
            (UnionBody, "articles:union-body"), (BeneficiaryGroup, "articles:beneficiary-group"),
        ]:
            pages += [reverse(name, args=[slug]) for slug in
                      listed(tag_model).values_list("slug", flat=True)]
        pages += [reverse("articles:person", args=[slug]) for slug in
                  listed(Person).values_list("slug", flat=True)]
        editions = Article.objects.published().exclude(edition_date=None)
        pages += [reverse("articles:edition", args=[day.year, day.month, day.day])
                  for day in editions.dates("edition_date", "day", order="DESC")]
        return pages

    def location(self, item):
        return item


SITEMAPS = {"stories": StorySitemap, "pages": PageSitemap}


@public_page
def sitemap_index(request):
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="articles:sitemap-section")


@public_page
def sitemap_section(request, section):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


@public_page
def news_sitemap(request):
    since = timezone.now() - NEWS_WINDOW
    stories = Article.objects.published().filter(published_at__gte=since).for_teasers()
    return TemplateResponse(
        request, "articles/news_sitemap.xml",
        {"stories": stories.order_by("-published_at")[:NEWS_LIMIT],
         "publication": settings.NEWSROOM_SITE_NAME},
        content_type="application/xml; charset=utf-8",
    )


@public_page
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: " + reverse("admin:index"),
        "Disallow: " + reverse("articles:search"),
        "",
        "Sitemap: " + request.build_absolute_uri(reverse("articles:sitemap")),
        "Sitemap: " + request.build_absolute_uri(reverse("articles:news-sitemap")),
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
