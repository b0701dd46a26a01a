"""Background work of the exchange desk: carrying what waits to the partners."""

from django_tasks import task

from hangviet.exchange import services


@task()
def deliver_pending() -> list[int]:
    """Carry the packages and status messages that are due; return [carried, failed]."""
    return list(services.deliver_due())
