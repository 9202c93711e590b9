"""Photos: which uploads the desk accepts, and what of them is stored.

An upload is accepted only if Pillow can open and fully decode it as a still JPEG, PNG, WebP or
GIF of sensible size. What is stored is never the uploaded file itself: the picture is turned
upright (EXIF orientation), converted to sRGB and written out again without any metadata, under
a generated name, together with its renditions. All file access goes through the field's
storage, so any Django storage backend works.
"""

import io
import logging
import struct
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_delete
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from articles.photos import renditions

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000
# A picture's size once decoded, judged from its header before decoding it: a small file
# can decode to hundreds of megabytes (a flat 7000 x 7000 RGBA PNG is 190 KB and 196 MB).
# 150 MiB admits any RGB picture within MAX_PIXELS (a 45-megapixel camera's is 136 MB);
# what processing the largest accepted pictures takes is in docs/performance.md.
MAX_DECODED_BYTES = 150 * 1024 * 1024
# Bytes per sample of the modes whose samples are wider than one byte.
SAMPLE_BYTES = {"I;16": 2, "I;16L": 2, "I;16B": 2, "I;16N": 2, "I": 4, "F": 4}

# Pillow format name -> (extension of the stored file, MIME type).
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
}

# Decoding errors Pillow raises for damaged or truncated files.
DECODING_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)


class UploadRefused(ValidationError):
    """An upload the desk does not accept; the message says why, in the newsroom's words."""


@dataclass
class Inspection:
    """An accepted upload: decoded once, in the form, and reused when the photo is saved."""

    image: Image.Image
    format: str


def inspect_upload(upload) -> Inspection:
    """Open and fully decode ``upload``, or raise ``UploadRefused`` saying what is wrong."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise UploadRefused(
            _("Photos may be at most %(limit)s; this file is larger.")
            % {"limit": filesizeformat(MAX_UPLOAD_BYTES)},
            code="file_too_large",
        )
    upload.seek(0)
    source = (
        upload.temporary_file_path()
        if hasattr(upload, "temporary_file_path")
        else io.BytesIO(upload.read())
    )
    with warnings.catch_warnings():
        # Pillow only warns between its own limit and twice that; here either is a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(source, formats=list(FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_many_pixels() from None
        except (UnidentifiedImageError, *DECODING_ERRORS) as exc:
            raise not_a_photo() from exc
        if image.width * image.height > MAX_PIXELS:
            raise too_many_pixels()
        if decoded_size(image) > MAX_DECODED_BYTES:
            raise too_large_decoded(decoded_size(image))
        if getattr(image, "n_frames", 1) > 1:
            raise UploadRefused(
                _("Animated images are not accepted: upload a still picture."), code="animated"
            )
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_many_pixels() from None
        except DECODING_ERRORS as exc:
            raise UploadRefused(
                _("The picture is damaged or incomplete; upload the file again."),
                code="damaged",
            ) from exc
    upload.seek(0)
    return Inspection(image=image, format=image.format)


def decoded_size(image: Image.Image) -> int:
    """Width x height x bytes per pixel, from the header alone (nothing is decoded yet).

    Bytes per pixel are the mode's bands times the bytes of each sample, at the file's own
    bit depth: a 16-bit RGB PNG counts six, even though Pillow keeps eight bits of each.
    """
    deep = any(";16" in _raw_mode(tile) for tile in image.tile)
    sample = max(SAMPLE_BYTES.get(image.mode, 1), 2 if deep else 1)
    return image.width * image.height * len(image.getbands()) * sample


def _raw_mode(tile) -> str:
    args = tile.args if hasattr(tile, "args") else tile[3]
    if isinstance(args, tuple):
        args = args[0] if args else ""
    return args if isinstance(args, str) else ""


def too_large_decoded(size: int) -> UploadRefused:
    return UploadRefused(
        _("Decoded, this picture would take %(size)s of memory, more than the %(limit)s "
          "allowed: reduce its size (or save it with 8 bits per colour) and upload again.")
        % {"size": filesizeformat(size), "limit": filesizeformat(MAX_DECODED_BYTES)},
        code="too_large_decoded",
    )


def not_a_photo() -> UploadRefused:
    return UploadRefused(
        _("Not a photo the desk accepts: upload a JPEG, PNG, WebP or GIF."),
        code="not_a_photo",
    )


def too_many_pixels() -> UploadRefused:
    return UploadRefused(
        _("More than %(limit)d megapixels: reduce the picture and upload again.")
        % {"limit": MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


class PhotoUploadField(forms.ImageField):
    """The upload field of every photo form: accepts what ``inspect_upload`` accepts."""

    # Django's default checks the file name's extension; only the content counts here.
    default_validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The uploaded name is never kept, so its length does not matter either.
        self.max_length = None

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        inspection = inspect_upload(upload)
        upload.photo_inspection = inspection
        upload.content_type = FORMATS[inspection.format][1]
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ",".join(mime for _ext, mime in FORMATS.values())
        return attrs


def upright_and_clean(image: Image.Image) -> Image.Image:
    """The picture turned by its EXIF orientation, in sRGB, with no metadata left."""
    # In place: a second copy of a 24-megapixel picture would cost another 70 MB.
    ImageOps.exif_transpose(image, in_place=True)
    image = to_srgb(image)
    # Only transparency is picture content; EXIF (GPS!), XMP, ICC, comments and the rest go.
    image.info = {k: v for k, v in image.info.items() if k == "transparency"}
    if hasattr(image, "_exif"):
        image._exif = None
    return image


def to_srgb(image: Image.Image) -> Image.Image:
    profile = image.info.get("icc_profile")
    if image.mode == "CMYK":
        image = convert_profile(image, profile, "RGB") if profile else image.convert("RGB")
    elif profile and image.mode in ("RGB", "RGBA"):
        image = convert_profile(image, profile, image.mode)
    return image


def convert_profile(image: Image.Image, profile: bytes, mode: str) -> Image.Image:
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        if "srgb" in ImageCms.getProfileDescription(source).lower().replace(" ", ""):
            return image.convert(mode) if image.mode != mode else image
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A broken profile: the pixels are the best information there is.
        logger.warning("Ignoring an unreadable colour profile in an uploaded photo.")
        return image.convert(mode) if image.mode != mode else image


def encode_original(image: Image.Image, format: str) -> bytes:
    buffer = io.BytesIO()
    if format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(buffer, "JPEG", quality=90, subsampling="4:2:0")
    elif format == "WEBP":
        image.save(buffer, "WEBP", quality=90)
    else:
        image.save(buffer, format)
    return buffer.getvalue()


@contextmanager
def storing_upload(photo):
    """Store a new upload around saving the photo's row; files follow the row's fate.

    If saving the row fails, the new files are deleted; once it has committed, the files of
    the picture it replaced are.
    """
    replaced = []
    if photo.pk:
        previous = type(photo).objects.filter(pk=photo.pk).values("image", "renditions").first()
        if previous:
            replaced = file_names(previous["image"], previous["renditions"])
    storage = photo.image.storage
    written = store_upload(photo)
    try:
        yield
    except BaseException:
        delete_files(storage, written)
        raise
    delete_after_commit(storage, replaced)


def store_upload(photo) -> list[str]:
    """Store the photo's new upload, cleaned, and its renditions; returns the names written.

    Sets ``photo.image``, ``width``, ``height`` and ``renditions``; the caller saves the row.
    """
    upload = photo.image.file
    inspection = getattr(upload, "photo_inspection", None) or inspect_upload(upload)
    image = upright_and_clean(inspection.image)
    extension = FORMATS[inspection.format][0]
    storage = photo.image.storage
    written = []
    try:
        photo.image.save(
            f"photo.{extension}", ContentFile(encode_original(image, inspection.format)),
            save=False,
        )
        written.append(photo.image.name)
        photo.width, photo.height = image.size
        photo.renditions = renditions.make_renditions(image, photo.image.name, storage, written)
    except Exception:
        delete_files(storage, written)
        raise
    return written


def file_names(image_name: str, versions_by_kind: dict) -> list[str]:
    """Every stored file of a photo: the original and all its renditions."""
    names = [image_name] if image_name else []
    for versions in (versions_by_kind or {}).values():
        names.extend(version["name"] for version in versions)
    return names


def delete_files(storage, names) -> None:
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            # A file left behind is tidied later; a failed delete must not fail the request.
            logger.exception("Could not delete photo file %s", name)


def delete_after_commit(storage, names) -> None:
    """Delete files once the transaction that stopped using them has committed."""
    names = list(names)
    if names:
        transaction.on_commit(lambda: delete_files(storage, names))


def delete_photo_files(sender, instance, **kwargs):
    names = file_names(instance.image.name, instance.renditions)
    delete_after_commit(instance.image.storage, names)


# Connected by label so that this module needs no import of the models (which import it).
post_delete.connect(delete_photo_files, sender="articles.Photo", dispatch_uid="photo-files")


def srcset(photo, kind: str) -> str:
    versions = photo.renditions.get(kind, [])
    return ", ".join(f"{photo.image.storage.url(v['name'])} {v['width']}w" for v in versions)


def jpeg_url(photo, width: int) -> str:
    """The widest JPEG rendition up to ``width``, else the smallest, else the original."""
    versions = photo.renditions.get("jpeg", [])
    if not versions:
        return photo.image.url
    fitting = [v for v in versions if v["width"] <= width]
    return photo.image.storage.url((fitting[-1] if fitting else versions[0])["name"])


def orphaned_files(storage, photo_model, before: date):
    """Files under photos/ that no photo refers to, in day folders older than ``before``.

    A save that rolled back, or a delete the storage refused, leaves such files. Newer folders
    are left alone: an upload may be between writing its files and committing its row.
    """
    for day, folder in day_folders(storage):
        if day >= before:
            continue
        referenced = set()
        for image, versions in photo_model.objects.filter(
            image__startswith=f"{folder}/"
        ).values_list("image", "renditions"):
            referenced.update(file_names(image, versions))
        for name in storage.listdir(folder)[1]:
            if f"{folder}/{name}" not in referenced:
                yield f"{folder}/{name}"


def day_folders(storage):
    """(date, "photos/YYYY/MM/DD") for every day folder photo_path has made."""
    for year in numbered(storage, "photos"):
        for month in numbered(storage, f"photos/{year}"):
            for day in numbered(storage, f"photos/{year}/{month}"):
                try:
                    when = date(int(year), int(month), int(day))
                except ValueError:
                    continue
                yield when, f"photos/{year}/{month}/{day}"


def numbered(storage, folder):
    try:
        folders = storage.listdir(folder)[0]
    except FileNotFoundError:
        return []
    return sorted(name for name in folders if name.isdigit())
