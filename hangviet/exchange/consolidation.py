"""The Front's own consolidation: the province's figures from the reports it received.

Each body that reports to the Front sends its signed report with its figures (indicator codes
of the shared catalogue, `reporting.computing.DEFAULT_INDICATORS`). For a period, the Front
counts the latest version of each sender's report that it acknowledged (đã tiếp nhận, đang xử
lý, hoàn thành); a report that only arrived is listed as waiting, a refused, replaced or revoked
one is not counted. Figures are added up by code; a code outside the catalogue is listed, never
added to a catalogue line. The centre consolidates provinces' packages the same way."""

from dataclasses import dataclass, field

from hangviet.exchange.models import Business, Direction, Package, State
from hangviet.orgs.models import Unit
from hangviet.reporting.computing import DEFAULT_INDICATORS

COUNTED = (State.RECEIVED, State.PROCESSING, State.DONE)
WAITING = (State.ARRIVED,)
CATALOGUE = {code: (name, unit) for code, name, unit, *_rest in DEFAULT_INDICATORS}


@dataclass
class Line:
    code: str
    name: str
    unit: str
    total: float = 0
    by_sender: dict[str, float] = field(default_factory=dict)

    @property
    def value(self) -> int | float:
        return int(self.total) if float(self.total).is_integer() else round(self.total, 2)


@dataclass
class Source:
    package: Package
    counted: bool


@dataclass
class Received:
    receiver: Unit
    period_code: str
    lines: list[Line]
    sources: list[Source]
    outside: list[tuple[str, str, float]]  # (sender, code, value) of codes not in the catalogue

    @property
    def counted(self) -> list[Package]:
        return [s.package for s in self.sources if s.counted]

    @property
    def waiting(self) -> list[Package]:
        return [s.package for s in self.sources if not s.counted]

    def as_figures(self) -> dict:
        """The consolidation as the figures' JSON body (`reporting.exchange.FIGURES_SCHEMA`)."""
        return {
            "period": {"code": self.period_code},
            "rule": "received",  # the acknowledged reports' signed figures, latest per sender
            "units": {"expected": len(self.sources), "accepted": len(self.counted)},
            "sources": [
                {
                    "code": p.sender_code,
                    "name": p.sender_name,
                    "number": p.number,
                    "dated": p.dated.isoformat() if p.dated else None,
                    "sha256": p.document_sha256,
                }
                for p in self.counted
            ],
            "indicators": [
                {
                    "code": line.code,
                    "name": line.name,
                    "unit": line.unit,
                    "value": line.value,
                    "by_group": line.by_sender,
                }
                for line in self.lines
            ],
        }


def periods_received(receiver_ids: list[int]) -> list[str]:
    codes = {
        (p.figures.get("period") or {}).get("code")
        for p in Package.objects.filter(direction=Direction.IN, receiver_id__in=receiver_ids)
        .exclude(figures={})
        .only("figures")
    }
    return sorted((c for c in codes if c), reverse=True)


def received(receiver: Unit, period_code: str) -> Received:
    packages = (
        Package.objects.filter(
            direction=Direction.IN,
            receiver=receiver,
            business__in=[Business.NEW, Business.REPLACE, Business.UPDATE],
            state__in=[*COUNTED, *WAITING],
        )
        .exclude(figures={})
        .order_by("sender_code", "-at", "-id")
    )
    latest: dict[str, Package] = {}
    for package in packages:
        if (package.figures.get("period") or {}).get("code") != period_code:
            continue
        latest.setdefault(package.sender_code, package)
    sources = [
        Source(p, p.state in COUNTED) for p in sorted(latest.values(), key=lambda p: p.sender_name)
    ]
    totals: dict[str, Line] = {}
    outside: list[tuple[str, str, float]] = []
    for source in sources:
        if not source.counted:
            continue
        package = source.package
        for item in package.figures.get("indicators", []):
            code, value = item["code"], item["value"]
            if code not in CATALOGUE:
                outside.append((package.sender_name, code, value))
                continue
            name, unit = CATALOGUE[code]
            line = totals.setdefault(code, Line(code, name, unit))
            line.total += value
            line.by_sender[package.sender_name] = value
    order = {code: i for i, code in enumerate(CATALOGUE)}
    lines = sorted(totals.values(), key=lambda line: order[line.code])
    return Received(receiver, period_code, lines, sources, outside)
