from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hangviet.orgs import demo as orgs_demo


class Command(BaseCommand):
    help = "Build the demo world (idempotent) and print the demo logins. Refuses with DEBUG off."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo world is for development only: it refuses to run with DEBUG off."
            )
        units = orgs_demo.build_registry()
        users = orgs_demo.build_users(units)
        self.stdout.write(self.style.SUCCESS("Demo world ready."))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {orgs_demo.DEMO_PASSWORD})")
        self.stdout.write(f"  {'admin':<12} administrator (Django admin at /admin/)")
        for demo, _unit in users:
            self.stdout.write(f"  {demo.username:<12} {demo.what}")
