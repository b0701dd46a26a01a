import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from hangviet.core.heartbeat import rerun_dead
from hangviet.core.schedule import SCHEDULE, run_due_jobs


class Command(BaseCommand):
    help = "Enqueue recurring jobs (core/schedule.py) when they are due; --once for one pass."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--interval", type=int, default=30, help="seconds between passes")

    def handle(self, *args: Any, once: bool, interval: int, **options: Any) -> None:
        self.stdout.write("jobs: " + ", ".join(f"{j.name} every {j.every}" for j in SCHEDULE))
        while True:
            close_old_connections()  # a long-running process: drop a connection gone stale
            for name in run_due_jobs():
                self.stdout.write(f"enqueued {name}")
            # A task whose worker died is put back by the scheduler itself, not by a task that
            # would wait in the very queue whose workers are gone.
            rerun = rerun_dead()
            if rerun:
                self.stdout.write(f"put back {rerun} task(s) whose worker stopped")
            if once:
                return
            time.sleep(interval)
