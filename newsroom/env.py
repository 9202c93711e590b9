"""Reading configuration from the environment.

Kept apart from settings.py so that the parsing rules can be tested with a
plain dict instead of a patched ``os.environ``.
"""

import json
import secrets
from collections.abc import Mapping
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# Set by manage.py for commands that neither serve the site nor check its configuration.
ONE_OFF_COMMAND = "NEWSROOM_ONE_OFF_COMMAND"
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def flag(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}."
    )


def word_list(environ: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    raw = environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def json_object(environ: Mapping[str, str], name: str) -> dict:
    """A JSON object from the environment, e.g. a storage backend's options; {} if unset."""
    raw = environ.get(name, "").strip()
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object, like {{\"key\": \"value\"}}.")
    return value

def secret_key(environ: Mapping[str, str], debug: bool) -> str:
    key = environ.get("SECRET_KEY", "")
    if key:
        return key
    if debug:
        # Only ever reached with DEBUG on: a laptop, never a server.
        return "django-insecure-development-only-key-do-not-use-in-production"
    if environ.get(ONE_OFF_COMMAND) == "1":
        # A one-off command (import, migrate, backup) signs nothing that outlives it:
        # a key of its own, never shared and never a default, lets it run without one.
        return secrets.token_urlsafe(50)
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: set the SECRET_KEY environment variable "
        "(DEBUG is off, so no default key is used)."
    )


def database(environ: Mapping[str, str], base_dir: Path) -> dict:
    url = environ.get("DATABASE_URL") or f"sqlite:///{base_dir / 'db.sqlite3'}"
    try:
        config = dj_database_url.parse(url, conn_max_age=0)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Persistent connections, checked before reuse, so a database restart
        # costs the requests made while it is down and nothing after.
        config["CONN_MAX_AGE"] = int(environ.get("CONN_MAX_AGE", "60"))
        config["CONN_HEALTH_CHECKS"] = True
    return config


def cache(environ: Mapping[str, str]) -> dict:
    url = environ.get("CACHE_URL") or environ.get("REDIS_URL")
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"CACHE_URL/REDIS_URL must be a redis:// URL; got {url!r}.")
    return {
        # Django's RedisCache, answering as a cache miss while Redis is down.
        "BACKEND": "newsroom.cache.TolerantRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "newsroom",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }


def shared_cache(environ: Mapping[str, str], default: dict, directory) -> dict:
    """State every worker must agree on (who has a story open): Redis when there is one,
    else files in one folder, which all the processes of one host read and write."""
    if default["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache":
        return default
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": environ.get("SHARED_CACHE_DIR") or str(directory),
    }


def integer(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def replica_databases(environ: Mapping[str, str], primary: dict) -> dict:
    """``replica_1``, ``replica_2``… from the comma-separated DATABASE_REPLICA_URLS.

    In tests each replica mirrors the primary: Django creates no database for it.
    """
    replicas = {}
    for number, url in enumerate(word_list(environ, "DATABASE_REPLICA_URLS", []), start=1):
        config = database({"DATABASE_URL": url, **_conn(environ)}, Path())
        config["TEST"] = {"MIRROR": "default"}
        replicas[f"replica_{number}"] = config
    if replicas and primary["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs a PostgreSQL DATABASE_URL.")
    return replicas


def _conn(environ: Mapping[str, str]) -> dict:
    return {"CONN_MAX_AGE": environ["CONN_MAX_AGE"]} if "CONN_MAX_AGE" in environ else {}
