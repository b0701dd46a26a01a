from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hangviet.activities import demo as activities_demo
from hangviet.directory import demo as directory_demo
from hangviet.monitoring import demo as monitoring_demo
from hangviet.orgs import demo as orgs_demo
from hangviet.plans import demo as plans_demo
from hangviet.radio import demo as radio_demo
from hangviet.reporting import demo as reporting_demo


class Command(BaseCommand):
    help = "Build the demo world (idempotent) and print the demo logins. Refuses with DEBUG off."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo world is for development only: it refuses to run with DEBUG off."
            )
        units = orgs_demo.build_registry()
        users = orgs_demo.build_users(units)
        plans = plans_demo.build_plans()
        activities = activities_demo.build_activities(plans)
        reports = reporting_demo.build_cycles(plans, keep_open={units["commune"].pk})
        listings = directory_demo.build_directory()
        articles = monitoring_demo.build_monitoring(units)
        bulletins = radio_demo.build_radio(units, plans)
        self.stdout.write(self.style.SUCCESS("Demo world ready."))
        for year, plan in sorted(plans.items()):
            self.stdout.write(f"  plan {year}: #{plan.pk} {plan.number_line} {plan.summary}")
        if activities:
            self.stdout.write(f"  {activities} demo activities (first halves of 2022 and 2026)")
        if reports:
            self.stdout.write(f"  {reports} unit reports in the 2022H1 and 2026H1 cycles")
        if listings:
            self.stdout.write(f"  {listings} demo listings in the directory of Vietnamese goods")
        if articles:
            self.stdout.write(f"  {articles} demo press articles found by press monitoring")
        if bulletins:
            self.stdout.write(f"  {bulletins} loudspeaker bulletins with their broadcast log")
        if "2022" not in plans:
            self.stdout.write(
                "  (the seed plan of 2022 was not imported: ../shared/seeds is absent)"
            )
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {orgs_demo.DEMO_PASSWORD})")
        self.stdout.write(f"  {'admin':<12} administrator (Django admin at /admin/)")
        for demo, _unit in users:
            self.stdout.write(f"  {demo.username:<12} {demo.what}")
