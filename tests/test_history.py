"""History that works on real-shaped stories: revisions, the diff and restore (issue #11, 7)."""

from reversion.models import Version

from articles.models import Article
from tests.desk_fixtures import dress, form_of
from tests.workflow_fixtures import desk, story_in  # noqa: F401


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def revisions_url(article):
    return f"/admin/articles/article/{article.pk}/revisions/"


def save(client, article, **changes):
    form = form_of(client.get(change_url(article)))
    response = client.post(change_url(article), {**form, **changes})
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_revisions_diff_and_restore_of_a_story_with_bylines_tags_and_a_photo(
    client, desk  # noqa: F811
):
    article = dress(story_in("draft", desk), author=desk["reporter"])
    client.force_login(desk["reporter"])
    save(client, article, body="今天上午，职工书屋开进社区。")
    # The second save drops a byline and a tag: the diff shows both, the restore brings them back.
    form = form_of(client.get(change_url(article)))
    form["bylines-2-DELETE"] = "on"
    form["taggedbeneficiarygroup_set-0-DELETE"] = "on"
    client.post(change_url(article), {**form, "body": "昨天上午，职工书屋开进社区。"})
    versions = list(Version.objects.get_for_object(article))
    assert len(versions) == 3  # the content before the first edit, then two saves
    newest, middle = versions[0], versions[1]

    listing = client.get(revisions_url(article))
    assert listing.status_code == 200
    page = client.get(revisions_url(article), {"a": middle.pk, "b": newest.pk}).content.decode()
    assert "<del>今</del><ins>昨</ins>" in page
    assert "<del>通讯员 刘换利</del>" in page.replace("、", "")
    assert "<del>困难职工</del>" in page

    loaded = Article.objects.get(pk=article.pk).version
    response = client.post(f"{revisions_url(article)}{middle.pk}/restore/",
                           {"loaded_version": loaded})
    assert response.status_code == 302
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.body == "今天上午，职工书屋开进社区。"
    assert [b.person.name for b in fresh.bylines.all()] == ["演示reporter", "白莹", "刘换利"]
    assert list(fresh.beneficiary_groups.names()) == ["困难职工"]
    assert fresh.photos.count() == 1  # photos are not content revisions: kept as they are
    assert Version.objects.get_for_object(article).count() == 4


def test_a_restore_from_a_stale_page_is_refused_and_changes_nothing(client, desk):  # noqa: F811
    article = dress(story_in("draft", desk), author=desk["reporter"])
    client.force_login(desk["reporter"])
    save(client, article, body="第一稿。")
    stale_version = Article.objects.get(pk=article.pk).version
    save(client, article, body="第二稿。")
    oldest = Version.objects.get_for_object(article).last()
    response = client.post(f"{revisions_url(article)}{oldest.pk}/restore/",
                           {"loaded_version": stale_version}, follow=True)
    assert Article.objects.get(pk=article.pk).body == "第二稿。"
    assert "其他人" in response.content.decode() or "他人" in response.content.decode()


def test_a_restore_follows_the_workflow_rules_of_a_save(client, desk):  # noqa: F811
    article = dress(story_in("draft", desk), author=desk["reporter"])
    client.force_login(desk["reporter"])
    save(client, article, body="第一稿。")
    oldest = Version.objects.get_for_object(article).last()
    article.submit(desk["reporter"])  # in review now: the reporter may no longer edit it
    before = Article.objects.get(pk=article.pk)
    response = client.post(f"{revisions_url(article)}{oldest.pk}/restore/",
                           {"loaded_version": before.version})
    assert response.status_code in (302, 403)
    after = Article.objects.get(pk=article.pk)
    assert (after.body, after.version) == (before.body, before.version)


def test_the_revisions_page_costs_the_same_queries_for_few_or_many_revisions(
    client, desk  # noqa: F811
):
    article = dress(story_in("draft", desk), author=desk["reporter"])
    client.force_login(desk["reporter"])

    def counted():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        versions = list(Version.objects.get_for_object(article))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(revisions_url(article),
                                  {"a": versions[-1].pk, "b": versions[0].pk})
        assert response.status_code == 200
        return len(queries)

    save(client, article, body="一稿。")
    save(client, article, body="二稿。")
    few = counted()
    for n in range(4):
        save(client, article, body=f"第{n}稿。")
    assert counted() == few
