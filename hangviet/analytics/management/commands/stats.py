"""hangviet stats check | rebuild"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from hangviet.analytics import aggregation


class Command(BaseCommand):
    help = "Statistics: compare the kept counts with a direct count, or rebuild them."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("check", help="compare every kept count with a direct count")
        sub.add_parser("rebuild", help="recompute every count from the activities")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        started = time.perf_counter()
        if action == "rebuild":
            with transaction.atomic():
                pairs = aggregation.rebuild()
            seconds = time.perf_counter() - started
            self.stdout.write(f"rebuilt the counts of {pairs} unit-months in {seconds:.1f} s")
            return
        problems = aggregation.check()
        for line in problems[:50]:
            self.stdout.write(line)
        if problems:
            raise CommandError(
                f"{len(problems)} counts differ from a direct count; "
                "`hangviet stats rebuild` recomputes them"
            )
        self.stdout.write(f"all counts exact ({time.perf_counter() - started:.1f} s)")
