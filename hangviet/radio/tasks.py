"""Background work of grassroots radio."""

from django_tasks import task

from hangviet.radio import synthesis


@task()
def synthesize_bulletin(bulletin_id: int) -> dict:
    """Produce a bulletin's audio; run again, it does nothing for an unchanged text."""
    bulletin = synthesis.synthesize(bulletin_id)
    return {"status": bulletin.synthesis_status, "seconds": bulletin.audio_seconds}
