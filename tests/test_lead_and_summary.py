"""A typed lead becomes bylines (issue #11, 10); the summary follows the story (11)."""

import pytest

from articles.models import Article, Person, cut_summary
from tests.desk_fixtures import dress, form_of
from tests.workflow_fixtures import desk, story_in  # noqa: F401

LEAD = "本报讯（记者 白莹 通讯员 刘换利）"
FIRST = "1月16日，北京市总工会在朝阳区启动送温暖活动，为困难职工送去慰问金。"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def post(client, article, **changes):
    form = form_of(client.get(change_url(article)))
    return client.post(change_url(article), {**form, **changes})


def test_a_typed_lead_becomes_bylines_and_is_printed_once(client, desk):  # noqa: F811
    article = story_in("draft", desk)
    known = Person.objects.create(name="白莹")
    client.force_login(desk["reporter"])
    response = post(client, article, body=f"{LEAD}{FIRST}\n第二段。")
    assert response.status_code == 302, response.content.decode()[:2000]
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.body == f"{FIRST}\n第二段。"
    assert [(b.person.name, b.role) for b in fresh.bylines.all()] == [
        ("白莹", "reporter"), ("刘换利", "correspondent")]
    assert fresh.bylines.get(role="reporter").person == known  # found, not made again
    assert Person.objects.get(name="刘换利").affiliation == "correspondent"
    preview = client.get(f"/admin/articles/article/{article.pk}/preview/").content.decode()
    assert preview.count("本报讯") == 1 and preview.count("刘换利</a>") == 1
    # Saved again with the lead typed once more: still one byline each, one lead.
    post(client, fresh, body=f"{LEAD}{FIRST}")
    assert Article.objects.get(pk=article.pk).bylines.count() == 2


def test_a_lead_without_bylines_leaves_the_body_without_it(client, desk):  # noqa: F811
    article = story_in("draft", desk)
    client.force_login(desk["reporter"])
    post(client, article, body=f"本报讯 {FIRST}")
    assert Article.objects.get(pk=article.pk).body == FIRST


@pytest.mark.parametrize(("body", "why"), [
    (f"本报讯（本报记者）{FIRST}", "署名"),
    (f"本报讯（记者 张三 通讯员 李四）{FIRST}", "多位"),
])
def test_an_unreadable_lead_is_refused_and_nothing_changes(client, desk, body, why):  # noqa: F811
    article = dress(story_in("draft", desk), author=desk["reporter"])
    Person.objects.create(name="张三")
    Person.objects.create(name="张三")
    before = Article.objects.get(pk=article.pk)
    client.force_login(desk["reporter"])
    response = post(client, article, body=body)
    assert response.status_code == 200
    page = response.content.decode()
    assert why in page and "errorlist" in page
    after = Article.objects.get(pk=article.pk)
    assert (after.body, after.version, after.bylines.count()) == (
        before.body, before.version, before.bylines.count())


def test_the_summary_follows_the_first_paragraph_until_edited_by_hand(client, desk):  # noqa: F811
    article = story_in("draft", desk)
    client.force_login(desk["reporter"])
    long_first = "职工书屋开进社区。" * 20
    post(client, article, body=f"{long_first}\n第二段。", summary="")
    summary = Article.objects.get(pk=article.pk).summary
    assert summary == cut_summary(long_first) and summary.endswith("。") and len(summary) <= 120
    post(client, article, body=f"{FIRST}\n第二段。")
    assert Article.objects.get(pk=article.pk).summary == FIRST
    post(client, article, summary="编辑写的摘要。")
    post(client, article, body="另起的第一段。\n第二段。")
    assert Article.objects.get(pk=article.pk).summary == "编辑写的摘要。"
    post(client, article, summary="")
    assert Article.objects.get(pk=article.pk).summary == "另起的第一段。"
