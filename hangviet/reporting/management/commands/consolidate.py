from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hangviet.core.pdf import PdfUnavailable
from hangviet.core.periods import PeriodError
from hangviet.plans.models import Plan
from hangviet.reporting import consolidation, documents


class Command(BaseCommand):
    help = (
        "Write the consolidated report of a plan for a period as DOCX, PDF and/or XLSX "
        "(the narrative as drafted from the data, with the coordinator's edits)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", type=int, required=True)
        parser.add_argument("--period", required=True, help="e.g. 2022H1")
        parser.add_argument("--docx", help="output .docx path")
        parser.add_argument("--pdf", help="output .pdf path (LibreOffice)")
        parser.add_argument("--xlsx", help="output .xlsx path (the annex)")

    def handle(
        self,
        *args: Any,
        plan: int,
        period: str,
        docx: str | None,
        pdf: str | None,
        xlsx: str | None,
        **options: Any,
    ) -> None:
        found = Plan.objects.filter(pk=plan).select_related("issuing_unit__parent").first()
        if found is None:
            raise CommandError(_("No plan has the id %(id)s.") % {"id": plan})
        if not (docx or pdf or xlsx):
            raise CommandError(_("Give --docx, --pdf and/or --xlsx."))
        for out in (docx, pdf, xlsx):
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
        if docx:
            Path(docx).write_bytes(documents.consolidation_docx(result))
            self.stdout.write(docx)
        if pdf:
            try:
                Path(pdf).write_bytes(documents.consolidation_pdf(result))
            except PdfUnavailable as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(pdf)
        if xlsx:
            Path(xlsx).write_bytes(documents.consolidation_xlsx(result))
            self.stdout.write(xlsx)
