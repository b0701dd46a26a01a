"""Background work of press monitoring, enqueued by the scheduler (core/schedule.py)."""

from django_tasks import task

from hangviet.monitoring import polling, services


@task()
def poll_sources() -> dict:
    """Poll the sources whose time has come, then look for sources gone silent. A task that
    dies half-way is simply run again: articles are unique by URL, so nothing is doubled."""
    results = polling.poll_due()
    silent = polling.check_silent()
    return {
        "polled": len(results),
        "new": sum(r.new for r in results),
        "errors": sum(r.status == "error" for r in results),
        "silent": len(silent),
    }


@task()
def retrain_classifier() -> dict:
    model = services.retrain()
    return {"trained": model is not None, "examples": model.examples if model else 0}
