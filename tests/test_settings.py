import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom import env

ROOT = Path(__file__).resolve().parent.parent


def test_sqlite_file_is_the_default_database(tmp_path):
    config = env.database({}, tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")


def test_postgres_url_is_parsed_with_persistent_checked_connections(tmp_path):
    config = env.database({"DATABASE_URL": "postgres://news:pw@db.example:5433/paper"}, tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["HOST"], config["PORT"], config["NAME"]) == (
        "news", "db.example", 5433, "paper",
    )
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True


def test_missing_secret_with_debug_off_is_refused():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        env.secret_key({}, debug=False)


def test_debug_gets_a_development_key_only():
    assert env.secret_key({}, debug=True).startswith("django-insecure")
    assert env.secret_key({"SECRET_KEY": "s3"}, debug=False) == "s3"


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("off", False), ("", False), (None, True)]
)
def test_flags(raw, expected):
    environ = {} if raw is None else {"DEBUG": raw}
    assert env.flag(environ, "DEBUG", default=True) is expected


def test_a_nonsense_flag_is_refused():
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env.flag({"DEBUG": "perhaps"}, "DEBUG", default=False)


def test_cache_is_local_memory_unless_redis_is_configured():
    assert env.cache({})["BACKEND"].endswith("LocMemCache")
    redis = env.cache({"REDIS_URL": "redis://127.0.0.1:6379/1"})
    assert redis["BACKEND"] == "newsroom.cache.TolerantRedisCache"  # Django's, outage-tolerant
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/1"


def manage(*args, **environ):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **environ},
        capture_output=True, text=True, timeout=120,
    )


def test_start_up_without_secret_fails_with_one_sentence():
    result = manage("check", DEBUG="0")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Configuration error: SECRET_KEY is not set: set the SECRET_KEY environment variable "
        "(DEBUG is off, so no default key is used)."
    ]


def test_production_settings_pass_check_deploy():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY="k" * 20 + "production-like-secret-" + "x" * 30,
        ALLOWED_HOSTS="news.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_one_off_commands_get_a_throwaway_key_never_a_default():
    environ = {env.ONE_OFF_COMMAND: "1"}
    first, second = env.secret_key(environ, debug=False), env.secret_key(environ, debug=False)
    assert first != second and len(first) >= 50


def test_serving_without_secret_is_refused_even_for_wsgi():
    clean = {k: v for k, v in os.environ.items()
             if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", env.ONE_OFF_COMMAND}}
    result = subprocess.run(
        [sys.executable, "-c", "import newsroom.wsgi"], cwd=ROOT, env=clean,
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
