import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hangviet.core.periods import PeriodError, period_for_code
from hangviet.core.text import sentences
from hangviet.plans.models import Plan
from hangviet.reporting import services
from hangviet.reporting.models import SampleItem


class Command(BaseCommand):
    help = (
        "Draw a reproducible random sample of a plan-period's evidence: --size items per "
        "reporting unit with --seed (the same seed draws the same items). The draw is recorded "
        "and audited; its items are then checked on the data-quality page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", type=int, required=True)
        parser.add_argument("--period", required=True, help="e.g. 2026H1")
        parser.add_argument("--size", type=int, required=True, help="items per unit")
        parser.add_argument("--seed", default="", help="any text; a random one when omitted")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(pk=options["plan"]).first()
        if plan is None:
            raise CommandError(_("There is no plan %(id)s.") % {"id": options["plan"]})
        try:
            period_for_code(options["period"].upper())
            sample = services.sample_draw(
                plan=plan,
                period_code=options["period"].upper(),
                size=options["size"],
                seed=options["seed"],
                by=None,
            )
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(sentences(exc.messages)) from exc
        items = list(SampleItem.objects.filter(draw=sample).select_related("unit", "activity"))
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "sample": sample.pk,
                        "plan": plan.pk,
                        "period": sample.period_code,
                        "size": sample.size,
                        "seed": sample.seed,
                        "items": [
                            {
                                "unit": i.unit.display_name,
                                "unit_id": i.unit_id,
                                "activity_id": i.activity_id,
                                "title": i.activity.title,
                                "date": i.activity.date.isoformat(),
                            }
                            for i in items
                        ],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        for i in items:
            self.stdout.write(
                f"{i.unit.display_name} · #{i.activity_id} · "
                f"{i.activity.date:%d/%m/%Y} · {i.activity.title}"
            )
        self.stdout.write(
            _("Sample %(id)s: %(n)s items, seed “%(s)s”.")
            % {"id": sample.pk, "n": len(items), "s": sample.seed}
        )
