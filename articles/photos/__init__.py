"""Photos: uploads made safe, renditions, storage."""

from articles.photos.uploads import (
    MAX_PIXELS,
    MAX_UPLOAD_BYTES,
    PhotoUploadField,
    UploadRefused,
    delete_files,
    jpeg_url,
    orphaned_files,
    srcset,
    store_upload,
    storing_upload,
)

__all__ = [
    "MAX_PIXELS", "MAX_UPLOAD_BYTES", "PhotoUploadField", "UploadRefused", "delete_files",
    "jpeg_url", "orphaned_files", "srcset", "store_upload", "storing_upload",
]
