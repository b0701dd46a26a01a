from hangviet.activities.tests.conftest import channel, plan2026  # noqa: F401
from hangviet.reporting.tests.test_electronic import director, keys, numbered  # noqa: F401
