#!/usr/bin/env python
import os
import sys

# Commands that serve the site or judge its configuration need the real SECRET_KEY.
NEEDS_SECRET_KEY = {"runserver", "check", "testserver"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command and command not in NEEDS_SECRET_KEY:
        os.environ["NEWSROOM_ONE_OFF_COMMAND"] = "1"
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # A configuration mistake deserves one sentence, not a traceback.
        sys.exit(f"Configuration error: {exc}")


if __name__ == "__main__":
    main()
