"""Test pictures, all made with Pillow on the spot, and helpers to upload them via the admin.

Fixtures are named ``…_fixture`` and registered under their short name, so a test module imports
them without its parameters shadowing the import.
"""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape
from PIL import ExifTags, Image, ImageCms

RED, BLUE = (220, 0, 0), (0, 0, 220)


def encode(image: Image.Image, format: str = "JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def two_tone(size=(60, 40), top=RED, bottom=BLUE) -> Image.Image:
    """A picture whose top half is ``top`` and bottom half ``bottom``: its orientation shows."""
    image = Image.new("RGB", size, bottom)
    image.paste(top, (0, 0, size[0], size[1] // 2))
    return image


def phone_exif(orientation: int = 1) -> Image.Exif:
    """What a phone writes: its make, an orientation and where the picture was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (39.0, 54.0, 27.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (116.0, 23.0, 50.0),
    })
    return exif


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def jpeg(size=(60, 40), **options) -> bytes:
    return encode(two_tone(size), "JPEG", quality=95, **options)


def png_with_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height``: a decompression bomb's shape."""
    data = encode(Image.new("L", (1, 1)), "PNG")
    ihdr_at = 8
    length = struct.unpack(">I", data[ihdr_at:ihdr_at + 4])[0]
    body = b"IHDR" + struct.pack(">II", width, height) + data[ihdr_at + 16:ihdr_at + 8 + length]
    chunk = struct.pack(">I", length) + body + struct.pack(">I", zlib.crc32(body))
    return data[:ihdr_at] + chunk + data[ihdr_at + 12 + length:]


def upload(content: bytes, name: str = "IMG_0001.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def form_errors(response) -> list[str]:
    """The image field's errors, as the desk reads them on the page."""
    assert response.status_code == 200, "the form should come back with its errors"
    errors = response.context["adminform"].form.errors.get("image", [])
    page = response.content.decode()
    with translation.override(settings.LANGUAGE_CODE):
        messages = [str(error) for error in errors]
    assert all(escape(message) in page for message in messages)
    return messages


def stored_files(root) -> list[Path]:
    return sorted(path for path in Path(root).rglob("*") if path.is_file())


@pytest.fixture(name="media")
def media_fixture(settings, tmp_path):
    """An empty MEDIA_ROOT of this test's own, on the local file system storage."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT


@pytest.fixture(name="desk")
def desk_fixture(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(name="post_photo")
def post_photo_fixture(desk, person, django_capture_on_commit_callbacks):
    """Upload through the photo admin, as the desk does; after-commit work runs."""

    def post(content: bytes, name="IMG_0001.jpg", **fields):
        data = {
            "caption": "职工书屋开进社区",
            "alt_text": "社区居民在职工书屋读书",
            "photographer": person.pk,
            "position": 0,
            "image": upload(content, name),
            **fields,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return desk.post("/admin/articles/photo/add/", data)

    return post
