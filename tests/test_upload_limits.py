"""Uploads within bounds (issue #13): pictures that decode too big are refused from their header.

A tiny file can decode to hundreds of megabytes. The size that counts is width x height x
bytes per pixel, at the file's own bit depth. The request-body cap is tested against
gunicorn with a streamed body in tests/test_served_coherence.py.
"""

import io
import json
import subprocess
import sys

import pytest
from photo_fixtures import (  # noqa: F401  (fixtures)
    desk_fixture,
    form_errors,
    media_fixture,
    post_photo_fixture,
    stored_files,
)
from PIL import Image, ImageChops, ImageFile, ImageStat

from articles.models import Photo
from articles.photos import renditions
from articles.photos.uploads import MAX_DECODED_BYTES, decoded_size
from benchmarks.photo_memory import ROOT, flat_png

pytestmark = pytest.mark.django_db

REFUSED = {
    # The 190 KB file: 49 megapixels, under the pixel limit, 196 MB decoded.
    "7000x7000 RGBA": (7000, 7000, "rgba", 8),
    "6000x5000 16-bit RGB": (6000, 5000, "rgb", 16),
    "5000x5000 16-bit RGBA": (5000, 5000, "rgba", 16),
}


@pytest.mark.parametrize("width,height,colour,depth", REFUSED.values(), ids=REFUSED.keys())
def test_a_picture_too_big_once_decoded_is_refused_before_decoding(
    post_photo, media, monkeypatch, width, height, colour, depth
):
    content = flat_png(width, height, colour, depth)
    assert len(content) < 400 * 1024  # small on the wire

    def decoding(self, *args, **kwargs):
        raise AssertionError("the picture was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decoding)
    response = post_photo(content, "poster.png")

    (error,) = form_errors(response)
    assert "解码后将占用" in error and "150.0\xa0MB" in error, error
    assert not Photo.objects.exists()
    assert stored_files(media) == []


def header_of(width, height, colour, depth) -> Image.Image:
    return Image.open(io.BytesIO(flat_png(width, height, colour, depth)))


@pytest.mark.parametrize("picture,bytes_per_pixel", [
    ((100, 10, "grey", 8), 1),
    ((100, 10, "grey", 16), 2),
    ((100, 10, "rgb", 8), 3),
    ((100, 10, "rgb", 16), 6),
    ((100, 10, "rgba", 8), 4),
    ((100, 10, "rgba", 16), 8),
])
def test_decoded_size_counts_modes_and_bit_depth(picture, bytes_per_pixel):
    assert decoded_size(header_of(*picture)) == 100 * 10 * bytes_per_pixel


def test_a_49_megapixel_rgb_picture_fits_the_limit():
    assert 7000 * 7000 * 3 <= MAX_DECODED_BYTES < 7000 * 7000 * 4


def test_a_16_bit_greyscale_scan_is_accepted_and_processed_in_bounded_memory():
    """The issue's 95 KB 16-bit PNG (7000 x 7000, 98 MB decoded) took a worker to 810 MB.

    Measured in a process of its own, as a worker takes it (benchmarks/photo_memory.py).
    """
    assert len(flat_png(7000, 7000, "grey", 16)) < 150 * 1024
    result = subprocess.run(
        [sys.executable, "benchmarks/photo_memory.py", "grey16-7000x7000"], cwd=ROOT,
        capture_output=True, text=True, timeout=300, check=True,
    )
    measured = json.loads(result.stdout.splitlines()[-1])
    assert measured["outcome"].startswith("accepted"), measured
    # The decoded samples (98 MB) and their 8-bit copy (49 MB), not a 32-bit copy or two.
    assert measured["added_mb"] < 250, measured


def test_a_transparent_picture_is_resized_in_strips_to_the_same_picture():
    """Strips keep a large RGBA upload's resize from copying it whole; the result is the same."""
    picture = Image.effect_noise((1500, 1000), 80).convert("RGBA")
    picture.putalpha(Image.linear_gradient("L").resize(picture.size))
    whole = picture.resize((480, 320), Image.Resampling.LANCZOS)
    strips = renditions.shrink(picture, (480, 320))
    assert strips.size == whole.size and strips.mode == "RGBA"
    difference = ImageChops.difference(strips, whole)
    assert difference.getchannel("A").getextrema() == (0, 0)
    assert max(high for _low, high in difference.getextrema()) <= 8  # rounding, nearly clear
    assert sum(ImageStat.Stat(difference).mean) < 0.01


@pytest.mark.parametrize("headers,status", [
    ({"CONTENT_LENGTH": str(300 * 1024 * 1024)}, 413),
    ({"CONTENT_LENGTH": str(64 * 1024 * 1024 + 1)}, 413),
    ({"HTTP_TRANSFER_ENCODING": "chunked"}, 411),
])
def test_a_request_body_over_the_cap_is_refused_from_its_headers(client, headers, status):
    response = client.post("/admin/login/", data=b"x", content_type="text/plain", **headers)
    assert response.status_code == status
    assert "一次提交的内容过多" in response.content.decode()
    assert response["Connection"] == "close"


def test_a_request_body_within_the_cap_goes_through(client):
    response = client.post("/admin/login/", {"username": "nobody", "password": "x"})
    assert response.status_code == 200  # the login form, saying the password is wrong
