#!/usr/bin/env python
"""Django's command-line utility for the gongkai platform (dev settings unless DJANGO_SETTINGS_MODULE is set)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_web.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
