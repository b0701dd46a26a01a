"""Writes of grassroots radio: bulletins, their audio, broadcasts planned and done, and the
package handed to a provincial source information system."""

import hashlib
import io
import json
import math
import re
import zipfile
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.core import audit
from hangviet.core.text import fold, format_date, is_blank, nfc
from hangviet.core.typing import Actor, account_of
from hangviet.orgs.models import Unit, UnitKind
from hangviet.orgs.permissions import Action, require
from hangviet.radio import tts
from hangviet.radio.models import Broadcast, Bulletin, SynthesisStatus

User = Actor
PACKAGE_FORMAT = "hangviet-bulletin/1"


def text_hash(text: str) -> str:
    return hashlib.sha256(nfc(text or "").strip().encode()).hexdigest()


@transaction.atomic
def bulletin_save(
    *, bulletin: Bulletin, by: User, communes: list[Unit] | None = None, **fields: Any
) -> Bulletin:
    """Create or change a bulletin. The author needs to edit for its unit and for every
    commune it is meant for."""
    before = audit.snapshot(bulletin) if bulletin.pk else {}
    for key, value in fields.items():
        setattr(bulletin, key, nfc(value).strip() if isinstance(value, str) else value)
    require(by, Action.EDIT, bulletin.unit)
    errors: dict[str, list[str]] = {}
    try:
        tts.check_text(bulletin.text)
    except tts.SpeechError as exc:
        errors["text"] = [str(exc)]
    if is_blank(bulletin.title):
        errors["title"] = [_("The title must not be empty or made only of invisible characters.")]
    if bulletin.valid_from and bulletin.valid_until and bulletin.valid_until < bulletin.valid_from:
        errors["valid_until"] = [_("The bulletin stops being valid before it starts.")]
    if communes is not None:
        if not communes:
            errors["communes"] = [_("Choose at least one commune.")]
        for commune in communes:
            if commune.kind != UnitKind.COMMUNE_PC:
                errors["communes"] = [_("“%(u)s” is not a commune.") % {"u": commune}]
            require(by, Action.EDIT, commune)
    if bulletin.theme_id and bulletin.plan_id and bulletin.theme.plan_id != bulletin.plan_id:
        errors["theme"] = [_("The theme belongs to another plan.")]
    if errors:
        raise ValidationError(errors)
    if bulletin.theme_id and not bulletin.plan_id:
        bulletin.plan = bulletin.theme.plan
    if not bulletin.pk and by is not None and by.is_authenticated:
        bulletin.created_by = by
    bulletin.full_clean(exclude=["communes", "audio_wav", "audio_mp3"])
    bulletin.save()
    if communes is not None:
        bulletin.communes.set(communes)
    changes = audit.diff(before, audit.snapshot(bulletin))
    if communes is not None:
        changes["communes"] = [None, sorted(c.pk for c in communes)]
    audit.record(
        "update" if before else "create", bulletin, by=by, unit=bulletin.unit, changes=changes
    )
    return bulletin


def synthesis_request(*, bulletin: Bulletin, by: User) -> Bulletin:
    """Queue the production of the audio (a background task). A missing engine is said at
    once, with how to install it; nothing is queued."""
    from hangviet.radio.tasks import synthesize_bulletin

    require(by, Action.EDIT, bulletin.unit)
    engine = tts.engine()
    if not engine.available():
        raise ValidationError(engine.missing_message())
    Bulletin.objects.filter(pk=bulletin.pk).update(
        synthesis_status=SynthesisStatus.QUEUED, synthesis_progress=0, synthesis_error=""
    )
    audit.record("update", bulletin, by=by, unit=bulletin.unit, note="audio requested")
    transaction.on_commit(lambda: synthesize_bulletin.enqueue(bulletin.pk))
    bulletin.refresh_from_db()
    return bulletin


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
        audio = tts.synthesize(bulletin.text, progress=progress)
        mp3 = tts.to_mp3(audio.wav)
    except tts.SpeechError as exc:
        Bulletin.objects.filter(pk=bulletin.pk).update(
            synthesis_status=SynthesisStatus.FAILED, synthesis_error=str(exc)[:2000]
        )
        bulletin.refresh_from_db()
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
    storage = bulletin.audio_wav.storage
    for name in old:
        if name not in (bulletin.audio_wav.name, bulletin.audio_mp3.name):
            storage.delete(name)
    return bulletin


@transaction.atomic
def broadcasts_plan(
    *,
    bulletin: Bulletin,
    commune: Unit,
    by: User,
    day: date,
    times: list[time],
    repetitions: int = 1,
    clusters: str = "",
) -> list[Broadcast]:
    """Plan broadcasts of a bulletin in a commune: one per time slot on `day`."""
    require(by, Action.EDIT, commune)
    if not bulletin.communes.filter(pk=commune.pk).exists():
        raise ValidationError({"commune": _("This bulletin is not meant for this commune.")})
    now = timezone.localtime()
    errors: dict[str, list[str]] = {}
    if not times:
        errors["times"] = [_("Give at least one time.")]
    if day < bulletin.valid_from or day > bulletin.valid_until:
        errors["day"] = [
            _("The bulletin is valid from %(a)s to %(b)s.")
            % {"a": format_date(bulletin.valid_from), "b": format_date(bulletin.valid_until)}
        ]
    past = [t for t in times if datetime.combine(day, t) < now.replace(tzinfo=None)]
    if past:
        errors["times"] = [_("A broadcast cannot be planned in the past.")]
    if not 1 <= repetitions <= 20:
        errors["repetitions"] = [_("Between 1 and 20 repetitions.")]
    if errors:
        raise ValidationError(errors)
    made = []
    for slot in sorted(set(times)):
        try:
            with transaction.atomic():
                broadcast = Broadcast.objects.create(
                    bulletin=bulletin,
                    commune=commune,
                    date=day,
                    time=slot,
                    repetitions=repetitions,
                    clusters=nfc(clusters).strip()[:200],
                    created_by=account_of(by),
                )
        except IntegrityError:
            raise ValidationError(
                {"times": [_("%(t)s is already planned that day.") % {"t": slot.strftime("%H:%M")}]}
            ) from None
        audit.record("create", broadcast, by=by, unit=commune, changes=audit.created(broadcast))
        made.append(broadcast)
    return made


@transaction.atomic
def broadcast_done(*, broadcast: Broadcast, by: User) -> Any:
    """The commune says the broadcast was made: it becomes a loudspeaker activity that the
    6-monthly report counts (one per repetition), with its airtime."""
    from hangviet.activities.models import Measure, Source, Status
    from hangviet.activities.services import activity_create
    from hangviet.plans.models import Channel

    broadcast = (
        Broadcast.objects.select_for_update().select_related("bulletin").get(pk=broadcast.pk)
    )
    require(by, Action.EDIT, broadcast.commune)
    if broadcast.done_at is not None:
        raise ValidationError(_("This broadcast is already recorded."))
    if broadcast.date > timezone.localdate():
        raise ValidationError(_("This broadcast is planned for a later day."))
    bulletin = broadcast.bulletin
    minutes = None
    if bulletin.audio_seconds:
        minutes = max(1, round(bulletin.audio_seconds * broadcast.repetitions / 60))
    summary = _("Bulletin “%(b)s” read %(n)s time(s) at %(t)s.") % {
        "b": bulletin.title,
        "n": broadcast.repetitions,
        "t": broadcast.time.strftime("%H:%M"),
    }
    if minutes:
        summary += " " + _("Airtime: %(m)s minutes.") % {"m": minutes}
    if broadcast.clusters:
        summary += " " + _("Loudspeaker clusters: %(c)s.") % {"c": broadcast.clusters}
    activity = activity_create(
        by=by,
        unit=broadcast.commune,
        plan=bulletin.plan,
        channel=Channel.objects.get(code="commune_radio"),
        kind="loudspeaker",
        title=_("Broadcast: %(b)s") % {"b": bulletin.title[:250]},
        summary=summary,
        date=broadcast.date,
        quantity=broadcast.repetitions,
        measure=Measure.BROADCASTS,
        source=Source.RADIO,
        status=Status.CONFIRMED,
        external_id=f"radio-broadcast-{broadcast.pk}",
        themes=[bulletin.theme] if bulletin.theme_id else [],
        communes=[broadcast.commune],
    )
    broadcast.done_at = timezone.now()
    broadcast.done_by = account_of(by)
    broadcast.activity = activity
    broadcast.save(update_fields=["done_at", "done_by", "activity", "updated_at"])
    audit.record(
        "update", broadcast, by=by, unit=broadcast.commune, changes={"done_at": [None, "now"]}
    )
    return activity


def package(bulletin: Bulletin) -> bytes:
    """The bulletin for a source information system or an IP-loudspeaker controller: a ZIP
    with bulletin.json (metadata), text.txt, spoken.txt and the audio (docs/radio.md)."""
    files: dict[str, bytes] = {
        "text.txt": bulletin.text.encode("utf-8"),
        "spoken.txt": (bulletin.spoken_text or "").encode("utf-8"),
    }
    audio = {}
    if bulletin.audio_current:
        for name, field in (("audio.wav", bulletin.audio_wav), ("audio.mp3", bulletin.audio_mp3)):
            with field.open("rb") as f:
                files[name] = f.read()
            audio[name.split(".")[1]] = {
                "file": name,
                "sha256": hashlib.sha256(files[name]).hexdigest(),
                "bytes": len(files[name]),
            }
    communes = list(bulletin.communes.order_by("code", "name"))
    meta = {
        "format": PACKAGE_FORMAT,
        "id": bulletin.pk,
        "title": bulletin.title,
        "priority": bulletin.priority,
        "valid_from": bulletin.valid_from.isoformat(),
        "valid_until": bulletin.valid_until.isoformat(),
        "issuer": {"id": bulletin.unit_id, "name": bulletin.unit.name},
        "theme": bulletin.theme.label if bulletin.theme_id else None,
        "communes": [{"code": c.code, "name": c.name} for c in communes],
        "duration_seconds": bulletin.audio_seconds if bulletin.audio_current else None,
        "audio": audio,
        "text_sha256": text_hash(bulletin.text),
        "created": timezone.localtime(bulletin.created_at).isoformat(),
    }
    files["bulletin.json"] = json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ["bulletin.json", "text.txt", "spoken.txt", "audio.wav", "audio.mp3"]:
            if name in files:
                archive.writestr(name, files[name])
    return out.getvalue()


def package_name(bulletin: Bulletin) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(bulletin.title)).strip("-")[:50] or "ban-tin"
    return f"ban-tin-{bulletin.pk}-{slug}.zip"
