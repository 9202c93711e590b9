"""Chinese search, as readers use it: on SQLite and on PostgreSQL alike."""

from urllib.parse import quote_from_bytes

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html

from articles.models import Article
from articles.site import search as engine
from tests.readers_fixtures import (  # noqa: F401
    UNSEEN,
    fresh_page_cache_fixture,
    newsroom_fixture,
    publish_story_fixture,
)

pytestmark = pytest.mark.django_db


def found(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content.decode())
    return [a.text_content() for a in doc.xpath("//h2[@class='card-title']/a")]


def test_pairs_of_characters_make_phrases():
    assert engine.tokens("送温暖") == [("送温", 1), ("温暖", 2)]
    assert engine.tokens("工会 APP５Ｇ") == [("工会", 1), ("app5g", 3)]
    assert engine.Query.parse("送温暖").prefilter() == "'送温' & '温暖'"
    assert engine.Query.parse("工").prefilter() == "'工':*"
    assert engine.Query.parse("工会 劳模 app").prefilter() == "'app':* & '工会' & '劳模'"
    assert engine.Query.parse("送温暖 温暖").fragments() == ["送温暖", "温暖"]


@pytest.mark.parametrize("q, expected", [
    ("工会", {"北京市总工会启动送温暖活动", "劳模工匠进社区"}),  # two-character word
    ("劳模", {"劳模工匠进社区", "北京市总工会启动送温暖活动"}),   # in a headline and in a body
    ("张良", {"北京市总工会启动送温暖活动"}),                     # a name in the body
    ("白莹", {"北京市总工会启动送温暖活动", "劳模工匠进社区"}),   # a byline name
    ("送温暖", {"北京市总工会启动送温暖活动"}),                   # a phrase
    ("温暖送", set()),                                            # ... not its characters anyhow
    ("市总工会", {"北京市总工会启动送温暖活动", "劳模工匠进社区"}),
    ("困难职工", {"北京市总工会启动送温暖活动", "劳模工匠进社区"}),  # a tag
    ("工匠 社区", {"劳模工匠进社区"}),                           # every word must be there
    ("ＡＰＰ", {"职工服务APP上线"}),                              # full-width, any case
])
def test_search_finds_words_names_and_phrases(client, publish_story, q, expected):
    publish_story()
    publish_story("劳模工匠进社区", body="全国劳模走进社区，为居民修理家电。")
    publish_story("职工服务APP上线", body="新版应用上线。", tags=False, bylines=False)
    assert set(found(client, q)) == expected


def test_alias_finds_stories_tagged_with_the_full_name(client, publish_story, newsroom):
    newsroom["union"].aliases = ["北京总工会"]
    newsroom["union"].save()
    publish_story("一篇只打了标签的稿件", body="正文没有提到组织名称。", bylines=False)
    assert found(client, "北京总工会") == ["一篇只打了标签的稿件"]


def test_headline_matches_rank_first(client, publish_story):
    publish_story("新闻一", body="文中提到劳模。", minutes_ago=1, tags=False)
    publish_story("劳模风采", body="正文。", minutes_ago=50, tags=False)
    assert found(client, "劳模") == ["劳模风采", "新闻一"]


def test_results_are_highlighted_after_escaping(client, publish_story):
    publish_story("<b>劳模</b>表彰", body="<script>alert(1)</script>劳模代表发言。", tags=False)
    response = client.get("/search/", {"q": "劳模"})
    text = response.content.decode()
    assert "&lt;b&gt;<mark>劳模</mark>&lt;/b&gt;表彰" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>劳模</mark>代表发言。" in text
    assert "<script>alert" not in text


def test_long_bodies_get_a_snippet_around_the_match(publish_story):
    text = "开头。" * 100 + "送温暖活动" + "结尾。" * 100
    snippet = engine.highlight(text, engine.Query.parse("送温暖"), width=60)
    assert "<mark>送温暖</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 100


@pytest.mark.parametrize("state", UNSEEN)
def test_search_never_finds_what_readers_may_not_see(client, publish_story, state):
    publish_story("隐藏的劳模稿件", **UNSEEN[state])
    assert found(client, "劳模") == []


HOSTILE = {
    "empty": "",
    "spaces": "   ",
    "ten thousand characters": "工会" * 5000,
    "many words": " ".join(["工会"] * 500),
    "sql": "'; DROP TABLE articles_article; --",
    "sql like": "%_%\\",
    "tsquery syntax": "工会 & | ! <-> ( ) :* '",
    "html": '<script>alert("x")</script><img src=x onerror=alert(1)>',
    "nul": "工会\x00劳模",
    "lone surrogate": "\ud800",
    "surrogate in words": "劳模\udfff工会",
    "emoji and rare characters": "😀𠀀工会",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_any_query_gets_a_normal_page(client, publish_story, name):
    publish_story()
    results, _ = engine.search(HOSTILE[name])
    list(results)
    # The test client cannot send a lone surrogate: send what a browser would, percent-encoded.
    raw = HOSTILE[name].encode("utf-8", "surrogatepass")
    response = client.get("/search/?q=" + quote_from_bytes(raw))
    # NoNulMiddleware drops a NUL from the query string (a NUL in the path is a 400).
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_search_queries_are_bounded(client, publish_story):
    for n in range(3):
        publish_story(f"劳模{n}", minutes_ago=n + 1)
    with CaptureQueriesContext(connection) as queries:
        assert len(found(client, "劳模 工会")) == 3
    assert len(queries) <= 8


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_postgresql_finds_candidates_by_index_and_checks_only_the_newest(client, publish_story):
    publish_story()
    with CaptureQueriesContext(connection) as queries:
        assert found(client, "送温暖") == ["北京市总工会启动送温暖活动"]
    search_sql = next(q["sql"] for q in queries if "@@" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + search_sql)
        plan = cursor.fetchone()[0][0]["Plan"]
        cursor.execute(
            "EXPLAIN SELECT 1 FROM articles_searchdocument WHERE vector @@ %s::tsquery",
            [engine.Query.parse("送温暖").prefilter()],
        )
        index_plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    # The exact LIKE check only ever reads the bounded, newest candidates of the index:
    # below the Limit over the vector's candidates no LIKE is checked ...
    limits = [node for node in plan_nodes(plan) if node["Node Type"] == "Limit"
              and any("@@" in below.get("Filter", "") for below in plan_nodes(node))]
    assert limits
    for limit in limits:
        assert not any("~~" in below.get("Filter", "") for below in plan_nodes(limit))
    assert any("~~" in node.get("Filter", "") for node in plan_nodes(plan))
    # ... which the GIN index can find (the planner uses it once the table is large).
    assert "articles_searchdocument_vector_gin" in index_plan


def plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def test_close_pairs_are_not_a_phrase(client, publish_story):
    """Both pairs of 送温暖 in one story, apart: the index offers it, the exact check drops it."""
    publish_story("冬日送温情", body="寒冬里的温暖。", tags=False, bylines=False)
    assert found(client, "送温暖") == []


def test_index_follows_edits_bylines_and_tags(client, publish_story, newsroom):
    story = publish_story(bylines=False, tags=False)
    assert found(client, "刘换利") == []
    story.bylines.create(person=newsroom["liu"], role="correspondent")
    assert found(client, "刘换利") == [story.headline]
    newsroom["liu"].name = "刘换莉"
    newsroom["liu"].save()
    assert found(client, "刘换莉") == [story.headline]
    story.headline = "新标题劳动竞赛"
    story.save()
    assert found(client, "劳动竞赛") == ["新标题劳动竞赛"]
    story.union_bodies.add(newsroom["union"])
    assert found(client, "市总工会") == ["新标题劳动竞赛"]


def test_reindex_command_rebuilds_every_document(publish_story):
    from django.core.management import call_command

    story = publish_story()
    engine.SearchDocument.objects.all().delete()
    call_command("reindex_search")
    assert engine.SearchDocument.objects.get(article=story).headline == story.headline
    assert Article.objects.count() == engine.SearchDocument.objects.count()


def test_common_words_rank_only_the_newest_matches(client, publish_story, monkeypatch):
    monkeypatch.setattr(engine, "MAX_RANKED", 2)
    publish_story("劳模旧闻", minutes_ago=90, tags=False)
    publish_story("新闻乙", body="劳模。", minutes_ago=2, tags=False)
    publish_story("新闻甲", body="劳模。", minutes_ago=1, tags=False)
    assert found(client, "劳模") == ["新闻甲", "新闻乙"]
    assert "仅列出最近的报道" in client.get("/search/", {"q": "劳模"}).content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the gate is PostgreSQL's")
def test_common_words_walk_the_newest_stories_and_rank_the_same(client, publish_story):
    for n in range(8):
        publish_story(f"工会新闻{n}", body="工会慰问职工。", minutes_ago=n + 1, tags=False)
    publish_story("只有正文提到", body="市工会送温暖。", minutes_ago=20, tags=False)
    publish_story("别的新闻", body="天气晴。", minutes_ago=30, tags=False)
    # 9 of the 10 newest hold 工会: the gate lets the walk answer, and the index's way is
    # never run (a one-time filter).
    with CaptureQueriesContext(connection) as queries:
        walked = found(client, "工会")
    search_sql = next(q["sql"] for q in queries if "@@" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + search_sql)
        plan = cursor.fetchone()[0][0]["Plan"]
    reads_vector = [node for node in plan_nodes(plan) if "@@" in node.get("Filter", "")]
    assert reads_vector and all(node["Actual Loops"] == 0 for node in reads_vector)
    assert walked[:8] == [f"工会新闻{n}" for n in range(8)]  # headline matches first
    assert walked[8:] == ["只有正文提到"]
    # The same answer as the index gives, with the gate closed.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "COMMON_SHARE", 2)
        engine_ids = engine.ranked_ids(engine.Query.parse("工会"))
    assert engine_ids == engine.ranked_ids(engine.Query.parse("工会"))


def test_ranked_results_are_kept_until_the_news_changes(client, publish_story):
    """The ranking statement runs once per generation and query; pages re-read the rows."""

    def titles(params):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/search/", {"q": "工会", **params})
        assert response.status_code == 200
        doc = lxml_html.fromstring(response.content.decode())
        ranked = any("LIKE" in q["sql"] for q in queries)
        return [a.text_content() for a in doc.xpath("//h2[@class='card-title']/a")], ranked

    story = publish_story("职工书屋开放", body="工会职工书屋开放。")
    other = publish_story("工会送清凉", body="夏日送清凉。")
    assert titles({}) == (["工会送清凉", "职工书屋开放"], True)
    # Another page-cache entry for the same words (page 1 named): the ranking is kept.
    assert titles({"page": "1"}) == (["工会送清凉", "职工书屋开放"], False)
    # Kept, and no purge: still a story no longer published is not shown.
    Article.objects.filter(pk=story.pk).update(status=Article.Status.WITHDRAWN)
    assert titles({"page": "1", "from_test": "a"}) == (["工会送清凉"], False)
    # A change the newsroom makes (a purge) ranks again: a new story is found at once.
    other.status = Article.Status.WITHDRAWN
    other.save()
    publish_story("工会新闻", body="新的稿件。")
    assert titles({}) == (["工会新闻"], True)
