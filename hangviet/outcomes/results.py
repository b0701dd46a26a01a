"""What a survey round says, honestly: shares with their sample size and a 95% margin of
error (the Wilson score interval, which stays inside 0–100% and is right for small samples
and shares near the ends), and no share at all where too few people answered."""

import math
from collections import Counter
from dataclasses import dataclass, field

from hangviet.orgs.models import Unit
from hangviet.outcomes.models import Answer, Place, Preference, Reason, Survey

MIN_ANSWERS = 30  # below this, a share is not stated ("chưa đủ phiếu")
Z95 = 1.959964


@dataclass(frozen=True)
class Share:
    """`count` of `n` answered so; `low`–`high` the 95% interval, all in per cent."""

    count: int
    n: int

    @property
    def stated(self) -> bool:
        return self.n >= MIN_ANSWERS

    @property
    def percent(self) -> float:
        return 100 * self.count / self.n if self.n else 0.0

    def interval(self) -> tuple[float, float]:
        if not self.n:
            return (0.0, 100.0)
        p, n, z2 = self.count / self.n, self.n, Z95 * Z95
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
        return (100 * max(0.0, centre - half), 100 * min(1.0, centre + half))

    @property
    def margin(self) -> float:
        """Half the interval's width, in percentage points (what "±" says)."""
        low, high = self.interval()
        return (high - low) / 2


@dataclass
class Result:
    survey: Survey
    n: int
    prefer: Share  # "always" or "usually"
    reasons: list[tuple[str, Share]]
    places: list[tuple[str, Share]]
    communes: list[tuple[Unit, Share]] = field(default_factory=list)


def _shares(
    counter: Counter[str], n: int, labels: type[Reason] | type[Place]
) -> list[tuple[str, Share]]:
    return sorted(
        ((str(labels(k).label), Share(counter[k], n)) for k in labels.values),
        key=lambda pair: -pair[1].count,
    )


def result(survey: Survey) -> Result:
    answers = list(
        Answer.objects.filter(survey=survey).values_list(
            "commune", "preference", "reasons", "places"
        )
    )
    n = len(answers)
    yes = {Preference.ALWAYS, Preference.OFTEN}
    reasons: Counter[str] = Counter()
    places: Counter[str] = Counter()
    per_commune: dict[int, list[int]] = {}
    prefer = 0
    for commune, preference, chosen_reasons, chosen_places in answers:
        reasons.update(set(chosen_reasons))
        places.update(set(chosen_places))
        tally = per_commune.setdefault(commune, [0, 0])
        tally[1] += 1
        tally[0] += preference in yes
        prefer += preference in yes
    units = Unit.objects.in_bulk(list(per_commune))
    communes = sorted(
        ((units[pk], Share(c, total)) for pk, (c, total) in per_commune.items()),
        key=lambda pair: (-pair[1].n, pair[0].name),
    )
    return Result(
        survey=survey,
        n=n,
        prefer=Share(prefer, n),
        reasons=_shares(reasons, n, Reason),
        places=_shares(places, n, Place),
        communes=communes,
    )
