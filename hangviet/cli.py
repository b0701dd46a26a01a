"""The `hangviet` console command: Django's manage.py plus hangviet's own subcommands."""

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    """Run a management command, as manage.py would."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
