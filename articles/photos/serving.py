"""Serving photo files from the local storage (``SERVE_MEDIA``): only what readers may see.

A photo's files (the cleaned original and every rendition) are public while its story is
published, and gone (404) for readers the moment it is unpublished or withdrawn; the desk
(anyone who may view photos in the admin) still sees them. Browsers and proxies may keep
a copy but must ask again before using it (``no-cache``, answered with 304 when nothing
changed), so that no copy outlives a withdrawal. Files that belong to no photo are not
served at all.
"""

import posixpath
import re

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views import static

from articles.photos.uploads import file_names

# A rendition is "<original's stem>-<width>.<ext>", perhaps with the storage's suffix
# ("_AbC1234") if that name was taken.
RENDITION = re.compile(r"^(?P<stem>.+)-\d+(?:_[A-Za-z0-9]{7})?\.(?:webp|jpg)$")
ORIGINAL_EXTENSIONS = ("jpg", "png", "webp", "gif")


def photo_of(name: str):
    """The Photo that stored a file under ``name``, annotated ``public``; or None.

    One query: the file name finds the photo by its (indexed) original's name, and
    ``public`` says whether its story is among ``Article.objects.published()``.
    """
    from articles.models import Article, Photo  # here: models.py imports this package

    candidates = {name}
    match = RENDITION.match(name)
    if match:
        candidates.update(f"{match['stem']}.{ext}" for ext in ORIGINAL_EXTENSIONS)
    photos = (
        Photo.objects.filter(image__in=candidates)
        .only("image", "renditions", "width", "height")  # the image field reads its size
        .annotate(public=Exists(Article.objects.published().filter(pk=OuterRef("article_id"))))
    )
    for photo in photos:
        if name in file_names(photo.image.name, photo.renditions):
            return photo
    return None


def is_storable_name(name: str) -> bool:
    """Could a stored file have this name? (No NUL, no lone surrogate: the database refuses.)"""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in name and len(name) <= 255


def serve_photo(request, path):
    name = posixpath.normpath(path).lstrip("/")
    if name.startswith("..") or name == "." or not is_storable_name(name):
        raise Http404
    photo = photo_of(name)
    if photo is None:
        raise Http404
    public = photo.public
    if not public and not request.user.has_perm("articles.view_photo"):
        raise Http404
    response = static.serve(request, name, document_root=settings.MEDIA_ROOT)
    if public:
        patch_cache_control(response, public=True, no_cache=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return response
