#!/usr/bin/env python
"""Django's command-line utility for the CIGEM portal."""

import os
import sys

# Commands that only read or generate code (migrations, catalogues) sign nothing, so they may
# run without SECRET_KEY; serving and every other command still require it (cigem/settings.py).
OFFLINE_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cigem.settings")
    if len(sys.argv) > 1 and sys.argv[1] in OFFLINE_COMMANDS:
        os.environ.setdefault("SECRET_KEY", "offline-command-signs-nothing")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
