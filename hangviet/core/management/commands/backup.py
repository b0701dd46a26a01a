from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one .tar.gz (docs/operations.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", help="archive path (default var/backups/hangviet-DATE.tar.gz)")

    def handle(self, *args: Any, out: str | None = None, **options: Any) -> None:
        path = (
            Path(out)
            if out
            else (
                Path(settings.VAR_DIR)
                / "backups"
                / f"hangviet-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
            )
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            summary = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Backup written: %(p)s (%(v)s, %(t)s tables, %(r)s rows, %(f)s files)")
            % {
                "p": summary.path,
                "v": summary.vendor,
                "t": summary.tables,
                "r": summary.rows,
                "f": summary.files,
            }
        )
