"""Revisions: kept on every admin save, diffed by character, restored as a new revision."""

from reversion.models import Version

from articles.models import Article
from articles.workflow.textdiff import diff_html
from tests.test_admin_articles import change_url, form_data
from tests.workflow_fixtures import desk, story_in  # noqa: F401


def test_chinese_diff_marks_changed_characters_not_the_clause():
    html = diff_html("我们今天去<工会>", "我们昨天去<工会>")
    assert html == "我们<del>今</del><ins>昨</ins>天去&lt;工会&gt;"


def test_every_save_keeps_a_revision_and_the_diff_and_restore_work(client, desk):  # noqa: F811
    article = story_in("draft", desk)
    client.force_login(desk["reporter"])
    client.post(change_url(article), form_data(article, body="今天上午，职工书屋开进社区。"))
    article.refresh_from_db()
    client.post(change_url(article), form_data(article, body="昨天上午，职工书屋开进社区。"))
    versions = list(Version.objects.get_for_object(article))
    assert len(versions) == 3  # the content before the first edit, then two saves
    newest, middle = versions[0], versions[1]
    url = f"/admin/articles/article/{article.pk}/revisions/"
    page = client.get(url, {"a": middle.pk, "b": newest.pk}).content.decode()
    assert "<del>今</del><ins>昨</ins>" in page
    response = client.post(f"{url}{middle.pk}/restore/",
                           {"loaded_version": Article.objects.get(pk=article.pk).version})
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).body == "今天上午，职工书屋开进社区。"
    assert Version.objects.get_for_object(article).count() == 4


def test_restoring_never_touches_the_workflow_state(client, desk):  # noqa: F811
    article = story_in("published", desk)
    client.force_login(desk["chief"])
    client.post(change_url(article), form_data(article, headline="新标题"))
    first = Version.objects.get_for_object(article).last()
    client.post(f"/admin/articles/article/{article.pk}/revisions/{first.pk}/restore/",
                {"loaded_version": Article.objects.get(pk=article.pk).version})
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.headline == "职工书屋开进社区" and fresh.status == "published"


def test_only_those_who_may_edit_restore(client, desk):  # noqa: F811
    article = story_in("draft", desk)
    client.force_login(desk["reporter"])
    client.post(change_url(article), form_data(article, headline="改"))
    first = Version.objects.get_for_object(article).last()
    article = story_in("in_review_1", desk)
    client.force_login(desk["other_reporter"])
    response = client.post(f"/admin/articles/article/{article.pk}/revisions/{first.pk}/restore/")
    assert response.status_code == 404
