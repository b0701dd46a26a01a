"""The directory's background work."""

from django.utils import timezone
from django_tasks import task

from hangviet.directory.services import ocop_expiry_watch


@task()
def watch_ocop_certificates() -> dict[str, int]:
    """Daily: warn about OCOP certificates lapsing soon, drop the stars of lapsed ones."""
    warned, lapsed = ocop_expiry_watch(today=timezone.localdate())
    return {"warned": warned, "lapsed": lapsed}
