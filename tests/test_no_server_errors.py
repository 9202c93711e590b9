"""No address answers 5xx: every URL pattern, driven with hostile path segments and query values.

The patterns come from walking the URL resolver, so a view added tomorrow is driven too. The public
site is tried as an anonymous reader, the admin as each demo role (and anonymously). Every example
requests every pattern of its kind once, with the values hypothesis draws for it: integers far out
of any column's range, negatives, non-digits, empty strings, lone surrogates, NUL, 10,000
characters. A 5xx, or an exception the test client re-raises, fails the test.
"""

import os
import re
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.management.commands.demo_accounts import DEMO_ACCOUNTS, create_demo_accounts
from tests.readers_fixtures import (  # noqa: F401
    UNSEEN,
    fresh_page_cache_fixture,
    newsroom_fixture,
    publish_story_fixture,
)

pytestmark = pytest.mark.django_db

NASTY = [
    "99999999999999999999",  # past every integer column and datetime.date
    "-99999999999999999999",
    "-1",
    "0",
    "1e400",
    "abc",
    "",
    "\ud800",  # a lone surrogate: sent as the bytes a broken client would send
    "\x00",
    "a\x00b",
    "x" * 10_000,
    "9" * 10_000,
    "%",
    "../..",
    "<script>",
    "工会",
]
# Parameters the views and the admin read; arbitrary names are drawn too.
QUERY_KEYS = ["page", "q", "a", "b", "p", "o", "e", "all", "_popup", "_to_field",
              "_changelist_filters", "status__exact", "kind__exact", "section__id__exact",
              "app_label", "model_name", "field_name", "term", "next"]
# Every example requests every pattern once (the admin's, once per role): kept small so that the
# suite stays fast on 2 cores. HYPOTHESIS_URL_EXAMPLES=200 for a longer hunt.
EXAMPLES = int(os.environ.get("HYPOTHESIS_URL_EXAMPLES", 20))
ADMIN_EXAMPLES = max(1, EXAMPLES // 5)  # per role, and an admin page costs more

segments = st.one_of(
    st.sampled_from(NASTY),
    st.integers(min_value=-5, max_value=40).map(str),  # small ones reach real rows
    st.integers().map(str),
    st.text(st.characters(exclude_categories=()), max_size=20),  # surrogates included
)
queries = st.lists(
    st.tuples(st.one_of(st.sampled_from(QUERY_KEYS), st.text(max_size=8)), segments),
    max_size=3,
)

PARAMETER = re.compile(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^)]*\)")


def walk(patterns, prefix=""):
    """(route template, URL name) for every pattern the resolver knows, includes expanded."""
    for pattern in patterns:
        template = prefix + route_of(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, template)
        elif isinstance(pattern, URLPattern):
            yield template, pattern.name


def route_of(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return str(pattern)
    assert isinstance(pattern, RegexPattern), pattern
    return str(pattern).lstrip("^").rstrip("$")


def address(template: str, values: list[str], query: list[tuple[str, str]]) -> str:
    """The template with each parameter replaced by a drawn value, percent-encoded as sent."""
    drawn = iter(values)
    path = "/" + PARAMETER.sub(
        lambda _: quote(next(drawn, ""), safe="", errors="surrogatepass"), template
    )
    if query:
        path += "?" + urlencode(query, errors="surrogatepass")
    return path


ALL_PATTERNS = list(walk(get_resolver().url_patterns))
ADMIN_PATTERNS = [p for p in ALL_PATTERNS if p[0].startswith("admin/")]
PUBLIC_PATTERNS = [p for p in ALL_PATTERNS if not p[0].startswith("admin/")]
MOST_PARAMETERS = max(len(PARAMETER.findall(template)) for template, _ in ALL_PATTERNS)


@pytest.fixture
def paper(publish_story):
    """Stories in every state, with photos, so that small numbers reach real rows."""
    published = publish_story("公开的稿件", photos=1, page=1)
    for state, fields in UNSEEN.items():
        publish_story(f"读者看不到的稿件（{state}）", **fields)
    return published


def assert_no_server_error(client, patterns, values, query):
    for template, name in patterns:
        url = address(template, values, query)
        response = client.get(url)
        assert response.status_code < 500, (name, url[:300], response.status_code)


def test_nul_in_a_path_is_a_bad_request_in_chinese_and_dropped_from_a_query(client, db,
                                                                            superuser):
    for url in ["/archive/%00/", "/sections/a%00b/", "/admin/articles/article/%00/change/"]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert "请求无法处理" in response.content.decode()
    assert client.get("/search/?q=%E5%B7%A5%00%E4%BC%9A").context["q"] == "工会"
    client.force_login(superuser)
    assert client.get("/admin/articles/article/?status__exact=%00").status_code < 500


def test_the_walk_finds_the_site_and_the_admin():
    names = {name for _, name in ALL_PATTERNS}
    assert {"edition", "article", "union-body-atom", "articles_article_change",
            "articles_article_transition"} <= names
    assert address("archive/<int:year>/<int:month>/<int:day>/", ["1", "\ud800", ""], []) == (
        "/archive/1/%ED%A0%80//")


# Found before: a year past datetime.date's range, and NUL in an admin list filter (PostgreSQL).
OVERFLOW = ["99999999999999999999"] * MOST_PARAMETERS
NUL_FILTER = [("status__exact", "\x00")]


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(values=st.lists(segments, min_size=MOST_PARAMETERS, max_size=MOST_PARAMETERS),
       query=queries)
@example(values=OVERFLOW, query=[]).via("GET /archive/99999999999999999999/1/1/")
def test_no_public_address_answers_a_server_error(client, paper, values, query):
    assert_no_server_error(client, PUBLIC_PATTERNS, values, query)


@pytest.fixture
def desk(paper):
    """A logged-in client per demo role, and one that is not logged in."""
    create_demo_accounts()
    clients = {"anonymous": Client()}
    for username, *_ in DEMO_ACCOUNTS:
        clients[username] = Client()
        clients[username].force_login(get_user_model().objects.get(username=username))
    return clients


@pytest.mark.parametrize("role", ["anonymous", *(row[0] for row in DEMO_ACCOUNTS)])
@settings(max_examples=ADMIN_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(values=st.lists(segments, min_size=MOST_PARAMETERS, max_size=MOST_PARAMETERS),
       query=queries)
@example(values=["1"] * MOST_PARAMETERS, query=NUL_FILTER).via("?status__exact=%00 in a list")
def test_no_admin_address_answers_a_server_error(desk, role, values, query):
    assert_no_server_error(desk[role], ADMIN_PATTERNS, values, query)
