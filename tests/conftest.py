import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.utils import timezone

from articles.models import Article, Byline, Person, Section


@pytest.fixture(autouse=True)
def empty_cache():
    """No test sees pages or counters cached from data an earlier test rolled back."""
    kept = [cache, caches["shared"]]
    if "pages-local" in settings.CACHES:
        kept.append(caches["pages-local"])
    for each in kept:
        each.clear()
    yield
    for each in kept:
        each.clear()


@pytest.fixture
def section(db):
    return Section.objects.create(name="要闻", slug="yaowen", position=1)


@pytest.fixture
def person(db):
    return Person.objects.create(name="林晓岚")


@pytest.fixture
def make_article(db):
    """Create an article; ``published=True`` makes it live since a minute ago."""

    def make(headline="职工书屋开进社区", published=False, **fields):
        if published:
            fields.setdefault("status", Article.Status.PUBLISHED)
            fields.setdefault("published_at", timezone.now() - timezone.timedelta(minutes=1))
        fields.setdefault("body", "第一段。\n第二段。")
        return Article.objects.create(headline=headline, **fields)

    return make


@pytest.fixture
def make_byline(db):
    def make(article, person, role=Byline.Role.REPORTER, position=0):
        return Byline.objects.create(article=article, person=person, role=role, position=position)

    return make


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "pw")
