"""Settings of the property-based fuzz tests.

Inside `make test` each fuzz test tries a bounded number of inputs (a few seconds each);
`make fuzz` multiplies them by `HANGVIET_FUZZ_SCALE` (50 by default there) for a longer run.
The figures of the last long run are in SECURITY.md."""

import os

from hypothesis import HealthCheck, settings


def fuzz(examples: int):
    scale = int(os.environ.get("HANGVIET_FUZZ_SCALE", "1"))
    return settings(
        max_examples=examples * scale,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        database=None,
    )
