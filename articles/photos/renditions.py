"""Renditions: the resized copies of a photo that readers' browsers download.

Each width is made once, when the photo is stored, in WebP and in JPEG for browsers without
WebP, and stored beside the original. The record kept in ``Photo.renditions`` is::

    {"webp": [{"width": 480, "height": 320, "name": "photos/…-480.webp"}, …], "jpeg": […]}

smallest first.
"""

import io
import math

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
            picture = shrink(picture, (width, height))
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


STRIP_ROWS = 64  # output rows resized at a time, for pictures with alpha


def shrink(picture: Image.Image, size: tuple[int, int]) -> Image.Image:
    """``picture`` resized to ``size`` (Lanczos).

    Pillow resizes a picture with alpha through a premultiplied copy of the whole picture,
    which for a large RGBA upload is as big again as the picture itself. So such a picture is
    resized in horizontal strips, each cropped with enough rows around it for the filter,
    which gives the same result at a fraction of the memory.
    """
    if picture.mode != "RGBA" or size[1] <= STRIP_ROWS:
        return picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    width, height = size
    scale = picture.height / height
    margin = math.ceil(3 * scale) + 2  # Lanczos reaches 3 output pixels either side
    result = Image.new("RGBA", size)
    for top in range(0, height, STRIP_ROWS):
        bottom = min(top + STRIP_ROWS, height)
        first = max(0, math.floor(top * scale) - margin)
        last = min(picture.height, math.ceil(bottom * scale) + margin)
        strip = picture.crop((0, first, picture.width, last))
        box = (0, top * scale - first, picture.width, bottom * scale - first)
        result.paste(strip.resize((width, bottom - top), Image.Resampling.LANCZOS, box=box),
                     (0, top))
    return result


def as_rgb(image: Image.Image) -> Image.Image:
    """The picture in a mode WebP and JPEG take: RGB, RGBA, or L for greyscale.

    Greyscale stays one byte a pixel until it is resized: an RGB copy of a large scan at
    full size would take four times its memory.
    """
    if image.mode in SIXTEEN_BIT_GREY:
        image = high_bytes(image)
    elif image.mode in ("I", "F"):
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if has_alpha(image):
        return image if image.mode == "RGBA" else image.convert("RGBA")
    if image.mode in ("L", "1"):
        return image if image.mode == "L" else image.convert("L")
    return image if image.mode == "RGB" else image.convert("RGB")


def high_bytes(image: Image.Image, rows: int = 256) -> Image.Image:
    """16-bit greyscale (scans) to 8 bits: each sample's high byte, so scaled, not clipped.

    Strip by strip, so that no second full-size copy of the 16-bit samples is made.
    """
    grey = Image.new("L", image.size)
    for top in range(0, image.height, rows):
        strip = image.crop((0, top, image.width, min(top + rows, image.height)))
        grey.paste(Image.frombytes("L", strip.size, strip.tobytes("raw", "I;16B"), "raw",
                                   "L;16B"), (0, top))
    return grey


def has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def flattened(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: transparent parts become the page's white."""
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background

