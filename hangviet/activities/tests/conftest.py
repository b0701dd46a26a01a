import pytest

from hangviet.plans.importing import import_file


@pytest.fixture
def plan2026(world):
    from hangviet.plans.demo import OWN_PLAN

    return import_file(OWN_PLAN.read_bytes(), filename="own.txt", by=None)[1]


@pytest.fixture
def channel():
    from hangviet.plans.models import Channel

    return Channel.objects.get(code="commune_radio")
