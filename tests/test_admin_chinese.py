"""A Chinese admin for a desk (issue #11, 12): history, headers, the 403 page, names, who manages
版面 and the vocabularies."""

import pytest

from articles.models import BeneficiaryGroup, Section, UnionBody
from tests.desk_fixtures import dress, form_of
from tests.workflow_fixtures import desk, story_in  # noqa: F401


def test_the_history_of_a_story_reads_in_chinese(client, desk):  # noqa: F811
    article = dress(story_in("draft", desk), author=desk["reporter"])
    client.force_login(desk["reporter"])
    url = f"/admin/articles/article/{article.pk}/change/"
    form = form_of(client.get(url))
    form["taggedunionbody_set-0-DELETE"] = "on"
    response = client.post(url, {**form, "body": "新的正文。", "headline": "新的标题"})
    assert response.status_code == 302
    desk["reporter"].first_name = "林晓岚"
    desk["reporter"].save()
    page = client.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    assert "<td>林晓岚</td>" in page  # by name, not by login
    assert "正文" in page and "标题" in page and "北京市总工会" in page
    for english in ("tagged union body", "Body", "Headline", "Changed", "Deleted"):
        assert english not in page


def test_column_headers_are_chinese(client, desk):  # noqa: F811
    client.force_login(desk["chief"])
    for url in ("/admin/articles/unionbody/", "/admin/articles/beneficiarygroup/", "/admin/"):
        page = client.get(url).content.decode()
        for english in ("Article count", "Model name", "Add link", "Change or view list link"):
            assert english not in page, (url, english)
    assert "稿件数" in client.get("/admin/articles/unionbody/").content.decode()


def test_the_403_page_is_chinese_and_says_why(client, desk):  # noqa: F811
    client.force_login(desk["reporter"])
    response = client.get("/admin/articles/section/add/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "403 Forbidden" not in page
    assert "无权访问" in page and "记者" in page and 'href="/admin/"' in page


def test_people_appear_by_their_names(client, desk):  # noqa: F811
    desk["reporter"].first_name = "林晓岚"
    desk["reporter"].save()
    article = story_in("in_review_1", desk)
    client.force_login(desk["editor"])
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    created_by = page.split("创建人:</label>")[1][:200]
    assert "林晓岚" in created_by and "reporter" not in created_by
    assert "None</div>" not in page


# Who manages 版面 and the two vocabularies: the chief all of it; editors review (change) the
# tags the importer discovered; reporters and photographers only read.
MAY = {
    ("section", "add"): {"chief"},
    ("section", "change"): {"chief"},
    ("unionbody", "add"): {"chief"},
    ("unionbody", "change"): {"chief", "editor"},
    ("beneficiarygroup", "change"): {"chief", "editor"},
    ("beneficiarygroup", "delete"): {"chief"},
}


@pytest.mark.parametrize(("model", "action"), sorted(MAY))
@pytest.mark.parametrize("role", ["reporter", "photographer", "editor", "chief"])
def test_who_manages_sections_and_vocabularies(client, desk, role, model, action):  # noqa: F811
    objects = {
        "section": Section.objects.create(name="要闻", slug="yaowen"),
        "unionbody": UnionBody.objects.get_or_create(name="某区总工会", slug="mou-qu")[0],
        "beneficiarygroup": BeneficiaryGroup.objects.get_or_create(
            name="某类职工", slug="mou-lei")[0],
    }
    client.force_login(desk[role])
    obj = objects[model]
    url = (f"/admin/articles/{model}/add/" if action == "add"
           else f"/admin/articles/{model}/{obj.pk}/{action}/")
    if action == "change":
        page = client.get(url).content.decode()
        editable = 'name="name"' in page and "readonly" not in page.split('name="name"')[0][-200:]
        assert editable is (role in MAY[(model, action)])
    else:
        assert (client.get(url).status_code == 200) is (role in MAY[(model, action)])


def test_an_editor_marks_discovered_tags_reviewed_from_the_list(client, desk):  # noqa: F811
    tag = UnionBody.objects.create(name="某区总工会", slug="mou-qu")
    client.force_login(desk["editor"])
    response = client.post("/admin/articles/unionbody/?q=某区总工会", {
        "form-TOTAL_FORMS": 1, "form-INITIAL_FORMS": 1, "form-0-id": tag.pk,
        "form-0-reviewed": "on", "_save": "保存",
    })
    assert response.status_code == 302
    tag.refresh_from_db()
    assert tag.reviewed
