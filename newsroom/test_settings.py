"""Settings for the test suite: the real settings with a throwaway key."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-suite-only-not-a-secret")

from newsroom.settings import *  # noqa: F403
from newsroom.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="newsroom-test-media-")
STORAGES = {**STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
SECURE_SSL_REDIRECT = False
if CACHES["shared"]["BACKEND"].endswith("FileBasedCache"):  # noqa: F405
    CACHES["shared"] = {**CACHES["shared"], "LOCATION": tempfile.mkdtemp(  # noqa: F405
        prefix="newsroom-test-shared-")}
# Photos served as `make serve` serves them, so that tests see who may fetch which file.
SERVE_MEDIA = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Off for the suite, whose requests all come from one address; tests/test_security.py
# turns them on where it tests them.
RATE_LIMITS = {}
