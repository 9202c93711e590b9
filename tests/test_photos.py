"""Photo uploads through the admin: what is refused, what is stored, and its renditions."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from photo_fixtures import (  # noqa: F401  (fixtures)
    BLUE,
    RED,
    desk_fixture,
    encode,
    form_errors,
    jpeg,
    media_fixture,
    phone_exif,
    png_with_size,
    post_photo_fixture,
    srgb_profile,
    stored_files,
    two_tone,
    upload,
)
from PIL import ExifTags, Image

from articles.models import Article, Photo
from newsroom import env

pytestmark = pytest.mark.django_db


def read_back(name: str) -> Image.Image:
    with default_storage.open(name) as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


def near(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


TOO_BIG = "超过 50 百万像素"
BAD_FILES = {
    "text renamed .jpg": (b"Meeting notes, not a picture.\n" * 20, "IMG_0001.jpg", "不是"),
    "truncated JPEG": (jpeg((400, 300))[:-600], "IMG_0002.jpg", "损坏"),
    "truncated PNG": (encode(two_tone((400, 300)), "PNG")[:-200], "chart.png", "损坏"),
    "SVG": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "logo.svg",
        "不是",
    ),
    "SVG renamed .jpg": (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10"/>',
        "logo.jpg",
        "不是",
    ),
    "HTML": (b"<!doctype html><html><script>alert(1)</script></html>", "page.html", "不是"),
    "BMP (a real image, not accepted)": (
        encode(two_tone(), "BMP"), "scan.bmp", "不是",
    ),
    "over 20 MB": (
        encode(two_tone(), "PNG") + b"\0" * (20 * 1024 * 1024), "huge.png", "最大为 20.0\xa0MB",
    ),
    "56 megapixels": (png_with_size(8000, 7000), "poster.png", TOO_BIG),
    "108 megapixels (Pillow warns)": (png_with_size(12000, 9000), "bomb.png", TOO_BIG),
    "400 megapixels (Pillow refuses)": (png_with_size(20000, 20000), "bomb.png", TOO_BIG),
    "animated GIF": (
        encode(two_tone(), "GIF", save_all=True, append_images=[two_tone(top=BLUE)]),
        "anim.gif",
        "动图",
    ),
}


@pytest.mark.parametrize("content,name,message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_refused_with_its_message_and_nothing_is_stored(
    post_photo, media, content, name, message
):
    response = post_photo(content, name)

    errors = form_errors(response)
    assert len(errors) == 1 and message in errors[0], errors
    assert not Photo.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_each_accepted_format_is_stored_in_that_format(post_photo, media, format):
    # Named .bin: only the content decides.
    response = post_photo(encode(two_tone((50, 40)), format), name="upload.bin")

    assert response.status_code == 302, response.context and form_errors(response)
    photo = Photo.objects.get()
    assert read_back(photo.image.name).format == format
    assert (photo.width, photo.height) == (50, 40)


def test_gps_and_other_metadata_are_gone_from_every_stored_file(post_photo, media):
    content = jpeg(
        (1200, 800), exif=phone_exif(), xmp=b"<x:xmpmeta>home</x:xmpmeta>",
        comment=b"taken at home", icc_profile=srgb_profile(),
    )
    assert Image.open(io.BytesIO(content)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    post_photo(content)

    photo = Photo.objects.get()
    names = [photo.image.name] + [v["name"] for vs in photo.renditions.values() for v in vs]
    assert len(names) == 7
    for name in names:
        image = read_back(name)
        assert not image.getexif(), name
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo), name
        assert not {"exif", "xmp", "comment", "icc_profile"} & set(image.info), (name, image.info)
        assert b"PhoneMaker" not in default_storage.open(name).read()


@pytest.mark.parametrize("format", ["PNG", "WEBP"])
def test_exif_in_png_and_webp_is_removed_too(post_photo, media, format):
    post_photo(encode(two_tone(), format, exif=phone_exif()), name="x.bin")

    photo = Photo.objects.get()
    assert not read_back(photo.image.name).getexif()


def test_an_upside_down_phone_photo_is_stored_upright(post_photo, media):
    # The camera stored it upside down (red at the bottom) and says so in EXIF: orientation 3.
    upside_down = two_tone((60, 40), top=RED, bottom=BLUE).rotate(180)
    post_photo(encode(upside_down, "JPEG", quality=95, exif=phone_exif(orientation=3)))

    photo = Photo.objects.get()
    for name in [photo.image.name, photo.renditions["jpeg"][0]["name"]]:
        image = read_back(name).convert("RGB")
        assert near(image.getpixel((image.width // 2, 2)), RED), name
        assert near(image.getpixel((image.width // 2, image.height - 3)), BLUE), name


def test_a_sideways_phone_photo_is_stored_upright_with_its_true_size(post_photo, media):
    # Stored turned a quarter (red on the left), orientation 6: "rotate 90° clockwise to view".
    sideways = two_tone((60, 40), top=RED, bottom=BLUE).rotate(90, expand=True)
    post_photo(encode(sideways, "JPEG", quality=95, exif=phone_exif(orientation=6)))

    photo = Photo.objects.get()
    image = read_back(photo.image.name).convert("RGB")
    assert (photo.width, photo.height) == image.size == (60, 40)
    assert near(image.getpixel((30, 2)), RED)
    assert near(image.getpixel((30, 37)), BLUE)


def test_the_stored_name_is_generated_not_the_uploaded_one(post_photo, media):
    post_photo(jpeg(), name="张三家门口-北京市朝阳区.jpg")

    photo = Photo.objects.get()
    assert "张三" not in photo.image.name and "IMG" not in photo.image.name
    assert photo.image.name.startswith("photos/") and photo.image.name.endswith(".jpg")
    assert all("张三" not in str(path) for path in stored_files(media))


def test_a_photo_is_credited_to_who_uploaded_it(post_photo, media, superuser):
    post_photo(jpeg())

    assert Photo.objects.get().uploaded_by == superuser


def test_caption_and_a_credit_are_required(post_photo, media):
    response = post_photo(jpeg(), caption="", photographer="", credit="")

    form = response.context["adminform"].form
    assert set(form.errors) == {"caption", "photographer"}
    assert stored_files(media) == []


@pytest.mark.parametrize(
    "width,expected",
    [(3000, [480, 960, 1600]), (1200, [480, 960, 1200]), (700, [480, 700]), (300, [300])],
)
def test_renditions_have_the_right_sizes_and_formats_and_are_never_upscaled(
    post_photo, media, width, expected
):
    height = width * 2 // 3
    post_photo(jpeg((width, height)))

    photo = Photo.objects.get()
    for kind, format, extension in [("webp", "WEBP", ".webp"), ("jpeg", "JPEG", ".jpg")]:
        versions = photo.renditions[kind]
        assert [v["width"] for v in versions] == expected
        for version in versions:
            image = read_back(version["name"])
            assert image.format == format
            assert image.size == (version["width"], version["height"])
            assert version["height"] == round(version["width"] * height / width)
            assert version["name"].endswith(extension)
            assert version["name"].rsplit("/", 1)[0] == photo.image.name.rsplit("/", 1)[0]


def test_a_transparent_png_keeps_alpha_in_webp_and_gets_white_in_jpeg(post_photo, media):
    logo = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    logo.paste((0, 0, 200, 255), (10, 10, 30, 30))
    post_photo(encode(logo, "PNG"), name="logo.png")

    photo = Photo.objects.get()
    assert read_back(photo.renditions["webp"][0]["name"]).getpixel((1, 1))[3] == 0
    assert near(read_back(photo.renditions["jpeg"][0]["name"]).getpixel((1, 1)), (255,) * 3)


def test_deleting_a_photo_in_the_admin_deletes_all_its_files(
    post_photo, desk, media, django_capture_on_commit_callbacks
):
    post_photo(jpeg((1000, 600)))
    photo = Photo.objects.get()
    assert len(stored_files(media)) == 1 + 2 * 3

    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(f"/admin/articles/photo/{photo.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Photo.objects.exists()
    assert stored_files(media) == []


def test_deleting_the_article_deletes_its_photos_files(
    post_photo, media, make_article, django_capture_on_commit_callbacks
):
    article = make_article()
    post_photo(jpeg(), article=article.pk)
    assert stored_files(media)

    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=article.pk).delete()

    assert stored_files(media) == []


def test_replacing_the_picture_deletes_the_old_files(
    post_photo, desk, media, person, django_capture_on_commit_callbacks
):
    post_photo(jpeg((1000, 600)))
    photo = Photo.objects.get()
    old = set(stored_files(media))

    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(f"/admin/articles/photo/{photo.pk}/change/", {
            "caption": photo.caption, "alt_text": photo.alt_text, "photographer": person.pk,
            "position": 0, "image": upload(jpeg((500, 300)), "second.jpg"),
        })

    assert response.status_code == 302
    photo.refresh_from_db()
    now = set(stored_files(media))
    assert not old & now
    assert len(now) == 1 + 2 * 2
    assert (photo.width, photo.height) == (500, 300)


def test_editing_the_caption_keeps_the_files(post_photo, desk, media, person):
    post_photo(jpeg())
    photo = Photo.objects.get()
    before = stored_files(media)

    response = desk.post(f"/admin/articles/photo/{photo.pk}/change/", {
        "caption": "新的图片说明", "alt_text": photo.alt_text, "photographer": person.pk,
        "position": 0,
    })

    assert response.status_code == 302
    assert stored_files(media) == before
    assert Photo.objects.get().caption == "新的图片说明"


def test_a_refused_replacement_keeps_the_old_picture(post_photo, desk, media, person):
    post_photo(jpeg())
    photo = Photo.objects.get()
    before = stored_files(media)

    response = desk.post(f"/admin/articles/photo/{photo.pk}/change/", {
        "caption": photo.caption, "alt_text": "", "photographer": person.pk, "position": 0,
        "image": upload(b"<html></html>", "x.jpg"),
    })

    assert form_errors(response)
    assert stored_files(media) == before
    assert Photo.objects.get().image.name == photo.image.name


def test_a_failed_row_save_leaves_no_files(media, person, monkeypatch):
    from django.db import IntegrityError, transaction

    def fail(*args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr("django.db.models.Model.save_base", fail)
    photo = Photo(caption="x", photographer=person)
    photo.image = upload(jpeg())
    with pytest.raises(IntegrityError), transaction.atomic():
        photo.save()

    assert stored_files(media) == []


def test_files_go_through_the_configured_storage_only(settings, person):
    """No local path is assumed: an in-memory storage gets every file."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    photo = Photo(caption="x", photographer=person)
    photo.image = upload(jpeg((1000, 600)))
    photo.save()

    names = [photo.image.name] + [v["name"] for vs in photo.renditions.values() for v in vs]
    assert all(default_storage.exists(name) for name in names)
    assert read_back(photo.renditions["webp"][-1]["name"]).size == (1000, 600)


def test_pruning_deletes_only_old_files_no_photo_refers_to(media, person, time_machine):
    time_machine.move_to("2024-03-05 10:00 +08:00")
    kept = Photo(caption="旧照片", photographer=person)
    kept.image = upload(jpeg())
    kept.save()
    old_folder = kept.image.name.rsplit("/", 1)[0]
    assert old_folder == "photos/2024/03/05"
    orphan = default_storage.save(f"{old_folder}/left-behind.jpg", ContentFile(b"x"))
    time_machine.move_to("2024-03-08 10:00 +08:00")
    fresh = default_storage.save("photos/2024/03/08/uploading.jpg", ContentFile(b"x"))
    before = stored_files(media)
    out = io.StringIO()

    call_command("prune_photo_files", "--dry-run", stdout=out)
    assert stored_files(media) == before and orphan in out.getvalue()
    call_command("prune_photo_files", stdout=io.StringIO())

    assert not default_storage.exists(orphan)
    assert default_storage.exists(fresh)
    assert all(default_storage.exists(name) for name in [kept.image.name] + [
        v["name"] for vs in kept.renditions.values() for v in vs
    ])


@pytest.mark.parametrize(
    "raw,expected",
    [(None, {}), ("", {}), ('{"bucket_name": "media", "querystring_auth": false}',
                            {"bucket_name": "media", "querystring_auth": False})],
)
def test_storage_options_come_from_the_environment(raw, expected):
    environ = {} if raw is None else {"MEDIA_STORAGE_OPTIONS": raw}
    assert env.json_object(environ, "MEDIA_STORAGE_OPTIONS") == expected


@pytest.mark.parametrize("raw", ["{bucket}", '["media"]'])
def test_storage_options_that_are_not_a_json_object_are_refused(raw):
    with pytest.raises(ImproperlyConfigured, match="MEDIA_STORAGE_OPTIONS"):
        env.json_object({"MEDIA_STORAGE_OPTIONS": raw}, "MEDIA_STORAGE_OPTIONS")
