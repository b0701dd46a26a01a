"""Producing a bulletin's audio: the body of the background task. Running it again for the
same text does nothing; a failure is recorded on the bulletin with its reason."""

import math

from django.core.files.base import ContentFile
from django.db import transaction

from hangviet.core import audit
from hangviet.radio import tts
from hangviet.radio.models import Bulletin, SynthesisStatus, text_hash
from hangviet.radio.selectors import spoken_forms


def synthesize(bulletin_id: int) -> Bulletin:
    """Produce the WAV and MP3 of a bulletin (the task's body). Running it again for the same
    text does nothing; a failure is recorded on the bulletin with its reason."""
    bulletin = Bulletin.objects.get(pk=bulletin_id)
    wanted = text_hash(bulletin.text)
    if bulletin.audio_current and bulletin.synthesis_status == SynthesisStatus.DONE:
        return bulletin
    Bulletin.objects.filter(pk=bulletin.pk).update(
        synthesis_status=SynthesisStatus.RUNNING, synthesis_progress=0
    )

    def progress(done: int, total: int) -> None:
        Bulletin.objects.filter(pk=bulletin.pk).update(
            synthesis_progress=min(99, math.floor(done * 100 / total))
        )

    try:
        audio = tts.synthesize(bulletin.text, progress=progress, forms=spoken_forms())
        mp3 = tts.to_mp3(audio.wav)
    except tts.SpeechError as exc:
        Bulletin.objects.filter(pk=bulletin.pk).update(
            synthesis_status=SynthesisStatus.FAILED, synthesis_error=str(exc)[:2000]
        )
        bulletin.refresh_from_db()
        audit.record(
            "update",
            bulletin,
            by=None,
            unit=bulletin.unit,
            changes={"synthesis_status": [SynthesisStatus.RUNNING, SynthesisStatus.FAILED]},
            note=f"audio failed: {str(exc)[:200]}",
        )
        return bulletin
    old = [f.name for f in (bulletin.audio_wav, bulletin.audio_mp3) if f]
    stem = f"ban-tin-{bulletin.pk}-{wanted[:10]}"
    with transaction.atomic():
        bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        bulletin.audio_wav.save(stem + ".wav", ContentFile(audio.wav), save=False)
        bulletin.audio_mp3.save(stem + ".mp3", ContentFile(mp3), save=False)
        bulletin.audio_seconds = audio.seconds
        bulletin.spoken_text = audio.spoken_text
        bulletin.synthesized_hash = wanted
        bulletin.synthesis_status = SynthesisStatus.DONE
        bulletin.synthesis_progress = 100
        bulletin.synthesis_error = ""
        bulletin.save()
        audit.record(
            "update",
            bulletin,
            by=None,
            unit=bulletin.unit,
            changes={
                "audio_mp3": [None, bulletin.audio_mp3.name],
                "audio_seconds": [None, bulletin.audio_seconds],
                "synthesized_hash": [None, wanted[:16]],
            },
            note="audio produced",
        )
    storage = bulletin.audio_wav.storage
    for name in old:
        if name not in (bulletin.audio_wav.name, bulletin.audio_mp3.name):
            storage.delete(name)
    return bulletin
