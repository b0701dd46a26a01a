"""The two pieces of a national deployment, exercised for real: dashboards and exports read
from a second database alias (standing in for a read replica), and tasks go through a
Redis-backed queue (the local Redis standing in for the broker) to an RQ worker."""

import uuid
from datetime import date

import pytest
from django.core import mail
from django.db import connections
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from hangviet.activities import services
from hangviet.core.routers import REPLICA, ReplicaRouter, replica_reads
from hangviet.orgs.tasks import notify_role_granted  # defined before the backend is swapped
from hangviet.plans.models import Channel


@pytest.fixture
def replica(request):
    """A second alias on the same test database: what a streaming replica would show (the
    test's writes are committed, as the primary's are before they replicate)."""
    request.getfixturevalue("transactional_db")
    connections.settings[REPLICA] = dict(connections["default"].settings_dict)
    # Connected here: the test case refuses to open connections to aliases it did not know.
    connections[REPLICA].connect()
    yield connections[REPLICA]
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


def _tables(queries: list[dict]) -> str:
    return " ".join(q["sql"] for q in queries)


@pytest.mark.django_db(transaction=True)
def test_dashboards_and_exports_read_from_the_replica_and_writes_stay_on_the_primary(
    replica, world, people
):
    services.activity_create(
        by=None,
        unit=world["commune"],
        channel=Channel.objects.get(code="commune_radio"),
        kind="loudspeaker",
        title="Bản tin hàng Việt",
        date=date(2026, 3, 2),
        status="confirmed",
    )
    vera = Client()
    vera.force_login(people["vera"])
    for url in (
        "/thong-ke/?ky=2026H1",
        "/thong-ke/pham-vi/?ky=2026H1",
        "/api/v1/stats/activities?period=2026H1&group_by=unit",
        "/hoat-dong/xuat.csv",
    ):
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(replica) as read,
        ):
            response = vera.get(url)
        assert response.status_code == 200, url
        assert "analytics_" in _tables(read.captured_queries) or "activities_activity" in _tables(
            read.captured_queries
        ), url
        assert "analytics_" not in _tables(primary.captured_queries), url
        assert "activities_activity" not in _tables(primary.captured_queries), url
    # The figures come from the replica, and they are the primary's figures.
    body = vera.get("/api/v1/stats/activities", {"period": "2026H1"}).json()
    assert body["total"]["count"] == 1
    # A write inside a replica-reading block goes to the primary, and so do the reads of its
    # transaction (the replica would not see what the transaction just wrote).
    radio = Channel.objects.get(code="commune_radio")
    with replica_reads(), CaptureQueriesContext(replica) as read:
        services.activity_create(
            by=None,
            unit=world["commune"],
            channel=radio,
            kind="loudspeaker",
            title="Bản tin thứ hai",
            date=date(2026, 3, 3),
            status="confirmed",
        )
    assert read.captured_queries == []


def test_without_a_replica_the_router_leaves_reads_to_the_default_database(db):
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(Channel) is None
    assert router.db_for_write(Channel) is None
    assert router.allow_migrate(REPLICA, "analytics") is False


@pytest.fixture
def redis_queue(monkeypatch):
    """A queue of its own on the local Redis, emptied afterwards."""
    import django_rq.settings
    from django.conf import settings
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    try:
        Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
    except RedisDown:
        pytest.skip(f"no Redis at {settings.REDIS_URL}: the Redis-backed queue is not tested")
    name = f"hangviet-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setitem(django_rq.settings.QUEUES, name, {"URL": settings.REDIS_URL})
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}}
    ):
        queue = django_rq.get_queue(name)
        yield queue
        queue.empty()
        queue.delete()


def test_a_task_goes_through_redis_to_an_rq_worker(world, people, redis_queue):
    from django_tasks_rq import Job
    from rq import SimpleWorker

    from hangviet.orgs.models import RoleAssignment

    alice = people["alice"]
    alice.email = "alice@example.vn"
    alice.save()
    assignment = RoleAssignment.objects.get(user=alice)
    result = notify_role_granted.using(queue_name=redis_queue.name).enqueue(assignment.pk)
    assert redis_queue.count == 1 and result.status == "READY"
    assert mail.outbox == []
    worker = SimpleWorker([redis_queue], connection=redis_queue.connection, job_class=Job)
    worker.work(burst=True)
    result.refresh()
    assert result.status == "SUCCESSFUL" and result.return_value is True
    assert [m.to for m in mail.outbox] == [["alice@example.vn"]]
    assert redis_queue.count == 0
