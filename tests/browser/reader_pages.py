"""A small published paper and the readers' pages the checkers look at.

Import the fixture into a test module: ``from tests.browser.reader_pages import reader_pages``.
"""

import datetime
import io
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw

from articles.models import Article, Byline, Person, Photo, Section
from articles.tags import BeneficiaryGroup, UnionBody
from articles.workflow.corrections import Correction

EDITION = datetime.date(2026, 1, 17)
BODY = (
    "1月16日，北京市总工会在朝阳区启动“两节”送温暖活动，为困难职工送去慰问金和慰问品。\n"
    "劳模代表张良说，工会是职工的娘家，送温暖要送到职工心坎上。\n"
    "据介绍，今年的送温暖活动将持续到春节前，覆盖全市各区的一线职工。"
)


def jpeg(name: str, size=(960, 640), colour=(40, 96, 160)) -> SimpleUploadedFile:
    """A real JPEG with something drawn on it, so screenshots show where photos sit."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle([size[0] // 8, size[1] // 4, size[0] // 2, size[1] - 40], fill=(230, 200, 90))
    draw.ellipse([size[0] // 2, size[1] // 8, size[0] - 60, size[1] // 2], fill=(200, 60, 50))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def published(headline, section, minutes_ago, **fields):
    fields.setdefault("body", BODY)
    fields.setdefault("edition_date", EDITION)
    return Article.objects.create(
        headline=headline, section=section, status=Article.Status.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(minutes=minutes_ago), **fields,
    )


@pytest.fixture
def reader_pages(db):
    """Build the paper; return {page name: URL path} for every page type readers meet."""
    cache.clear()  # a page cached by an earlier test shows rows that were rolled back
    yaowen = Section.objects.create(name="要闻", slug="yaowen", position=1)
    shehui = Section.objects.create(name="社会", slug="shehui", position=2)
    baiying = Person.objects.create(name="白莹")
    liu = Person.objects.create(name="刘换利", affiliation=Person.Affiliation.CORRESPONDENT)
    zhang = Person.objects.create(name="张良")
    editor = Person.objects.create(name="王编辑")
    union = UnionBody.objects.get_or_create(
        name="北京市总工会",
        defaults={"slug": "bei-jing-shi-zong-gong-hui", "aliases": ["市总工会"]},
    )[0]
    group = BeneficiaryGroup.objects.get_or_create(
        name="困难职工", defaults={"slug": "kun-nan-zhi-gong"}
    )[0]

    # The day before has a paper too, so the edition pages link to a previous edition.
    published("职工之家迎新春", shehui, 60 * 24, page=1, page_name="要闻",
              edition_date=EDITION - datetime.timedelta(days=1))
    lead = published(
        "北京市总工会启动“两节”送温暖活动", yaowen, 5, kicker="情暖京城", page_name="要闻",
        subheadline="全市困难职工将获慰问", dateline="本报讯", page=1,
        summary="北京市总工会在朝阳区启动送温暖活动，为困难职工送去慰问金和慰问品。",
    )
    second = published("职工书屋开进朝阳社区", shehui, 30, page=2,
                       summary="新建职工书屋二十家。")
    photo_news = published("劳模工匠走进校园", yaowen, 60, kind=Article.Kind.PHOTO, page=3,
                           summary="劳模工匠为学生讲述奋斗故事。")
    for story in (lead, second, photo_news):
        Byline.objects.create(article=story, person=baiying, role=Byline.Role.REPORTER)
        Byline.objects.create(article=story, person=liu, role=Byline.Role.CORRESPONDENT,
                              position=1)
        Byline.objects.create(article=story, person=editor, role=Byline.Role.EDITOR, position=2)
        story.union_bodies.add(union)
        story.beneficiary_groups.add(group)
    Byline.objects.create(article=photo_news, person=zhang, role=Byline.Role.PHOTOGRAPHER,
                          position=3)
    for n, story in enumerate((lead, photo_news, photo_news)):
        Photo.objects.create(
            article=story, image=jpeg(f"browser-{n}.jpg"), position=n,
            caption=f"工会干部向职工发放慰问品（{n + 1}）",
            alt_text=f"工会干部在社区服务站向职工发放慰问品，第{n + 1}张",
            photographer=zhang,
        )
    Correction.objects.create(article=lead, text="本文第二段中“劳模代表”的姓名已更正。")
    return {
        "home": reverse("articles:home"),
        "article": lead.get_absolute_url(),
        "photo-article": photo_news.get_absolute_url(),
        "section": yaowen.get_absolute_url(),
        "union-body": reverse("articles:union-body", args=[union.slug]),
        "beneficiary-group": reverse("articles:beneficiary-group", args=[group.slug]),
        "person": baiying.get_absolute_url(),
        "photographer": zhang.get_absolute_url(),
        "search": reverse("articles:search") + "?" + urlencode({"q": "送温暖"}),
        "archive": reverse("articles:archive"),
        "edition": reverse("articles:edition", args=[EDITION.year, EDITION.month, EDITION.day]),
        "edition-page": reverse(
            "articles:edition-page", args=[EDITION.year, EDITION.month, EDITION.day, 1]),
        "archive-year": reverse("articles:archive-year", args=[EDITION.year]),
    }
