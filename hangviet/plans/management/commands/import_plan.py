import json as json_module
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hangviet.orgs.models import Unit
from hangviet.orgs.services import unit_by_reference
from hangviet.plans.importing import import_file, preview
from hangviet.plans.reading import DocumentError, max_bytes
from hangviet.plans.selectors import same_plan


class Command(BaseCommand):
    help = (
        "Import a plan from a .txt or .docx administrative document. Prints the plan's id on "
        "the last line (or the whole structure with --json); --dry-run saves nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="print the structure as JSON")
        parser.add_argument("--dry-run", action="store_true", help="parse only, save nothing")
        parser.add_argument("--issuer", help="issuing unit (code, id or id:N) if not recognised")
        parser.add_argument(
            "--again",
            action="store_true",
            help="import even if the same plan is already there (a second, separate plan)",
        )

    def handle(
        self,
        *args: Any,
        path: str,
        json: bool,
        dry_run: bool,
        issuer: str | None,
        again: bool = False,
        **options: Any,
    ) -> None:
        file = Path(path)
        if not file.is_file():
            raise CommandError(_("No file at %(p)s.") % {"p": path})
        if file.stat().st_size > max_bytes():
            raise CommandError(
                _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {"size": round(file.stat().st_size / 1048576, 1), "limit": max_bytes() // 1048576}
            )
        data = file.read_bytes()
        unit = None
        if issuer:
            try:
                unit = unit_by_reference(issuer)
            except Unit.DoesNotExist as exc:
                raise CommandError(str(exc)) from exc
        try:
            if dry_run:
                result, plan = preview(data, file.name, unit), None
            else:
                found = None if again else same_plan(preview(data, file.name, unit).parsed, data)
                if found is not None:
                    raise CommandError(
                        _(
                            "This plan already exists: %(p)s (id %(id)s). Nothing was imported; "
                            "add --again to import it as another plan."
                        )
                        % {"p": found.title, "id": found.pk}
                    )
                result, plan = import_file(data, filename=file.name, by=None, issuer=unit)
        except DocumentError as exc:
            raise CommandError(str(exc)) from exc
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError("; ".join(messages)) from exc
        if json:
            out = result.to_dict()
            out["id"] = plan.pk if plan else None
            self.stdout.write(json_module.dumps(out, ensure_ascii=False, indent=2))
            return
        parsed = result.parsed
        self.stdout.write(f"{parsed.doc_type_name} {parsed.symbol} — {parsed.summary}")
        self.stdout.write(
            f"legal bases: {len(parsed.legal_bases)}, cited documents: {len(parsed.citations)}, "
            f"purposes: {len(parsed.purposes)}, "
            f"requirements: {len(parsed.requirements)}, themes: {len(parsed.themes)}, "
            f"channel lines: {len(parsed.channel_lines)}, assignments: {len(parsed.assignments)}, "
            f"recipients: {len(parsed.recipients)}"
        )
        for warning in parsed.warnings:
            self.stdout.write(self.style.WARNING(f"! {warning}"))
        for missing in parsed.missing:
            self.stdout.write(self.style.WARNING(f"! missing: {missing}"))
        for mention in parsed.unresolved:
            self.stdout.write(self.style.WARNING(f"! unresolved: {mention.text}"))
        if plan is not None:
            self.stdout.write(str(plan.pk))
