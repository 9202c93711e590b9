"""The photo desk in the admin: inline uploads, the photo list, permissions; photos on the site."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from photo_fixtures import (  # noqa: F401  (fixtures)
    desk_fixture,
    jpeg,
    media_fixture,
    post_photo_fixture,
    stored_files,
    upload,
)

from articles.models import Article, Photo
from articles.workflow import roles

pytestmark = pytest.mark.django_db


def add_form_data(response, **values):
    """What the browser would post back from an admin add page, with ``values`` filled in."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if value not in (None, "", []) and not field.disabled:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({
            f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000,
        })
    data.update(values)
    return data


def inline_photo(prefix="photos", **fields):
    return {
        f"{prefix}-TOTAL_FORMS": 1,
        **{f"{prefix}-0-{name}": value for name, value in fields.items()},
    }


class TestInlineOnArticle:
    def test_a_photo_uploaded_with_a_new_article_is_cleaned_and_rendered(
        self, desk, media, person, superuser, django_capture_on_commit_callbacks
    ):
        page = desk.get("/admin/articles/article/add/")
        data = add_form_data(page, headline="劳模工作室揭牌", kind="photo", **inline_photo(
            image=upload(jpeg((1200, 800)), "DSC_0001.JPG"), caption="揭牌仪式现场",
            alt_text="工会主席为劳模工作室揭牌", photographer=person.pk, position=0,
        ))

        with django_capture_on_commit_callbacks(execute=True):
            response = desk.post("/admin/articles/article/add/", data)

        assert response.status_code == 302, response.context and [
            f.errors for f in response.context["inline_admin_formsets"][1].formset
        ]
        photo = Photo.objects.get()
        assert photo.article.headline == "劳模工作室揭牌"
        assert photo.uploaded_by == superuser
        assert "DSC" not in photo.image.name
        assert len(stored_files(media)) == 1 + 2 * 3

    def test_a_bad_inline_upload_stores_neither_article_nor_file(self, desk, media, person):
        page = desk.get("/admin/articles/article/add/")
        data = add_form_data(page, headline="劳模工作室揭牌", kind="photo", **inline_photo(
            image=upload(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "x.jpg"),
            caption="揭牌仪式现场", alt_text="", photographer=person.pk, position=0,
        ))

        response = desk.post("/admin/articles/article/add/", data)

        assert response.status_code == 200
        assert "不是可接受的图片" in response.content.decode()
        assert not Article.objects.exists() and not Photo.objects.exists()
        assert stored_files(media) == []

    def test_a_photo_without_alt_text_is_flagged_on_the_article(
        self, desk, media, make_article, person
    ):
        article = make_article()
        photo = Photo(article=article, caption="说明", photographer=person)
        photo.image = upload(jpeg())
        photo.save()

        response = desk.get(f"/admin/articles/article/{article.pk}/change/")

        assert "尚无替代文字" in response.content.decode()


class TestPhotoList:
    @pytest.fixture
    def photos(self, media, person, make_article):
        def make(count, alt_text="社区居民读书"):
            for n in range(count):
                photo = Photo(
                    article=make_article(f"图片新闻{n}", kind="photo"), caption=f"说明{n}",
                    alt_text=alt_text, photographer=person,
                )
                photo.image = upload(jpeg((40, 30)))
                photo.save()

        return make

    def test_photo_stories_waiting_for_their_picture_are_listed(self, desk, make_article, photos):
        photos(1)
        make_article("职工摄影展开幕", kind="photo")
        make_article("普通文字稿", kind="story")
        make_article("已撤稿的图片新闻", kind="photo", status="withdrawn")

        response = desk.get("/admin/articles/photo/")

        page = response.content.decode()
        assert "等待配图的图片新闻：1 篇" in page
        assert "职工摄影展开幕" in page
        assert "普通文字稿" not in page and "已撤稿的图片新闻" not in page

    def test_article_list_filters_photo_news_waiting_for_a_picture(
        self, desk, make_article, photos
    ):
        photos(1)
        make_article("职工摄影展开幕", kind="photo")
        make_article("普通文字稿", kind="story")

        response = desk.get("/admin/articles/article/", {"picture": "waiting"})

        assert [a.headline for a in response.context["cl"].result_list] == ["职工摄影展开幕"]
        assert "等待配图" in response.content.decode()

    def test_missing_alt_text_shows_and_filters(self, desk, photos):
        photos(1, alt_text="")
        photos(2)

        missing = desk.get("/admin/articles/photo/", {"alt_text": "missing"})
        present = desk.get("/admin/articles/photo/", {"alt_text": "present"})

        assert missing.context["cl"].result_count == 1
        assert present.context["cl"].result_count == 2
        assert 'alt="False"' in missing.content.decode()  # the admin's red "no" icon

    @pytest.mark.parametrize("size", [2, 12])
    def test_the_list_costs_the_same_queries_at_any_length(
        self, desk, photos, make_article, size
    ):
        photos(2)
        make_article("待配图", kind="photo")
        desk.get("/admin/articles/photo/")  # warm the session and content types
        with CaptureQueriesContext(connection) as small:
            desk.get("/admin/articles/photo/")
        photos(size)
        make_article("又一篇待配图", kind="photo")
        with CaptureQueriesContext(connection) as large:
            response = desk.get("/admin/articles/photo/")

        assert response.context["cl"].result_count == 2 + size
        assert len(large) == len(small)


def staff(*permissions):
    user = get_user_model().objects.create_user("desk", password="pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(
        content_type__app_label="articles", codename__in=permissions,
    ))
    return user


@pytest.mark.parametrize(
    "permissions,status,stored",
    [
        (None, 302, False),  # not logged in: to the login page
        ((), 403, False),
        (("view_photo",), 403, False),
        (("add_photo",), 302, True),
        (("add_photo", "change_photo", "view_photo"), 302, True),
    ],
)
def test_who_may_upload(client, media, person, permissions, status, stored):
    if permissions is not None:
        client.force_login(staff(*permissions))

    response = client.post("/admin/articles/photo/add/", {
        "caption": "说明", "alt_text": "", "photographer": person.pk, "position": 0,
        "image": upload(jpeg()),
    })

    assert response.status_code == status
    if permissions is None:
        assert response.url.startswith("/admin/login/")
    assert Photo.objects.exists() is stored
    assert bool(stored_files(media)) is stored


class TestPicturePartial:
    @pytest.fixture
    def photo(self, media, person):
        photo = Photo(caption="职工<书屋>", alt_text='居民"读书"', photographer=person)
        photo.image = upload(jpeg((2000, 1000)))
        photo.save()
        return photo

    def test_it_offers_webp_and_jpeg_in_every_width_with_the_size(self, photo):
        html = render_to_string("articles/_photo.html", {"photo": photo})

        assert '<source type="image/webp" srcset="' in html
        for width in (480, 960, 1600):
            assert f"-{width}.webp {width}w" in html
            assert f"-{width}.jpg {width}w" in html
        assert 'width="2000" height="1000"' in html
        assert f'src="/media/{photo.renditions["jpeg"][1]["name"]}"' in html
        assert 'sizes="(max-width: 1000px) 100vw, 960px"' in html

    def test_it_loads_lazily_unless_told_it_leads(self, photo):
        below = render_to_string("articles/_photo.html", {"photo": photo})
        lead = render_to_string("articles/_photo.html", {"photo": photo, "lazy": False})

        assert 'loading="lazy"' in below and "fetchpriority" not in below
        assert 'loading="lazy"' not in lead and 'fetchpriority="high"' in lead

    def test_caption_alt_text_and_credit_are_escaped_and_shown(self, photo, person):
        html = render_to_string("articles/_photo.html", {"photo": photo})

        assert "职工&lt;书屋&gt;" in html
        assert 'alt="居民&quot;读书&quot;"' in html
        assert f'<a href="{person.get_absolute_url()}">{person.name}</a>' in html


@pytest.mark.parametrize("path", ["article", "home"])
def test_public_pages_show_srcset_with_fixed_queries(
    client, media, person, make_article, path
):
    article = make_article("劳模风采", kind="photo", published=True)

    def add_photo(n):
        photo = Photo(article=article, caption=f"说明{n}", alt_text="图", photographer=person,
                      position=n)
        photo.image = upload(jpeg((600, 400)))
        photo.save()

    def page_queries():
        cache.clear()  # the page cache would hide the queries
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("srcset=") >= 2
        return len(queries)

    url = article.get_absolute_url() if path == "article" else "/"
    add_photo(0)
    one = page_queries()
    add_photo(1)
    add_photo(2)
    assert page_queries() == one


def desk_member(role):
    user = get_user_model().objects.create_user(role, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.GROUP_NAMES[role]))
    return user


def photo_on(article, person):
    photo = Photo(article=article, caption="说明", alt_text="图", photographer=person)
    photo.image = upload(jpeg())
    photo.save()
    return photo


@pytest.mark.parametrize(
    "role,story,expected",
    [
        (roles.PHOTOGRAPHER, "draft", "stored"),
        (roles.PHOTOGRAPHER, "in_review", "stored"),
        (roles.PHOTOGRAPHER, "published", "refused"),
        (roles.EDITOR, "in_review", "stored"),
        (roles.EDITOR, "draft", "refused"),  # someone else's draft is theirs alone
        (roles.REPORTER, "draft", "forbidden"),
    ],
)
def test_who_may_add_a_photo_to_which_story(
    client, media, person, make_article, role, story, expected
):
    states = {"draft": {}, "in_review": {"status": "in_review", "review_level": 1},
              "published": {"published": True}}
    article = make_article(**states[story])
    client.force_login(desk_member(role))

    response = client.post("/admin/articles/photo/add/", {
        "caption": "说明", "alt_text": "", "photographer": person.pk, "position": 0,
        "article": article.pk, "image": upload(jpeg()),
    })

    if expected == "stored":
        assert response.status_code == 302
    elif expected == "refused":
        assert "当前状态下，您不能为这篇稿件添加图片" in response.content.decode()
    else:
        assert response.status_code == 403
    assert Photo.objects.exists() is (expected == "stored")
    assert bool(stored_files(media)) is (expected == "stored")


@pytest.mark.parametrize(
    "story,edit_status,delete_status", [("draft", 302, 302), ("published", 403, 403)]
)
def test_a_photographer_changes_photos_only_while_the_story_takes_them(
    client, media, person, make_article, story, edit_status, delete_status,
    django_capture_on_commit_callbacks,
):
    photo = photo_on(make_article(published=story == "published"), person)
    client.force_login(desk_member(roles.PHOTOGRAPHER))

    edited = client.post(f"/admin/articles/photo/{photo.pk}/change/", {
        "caption": "改过的说明", "alt_text": "图", "photographer": person.pk, "position": 0,
        "article": photo.article_id,
    })
    with django_capture_on_commit_callbacks(execute=True):
        deleted = client.post(f"/admin/articles/photo/{photo.pk}/delete/", {"post": "yes"})

    assert (edited.status_code, deleted.status_code) == (edit_status, delete_status)
    assert Photo.objects.exists() is (story == "published")
    assert bool(stored_files(media)) is (story == "published")


def test_bulk_deletion_is_not_offered_to_the_desk(client, media):
    client.force_login(desk_member(roles.PHOTOGRAPHER))

    response = client.get("/admin/articles/photo/")

    assert "delete_selected" not in response.content.decode()
