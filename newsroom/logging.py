"""Log configuration: readable lines by default, one JSON object per line with LOG_FORMAT=json.

Fields given with ``extra={...}`` (the request log's status and duration, a workflow
transition's story and states) become keys of the JSON object, so a log collector can
filter on them without parsing messages.
"""

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime

from django.core.exceptions import ImproperlyConfigured

# Attributes every LogRecord has; anything else on a record came from ``extra``.
STANDARD_ATTRIBUTES = frozenset(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__
) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,  # which gunicorn worker
        }
        for name, value in record.__dict__.items():
            if name not in STANDARD_ATTRIBUTES and not name.startswith("_"):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def config(environ: Mapping[str, str]) -> dict:
    """The LOGGING setting: everything to standard error, in the format LOG_FORMAT asks for."""
    log_format = environ.get("LOG_FORMAT", "text").strip().lower()
    if log_format not in ("text", "json"):
        raise ImproperlyConfigured(f"LOG_FORMAT must be text or json; got {log_format!r}.")
    level = environ.get("LOG_LEVEL", "INFO").upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
            "json": {"()": "newsroom.logging.JsonFormatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # The request log replaces runserver's own line for each request.
            "django.server": {"level": "WARNING"},
        },
    }
