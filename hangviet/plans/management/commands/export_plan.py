from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hangviet.plans.export import plan_docx
from hangviet.plans.models import Plan


class Command(BaseCommand):
    help = "Write a plan as a .docx in the Nghị định 30/2020 format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", type=int, required=True)
        parser.add_argument("--docx", required=True, help="output path")

    def handle(self, *args: Any, plan: int, docx: str, **options: Any) -> None:
        found = Plan.objects.filter(pk=plan).select_related("issuing_unit__parent").first()
        if found is None:
            raise CommandError(_("No plan has the id %(id)s.") % {"id": plan})
        out = Path(docx)
        if not out.parent.exists():
            raise CommandError(_("The folder %(p)s does not exist.") % {"p": out.parent})
        out.write_bytes(plan_docx(found))
        self.stdout.write(str(out))
