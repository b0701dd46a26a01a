import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hangviet.core.periods import PeriodError, period_for_code
from hangviet.plans.models import Plan
from hangviet.reporting import quality
from hangviet.reporting.quality import KIND_WORDS


class Command(BaseCommand):
    help = (
        "List every data-quality flag of a plan for a period: unit, indicator or activity, "
        "kind (rule / outlier / empty / inconsistent), value, expected range, why, and the "
        "reason that cleared it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", type=int, required=True)
        parser.add_argument("--period", required=True, help="e.g. 2026H1")
        parser.add_argument("--json", action="store_true", help="one JSON document")
        parser.add_argument("--open", action="store_true", help="only flags not cleared")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(pk=options["plan"]).first()
        if plan is None:
            raise CommandError(_("There is no plan %(id)s.") % {"id": options["plan"]})
        try:
            period_for_code(options["period"].upper())
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        flags = quality.flags_for(plan, options["period"].upper())
        if options["open"]:
            flags = quality.open_flags(flags)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "plan": plan.pk,
                        "period": options["period"].upper(),
                        "flags": [f.as_json() for f in flags],
                        "open": len(quality.open_flags(flags)),
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        for f in flags:
            expected = f" [{f.expected}]" if f.expected else ""
            value = "" if f.value is None else f" = {f.value}"
            reason = f"\n    ✓ {f.reason}" if f.reason else ""
            self.stdout.write(
                f"{f.unit.display_name} · {KIND_WORDS[f.kind]} · {f.subject}{value}{expected}\n"
                f"    {f.why}{reason}"
            )
        self.stdout.write(
            _("%(n)s flags, %(o)s not cleared.")
            % {"n": len(flags), "o": len(quality.open_flags(flags))}
        )
