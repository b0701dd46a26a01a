from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hangviet.core.periods import PeriodError
from hangviet.plans.models import Plan
from hangviet.reporting import consolidation
from hangviet.reporting.models import ConsolidatedReport


class Command(BaseCommand):
    help = "Write the consolidated report of a plan for a period as DOCX and/or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", type=int, required=True)
        parser.add_argument("--period", required=True, help="e.g. 2022H1")
        parser.add_argument("--docx", help="output .docx path")
        parser.add_argument("--xlsx", help="output .xlsx path")

    def handle(
        self, *args: Any, plan: int, period: str, docx: str | None, xlsx: str | None, **options: Any
    ) -> None:
        found = Plan.objects.filter(pk=plan).select_related("issuing_unit__parent").first()
        if found is None:
            raise CommandError(_("No plan has the id %(id)s.") % {"id": plan})
        if not docx and not xlsx:
            raise CommandError(_("Give --docx and/or --xlsx."))
        for out in (docx, xlsx):
            if out and not Path(out).parent.exists():
                raise CommandError(_("The folder %(p)s does not exist.") % {"p": Path(out).parent})
        try:
            result = consolidation.consolidate(found, period.upper())
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        if not result.requests:
            raise CommandError(
                _("No report was requested for %(p)s under this plan.") % {"p": period}
            )
        saved = ConsolidatedReport.objects.filter(plan=found, period_code=period.upper()).first()
        if docx:
            Path(docx).write_bytes(consolidation.docx(result, saved))
            self.stdout.write(docx)
        if xlsx:
            Path(xlsx).write_bytes(consolidation.xlsx(result))
            self.stdout.write(xlsx)
