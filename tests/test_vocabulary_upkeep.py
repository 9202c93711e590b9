"""Editors keep the vocabularies clean: merge, retire, give a union body its parent; and the
article form shows the phrases each tag was found from."""

import re
from io import StringIO

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import DELETION, LogEntry
from django.core.management import call_command
from django.db import IntegrityError, transaction

from articles import tag_upkeep
from articles.importer.loader import vocabulary_from_database
from articles.models import Article, BeneficiaryGroup, TaggedUnionBody, UnionBody
from articles.site.search import SearchDocument
from tests.test_import_command import PAGE
from tests.workflow_fixtures import desk  # noqa: F401 - a fixture

UNION_BODIES = "/admin/articles/unionbody/"
GROUPS = "/admin/articles/beneficiarygroup/"


def state():
    """Every vocabulary row and every tagging, to compare before and after a refused change."""
    return (
        list(UnionBody.objects.order_by("pk").values()),
        list(BeneficiaryGroup.objects.order_by("pk").values()),
        list(TaggedUnionBody.objects.order_by("pk").values()),
        list(Article.objects.order_by("pk").values("pk", "tag_mentions")),
    )


@pytest.fixture
def tagged(db):
    short = UnionBody.objects.create(name="东城工会", aliases=["东城区工会"], reviewed=False)
    full = UnionBody.objects.get(name="北京市东城区总工会")
    one = Article.objects.create(headline="东城工会慰问环卫工人", body="东城工会慰问环卫工人。",
                                 tag_mentions={"东城工会": ["东城工会"]})
    both = Article.objects.create(
        headline="区总工会送清凉", body="区总工会送清凉。",
        tag_mentions={"东城工会": ["东城区工会"], "北京市东城区总工会": ["区总工会"]})
    one.union_bodies.add(short)
    both.union_bodies.add(short, full)
    return {"short": short, "full": full, "one": one, "both": both}


def act(client, changelist, action, tags, follow=False, **extra):
    return client.post(changelist, {"action": action, ACTION_CHECKBOX_NAME: [t.pk for t in tags],
                                    **extra}, follow=follow)


# ---------------------------------------------------------------------------
# Merge


@pytest.mark.django_db
def test_an_editor_merges_a_tag_into_another(client, desk, tagged):  # noqa: F811
    client.force_login(desk["editor"])
    short, full = tagged["short"], tagged["full"]
    second_page = act(client, UNION_BODIES, "merge_selected", [short, full])
    assert second_page.status_code == 200
    assert "保留的标签" in second_page.content.decode()
    done = act(client, UNION_BODIES, "merge_selected", [short, full], apply="1", tag=full.pk)
    assert done.status_code == 302
    full.refresh_from_db()
    assert not UnionBody.objects.filter(pk=short.pk).exists()
    assert full.aliases[-2:] == ["东城工会", "东城区工会"] or {"东城工会", "东城区工会"} <= set(
        full.aliases)
    assert "北京市东城区总工会" not in full.aliases
    for article in (tagged["one"], tagged["both"]):
        assert list(article.union_bodies.names()) == ["北京市东城区总工会"]
    tagged["both"].refresh_from_db()
    assert tagged["both"].tag_mentions == {"北京市东城区总工会": ["区总工会", "东城区工会"]}
    assert "北京市东城区总工会" in SearchDocument.objects.get(article=tagged["one"]).tags
    assert LogEntry.objects.filter(object_id=str(full.pk), user=desk["editor"]).exists()
    assert LogEntry.objects.filter(object_id=str(short.pk), object_repr="东城工会",
                                   action_flag=DELETION).exists()
    # The importer now reads the merged name as the kept tag's alias.
    terms = {t.name: t.aliases for t in vocabulary_from_database().union_bodies}
    assert "东城工会" in terms["北京市东城区总工会"] and "东城工会" not in terms


@pytest.mark.django_db
def test_merging_into_a_retired_tag_is_refused_and_changes_nothing(client, desk, tagged):  # noqa: F811
    tagged["full"].retired = True
    tagged["full"].save()
    before = state()
    client.force_login(desk["chief"])
    response = act(client, UNION_BODIES, "merge_selected", [tagged["short"]], apply="1",
                   tag=tagged["full"].pk, follow=True)
    # A retired tag is not offered as the one to keep.
    assert response.status_code == 200
    assert state() == before
    with pytest.raises(tag_upkeep.UpkeepRefused, match="已停用"):
        tag_upkeep.merge([tagged["short"]], tagged["full"])
    assert state() == before


@pytest.mark.django_db
def test_a_merge_of_a_body_into_its_own_subordinate_keeps_the_hierarchy(db):
    top = UnionBody.objects.get(name="北京市总工会")
    district = UnionBody.objects.create(name="某区总工会", parent=top)
    street = UnionBody.objects.create(name="某街道总工会", parent=district)
    grassroots = UnionBody.objects.create(name="某公司工会", parent=street)
    tag_upkeep.merge([district], street)
    street.refresh_from_db()
    grassroots.refresh_from_db()
    assert street.parent == top and grassroots.parent == street
    assert "某区总工会" in street.aliases


# ---------------------------------------------------------------------------
# Retire


@pytest.mark.django_db
def test_a_retired_tag_is_no_longer_suggested_by_the_importer(client, desk, tmp_path):  # noqa: F811
    group = BeneficiaryGroup.objects.get(name="环卫工人")
    client.force_login(desk["editor"])
    assert act(client, GROUPS, "retire_selected", [group]).status_code == 302
    group.refresh_from_db()
    assert group.retired
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    call_command("import_seed", str(page), stdout=StringIO())
    first = Article.objects.get(source_position=1)
    assert "环卫工人" not in set(first.beneficiary_groups.names())
    assert "北京市东城区总工会" in set(first.union_bodies.names())  # the others still are
    # Nor offered to an editor tagging a story by hand.
    found = client.get("/admin/autocomplete/", {
        "term": "环卫", "app_label": "articles", "model_name": "taggedbeneficiarygroup",
        "field_name": "tag"}).json()
    assert found["results"] == []
    assert act(client, GROUPS, "reinstate_selected", [group]).status_code == 302
    found = client.get("/admin/autocomplete/", {
        "term": "环卫", "app_label": "articles", "model_name": "taggedbeneficiarygroup",
        "field_name": "tag"}).json()
    assert [r["text"] for r in found["results"]] == ["环卫工人"]


# ---------------------------------------------------------------------------
# Parents


@pytest.mark.django_db
def test_an_editor_gives_union_bodies_their_parent(client, desk):  # noqa: F811
    national = UnionBody.objects.get(name="中华全国总工会")
    city = UnionBody.objects.get(name="北京市总工会")
    districts = list(UnionBody.objects.filter(
        name__in=["北京市东城区总工会", "北京市西城区总工会"]))
    client.force_login(desk["editor"])
    act(client, UNION_BODIES, "set_parent_selected", [city], apply="1", tag=national.pk)
    act(client, UNION_BODIES, "set_parent_selected", districts, apply="1", tag=city.pk)
    for body in districts:
        body.refresh_from_db()
        assert [b.name for b in body.ancestors()] == ["北京市总工会", "中华全国总工会"]
    listing = client.get(UNION_BODIES, {"q": "东城"}).content.decode()
    assert "中华全国总工会 › 北京市总工会" in listing
    # A loop is refused, with nothing changed.
    before = state()
    response = act(client, UNION_BODIES, "set_parent_selected", [national], apply="1",
                   tag=districts[0].pk, follow=True)
    assert "不能隶属于自己的下级" in response.content.decode()
    assert state() == before
    response = act(client, UNION_BODIES, "set_parent_selected", [city], apply="1",
                   tag=city.pk, follow=True)
    assert "不能是自己的上级" in response.content.decode()
    assert state() == before


@pytest.mark.django_db
def test_the_database_refuses_a_body_as_its_own_parent(db):
    body = UnionBody.objects.get(name="北京市总工会")
    with pytest.raises(IntegrityError), transaction.atomic():
        UnionBody.objects.filter(pk=body.pk).update(parent=body.pk)


# ---------------------------------------------------------------------------
# Who may


ACTIONS = [
    (UNION_BODIES, "merge_selected", lambda t: {"tag": t["full"].pk}),
    (UNION_BODIES, "retire_selected", lambda t: {}),
    (UNION_BODIES, "set_parent_selected", lambda t: {"tag": t["full"].pk}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role, allowed", [
    ("reporter", False), ("photographer", False), ("editor", True), ("chief", True),
    ("superuser", True),
])
@pytest.mark.parametrize("changelist, action, extra", ACTIONS)
def test_each_role_and_each_vocabulary_action(client, desk, tagged, role, allowed,  # noqa: F811
                                              changelist, action, extra):
    client.force_login(desk[role])
    listing = client.get(changelist)
    assert listing.status_code == 200  # every newsroom role may look the vocabularies up
    assert (f'value="{action}"' in listing.content.decode()) is allowed
    before = state()
    response = act(client, changelist, action, [tagged["short"]], apply="1", **extra(tagged))
    assert response.status_code in (200, 302)
    assert (state() != before) is allowed


@pytest.mark.django_db
def test_anonymous_visitors_cannot_touch_a_vocabulary(client, tagged):
    before = state()
    response = act(client, UNION_BODIES, "retire_selected", [tagged["short"]])
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert state() == before


# ---------------------------------------------------------------------------
# Mentions beside the tags


@pytest.mark.django_db
def test_the_article_form_shows_the_phrases_beside_each_tag(client, desk, tagged):  # noqa: F811
    client.force_login(desk["editor"])
    html = client.get(f"/admin/articles/article/{tagged['both'].pk}/change/").content.decode()
    assert "文中出处" in html
    assert "区总工会" in html.split("field-found_from", 2)[-1]
    rows = [part.split("</td>", 1)[0] for part in html.split('class="field-found_from"')[1:]]
    assert [re.sub(r"<[^>]+>", "", r.split(">", 1)[-1]).strip() for r in rows] == [
        "东城区工会", "区总工会"]
    # Phrases come from imported text: shown escaped, never as markup.
    Article.objects.filter(pk=tagged["one"].pk).update(tag_mentions={"东城工会": ["<b>东城</b>"]})
    html = client.get(f"/admin/articles/article/{tagged['one'].pk}/change/").content.decode()
    assert "&lt;b&gt;东城&lt;/b&gt;" in html and "<b>东城</b>" not in html


@pytest.mark.django_db
def test_the_change_form_refuses_a_loop_or_a_retired_parent(client, desk):  # noqa: F811
    city = UnionBody.objects.get(name="北京市总工会")
    district = UnionBody.objects.get(name="北京市东城区总工会")
    retired = UnionBody.objects.create(name="已撤销的工会", retired=True)
    client.force_login(desk["editor"])
    before = state()
    for parent, words in [(district, "不能隶属于自己的下级"), (retired, "已停用的工会组织")]:
        response = client.post(f"{UNION_BODIES}{city.pk}/change/", {
            "name": city.name, "parent": parent.pk, "aliases": '["市总工会"]',
            "reviewed": "on"})
        assert response.status_code == 200
        assert words in response.content.decode()
        assert state() == before
