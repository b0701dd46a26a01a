"""hangviet reindex_directory: rebuild the directory's search index from its listings."""

from typing import Any

from django.core.management.base import BaseCommand

from hangviet.directory.services import reindex_all


class Command(BaseCommand):
    help = "Rebuild the directory's search index from the public listings."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{reindex_all()} listings indexed")
