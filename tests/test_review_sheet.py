"""The 审稿单: one printable page per story, for those who may see the story."""

import pytest
from lxml import html as lxml_html

from articles.models import Byline, Person, Section
from tests.workflow_fixtures import OPINION, STATES, desk, story_in  # noqa: F401


def sheet_url(article):
    return f"/admin/articles/article/{article.pk}/review-sheet/"


# role -> the states of desk['reporter']'s story whose sheet they may open; by hand.
VISIBLE = {
    "reporter": set(STATES), "photographer": set(STATES), "editor": set(STATES),
    "chief": set(STATES), "superuser": set(STATES), "other_reporter": {"published"},
    "anonymous": set(),
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", list(VISIBLE))
def test_who_may_open_the_review_sheet(client, desk, role, state):  # noqa: F811
    article = story_in(state, desk)
    if role != "anonymous":
        client.force_login(desk[role])
    response = client.get(sheet_url(article))
    if state in VISIBLE[role]:
        assert response.status_code == 200
        assert article.headline in response.content.decode()
    elif role == "anonymous":
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        assert response.status_code == 404


def test_the_sheet_shows_every_level_the_publisher_and_the_story(client, desk):  # noqa: F811
    section = Section.objects.create(name="要闻", slug="yaowen")
    article = story_in("draft", desk, section=section, edition_date="2025-01-16", page=3,
                       page_name="工会新闻")
    Byline.objects.create(article=article, person=Person.objects.create(name="赵明"),
                          role="correspondent")
    article.submit(desk["reporter"])
    article.return_to_author(desk["editor"], "请核实参赛人数")
    article.resubmit(desk["reporter"])
    signatures = [("editor", "数据已核实"), ("editor2", "同意送终审"), ("chief", "同意刊发")]
    for who, opinion in signatures:
        article.approve(desk[who], opinion)
    article.publish(desk["chief"])
    client.force_login(desk["editor"])
    response = client.get(sheet_url(article))
    page = lxml_html.fromstring(response.content.decode())
    text = page.text_content()
    rows = page.xpath("//table[@id='sheet-signatures']")[0].text_content()
    for level, who, opinion in [("初审", "演示editor", "数据已核实"),
                                ("复审", "演示editor2", "同意送终审"),
                                ("终审", "演示chief", "同意刊发")]:
        assert level in rows and who in rows and opinion in rows
    assert "演示chief" in page.xpath("//*[@id='sheet-published']")[0].text_content()
    assert page.xpath("//*[@id='sheet-characters']")[0].text_content() == str(
        article.character_count)
    assert "通讯员 赵明" in text and "要闻" in text and "第3版" in text and "工会新闻" in text
    assert "请核实参赛人数" in text  # the return in the first round is kept
    assert "@page" in response.content.decode() and "A4" in response.content.decode()


def test_the_change_form_links_to_the_sheet(client, desk):  # noqa: F811
    article = story_in("in_review_1", desk)
    client.force_login(desk["editor"])
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert f'href="{sheet_url(article)}"' in page


@pytest.mark.parametrize("bylines", [1, 8])
def test_the_sheet_queries_do_not_grow_with_bylines(
    client, desk, bylines, django_assert_max_num_queries  # noqa: F811
):
    article = story_in("draft", desk)
    for n in range(bylines):
        Byline.objects.create(article=article, person=Person.objects.create(name=f"作者{n}"),
                              role="reporter", position=n)
    article.submit(desk["reporter"])
    article.approve(desk["editor"], OPINION)
    client.force_login(desk["chief"])
    # 9, and two for the sheet's 三校 rounds and acknowledged sensitive terms (issue 14).
    with django_assert_max_num_queries(11):
        assert client.get(sheet_url(article)).status_code == 200
