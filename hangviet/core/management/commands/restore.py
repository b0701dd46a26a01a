from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hangviet.core.backup import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = "Replace the database and the uploaded files by those of a backup archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, archive: str, yes: bool = False, **options: Any) -> None:
        path = Path(archive)
        if not path.is_file():
            raise CommandError(_("%(p)s does not exist.") % {"p": path})
        try:
            manifest = read_manifest(path)
            if not yes:
                answer = input(
                    _("Replace ALL current data with the backup of %(d)s? Type “yes”: ")
                    % {"d": manifest["created"]}
                )
                if answer.strip().lower() not in ("yes", "có", "co"):
                    raise CommandError(_("Nothing was changed."))
            summary = restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Restored %(p)s: %(t)s tables, %(r)s rows, %(f)s files.")
            % {"p": path, "t": summary.tables, "r": summary.rows, "f": summary.files}
        )
