from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hangviet.core import demo


class Command(BaseCommand):
    help = "Build the demo world (idempotent) and print the demo logins. Refuses with DEBUG off."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo world is for development only: it refuses to run with DEBUG off."
            )
        world, lines = demo.build()
        self.stdout.write(self.style.SUCCESS("Demo world ready."))
        for line in lines:
            self.stdout.write(f"  {line}")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {world.password})")
        self.stdout.write(f"  {'admin':<12} administrator (Django admin at /admin/)")
        for login in world.logins:
            self.stdout.write(f"  {login.username:<12} {login.what}")
