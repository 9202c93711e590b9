"""Photo files, as `make serve` serves them: public while the story is, gone when it is not."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from articles.models import Article, Photo
from articles.photos.uploads import file_names
from tests.readers_fixtures import (  # noqa: F401
    UNSEEN,
    fresh_page_cache_fixture,
    jpeg_upload,
    newsroom_fixture,
    publish_story_fixture,
)

pytestmark = pytest.mark.django_db


def urls_of(photo) -> list[str]:
    """Every address a photo's files had: the original and each rendition."""
    names = file_names(photo.image.name, photo.renditions)
    return [photo.image.storage.url(name) for name in names]


def test_a_published_storys_photos_are_served_and_revalidated(client, publish_story):
    story = publish_story(photos=1)
    urls = urls_of(story.photos.get())
    assert len(urls) >= 3  # the original, a WebP and a JPEG rendition at least
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, no-cache"
        again = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
        assert again.status_code == 304


@pytest.mark.parametrize("state", list(UNSEEN))
def test_photos_of_stories_readers_may_not_see_are_404(client, publish_story, state):
    fields = dict(UNSEEN[state])
    story = publish_story(photos=1, **fields)
    for url in urls_of(story.photos.get()):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("change", ["withdraw", "unpublish"])
def test_photos_are_gone_at_every_address_once_the_story_is(client, publish_story, change):
    story = publish_story(photos=2)
    urls = [url for photo in story.photos.all() for url in urls_of(photo)]
    assert {client.get(url).status_code for url in urls} == {200}
    if change == "withdraw":
        story.status = Article.Status.WITHDRAWN
    else:
        story.status, story.published_at = Article.Status.APPROVED, None
    story.save()
    assert {client.get(url).status_code for url in urls} == {404}


def test_the_desk_still_sees_photos_of_unpublished_stories(client, publish_story):
    story = publish_story(photos=1, status=Article.Status.WITHDRAWN)
    url = urls_of(story.photos.get())[0]
    nobody = get_user_model().objects.create_user("someone", password="pw", is_staff=True)
    client.force_login(nobody)
    assert client.get(url).status_code == 404  # staff without the permission
    desk = get_user_model().objects.create_user("desk", password="pw", is_staff=True)
    desk.user_permissions.add(Permission.objects.get(codename="view_photo"))
    client.force_login(desk)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"


def test_files_that_belong_to_no_published_photo_are_not_served(client, settings):
    loose = Photo.objects.create(image=jpeg_upload(), caption="尚未配稿")  # no story yet
    assert {client.get(url).status_code for url in urls_of(loose)} == {404}
    (Path(settings.MEDIA_ROOT) / "photos" / "notes.txt").write_text("private")
    assert client.get("/media/photos/notes.txt").status_code == 404
    assert client.get("/media/photos/../../etc/passwd").status_code == 404
    assert client.get("/media/").status_code == 404


def test_a_photo_file_costs_one_query(client, publish_story, django_assert_num_queries):
    story = publish_story(photos=1)
    url = urls_of(story.photos.get())[-1]  # a rendition, found through its original's name
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("path", ["/media/photos/a%00b.jpg", "/media/photos/%ED%A0%80.jpg",
                                  "/media/" + "x" * 10000 + "-480.jpg", "/media/%2e%2e/x"])
def test_hostile_media_addresses_are_refused_not_errors(client, db, path):
    assert client.get(path).status_code in (400, 404)
