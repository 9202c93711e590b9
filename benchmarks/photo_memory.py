"""A worker's peak memory while it takes a photo upload, for the largest pictures accepted.

    .venv/bin/python benchmarks/photo_memory.py            # every case below
    .venv/bin/python benchmarks/photo_memory.py grey16-7000x7000

Each case runs in a fresh Python process that loads Django as a gunicorn worker does, then
does what the photo form and ``Photo.save`` do with an upload (``PhotoUploadField.clean``,
then ``store_upload``: the cleaned original and six renditions, written to a temporary
MEDIA_ROOT). It prints the process's peak resident memory (``ru_maxrss``), and how much of
it the upload added over the same process before the upload. The pictures are flat (one
colour): memory depends on their dimensions and modes, not on what they show, and a flat
file is the small upload that decodes big.
"""

import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name -> (width, height, PNG colour type, bit depth) or "jpeg" for an RGB JPEG.
PNG_COLOUR_TYPES = {"grey": (0, 1), "rgb": (2, 3), "rgba": (6, 4)}
CASES = {
    "rgba-7000x7000": ("png", 7000, 7000, "rgba", 8),  # the 190 KB PNG: refused
    "grey16-7000x7000": ("png", 7000, 7000, "grey", 16),  # the 95 KB PNG: accepted
    "rgb-7000x7000.jpg": ("jpeg", 7000, 7000, "rgb", 8),  # 49 MP, the largest RGB accepted
    "rgba-6250x6250": ("png", 6250, 6250, "rgba", 8),  # the largest square RGBA accepted
    "rgb16-5100x5100": ("png", 5100, 5100, "rgb", 16),  # the largest square 16-bit RGB
}


def flat_png(width: int, height: int, colour: str, depth: int) -> bytes:
    """A one-colour PNG, compressed row by row: never the whole picture in memory."""
    colour_type, channels = PNG_COLOUR_TYPES[colour]
    row = b"\0" + b"\x80" * (width * channels * depth // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def make_file(name: str, folder: Path) -> Path:
    kind, width, height, colour, depth = CASES[name]
    path = folder / (name if kind == "jpeg" else f"{name}.png")
    if kind == "png":
        path.write_bytes(flat_png(width, height, colour, depth))
    else:  # in a process of its own, so that making it costs the measured one nothing
        subprocess.run([sys.executable, "-c", (
            "import sys; from PIL import Image; "
            f"Image.new('RGB', ({width}, {height}), (128, 90, 60)).save(sys.argv[1], quality=90)"
        ), str(path)], check=True)
    return path


def measure(path: Path) -> dict:
    """In this process: load Django, then take the upload as the admin would."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="photo-memory-")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import TemporaryUploadedFile

    from articles.models import Photo
    from articles.photos.uploads import PhotoUploadField, store_upload

    # Django writes uploads over 2.5 MB to a temporary file; smaller ones stay in memory.
    upload = TemporaryUploadedFile(path.name, "image/png", path.stat().st_size, None)
    upload.write(path.read_bytes())
    upload.flush()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    result = {"file_kb": path.stat().st_size // 1024, "worker_before_mb": before}
    try:
        cleaned = PhotoUploadField().clean(upload)
        photo = Photo(image=cleaned)
        store_upload(photo)
        result["outcome"] = f"accepted, {len(os.listdir(Path(photo.image.path).parent))} files"
    except ValidationError as refusal:
        result["outcome"] = f"refused: {refusal.messages[0]}"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    result.update(worker_peak_mb=peak, added_mb=peak - before)
    return result


def main(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name in names or list(CASES):
            path = make_file(name, Path(folder))
            output = subprocess.run(
                [sys.executable, __file__, "--measure", str(path)], cwd=ROOT,
                capture_output=True, text=True, check=True,
            ).stdout
            print(json.dumps({"case": name, **json.loads(output.splitlines()[-1])},
                             ensure_ascii=False))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(Path(sys.argv[2])), ensure_ascii=False))
    else:
        main(sys.argv[1:])
