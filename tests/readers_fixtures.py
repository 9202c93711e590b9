"""Stories as readers meet them, and the ones they must never meet.

Fixtures are named ``…_fixture`` and registered under their short name, so a test module imports
them (``from tests.readers_fixtures import publish_story_fixture``) without its test parameters
shadowing the import.
"""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Byline, Person, Photo, Section
from articles.tags import BeneficiaryGroup, UnionBody

BODY = (
    "1月16日，北京市总工会在朝阳区启动送温暖活动，为困难职工送去慰问金。\n"
    "劳模代表张良说，工会是职工的娘家。\n"
    "活动将持续到春节前。"
)


def jpeg_upload(name="photo.jpg", size=(48, 32)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture(name="fresh_page_cache", autouse=True)
def fresh_page_cache_fixture():
    """A page cached by one test must not answer in the next (its data was rolled back)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(name="newsroom")
def newsroom_fixture(db):
    """The people, sections and tags the stories below use."""
    return {
        "yaowen": Section.objects.create(name="要闻", slug="yaowen", position=1),
        "shehui": Section.objects.create(name="社会", slug="shehui", position=2),
        "baiying": Person.objects.create(name="白莹"),
        "liu": Person.objects.create(
            name="刘换利", affiliation=Person.Affiliation.CORRESPONDENT
        ),
        "zhang": Person.objects.create(name="张良"),
        "editor": Person.objects.create(name="王编辑"),
        "union": UnionBody.objects.get_or_create(
            name="北京市总工会", defaults={"slug": "bei-jing-shi-zong-gong-hui",
                                          "aliases": ["市总工会"]}
        )[0],
        "retirees": BeneficiaryGroup.objects.get_or_create(
            name="困难职工", defaults={"slug": "kun-nan-zhi-gong"}
        )[0],
    }


@pytest.fixture(name="publish_story")
def publish_story_fixture(newsroom):
    """A published story with two bylines, tags and (optionally) photos, live a minute ago."""
    counter = iter(range(1, 100000))

    def make(headline="北京市总工会启动送温暖活动", *, photos=0, bylines=True, tags=True,
             minutes_ago=1, section="yaowen", **fields):
        fields.setdefault("body", BODY)
        fields.setdefault("edition_date", datetime.date(2026, 1, 17))
        fields.setdefault("status", Article.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(minutes=minutes_ago))
        story = Article.objects.create(
            headline=headline, section=newsroom[section] if section else None, **fields
        )
        if bylines:
            Byline.objects.create(article=story, person=newsroom["baiying"],
                                  role=Byline.Role.REPORTER, position=0)
            Byline.objects.create(article=story, person=newsroom["liu"],
                                  role=Byline.Role.CORRESPONDENT, position=1)
            Byline.objects.create(article=story, person=newsroom["editor"],
                                  role=Byline.Role.EDITOR, position=2)
        if tags:
            story.union_bodies.add(newsroom["union"])
            story.beneficiary_groups.add(newsroom["retirees"])
        for n in range(photos):
            Photo.objects.create(
                article=story, image=jpeg_upload(f"p{next(counter)}.jpg"),
                caption=f"慰问现场{n + 1}", alt_text=f"工会干部向职工发放慰问品{n + 1}",
                photographer=newsroom["zhang"], position=n,
            )
        return story

    return make


# Stories readers must never see, each with what makes it so.
UNSEEN = {
    "draft": {"status": Article.Status.DRAFT, "published_at": None},
    "in review": {"status": Article.Status.IN_REVIEW, "published_at": None},
    "returned": {"status": Article.Status.RETURNED, "published_at": None},
    "approved": {"status": Article.Status.APPROVED, "published_at": None},
    "scheduled": {"status": Article.Status.PUBLISHED, "minutes_ago": -60},
    "withdrawn": {"status": Article.Status.WITHDRAWN},
}
