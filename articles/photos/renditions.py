"""Renditions: the resized copies of a photo that readers' browsers download.

Each width is made once, when the photo is stored, in WebP and in JPEG for browsers without
WebP, and stored beside the original. The record kept in ``Photo.renditions`` is::

    {"webp": [{"width": 480, "height": 320, "name": "photos/…-480.webp"}, …], "jpeg": […]}

smallest first.
"""

import io

from django.core.files.base import ContentFile
from PIL import Image

WIDTHS = (480, 960, 1600)

ENCODINGS = {
    "webp": ("WEBP", {"quality": 80, "method": 4}),
    "jpeg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}
SIXTEEN_BIT_GREY = ("I;16", "I;16B", "I;16L", "I;16N")


def widths_for(original_width: int) -> list[int]:
    """The rendition widths for a picture: never wider than the picture itself."""
    return sorted({min(width, original_width) for width in WIDTHS})


def make_renditions(image: Image.Image, original_name: str, storage, written: list) -> dict:
    """Resize, encode and store every rendition; names stored are appended to ``written``."""
    stem = original_name.rsplit(".", 1)[0]
    picture = as_rgb(image)
    record = {kind: [] for kind in ENCODINGS}
    # From the largest down: each step resizes the previous, much smaller, picture.
    for width in reversed(widths_for(image.width)):
        height = max(1, round(picture.height * width / picture.width))
        if picture.size != (width, height):
            picture = picture.resize(
                (width, height), Image.Resampling.LANCZOS, reducing_gap=2.0
            )
        for kind, (format, options) in ENCODINGS.items():
            buffer = io.BytesIO()
            encodable = picture if kind == "webp" else flattened(picture)
            encodable.save(buffer, format, **options)
            name = storage.save(
                f"{stem}-{width}.{EXTENSIONS[kind]}", ContentFile(buffer.getvalue())
            )
            written.append(name)
            record[kind].insert(0, {"width": width, "height": height, "name": name})
    return record


def as_rgb(image: Image.Image) -> Image.Image:
    if image.mode in SIXTEEN_BIT_GREY:
        # 16-bit greyscale (scans): the high byte of each sample, so scaled to 8 bits rather
        # than clipped to white, and without a 32-bit copy of the whole picture on the way.
        image = Image.frombytes("L", image.size, image.tobytes("raw", "I;16B"), "raw", "L;16B")
    elif image.mode in ("I", "F"):
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if has_alpha(image):
        return image if image.mode == "RGBA" else image.convert("RGBA")
    return image if image.mode == "RGB" else image.convert("RGB")


def has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def flattened(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: transparent parts become the page's white."""
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background

