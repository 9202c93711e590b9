"""The desk's day over HTTP, as the demo accounts only (no superuser anywhere).

The seed is imported with the command the newsroom runs; the desk editor claims every
imported story (认领) and submits it; 初审, 复审 and 终审 are signed by three people with
written opinions; one story is returned and resubmitted; one is scheduled and goes live at its
time with no cron; its 审稿单 carries every signature.
"""

import datetime
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from lxml import html as lxml_html
from photo_fixtures import jpeg, media_fixture, upload  # noqa: F401  (fixture)

from articles.models import Article, Person

pytestmark = pytest.mark.django_db
DEMO = ["reporter", "photographer", "desk", "editor", "editor2", "chief"]
OPINIONS = {"editor": "事实已核实，同意送复审。", "editor2": "标题准确，同意送终审。",
            "chief": "同意刊发。"}


@pytest.fixture
def logins(settings):
    """One logged-in browser per demo account, with the passwords the command printed."""
    settings.DEBUG = True  # the demo accounts are for development only
    printed = StringIO()
    call_command("demo_accounts", stdout=printed)
    passwords = dict(re.findall(r"^\s+(\S+)\s+(\S+)\s+\(", printed.getvalue(), re.M))
    clients = {}
    for name in DEMO:
        clients[name] = Client()
        response = clients[name].post(
            "/admin/login/?next=/admin/", {"username": name, "password": passwords[name]}
        )
        assert response.status_code == 302, name
    assert not get_user_model().objects.filter(is_superuser=True).exists()
    return clients


def press(client, article, action, **data):
    response = client.post(f"/admin/articles/article/{article.pk}/workflow/{action}/", data,
                           follow=True)
    errors = lxml_html.fromstring(response.content.decode()).xpath(
        "//ul[@class='messagelist']/li[contains(@class,'error')]")
    assert not errors, (action, [e.text_content() for e in errors])
    return response


def buttons(client, article) -> set:
    """The workflow buttons the story's page offers; none if the page is not theirs."""
    response = client.get(f"/admin/articles/article/{article.pk}/change/")
    if response.status_code != 200:
        return set()
    page = lxml_html.fromstring(response.content.decode())
    return {b.get("value") for b in page.xpath("//*[@id='workflow']//button[@name='action']")}


def desk_panel(client, key) -> str:
    page = client.get("/admin/").content.decode()
    return page.split(f'id="desk-{key}"')[1].split("</section>")[0]


def test_every_imported_story_goes_from_the_page_to_the_reader(logins, media, time_machine):
    time_machine.move_to(datetime.datetime(2025, 1, 16, 1, 0, tzinfo=datetime.UTC), tick=False)
    call_command("import_seed", stdout=StringIO())
    stories = list(Article.objects.exclude(source_file="").order_by("source_position"))
    assert len(stories) >= 5 and all(s.created_by_id is None for s in stories)
    desk, chief = logins["desk"], logins["chief"]

    # Nobody but a reviewer is offered an imported story; the desk editor claims them all.
    assert buttons(logins["reporter"], stories[0]) == set()
    for story in stories:
        assert story.headline in desk_panel(desk, "claim") or len(stories) > 10
        assert buttons(desk, story) == {"claim"}
        press(desk, story, "claim")
        assert buttons(desk, story) == {"submit"}
    photographer = Person.objects.get(user__username="photographer")
    for story in [s for s in stories if s.kind == Article.Kind.PHOTO]:
        response = logins["photographer"].post("/admin/articles/photo/add/", {
            "article": story.pk, "image": upload(jpeg()), "caption": story.headline,
            "alt_text": "职工在活动现场", "photographer": photographer.pk, "position": 0,
        })
        assert response.status_code == 302, response.content.decode()[:2000]
    for story in stories:
        press(desk, story, "submit")

    # 初审 returns one story with an opinion; the desk editor fixes it and resubmits.
    returned = stories[1]
    assert "return" in buttons(logins["editor"], returned)
    press(logins["editor"], returned, "return", comment="导语请压缩为两句，并核实人数。")
    page = desk.get(f"/admin/articles/article/{returned.pk}/change/").content.decode()
    assert "导语请压缩为两句，并核实人数。" in page
    assert returned.headline in desk_panel(desk, "returned")
    press(desk, returned, "resubmit")

    # 初审, 复审 and 终审 by three different people, each with a written opinion.
    for reviewer in ["editor", "editor2", "chief"]:
        waiting = desk_panel(logins[reviewer], "review")
        for story in stories:
            assert story.headline in waiting
            assert buttons(desk, story) == set()  # the desk editor signs nothing of theirs
            assert "approve" in buttons(logins[reviewer], story)
            press(logins[reviewer], story, "approve", comment=OPINIONS[reviewer])
        assert "(0)" in desk_panel(logins[reviewer], "review")
    assert buttons(logins["reporter"], stories[0]) == set()

    # The chief publishes all but one now, and schedules that one for 18:00 Beijing time.
    scheduled, now = stories[-1], stories[:-1]
    for story in now:
        press(chief, story, "publish", publish_at="")
    response = press(chief, scheduled, "publish", publish_at="2025-01-16T18:00")
    assert "2025年1月16日 18:00" in response.content.decode()  # the notice says when
    assert scheduled.headline in desk_panel(chief, "scheduled")
    reader = Client()
    assert scheduled.headline not in reader.get("/").content.decode()
    scheduled.refresh_from_db()
    assert reader.get(scheduled.get_absolute_url()).status_code == 404

    time_machine.move_to(datetime.datetime(2025, 1, 16, 10, 1, tzinfo=datetime.UTC), tick=False)
    assert scheduled.headline in reader.get("/").content.decode()  # the cache ended on time
    assert reader.get(scheduled.get_absolute_url()).status_code == 200
    for story in now:
        story.refresh_from_db()
        assert reader.get(story.get_absolute_url()).status_code == 200

    for story in Article.objects.filter(pk__in=[s.pk for s in stories]):
        assert story.status == "published" and story.desk_editor.username == "desk"
        assert list(story.approvals.filter(round=story.review_round).values_list(
            "level", "reviewer__username", "comment")) == [
            (1, "editor", OPINIONS["editor"]), (2, "editor2", OPINIONS["editor2"]),
            (3, "chief", OPINIONS["chief"]),
        ]
    assert Article.objects.published().count() == len(stories)

    # The 审稿单 of the scheduled story, printed as the chief sees it.
    sheet = chief.get(f"/admin/articles/article/{scheduled.pk}/review-sheet/")
    text = lxml_html.fromstring(sheet.content.decode()).text_content()
    for level, who, opinion in [("初审", "演示编辑", OPINIONS["editor"]),
                                ("复审", "演示复审编辑", OPINIONS["editor2"]),
                                ("终审", "演示总编", OPINIONS["chief"])]:
        assert level in text and who in text and opinion in text
    assert "演示责任编辑" in text and str(scheduled.character_count) in text
    published = lxml_html.fromstring(sheet.content.decode()).xpath("//*[@id='sheet-published']")
    assert "演示总编" in published[0].text_content()
    assert timezone.localtime(scheduled.published_at).hour == 18
