"""Writes of the outcomes app: a consumer's answer to the survey, and survey rounds.

An answer is refused, with a message in plain Vietnamese and nothing saved, when the round is
not open, the commune is not one of the round's, a choice is unknown, the same browser already
answered this round, the form was filled faster than a person can (an automated answer) or its
hidden trap field was filled, or one network address sent more answers today than a household
or an office plausibly would."""

import hashlib
import hmac
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.core import audit
from hangviet.core.text import nfc
from hangviet.core.typing import Actor
from hangviet.orgs.models import Unit, UnitKind
from hangviet.orgs.selectors import subtree
from hangviet.outcomes import policy
from hangviet.outcomes.models import (
    Answer,
    Measure,
    OutcomeFigure,
    OutcomeTarget,
    Place,
    Preference,
    Reason,
    Survey,
)

PER_NETWORK_PER_DAY = 20
MIN_SECONDS = 4  # a person reads four short questions; a script does not wait
FORM_SALT = "hangviet.outcomes.survey-form"


def fingerprint(*parts: object) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, "|".join(str(p) for p in parts).encode(), hashlib.sha256).hexdigest()


def form_stamp(survey: Survey) -> str:
    """A signed stamp of when the form was given out (checked on the answer)."""
    return signing.dumps({"s": survey.pk, "t": timezone.now().timestamp()}, salt=FORM_SALT)


def communes_of(survey: Survey) -> list[Unit]:
    """The communes and wards of the round's scope as they are today, by name."""
    return list(
        subtree(survey.scope, on=timezone.localdate())
        .filter(kind=UnitKind.COMMUNE_PC)
        .order_by("name")
    )


def answer_submit(
    *,
    survey: Survey,
    commune_id: int | None,
    preference: str,
    reasons: list[str],
    places: list[str],
    cookie: str,
    ip: str | None,
    stamp: str,
    trap: str = "",
) -> Answer:
    if not survey.is_open():
        raise ValidationError(_("This survey round is closed. Thank you for your interest."))
    if trap:
        raise ValidationError(_("The answer could not be accepted."))
    try:
        given = signing.loads(stamp, salt=FORM_SALT, max_age=24 * 3600)
    except signing.BadSignature as exc:
        raise ValidationError(_("The form has expired; please open the survey again.")) from exc
    if given.get("s") != survey.pk:
        raise ValidationError(_("The form has expired; please open the survey again."))
    if timezone.now().timestamp() - float(given.get("t", 0)) < MIN_SECONDS:
        raise ValidationError(_("The answer came faster than a person can read the questions."))
    errors = {}
    commune = next((u for u in communes_of(survey) if u.pk == commune_id), None)
    if commune is None:
        errors["commune"] = _("Choose the commune or ward where you live.")
    if preference not in Preference.values:
        errors["preference"] = _("Choose one answer to the first question.")
    if any(r not in Reason.values for r in reasons) or len(reasons) > 3:
        errors["reasons"] = _("Choose at most three reasons from the list.")
    if any(p not in Place.values for p in places):
        errors["places"] = _("Choose places from the list.")
    if errors or commune is None:
        raise ValidationError(errors)
    if not cookie or len(cookie) < 16:
        raise ValidationError(
            _("Your browser did not keep the survey's cookie; allow cookies and try again.")
        )
    network = fingerprint("network", ip or "-", date.today().isoformat())
    with transaction.atomic():
        flood = Answer.objects.filter(survey=survey, network=network).count()
        if flood >= PER_NETWORK_PER_DAY:
            raise ValidationError(
                _("Too many answers came from your network today; please try again tomorrow.")
            )
        try:
            with transaction.atomic():
                return Answer.objects.create(
                    survey=survey,
                    commune=commune,
                    preference=preference,
                    reasons=sorted(set(reasons)),
                    places=sorted(set(places)),
                    respondent=fingerprint("respondent", survey.pk, cookie),
                    network=network,
                )
        except IntegrityError as exc:
            raise ValidationError(
                _("You have already answered this round of the survey. Thank you!")
            ) from exc


@transaction.atomic
def survey_open(*, scope: Unit, title: str, start: date, end: date, by: Actor) -> Survey:
    policy.require_targets(by, scope)
    survey = Survey(scope=scope, title=title.strip(), start=start, end=end)
    survey.full_clean()
    survey.save()
    audit.record("create", survey, by=by, unit=scope, changes=audit.created(survey))
    return survey


@transaction.atomic
def figure_save(
    *,
    unit: Unit,
    measure: str,
    value: object,
    measured_on: date,
    sample: object,
    method: str,
    source: str,
    by: Actor,
) -> OutcomeFigure:
    """Enter an outcome figure with its source; refused, nothing saved: a share over 100% or
    below zero, no shop checked for a share, no method or source, a date in the future."""
    policy.require_enter(by, unit)
    errors: dict[str, str] = {}
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        number = None
    if measure not in Measure.values:
        errors["measure"] = _("Choose a measure from the list.")
    elif number is None or not number.is_finite() or number < 0:
        errors["value"] = _("Enter a number, zero or more.")
    elif Measure(measure).is_share and number > 100:
        errors["value"] = _("A share is at most 100%.")
    text = str(sample).strip()
    checked = int(text) if text.isdigit() else -1
    if checked < 0:
        errors["sample"] = _(
            "Enter how many shops, points or people were checked (a whole number)."
        )
    elif measure in Measure.values and Measure(measure).is_share and checked == 0:
        errors["sample"] = _("A share is measured on a sample: say how many shops or people.")
    if measured_on > timezone.localdate():
        errors["measured_on"] = _("The date is in the future.")
    method, source = nfc(method or "").strip(), nfc(source or "").strip()
    if not method:
        errors["method"] = _("Say how it was measured (e.g. a check of the goods on the shelves).")
    if not source:
        errors["source"] = _("Say where the figure comes from (the report, its number and date).")
    if errors or number is None:
        raise ValidationError(errors)
    figure = OutcomeFigure.objects.create(
        unit=unit,
        measure=measure,
        value=number,
        measured_on=measured_on,
        sample=checked,
        method=method,
        source=source,
    )
    audit.record("create", figure, by=by, unit=unit, changes=audit.created(figure))
    return figure


@transaction.atomic
def target_save(
    *, scope: Unit, measure: str, level: str, value: object, basis: str, by: Actor
) -> OutcomeTarget:
    policy.require_targets(by, scope)
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({"value": _("Enter a number, zero or more.")}) from exc
    if measure not in Measure.values or level not in ("national", "province"):
        raise ValidationError(_("Choose a measure and a level from the list."))
    if number < 0 or (Measure(measure).is_share and number > 100):
        raise ValidationError({"value": _("A share is at most 100%.")})
    if not nfc(basis or "").strip():
        raise ValidationError({"basis": _("Name the decision that sets the target.")})
    target, created = OutcomeTarget.objects.update_or_create(
        scope=scope,
        measure=measure,
        level=level,
        defaults={"value": number, "basis": nfc(basis).strip()},
    )
    audit.record(
        "create" if created else "update", target, by=by, unit=scope, changes=audit.created(target)
    )
    return target
