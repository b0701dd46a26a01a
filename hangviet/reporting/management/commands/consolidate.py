from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hangviet.core.edxml import EdxmlError
from hangviet.core.pdf import PdfUnavailable
from hangviet.core.periods import PeriodError
from hangviet.core.text import sentences
from hangviet.plans.models import Plan
from hangviet.reporting import consolidation, documents, exchange, services
from hangviet.reporting.models import SignedCopy, SignedCopyTampered


class Command(BaseCommand):
    help = (
        "Write the consolidated report of a plan for a period as DOCX, PDF and/or XLSX "
        "(the narrative as drafted from the data, with the coordinator's edits); sign it "
        "(--sign-as, the head of the issuing unit) and write the signed PDF and the edXML "
        "exchange package of QCVN 102:2016 (--signed-pdf, --edxml)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", type=int, required=True)
        parser.add_argument("--period", required=True, help="e.g. 2022H1")
        parser.add_argument("--docx", help="output .docx path")
        parser.add_argument("--pdf", help="output .pdf path (LibreOffice)")
        parser.add_argument("--xlsx", help="output .xlsx path (the annex)")
        parser.add_argument(
            "--sign-as",
            metavar="USERNAME",
            help="sign a new version as this user (who must head the issuing unit and have a "
            "key in the signing configuration)",
        )
        parser.add_argument(
            "--signed-pdf", help="output path of the signed PDF (the latest signed version)"
        )
        parser.add_argument(
            "--edxml", help="output path of the edXML package of the latest signed version"
        )

    def handle(
        self,
        *args: Any,
        plan: int,
        period: str,
        docx: str | None,
        pdf: str | None,
        xlsx: str | None,
        sign_as: str | None = None,
        signed_pdf: str | None = None,
        edxml: str | None = None,
        **options: Any,
    ) -> None:
        found = Plan.objects.filter(pk=plan).select_related("issuing_unit__parent").first()
        if found is None:
            raise CommandError(_("No plan has the id %(id)s.") % {"id": plan})
        if not (docx or pdf or xlsx or sign_as or signed_pdf or edxml):
            raise CommandError(
                _("Give --docx, --pdf, --xlsx, --sign-as, --signed-pdf and/or --edxml.")
            )
        for out in (docx, pdf, xlsx, signed_pdf, edxml):
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
        if sign_as:
            self._sign(found, period.upper(), sign_as)
        if signed_pdf or edxml:
            self._signed(found, period.upper(), signed_pdf, edxml)

    def _sign(self, plan: Plan, period: str, username: str) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("No active user is named %(u)s.") % {"u": username})
        try:
            copy = services.consolidation_sign(plan=plan, period_code=period, by=user)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(sentences(exc.messages)) from exc
        self.stdout.write(
            _("Signed: version %(v)s, %(n)s, SHA-256 %(h)s")
            % {"v": copy.version, "n": copy.number, "h": copy.sha256}
        )

    def _signed(self, plan: Plan, period: str, pdf: str | None, package: str | None) -> None:
        copy = (
            SignedCopy.objects.filter(consolidation__plan=plan, consolidation__period_code=period)
            .order_by("-version")
            .first()
        )
        if copy is None:
            raise CommandError(
                _("The report is not signed yet: sign it first (--sign-as USERNAME).")
            )
        try:
            if pdf:
                Path(pdf).write_bytes(copy.content())
                self.stdout.write(pdf)
            if package:
                Path(package).write_bytes(exchange.package(copy))
                self.stdout.write(package)
        except SignedCopyTampered as exc:
            raise CommandError(
                _("The stored signed file no longer matches its SHA-256; it is not written.")
            ) from exc
        except EdxmlError as exc:
            raise CommandError(str(exc)) from exc
