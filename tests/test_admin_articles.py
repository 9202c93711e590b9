"""The article admin as the newsroom uses it: forms, list, desk, preview, scheduling."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, Byline, Section
from tests.workflow_fixtures import desk, snapshot, story_in  # noqa: F401


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def form_data(article, **changes):
    data = {
        "kicker": article.kicker, "headline": article.headline,
        "subheadline": article.subheadline, "kind": article.kind,
        "section": article.section_id or "", "body": article.body, "summary": article.summary,
        "dateline": "", "event_date": "", "edition_date": "", "page": "", "slug": article.slug,
        "publish_at_0": "", "publish_at_1": "", "loaded_version": article.version,
    }
    for prefix in ["bylines", "photos", "taggedunionbody_set", "taggedbeneficiarygroup_set",
                   "corrections"]:
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def test_two_clients_editing_one_story_the_stale_save_is_refused(desk):  # noqa: F811
    article = story_in("in_review_1", desk)
    first, second = Client(), Client()
    first.force_login(desk["editor"])
    second.force_login(desk["editor2"])
    loaded = form_data(article)  # both opened the form at the same version
    saved = first.post(change_url(article), {**loaded, "body": "今天上午，书屋开进社区。"})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    stale = second.post(change_url(article), {**loaded, "body": "我的修改：昨天上午。"})
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "我的修改：昨天上午。" in page  # the unsaved text is shown back
    assert "editor" in page and ("Someone else" in page or "其他人" in page or "他人" in page)
    assert Article.objects.get(pk=article.pk).body == "今天上午，书屋开进社区。"


def test_status_is_never_a_form_field(client, desk):  # noqa: F811
    article = story_in("draft", desk)
    client.force_login(desk["reporter"])
    response = client.post(
        change_url(article), form_data(article, status="published", version=99)
    )
    assert response.status_code == 302
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.status == "draft" and fresh.version == article.version + 1


@pytest.mark.parametrize(
    ("state", "role", "may_save"),
    [
        ("draft", "reporter", True), ("draft", "other_reporter", False),
        ("draft", "editor", False), ("returned", "reporter", True),
        ("in_review_1", "reporter", False), ("in_review_1", "editor", True),
        ("approved", "editor", False), ("approved", "chief", True),
        ("published", "chief", True), ("published", "reporter", False),
    ],
)
def test_who_may_edit_in_each_state(client, desk, state, role, may_save):  # noqa: F811
    article = story_in(state, desk)
    client.force_login(desk[role])
    response = client.post(change_url(article), form_data(article, headline="改过的标题"))
    assert (Article.objects.get(pk=article.pk).headline == "改过的标题") == may_save
    if not may_save:
        assert response.status_code in (403, 404, 302)


def test_change_form_shows_the_buttons_this_user_may_press(client, desk):  # noqa: F811
    article = story_in("in_review_1", desk)
    client.force_login(desk["editor"])
    page = client.get(change_url(article)).content.decode()
    assert 'id="workflow-approve-button"' in page and 'id="workflow-return-button"' in page
    assert 'id="workflow-publish-button"' not in page
    client.force_login(desk["reporter"])
    page = client.get(change_url(article)).content.decode()
    assert "workflow-approve-button" not in page


def test_returned_comment_and_timeline_are_on_the_form(client, desk):  # noqa: F811
    article = story_in("returned", desk)
    client.force_login(desk["reporter"])
    page = client.get(change_url(article)).content.decode()
    assert 'id="returned-comment"' in page and "请补充数据" in page
    assert 'id="timeline"' in page


def test_bulk_actions_call_the_transitions_and_report_refusals(client, desk):  # noqa: F811
    imported = Article.objects.create(headline="导入稿件", body="正文。", source_file="a.txt",
                                      source_position=1)
    owned = story_in("draft", desk)
    client.force_login(desk["editor"])
    response = client.post(
        "/admin/articles/article/",
        {"action": "claim_selected", "_selected_action": [imported.pk, owned.pk]}, follow=True,
    )
    assert Article.objects.get(pk=imported.pk).desk_editor == desk["editor"]
    assert Article.objects.get(pk=owned.pk).desk_editor is None
    assert "职工书屋开进社区" in response.content.decode()  # the refusal names the story


def test_there_is_no_bulk_approval_every_signature_has_its_own_opinion(client, desk):  # noqa: F811
    ready = story_in("in_review_1", desk)
    client.force_login(desk["editor"])
    client.post("/admin/articles/article/",
                {"action": "approve_selected", "_selected_action": [ready.pk]})
    assert Article.objects.get(pk=ready.pk).review_level == 1


def test_scheduled_story_goes_live_at_its_time(client, desk, time_machine):  # noqa: F811
    time_machine.move_to(datetime.datetime(2025, 1, 16, 9, 0, tzinfo=datetime.UTC), tick=False)
    article = story_in("approved", desk)
    client.force_login(desk["chief"])
    response = client.post(
        f"/admin/articles/article/{article.pk}/workflow/publish/",
        {"publish_at": "2025-01-16T18:00"},  # Beijing time = 10:00 UTC
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == "published" and article.is_scheduled
    assert not Article.objects.published().filter(pk=article.pk).exists()
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404
    time_machine.move_to(datetime.datetime(2025, 1, 16, 10, 1, tzinfo=datetime.UTC), tick=False)
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_preview_only_for_staff_who_may_see_the_story(client, desk):  # noqa: F811
    article = story_in("draft", desk)
    url = f"/admin/articles/article/{article.pk}/preview/"
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(desk["other_reporter"])
    assert client.get(url).status_code == 404
    client.force_login(desk["reporter"])
    response = client.get(url)
    assert response.status_code == 200 and "职工书屋开进社区" in response.content.decode()
    client.force_login(desk["editor"])
    assert client.get(url).status_code == 200


def test_desk_panels_show_each_users_work(client, desk):  # noqa: F811
    story_in("draft", desk)
    story_in("returned", desk)
    waiting = story_in("in_review_1", desk)
    waiting.headline = "等待初审的稿件"
    waiting.save()
    client.force_login(desk["reporter"])
    page = client.get("/admin/").content.decode()
    assert 'id="desk-drafts"' in page and 'id="desk-returned"' in page
    client.force_login(desk["editor"])
    page = client.get("/admin/").content.decode()
    review = page.split('id="desk-review"')[1].split("</section>")[0]
    assert "等待初审的稿件" in review and "(1)" in review


@pytest.mark.parametrize("rows", [10, 100])
def test_article_list_queries_do_not_grow_with_rows(
    client, desk, rows, django_assert_max_num_queries  # noqa: F811
):
    section = Section.objects.create(name="要闻", slug="yaowen")
    people = [desk[k].person for k in ("reporter", "editor")]
    for n in range(rows):
        article = Article.objects.create(headline=f"稿件{n}", section=section, body="正文")
        for position, person in enumerate(people):
            Byline.objects.create(article=article, person=person, role="reporter",
                                  position=position)
    client.force_login(desk["superuser"])
    with django_assert_max_num_queries(16):
        response = client.get("/admin/articles/article/?all=")
    assert response.status_code == 200
    assert response.content.decode().count("稿件") >= min(rows, 100)


def test_list_search_covers_byline_names(client, desk):  # noqa: F811
    article = story_in("draft", desk)
    Byline.objects.create(article=article, person=desk["editor"].person, role="reporter")
    client.force_login(desk["superuser"])
    page = client.get("/admin/articles/article/", {"q": "演示editor"}).content.decode()
    assert "职工书屋开进社区" in page


def test_editing_a_published_story_can_issue_a_correction(client, desk):  # noqa: F811
    article = story_in("published", desk)
    client.force_login(desk["chief"])
    response = client.post(change_url(article), form_data(
        article, body="今天上午，职工书屋开进朝阳区社区。", is_correction="on",
        correction_text="原稿误将朝阳区写作海淀区，特此更正。",
    ))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.corrections.count() == 1
    client.post(change_url(article), form_data(article, headline="新标题"))
    assert article.corrections.count() == 1  # stays after later edits
    client.logout()
    page = client.get(Article.objects.get(pk=article.pk).get_absolute_url(), follow=True)
    assert "特此更正" in page.content.decode()


def test_timeline_events_keep_provenance(desk):  # noqa: F811
    article = story_in("published", desk)
    assert list(article.workflow_events.values_list("action", flat=True)) == [
        "submit", "approve", "approve", "approve", "publish"
    ]
    assert article.first_published_at == article.published_at <= timezone.now()
    assert snapshot(article)["approvals"] == [
        (1, 1, desk["editor2"].pk), (1, 2, desk["editor3"].pk), (1, 3, desk["chief2"].pk)
    ]


def test_tag_inlines_are_headed_in_chinese(client, desk):  # noqa: F811
    from lxml import html as lxml_html

    article = story_in("draft", desk)
    client.force_login(desk["reporter"])
    page = lxml_html.fromstring(client.get(change_url(article)).content.decode())
    cells = page.xpath("//th[contains(@class, 'column-tag')]")
    headers = [th.text_content().strip() for th in cells]
    assert headers == ["工会组织", "服务对象"]
