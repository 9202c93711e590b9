"""Sections, tags and people exist for readers only once a story under them is published."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Person, Section
from articles.tags import BeneficiaryGroup, UnionBody
from tests.readers_fixtures import (  # noqa: F401
    UNSEEN,
    fresh_page_cache_fixture,
    newsroom_fixture,
    publish_story_fixture,
)
from tests.test_import_command import PAGE

pytestmark = pytest.mark.django_db


def owner_urls(section=None, union=None, group=None, person=None) -> dict[str, str]:
    """Every page and feed that lists the stories of the given section, tags and person."""
    urls = {}
    if section:
        urls |= {
            "section": section.get_absolute_url(),
            "section rss": reverse("articles:section-rss", args=[section.slug]),
            "section atom": reverse("articles:section-atom", args=[section.slug]),
        }
    for name, tag in [("union-body", union), ("beneficiary-group", group)]:
        if tag:
            urls |= {name: reverse(f"articles:{name}", args=[tag.slug]),
                     f"{name} rss": reverse(f"articles:{name}-rss", args=[tag.slug]),
                     f"{name} atom": reverse(f"articles:{name}-atom", args=[tag.slug])}
    if person:
        urls["person"] = person.get_absolute_url()
    return urls


def statuses(client, urls) -> dict[str, int]:
    return {name: client.get(url).status_code for name, url in urls.items()}


def test_tags_the_importer_found_in_drafts_have_no_page_until_one_is_published(client, tmp_path):
    dump = tmp_path / "2024-12-29_page3.txt"
    dump.write_text(PAGE, encoding="utf-8")
    Section.objects.create(name="工会新闻", slug="union-news")
    call_command("import_seed", str(dump), "--section", "union-news", stdout=open("/dev/null", "w"))
    union = UnionBody.objects.get(name="北京市东城区总工会")
    group = BeneficiaryGroup.objects.get(name="环卫工人")
    reporter = Person.objects.get(name="罗明远")
    urls = owner_urls(Section.objects.get(slug="union-news"), union, group, reporter)

    assert set(statuses(client, urls).values()) == {404}
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert not any(url in sitemap for url in urls.values())

    story = union.tagged_articles.get().content_object
    story.status, story.published_at = Article.Status.PUBLISHED, timezone.now()
    story.save()
    assert set(statuses(client, urls).values()) == {200}
    assert "共 1 篇报道" in client.get(urls["union-body"]).content.decode()
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert all(f"http://testserver{url}" in sitemap for name, url in urls.items()
               if not name.endswith(("rss", "atom")))


@pytest.mark.parametrize("state", UNSEEN)
def test_a_story_readers_may_not_see_gives_its_owners_no_page(client, publish_story, newsroom,
                                                              state):
    publish_story("看不到的稿件", **UNSEEN[state])
    urls = owner_urls(newsroom["yaowen"], newsroom["union"], newsroom["retirees"],
                      newsroom["baiying"])
    assert statuses(client, urls) == dict.fromkeys(urls, 404), state


def test_a_photographer_with_only_photos_in_published_stories_has_a_page(
    client, publish_story, newsroom
):
    publish_story(photos=1, bylines=False)
    assert client.get(newsroom["zhang"].get_absolute_url()).status_code == 200
    assert client.get(newsroom["baiying"].get_absolute_url()).status_code == 404
