from hangviet.activities.tests.conftest import plan2026  # noqa: F401 — a fixture
