from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hangviet.orgs.services import COORDINATES_MAX_BYTES, coordinates_import


class Command(BaseCommand):
    help = (
        "Set the seats of units (for the coverage map) from a CSV file with the columns code, "
        "latitude, longitude. All lines or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file at %(p)s.") % {"p": file})
        if path.stat().st_size > COORDINATES_MAX_BYTES:
            raise CommandError(_("The file is larger than 5 MB."))
        try:
            changed = coordinates_import(data=path.read_bytes(), by=None)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(_("%(n)s units have new coordinates.") % {"n": changed})
