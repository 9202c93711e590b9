"""Imported stories belong to the desk: 认领, and only real choices offered to each role."""

import pytest
from lxml import html as lxml_html

from articles.models import Article, Byline, Person
from tests.test_admin_articles import change_url
from tests.test_workflow_permissions import ALLOWED, ROLES
from tests.workflow_fixtures import OPINION, STATES, desk, snapshot, story_in  # noqa: F401


def imported_story(state="draft", holder=None, **fields):
    """A story as the importer leaves it: no creator, bylines of people without logins."""
    article = Article.objects.create(
        headline="环卫工人暖心驿站揭牌", body="本报讯 昨天，暖心驿站揭牌。\n第二段。",
        source_file="2025-01-16/01.txt", source_position=Article.objects.count() + 1, **fields,
    )
    Byline.objects.create(article=article, person=Person.objects.create(name="赵明"),
                          role="reporter")
    if holder is not None:
        article.claim(holder)
    if state == "returned":
        article.submit(holder)
        article.return_to_author(
            next(u for u in _reviewers() if u != holder), "请核实数字"
        )
    return article


def _reviewers():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name="编辑").order_by("username")


# (how the story stands, who claims) -> may they. Written out by hand from DESIGN.md.
CLAIM_ALLOWED = {
    "unheld": {"editor", "chief", "superuser"},
    "held_by_editor2": {"chief", "superuser"},  # the chief takes a story over; editors do not
    "held_by_editor": {"chief", "superuser"},  # holding it already is no new claim
    "returned_to_editor2": {"chief", "superuser"},
    "reporters_own": set(),  # a story with an author login is the author's
}


def claim_case(name, desk):  # noqa: F811
    if name == "unheld":
        return imported_story()
    if name == "held_by_editor2":
        return imported_story(holder=desk["editor2"])
    if name == "held_by_editor":
        return imported_story(holder=desk["editor"])
    if name == "returned_to_editor2":
        return imported_story("returned", holder=desk["editor2"])
    return story_in("draft", desk)


@pytest.mark.parametrize("case", list(CLAIM_ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_who_may_claim(client, desk, case, role):  # noqa: F811
    article = claim_case(case, desk)
    before = snapshot(article)
    holder = Article.objects.get(pk=article.pk).desk_editor
    client.force_login(desk[role])
    page = client.get(change_url(article))
    offered = 'id="workflow-claim-button"' in page.content.decode()
    client.post(f"/admin/articles/article/{article.pk}/workflow/claim/")
    fresh = Article.objects.get(pk=article.pk)
    if role in CLAIM_ALLOWED[case]:
        assert offered
        assert fresh.desk_editor == desk[role] and fresh.status == before["status"]
        assert fresh.workflow_events.last().action == "claim"
    else:
        assert not offered
        assert snapshot(article) == before and fresh.desk_editor == holder


def test_the_claimant_edits_submits_and_signs_no_level(client, desk):  # noqa: F811
    article = imported_story()
    client.force_login(desk["editor"])
    client.post(f"/admin/articles/article/{article.pk}/workflow/claim/")
    page = client.get(change_url(article)).content.decode()
    assert 'name="headline"' in page and 'id="workflow-submit-button"' in page
    client.post(f"/admin/articles/article/{article.pk}/workflow/submit/")
    article.refresh_from_db()
    assert article.status == "in_review"
    assert set(article.submitted_authors.all()) == {desk["editor"]}
    client.post(f"/admin/articles/article/{article.pk}/workflow/approve/", {"comment": OPINION})
    assert Article.objects.get(pk=article.pk).review_level == 1
    client.force_login(desk["editor2"])
    client.post(f"/admin/articles/article/{article.pk}/workflow/approve/", {"comment": OPINION})
    assert Article.objects.get(pk=article.pk).review_level == 2


def test_a_former_holder_stays_an_author_after_the_chief_takes_over(desk):  # noqa: F811
    article = imported_story(holder=desk["editor"])
    article.claim(desk["chief"])
    article.submit(desk["chief"])
    assert set(article.submitted_authors.all()) == {desk["editor"], desk["chief"]}


def test_a_story_whose_only_login_left_can_be_claimed(desk):  # noqa: F811
    article = story_in("draft", desk)
    desk["reporter"].is_active = False
    desk["reporter"].save()
    article.claim(desk["editor"])
    assert Article.objects.get(pk=article.pk).desk_editor == desk["editor"]


def test_a_claim_that_would_leave_no_reviewer_is_not_offered(client, desk):  # noqa: F811
    for name in ["editor2", "editor3", "chief2"]:
        desk[name].groups.clear()
    article = imported_story()
    # If editor claims it, three levels need three people besides them: only the chief is left.
    client.force_login(desk["editor"])
    assert 'id="workflow-claim-button"' not in client.get(change_url(article)).content.decode()
    desk["editor2"].groups.add(*desk["editor"].groups.all())
    assert 'id="workflow-claim-button"' not in client.get(change_url(article)).content.decode()
    desk["editor3"].groups.add(*desk["editor"].groups.all())
    assert 'id="workflow-claim-button"' in client.get(change_url(article)).content.decode()


def test_the_desk_lists_stories_to_claim_for_reviewers_only(client, desk):  # noqa: F811
    free = imported_story()
    held = imported_story(holder=desk["editor2"])
    client.force_login(desk["editor"])
    panel = panel_of(client, "claim")
    assert free.headline in panel and "(1)" in panel
    held.headline = "另一篇已认领稿件"
    client.force_login(desk["reporter"])
    assert 'id="desk-claim"' not in client.get("/admin/").content.decode()


def panel_of(client, key):
    return client.get("/admin/").content.decode().split(f'id="desk-{key}"')[1].split(
        "</section>")[0]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_the_form_offers_exactly_the_actions_that_would_succeed(client, desk, role, state):  # noqa: F811
    article = story_in(state, desk)
    client.force_login(desk[role])
    response = client.get(change_url(article))
    if response.status_code != 200:
        assert not any(role in who for (s, _), who in ALLOWED.items() if s == state)
        return
    page = lxml_html.fromstring(response.content.decode())
    offered = {b.get("value") for b in page.xpath("//*[@id='workflow']//button[@name='action']")}
    expected = {action for (s, action), who in ALLOWED.items() if s == state and role in who}
    assert offered == expected


@pytest.mark.parametrize(("role", "expected"), [
    ("reporter", {"submit_selected"}),
    ("photographer", {"submit_selected"}),
    ("editor", {"submit_selected", "claim_selected"}),
    ("chief", {"submit_selected", "claim_selected", "publish_selected", "unpublish_selected"}),
])
def test_list_actions_are_only_those_the_role_may_take(client, desk, role, expected):  # noqa: F811
    story_in("draft", desk)
    client.force_login(desk[role])
    page = lxml_html.fromstring(client.get("/admin/articles/article/").content.decode())
    actions = {o.get("value") for o in page.xpath("//select[@name='action']/option")} - {""}
    assert actions == expected


@pytest.mark.parametrize("stories", [2, 12])
def test_the_desk_queries_do_not_grow_with_stories(
    client, desk, stories, django_assert_max_num_queries  # noqa: F811
):
    for _ in range(stories):
        imported_story()
        story_in("in_review_1", desk)
        story_in("in_review_3", desk)  # 终审 also asks the proofreading guard
    client.force_login(desk["chief"])
    # 28, and 7 for proofreading: the sensitive terms and acknowledgements for 终审, the word
    # lists, bylines, ignored findings and acknowledgements for the counts per story (issue 14).
    with django_assert_max_num_queries(35):
        response = client.get("/admin/")
    assert response.status_code == 200
