from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hangviet.core.pdf import PdfUnavailable, docx_to_pdf
from hangviet.plans.export import plan_docx
from hangviet.plans.models import Plan


class Command(BaseCommand):
    help = "Write a plan as a .docx and/or a PDF/A copy in the Nghị định 30/2020 format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", type=int, required=True)
        parser.add_argument("--docx", help="output .docx path")
        parser.add_argument("--pdf", help="output .pdf path (PDF/A-2b, by LibreOffice)")

    def handle(
        self, *args: Any, plan: int, docx: str | None, pdf: str | None, **options: Any
    ) -> None:
        found = Plan.objects.filter(pk=plan).select_related("issuing_unit__parent").first()
        if found is None:
            raise CommandError(_("No plan has the id %(id)s.") % {"id": plan})
        if not (docx or pdf):
            raise CommandError(_("Give --docx and/or --pdf."))
        for out in (docx, pdf):
            if out and not Path(out).parent.exists():
                raise CommandError(_("The folder %(p)s does not exist.") % {"p": Path(out).parent})
        data = plan_docx(found)
        if docx:
            Path(docx).write_bytes(data)
            self.stdout.write(docx)
        if pdf:
            try:
                Path(pdf).write_bytes(docx_to_pdf(data))
            except PdfUnavailable as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(pdf)
