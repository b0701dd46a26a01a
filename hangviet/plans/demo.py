"""The demo plans: the seed plan of 2022 (read from ../shared/seeds when it is there) and the
team's own 2026 plan over today's map, both imported through the same pipeline as users'."""

from pathlib import Path

from django.conf import settings

from hangviet.core.demo import DemoWorld
from hangviet.plans.importing import import_file
from hangviet.plans.models import Plan

SEED_NAME = "000_cb56f436907ad081.txt"
OWN_PLAN = Path(__file__).resolve().parent / "demo" / "ke-hoach-2026.txt"


def _import_once(path: Path) -> Plan:
    existing = Plan.objects.filter(source_filename=path.name, superseded_at__isnull=True).first()
    if existing is not None:
        return existing
    _preview, plan = import_file(path.read_bytes(), filename=path.name, by=None)
    return plan


def build_plans() -> dict[str, Plan]:
    """Import the demo plans (idempotent) and return them by year."""
    plans = {"2026": _import_once(OWN_PLAN)}
    seed = Path(settings.SEEDS_DIR) / SEED_NAME
    if seed.is_file():
        plans["2022"] = _import_once(seed)
    return plans


def contribute(world: DemoWorld) -> list[str]:
    plans = build_plans()
    world["plans"] = plans
    lines = [
        f"plan {year}: #{plan.pk} {plan.number_line} {plan.summary}"
        for year, plan in sorted(plans.items())
    ]
    if "2022" not in plans:
        lines.append("(the seed plan of 2022 was not imported: ../shared/seeds is absent)")
    return lines
