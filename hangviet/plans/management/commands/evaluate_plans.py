"""hangviet evaluate_plans: how well the document reader reads real administrative texts."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from hangviet.plans.evaluation import Found, evaluate, keyword_baseline, normal
from hangviet.plans.importing import administrative_content
from hangviet.plans.parsing import parse_lines


def reader(text: str) -> Found:
    """hangviet's reader, as `import_plan --dry-run` runs it (the structure only)."""
    parsed = parse_lines(text.splitlines())
    own = None
    if parsed.symbol:
        number = parsed.own_reference
        day = parsed.issued_on.isoformat() if parsed.issued_on and parsed.day else None
        own = (number, day)
    return Found(
        references=[(ref.reference, ref.date) for ref in parsed.citations],
        own=own,
        refused=not administrative_content(parsed),
        issuers={normal(ref.reference): ref.issuer for ref in parsed.citations if ref.issuer},
        assignees=[
            name
            for a in parsed.assignments
            for name in [a.assignee_text, *(m.text for m in a.mentions)]
            if name
        ],
    )


class Command(BaseCommand):
    help = "Evaluate the document reader on the real texts of plans/evaluation/documents.jsonl."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            default=str(Path(settings.VAR_DIR) / "evaluation" / "plans"),
            help="the folder holding <id>.txt for each text of the index",
        )
        parser.add_argument("--half", choices=["all", "tune", "blind"], default="all")
        parser.add_argument(
            "--round", type=int, help="only the texts of this round of gathering (2, 3…)"
        )
        parser.add_argument("--show", action="store_true", help="list every missed reference")

    def handle(
        self, *args: Any, dir: str, half: str, show: bool, round: int | None = None, **options: Any
    ) -> None:
        folder = Path(dir)
        ours = evaluate(reader, folder, half=half, round=round)
        base = evaluate(keyword_baseline, folder, half=half, round=round)
        if ours.missing:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(ours.missing)} texts are not in {folder} (they are not part of the "
                    f"repository; put them there as <id>.txt): {', '.join(ours.missing)}"
                )
            )
        if ours.changed:
            self.stdout.write(
                self.style.WARNING(f"changed since labelled (hash differs): {ours.changed}")
            )
        if not ours.documents:
            return
        which = half if round is None else f"{half}, round {round}"
        self.stdout.write(f"{ours.documents} documents ({which}), {ours.expected} references")
        self.stdout.write(
            f"{'reader':<22}{'found':>8}{'dates':>8}{'issuers':>9}{'extra':>7}{'own':>6}"
            f"{'units':>8}"
        )
        for name, s in (("hangviet", ours), ("number/symbol regex", base)):
            own = f"{s.own_right}/{s.own_expected}"
            self.stdout.write(
                f"{name:<22}{s.rate:8.0%}{s.date_rate:8.0%}{s.issuer_rate:9.0%}"
                f"{s.spurious:7}{own:>6}{s.assignee_rate:8.0%}"
            )
        self.stdout.write(
            f"crashes: {len(ours.crashes)}; refused: {len(ours.refused)} (of which giving work: "
            f"{len(ours.assigning_refused)}); units given work found: {ours.assignees_found}/"
            f"{ours.assignees_expected}"
        )
        for crash in ours.crashes:
            self.stdout.write(self.style.ERROR(crash))
        if show:
            for miss in ours.misses:
                self.stdout.write(f"  missed {miss}")
