from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hangviet.orgs.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it on the last line (shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user is named “%(u)s”.") % {"u": username})
        token, raw = api_token_create(by=None, user=user, name=name or "cli")
        self.stderr.write(f"Token {token.prefix}… for {username}; store it now, it is not kept.")
        self.stdout.write(raw)
