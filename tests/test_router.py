"""Read replicas: anonymous readers' pages read from a replica; writes, editors and the admin
from the primary."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from articles.models import Article
from newsroom import env
from newsroom.middleware import ReplicaReadsMiddleware
from newsroom.routers import ReplicaRouter, public_reads

REPLICAS = {"replica_1": {}, "replica_2": {}}


@pytest.fixture
def with_replicas():
    with mock.patch("newsroom.routers.replicas", return_value=list(REPLICAS)):
        yield


def test_without_replicas_everything_uses_the_primary(settings):
    router = ReplicaRouter()
    with public_reads():
        assert router.db_for_read(Article) == "default"


def test_public_reads_go_to_the_replicas_and_writes_to_the_primary(with_replicas):
    router = ReplicaRouter()
    with public_reads():
        chosen = {router.db_for_read(Article) for _ in range(200)}
        assert chosen == {"replica_1", "replica_2"}  # spread over both
        assert router.db_for_write(Article) == "default"
    assert router.db_for_read(Article) == "default"  # outside a reader's request


def test_migrations_run_on_the_primary_only(with_replicas):
    router = ReplicaRouter()
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate("replica_1", "articles")
    assert router.allow_relation(Article(), Article())


def seen_by_view(request):
    """Which database a read made in the view would use."""
    return ReplicaRouter().db_for_read(Article)


@pytest.mark.parametrize(
    ("method", "path", "cookies", "expected"),
    [
        ("get", "/", {}, "replica"),
        ("get", "/articles/1/slug/", {}, "replica"),
        ("head", "/search/", {}, "replica"),
        ("get", "/", {"sessionid": "x"}, "default"),  # an editor reading the site
        ("get", "/admin/articles/article/", {}, "default"),
        ("post", "/admin/login/", {}, "default"),
        ("post", "/search/", {}, "default"),
    ],
)
def test_the_middleware_sends_only_anonymous_public_gets_to_replicas(
    with_replicas, method, path, cookies, expected
):
    request = getattr(RequestFactory(), method)(path)
    request.COOKIES.update(cookies)
    chosen = ReplicaReadsMiddleware(seen_by_view)(request)
    assert chosen.startswith(expected)


def test_replica_urls_become_mirrored_databases():
    primary = env.database({"DATABASE_URL": "postgres://news@primary/paper"}, None)
    replicas = env.replica_databases(
        {"DATABASE_REPLICA_URLS": "postgres://news@replica-a/paper, postgres://news@replica-b/paper"},
        primary,
    )
    assert list(replicas) == ["replica_1", "replica_2"]
    assert replicas["replica_2"]["HOST"] == "replica-b"
    assert replicas["replica_1"]["CONN_HEALTH_CHECKS"] is True
    assert replicas["replica_1"]["TEST"] == {"MIRROR": "default"}


def test_replicas_need_postgresql(tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        env.replica_databases({"DATABASE_REPLICA_URLS": "postgres://r/paper"},
                              env.database({}, tmp_path))


class RecordingRouter(ReplicaRouter):
    """Records the router's choice for every read, then reads from the test database
    (the replicas here are names only)."""

    chosen: list = []

    def db_for_read(self, model, **hints):
        self.chosen.append(super().db_for_read(model, **hints))
        return "default"


@pytest.mark.parametrize(
    ("as_editor", "path", "expected"),
    [(False, "story", {"replica_1", "replica_2"}), (True, "story", {"default"}),
     (True, "/admin/articles/article/", {"default"})],
)
@pytest.mark.django_db
def test_every_query_of_a_request_follows_the_rule(
    client, superuser, settings, make_article, with_replicas, as_editor, path, expected
):
    cache.clear()  # a page from the cache would make no queries at all
    story = make_article(published=True)
    if as_editor:
        client.force_login(superuser)
    settings.DATABASE_ROUTERS = [RecordingRouter()]
    RecordingRouter.chosen = []
    response = client.get(story.get_absolute_url() if path == "story" else path)
    assert response.status_code == 200
    assert RecordingRouter.chosen and set(RecordingRouter.chosen) <= expected
    if not as_editor:
        assert all(alias.startswith("replica_") for alias in RecordingRouter.chosen)
