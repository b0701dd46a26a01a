from hangviet.activities.tests.conftest import channel, plan2026  # noqa: F401
from hangviet.plans.tests.conftest import own_plan_bytes, seed_bytes  # noqa: F401
