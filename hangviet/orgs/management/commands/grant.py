from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hangviet.orgs.models import Role, Unit
from hangviet.orgs.services import role_grant, unit_by_reference, user_provision


class Command(BaseCommand):
    help = (
        "Give USERNAME the ROLE on UNIT (an official code, an id, or id:N). A new user is "
        "created with an unusable password (set one with changepassword)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", help=" | ".join(Role.values))
        parser.add_argument("unit", help="official code, id, or id:N")

    def handle(self, *args: Any, username: str, role: str, unit: str, **options: Any) -> None:
        if role not in Role.values:
            raise CommandError(
                _("Unknown role “%(role)s”. Use one of: %(roles)s.")
                % {"role": role, "roles": ", ".join(Role.values)}
            )
        try:
            target = unit_by_reference(unit)
        except (Unit.DoesNotExist, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        try:
            user = user_provision(username=username, by=None)
            assignment = role_grant(by=None, user=user, role=role, unit=target)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"{user.get_username()}: {assignment.get_role_display()} · "
            f"{target.display_name} (id {target.pk}, code {target.code or '-'})"
        )
