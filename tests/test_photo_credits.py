"""Free-text photo credits (issue #11, 13): a credit is a Person or the text the paper prints."""

import pytest
from django.db import IntegrityError, transaction

from articles.models import Photo
from tests.photo_fixtures import desk_fixture, jpeg, media_fixture, post_photo_fixture  # noqa: F401
from tests.readers_fixtures import jpeg_upload, newsroom_fixture, publish_story_fixture  # noqa: F401


@pytest.mark.parametrize("credit", ["新华社发", "受访者供图", "资料图片"])
def test_a_photo_credited_as_printed(post_photo, media, credit):
    response = post_photo(jpeg(), photographer="", credit=credit)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Photo.objects.get().credit == credit


@pytest.mark.parametrize(("photographer", "credit", "error"), [
    ("", "", "photographer"), ("person", "新华社发", "credit"),
])
def test_a_photo_needs_one_credit_a_person_or_a_text(
    post_photo, media, person, photographer, credit, error
):
    response = post_photo(jpeg(), photographer=person.pk if photographer else "", credit=credit)
    assert error in response.context["adminform"].form.errors
    assert not Photo.objects.exists()


def test_the_database_refuses_a_person_and_a_text_together(newsroom):
    with pytest.raises(IntegrityError), transaction.atomic():
        Photo.objects.create(image=jpeg_upload(), caption="现场", photographer=newsroom["zhang"],
                             credit="新华社发")


def test_the_story_page_prints_each_credit_as_the_paper_does(client, publish_story):
    story = publish_story(photos=1)
    Photo.objects.create(article=story, image=jpeg_upload("x.jpg"), caption="会场全景",
                         alt_text="会场全景", credit="新华社发", position=5)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "（本报记者 " in page and "张良</a> 摄）" in page
    assert "会场全景</span> <span class=\"credit\">（新华社发）</span>" in page
