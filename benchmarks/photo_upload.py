"""Upload-to-saved time for a 24-megapixel JPEG, posted through the photo admin.

    .venv/bin/python benchmarks/photo_upload.py [--runs 5]

Runs against a throwaway test database and media directory (newsroom.test_settings). Each run
posts a camera-sized JPEG (6000 x 4000, EXIF-rotated, with GPS) to /admin/articles/photo/add/
with the test client and times the request: upload parsing, validation (full decode), turning
upright, metadata stripping, re-encoding the original, six renditions and the database row.
"""

import argparse
import gc
import io
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.test_settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from PIL import ExifTags, Image  # noqa: E402

WIDTH, HEIGHT = 6000, 4000


def camera_jpeg() -> bytes:
    """A 24 MP JPEG of camera-like size (~9 MB): gradient plus grain, stored sideways."""
    base = Image.radial_gradient("L").resize((HEIGHT, WIDTH))
    grain = Image.effect_noise((HEIGHT // 4, WIDTH // 4), 40).resize((HEIGHT, WIDTH))
    picture = Image.merge("RGB", [Image.blend(base, grain, 0.5), grain, base])
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (39.0, 54.0, 27.0)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    setup_test_environment()
    # Tables straight from the models: the benchmark needs no data migrations.
    connection.settings_dict.setdefault("TEST", {})["MIGRATE"] = False
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from articles.models import Person, Photo

        user = get_user_model().objects.create_superuser("bench", "bench@example.org", "pw")
        person = Person.objects.create(name="林晓岚")
        client = Client()
        client.force_login(user)
        content = camera_jpeg()
        gc.collect()
        before = peak_rss_mb()
        print(f"{WIDTH}x{HEIGHT} JPEG, {len(content) / 1e6:.1f} MB, {os.cpu_count()} CPUs")
        timings = []
        for run in range(runs):
            upload = SimpleUploadedFile("DSC_0001.JPG", content, content_type="image/jpeg")
            started = time.perf_counter()
            response = client.post("/admin/articles/photo/add/", {
                "image": upload, "caption": "基准测试", "alt_text": "基准测试",
                "photographer": person.pk, "position": 0,
            })
            timings.append(time.perf_counter() - started)
            assert response.status_code == 302, response.content[:2000]
            print(f"run {run + 1}: {timings[-1]:.2f} s")
        photo = Photo.objects.latest("id")
        print(f"stored {photo.width}x{photo.height}, renditions "
              f"{[v['width'] for v in photo.renditions['webp']]} (webp + jpeg)")
        print(f"median {statistics.median(timings):.2f} s, max {max(timings):.2f} s; "
              f"peak memory {peak_rss_mb():.0f} MB (before uploading: {before:.0f} MB)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
