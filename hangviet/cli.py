"""The `hangviet` console command: Django's manage.py plus hangviet's own subcommands."""

import os
import sys

from django.core.management import execute_from_command_line
from django.db.utils import OperationalError, ProgrammingError
from django.utils.translation import gettext as _

# What SQLite and PostgreSQL say of a table that is not there: the database was never set up
# (or is behind the code), which `hangviet migrate` fixes.
_NOT_MIGRATED = ("no such table", "does not exist")


def main() -> None:
    """Run a management command, as manage.py would; a database that has not been set up is
    said in one sentence instead of a traceback."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
    try:
        execute_from_command_line(sys.argv)
    except (OperationalError, ProgrammingError) as exc:
        if not any(words in str(exc) for words in _NOT_MIGRATED) or "--traceback" in sys.argv:
            raise
        sys.stderr.write(
            _("The database is not set up (%(error)s): run “hangviet migrate” first.\n")
            % {"error": str(exc).splitlines()[0]}
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
