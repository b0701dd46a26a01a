"""Writes of grassroots radio: bulletins, their audio, broadcasts planned and done, and the
package handed to a provincial source information system."""

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.activities.models import Measure, Source, Status
from hangviet.activities.services import activity_create
from hangviet.core import audit
from hangviet.core.text import format_date, is_blank, nfc
from hangviet.core.typing import Actor, account_of
from hangviet.directory.models import Fair
from hangviet.orgs.models import Unit, UnitKind
from hangviet.plans.models import Channel
from hangviet.radio import fairs, policy, tts
from hangviet.radio.models import Broadcast, Bulletin, SpokenForm, SynthesisStatus
from hangviet.radio.tasks import synthesize_bulletin

User = Actor


@transaction.atomic
def bulletin_save(
    *, bulletin: Bulletin, by: User, communes: list[Unit] | None = None, **fields: Any
) -> Bulletin:
    """Create or change a bulletin. The author needs to edit for its unit and for every
    commune it is meant for."""
    stored = Bulletin.objects.select_related("unit").get(pk=bulletin.pk) if bulletin.pk else None
    policy.require_edit(
        by,
        stored,
        new_unit=fields.get("unit")
        or (bulletin.unit if stored is None and bulletin.unit_id else None),
        communes=communes,
    )
    before = audit.snapshot(bulletin) if bulletin.pk else {}
    for key, value in fields.items():
        setattr(bulletin, key, nfc(value).strip() if isinstance(value, str) else value)
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
    theme = bulletin.theme
    if theme is not None and bulletin.plan_id and theme.plan_id != bulletin.plan_id:
        errors["theme"] = [_("The theme belongs to another plan.")]
    if errors:
        raise ValidationError(errors)
    if theme is not None and not bulletin.plan_id:
        bulletin.plan = theme.plan
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
    policy.require_edit(by, bulletin)
    engine = tts.engine()
    if not engine.available():
        raise ValidationError(engine.missing_message())
    Bulletin.objects.filter(pk=bulletin.pk).update(
        synthesis_status=SynthesisStatus.QUEUED,
        synthesis_progress=0,
        synthesis_error="",
        synthesis_requested_at=timezone.now(),
    )
    audit.record("update", bulletin, by=by, unit=bulletin.unit, note="audio requested")
    transaction.on_commit(lambda: synthesize_bulletin.enqueue(bulletin.pk))
    bulletin.refresh_from_db()
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
    policy.require_schedule_in(by, commune)
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
    broadcast = (
        Broadcast.objects.select_for_update().select_related("bulletin").get(pk=broadcast.pk)
    )
    policy.require_schedule_in(by, broadcast.commune)
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
        themes=[bulletin.theme] if bulletin.theme is not None else [],
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


@transaction.atomic
def spoken_form_save(*, written: str, spoken: str, by: User) -> SpokenForm:
    """Say how the loudspeaker reads a written form (a known form is changed)."""
    policy.require_keep_spoken_forms(by)
    written = nfc(written or "").strip()
    spoken = nfc(spoken or "").strip()
    errors: dict[str, list[str]] = {}
    if is_blank(written) or len(written) > 40 or any(ch in written for ch in "\n\r"):
        errors["written"] = [
            _("Write the form as it appears in bulletins (at most 40 characters).")
        ]
    if is_blank(spoken) or len(spoken) > 200:
        errors["spoken"] = [_("Write how it is read, in words (at most 200 characters).")]
    elif any(ch.isdigit() for ch in spoken):
        errors["spoken"] = [_("Write the reading in words, without digits.")]
    if errors:
        raise ValidationError(errors)
    form = SpokenForm.objects.filter(written=written).first()
    if form is None:
        form = SpokenForm.objects.create(written=written, spoken=spoken, created_by=account_of(by))
        audit.record("create", form, by=by, unit=None, changes=audit.created(form))
    elif form.spoken != spoken:
        before = form.spoken
        form.spoken = spoken
        form.save(update_fields=["spoken", "updated_at"])
        audit.record("update", form, by=by, unit=None, changes={"spoken": [before, spoken]})
    return form


@transaction.atomic
def spoken_form_delete(*, form: SpokenForm, by: User) -> None:
    policy.require_keep_spoken_forms(by)
    audit.record("delete", form, by=by, unit=None, changes={"written": [form.written, None]})
    form.delete()


@transaction.atomic
def bulletin_from_fair(*, fair: Fair, within: Unit, by: User) -> Bulletin:
    """Draft the bulletin that invites the communes around `fair`, written by `within` (the
    province: the coordinator writes for several communes) for its communes near the fair;
    broadcasts logged for it are evidence of the fair's promotion. The author edits the draft
    like any bulletin."""
    title, text = fairs.text_for(fair)
    communes = fairs.communes_around(fair, within)
    if not communes:
        raise ValidationError(
            _("The fair has no commune and no position: the communes to invite are not known.")
        )
    return bulletin_save(
        bulletin=Bulletin(fair=fair),
        by=by,
        communes=communes,
        unit=within,
        title=title[:200],
        text=text,
        valid_from=min(timezone.localdate(), fair.start),
        valid_until=fair.end,
    )
