"""Writes of data quality: the plan's data rules, a flag cleared by its reason, the evidence
sample drawn and checked. The reads are `reporting.quality`."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.core import audit
from hangviet.core.text import is_blank, nfc
from hangviet.core.typing import Actor, account_of
from hangviet.plans.models import Plan
from hangviet.reporting import policy
from hangviet.reporting.models import (
    SAMPLE_CHECKS,
    CheckResult,
    FlagNote,
    QualityRule,
    ReportRequest,
    SampleDraw,
    SampleItem,
)
from hangviet.reporting.quality import draw, parse_rule, sample_population

User = Actor

MAX_SAMPLE = 50  # items per unit

# The rules every plan starts with (code, rule, message), on the standard indicators.
DEFAULT_RULES = [
    (
        "airtime-per-programme",
        "airtime >= broadcast_programmes",
        "Thời lượng phát thanh, truyền hình (phút) không thể ít hơn số chương trình, phóng sự: "
        "mỗi chương trình dài ít nhất 1 phút.",
    ),
    (
        "airtime-not-too-long",
        "airtime <= 120 * broadcast_programmes",
        "Thời lượng bình quân vượt 120 phút mỗi chương trình, phóng sự: đề nghị kiểm tra lại "
        "số phút hoặc số chương trình.",
    ),
    (
        "participants-per-conference",
        "participants >= 5 * conferences",
        "Số người tham dự ít hơn 5 người cho mỗi hội nghị, tập huấn: đề nghị kiểm tra lại số "
        "người dự hoặc số hội nghị.",
    ),
    (
        "stalls-per-fair",
        "stalls >= fairs",
        "Mỗi hội chợ, phiên chợ có ít nhất một gian hàng: số gian hàng ít hơn số phiên.",
    ),
]


def _codes(plan: Plan) -> set[str]:
    return set(plan.indicators.values_list("code", flat=True))


@transaction.atomic
def rules_default(*, plan: Plan, by: User) -> list[QualityRule]:
    """Give a plan the standard data rules whose indicators it has (idempotent)."""
    policy.require_ask(by, plan)
    codes = _codes(plan)
    made = []
    for code, expression, message in DEFAULT_RULES:
        if not parse_rule(expression).names <= codes:
            continue
        rule, created = QualityRule.objects.get_or_create(
            plan=plan, code=code, defaults={"expression": expression, "message": message}
        )
        if created:
            audit.record("create", rule, by=by, unit=plan.issuing_unit, changes=audit.created(rule))
        made.append(rule)
    return made


@transaction.atomic
def rule_save(
    *,
    plan: Plan,
    by: User,
    code: str,
    expression: str,
    message: str,
    active: bool = True,
) -> QualityRule:
    """Write a data rule of the plan (the coordinator): a new code adds one, a known code
    changes it. Checked before anything is saved."""
    policy.require_ask(by, plan)
    code = (code or "").strip().lower()
    expression = nfc(expression or "").strip()
    message = nfc(message or "").strip()
    errors: dict[str, list[str]] = {}
    try:
        parse_rule(expression, _codes(plan))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if is_blank(message):
        errors["message"] = [_("Write the message the unit reads when the rule is broken.")]
    rule = QualityRule.objects.filter(plan=plan, code=code).first() or QualityRule(
        plan=plan, code=code
    )
    before = audit.snapshot(rule) if rule.pk else None
    rule.expression, rule.message, rule.active = expression, message, active
    try:
        rule.full_clean(exclude=["plan"] if errors else None)
    except ValidationError as exc:
        for key, values in exc.message_dict.items():
            errors.setdefault(key, []).extend(values)
    if errors:
        raise ValidationError(errors)
    rule.save()
    if before is None:
        audit.record("create", rule, by=by, unit=plan.issuing_unit, changes=audit.created(rule))
    else:
        changes = audit.diff(before, audit.snapshot(rule))
        if changes:
            audit.record("update", rule, by=by, unit=plan.issuing_unit, changes=changes)
    return rule


@transaction.atomic
def flag_clear(
    *, request: ReportRequest, key: str, value: int | None, reason: str, by: User
) -> FlagNote:
    """Clear a flag by a reason: the unit (before sending) or its reviewer. Kept for `value`."""
    policy.require_explain(by, request)
    reason = nfc(reason or "").strip()
    if is_blank(reason):
        raise ValidationError({"reason": _("Say why this figure is right.")})
    key = (key or "").strip()[:80]
    if not key:
        raise ValidationError(_("Unknown flag."))
    note = FlagNote.objects.create(
        request=request, key=key, value=value, reason=reason, written_by=account_of(by)
    )
    audit.record("create", note, by=by, unit=request.unit, changes=audit.created(note))
    return note


@transaction.atomic
def sample_draw(*, plan: Plan, period_code: str, size: int, seed: str = "", by: User) -> SampleDraw:
    """Draw `size` items of evidence per reporting unit, reproducibly from `seed` (a new
    random seed when none is given, recorded with the draw)."""
    policy.require_ask(by, plan)
    if not isinstance(size, int) or not 1 <= size <= MAX_SAMPLE:
        raise ValidationError(
            {"size": _("The sample takes 1 to %(n)s items per unit.") % {"n": MAX_SAMPLE}}
        )
    seed = (seed or "").strip() or secrets.token_hex(4)
    if len(seed) > 40:
        raise ValidationError({"seed": _("The seed is at most 40 characters.")})
    population = sample_population(plan, period_code)
    if not population:
        raise ValidationError(_("There is no confirmed evidence in this period to sample."))
    largest = max(len(ids) for _r, ids in population.values())
    if size > largest:
        raise ValidationError(
            {
                "size": _(
                    "The sample (%(n)s items per unit) is larger than the evidence of any "
                    "unit: the most a unit has is %(m)s."
                )
                % {"n": size, "m": largest}
            }
        )
    sample = SampleDraw.objects.create(
        plan=plan, period_code=period_code, size=size, seed=seed, drawn_by=account_of(by)
    )
    items = [
        SampleItem(draw=sample, activity_id=pk, unit_id=unit_id)
        for unit_id, (_request, ids) in population.items()
        for pk in draw(ids, size, seed, unit_id)
    ]
    SampleItem.objects.bulk_create(items)
    audit.record(
        "create",
        sample,
        by=by,
        unit=plan.issuing_unit,
        changes={
            "period": [None, period_code],
            "size": [None, size],
            "seed": [None, seed],
            "items": [None, [i.activity_id for i in items]],
        },
    )
    return sample


@transaction.atomic
def sample_check(
    *, item: SampleItem, by: User, checks: dict[str, bool | None], note: str = ""
) -> SampleItem:
    """Record what the checker found for one item: each check passed (True), failed (False)
    or not applicable (None); the item holds when no check failed."""
    policy.require_ask(by, item.draw.plan)
    unknown = set(checks) - set(SAMPLE_CHECKS)
    if unknown:
        raise ValidationError(_("Unknown checks: %(c)s") % {"c": ", ".join(sorted(unknown))})
    if all(v is None for v in checks.values()) or not checks:
        raise ValidationError(_("Tick at least one check."))
    note = nfc(note or "").strip()
    failed = any(v is False for v in checks.values())
    if failed and is_blank(note):
        raise ValidationError({"note": _("Say what does not hold.")})
    before = audit.snapshot(item)
    item.checks = {k: checks.get(k) for k in SAMPLE_CHECKS}
    item.result = CheckResult.PROBLEM if failed else CheckResult.VERIFIED
    item.note = note
    item.checked_by = account_of(by)
    item.checked_at = timezone.now()
    item.save()
    audit.record(
        "update", item, by=by, unit=item.unit, changes=audit.diff(before, audit.snapshot(item))
    )
    return item
