"""Writes to plans: import from a parsed document, edits, amendments, mapping unit names.
Each is atomic, validated, permission-checked on the issuing unit and audited."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.core import audit
from hangviet.core.text import clean, fold, is_blank, nfc
from hangviet.core.typing import Actor, account_of
from hangviet.orgs.models import Unit
from hangviet.plans import parsing, policy
from hangviet.plans.header import DOC_TYPES
from hangviet.plans.models import (
    Assignment,
    Channel,
    ChannelLine,
    DocType,
    LegalBasis,
    Mention,
    Plan,
    Recipient,
    ReportingObligation,
    Statement,
    Theme,
)
from hangviet.plans.resolution import resolve_assignee
from hangviet.plans.structure import plan_structure

User = Actor


def _require_current(plan: Plan) -> None:
    if plan.superseded_at is not None:
        raise ValidationError(
            _("This version was replaced by an amendment and can no longer be changed.")
        )


def _mention(plan: Plan, m: parsing.Mention, context: str, **links: Any) -> Mention:
    row = Mention.objects.create(
        plan=plan,
        context=context,
        text=m.text[:500],
        group=m.group or "",
        resolved=m.resolved,
        **links,
    )
    if m.unit_ids:
        row.units.set(Unit.objects.filter(pk__in=m.unit_ids))
    return row


@transaction.atomic
def plan_import(
    *,
    parsed: parsing.ParsedPlan,
    issuer: Unit,
    by: User,
    filename: str = "",
    issued_on: date | None = None,
    doc_type: str | None = None,
) -> Plan:
    """Save a parsed (and resolved) document as a plan with its duties; return it. A text
    without a type or a date of issue (a letter pasted from a page, news of a plan) is saved
    with the type and date the person gives on the review page (`doc_type`, `issued_on`)."""
    policy.require_issue(by, issuer)
    headline = _headline(parsed)
    if not parsed.recognised:
        if doc_type is None or doc_type not in DocType.values:
            raise ValidationError(
                {
                    "doc_type": _(
                        "The text does not say what kind of document it is: choose its type."
                    )
                }
            )
        parsed.doc_type = doc_type
        parsed.doc_type_name = next(name for code, name in DOC_TYPES.values() if code == doc_type)
    if not parsed.year:
        if issued_on is None:
            raise ValidationError(
                {
                    "issued_on": _(
                        "The text has no readable date of issue (…, ngày … tháng … năm …): "
                        "give the date."
                    )
                }
            )
        parsed.day, parsed.month, parsed.year = issued_on.day, issued_on.month, issued_on.year
    if (
        parsed.month is not None
        and not 1 <= parsed.month <= 12
        or (parsed.day is not None and parsed.issued_on is None)
    ):
        raise ValidationError(_("The date of the document is not a real date."))
    channels = {c.code: c for c in Channel.objects.all()}
    plan = Plan(
        issuing_unit=issuer,
        doc_type=parsed.doc_type if parsed.doc_type in DocType.values else "KH",
        doc_type_name=parsed.doc_type_name or "KẾ HOẠCH",
        number=parsed.number,
        joiner=parsed.joiner if parsed.symbol else "/",
        symbol=parsed.symbol or f"{parsed.doc_type or 'KH'}-{issuer.abbreviation}".rstrip("-"),
        parent_body=parsed.parent_body,
        issuer_name=parsed.issuer_name,
        place=parsed.place or _place_of(issuer),
        issue_day=parsed.day,
        issue_month=parsed.month,
        issue_year=parsed.year,
        summary=parsed.summary[:500] or headline or _("(no summary line)"),
        preamble="\n".join(parsed.preamble),
        closing=parsed.closing,
        archive=parsed.archive[:120],
        signer_authority=parsed.signer_authority[:120],
        signer_title=parsed.signer_title[:120],
        signer_name=parsed.signer_name[:120],
        import_warnings=[
            *parsed.warnings,
            *[_("Missing: %(m)s") % {"m": m} for m in parsed.missing],
        ],
        extra_sections=[
            {
                "number": s.number,
                "heading": s.heading,
                "blocks": [{"kind": b.kind, "number": b.number, "text": b.text} for b in s.blocks],
            }
            for s in parsed.sections
            if not _known_section(s.heading)
        ],
        source_filename=filename[:255],
        created_by=account_of(by),
    )
    plan.full_clean()
    plan.save()
    for order, ref in enumerate(parsed.legal_bases):
        LegalBasis.objects.create(
            plan=plan,
            order=order,
            kind=ref.kind,
            reference=ref.reference,
            number=ref.number,
            symbol=ref.symbol,
            issued_on=date.fromisoformat(ref.date) if ref.date else None,
            issuer=ref.issuer,
            title=ref.title,
        )
    for kind, texts in (
        (Statement.Kind.PURPOSE, parsed.purposes),
        (Statement.Kind.REQUIREMENT, parsed.requirements),
    ):
        for order, text in enumerate(texts):
            Statement.objects.create(plan=plan, kind=kind, order=order, text=text)
    for order, item in enumerate(parsed.themes):
        theme = Theme.objects.create(plan=plan, order=order, text=item.text)
        for sub_order, child in enumerate(item.children):
            Theme.objects.create(plan=plan, parent=theme, order=sub_order, text=child.text)
    for order, line in enumerate(parsed.channel_lines):
        row = ChannelLine.objects.create(plan=plan, order=order, text=line.text)
        row.channels.set([channels[c] for c in line.channels if c in channels])
    by_number: dict[str, Assignment] = {}
    for order, a in enumerate(parsed.assignments):
        by_number[a.number] = _save_assignment(
            plan,
            order=order,
            number=a.number,
            text=a.text,
            assignee_text=a.assignee_text,
            directed_text=a.directed_text,
            deadline=date.fromisoformat(a.deadline) if a.deadline else None,
            channel_codes=a.channels,
            mentions=a.mentions,
            channels=channels,
        )
    for o in parsed.obligations:
        obligation = ReportingObligation.objects.create(
            plan=plan,
            assignment=by_number.get(o.assignment),
            reporters_text=o.reporters.text[:500],
            recipient_id=o.recipient.unit_ids[0] if o.recipient.resolved else None,
            recipient_text=o.recipient.text[:300],
            via_id=o.via.unit_ids[0] if o.via and o.via.resolved else None,
            via_text=o.via.text[:300] if o.via else "",
            cadences=o.cadences,
            text=o.text,
        )
        obligation.reporters.set(Unit.objects.filter(pk__in=o.reporters.unit_ids))
        for found, context in (
            (o.recipient, Mention.Context.REPORT_TO),
            (o.via, Mention.Context.REPORT_VIA),
        ):
            if found is not None:
                _mention(plan, found, context, obligation=obligation)
    for order, r in enumerate(parsed.recipients):
        recipient = Recipient.objects.create(
            plan=plan, order=order, text=r.text[:300], purpose=r.purpose[:40]
        )
        _mention(plan, r.mention, Mention.Context.RECIPIENT, recipient=recipient)
    audit.record(
        "create", plan, by=by, unit=issuer, changes=audit.created(plan), note=filename[:300]
    )
    return plan


def _save_assignment(
    plan: Plan,
    *,
    order: int,
    number: str,
    text: str,
    assignee_text: str,
    directed_text: str,
    deadline: date | None,
    channel_codes: list[str],
    mentions: list[parsing.Mention],
    channels: dict[str, Channel],
) -> Assignment:
    """Save one duty with its channels, the names it gives (resolved or waiting to be mapped)
    and the units they stand for: a duty read from a document or added by hand."""
    assignment = Assignment.objects.create(
        plan=plan,
        order=order,
        number=number,
        text=text,
        assignee_text=assignee_text[:500],
        directed_text=directed_text[:500],
        deadline=deadline,
    )
    assignment.channels.set([channels[c] for c in channel_codes if c in channels])
    unit_ids: set[int] = set()
    for m in mentions:
        _mention(plan, m, Mention.Context.ASSIGNMENT, assignment=assignment)
        unit_ids.update(m.unit_ids)
    assignment.units.set(Unit.objects.filter(pk__in=unit_ids))
    return assignment


def _headline(parsed: parsing.ParsedPlan) -> str:
    """A text without a type line (news of a plan, a letter pasted from a page) is summed up
    by its first line when that is a headline: short, and not a sentence."""
    if parsed.recognised or not parsed.preamble:
        return ""
    first = " ".join(parsed.preamble[0].split())
    if first.isupper() or parsed.place and first.startswith(parsed.place):
        return ""  # a header's cell ("ỦY BAN NHÂN DÂN …", "…, ngày …"), not a headline
    return first if 8 <= len(first) <= 200 and not first.endswith((".", ",", ";", ":")) else ""


def _place_of(issuer: Unit) -> str:
    """Where a unit's documents are dated when the text does not say: its area's name as a
    document writes it ("Thái Nguyên" for "Tỉnh Thái Nguyên"), or its province's."""
    area = issuer.area_name or Unit.objects.get(pk=issuer.root_id).area_name
    for level in ("Tỉnh ", "Huyện ", "Quận ", "Thị xã ", "Xã ", "Phường ", "Thị trấn "):
        area = area.removeprefix(level)
    return area


def _known_section(heading: str) -> bool:
    key = fold(heading)
    return any(
        k in key
        for k in (
            "muc dich",
            "yeu cau",
            "noi dung",
            "hinh thuc",
            "nhiem vu",
            "to chuc thuc hien",
            "phan cong",
            "trach nhiem",
        )
    )


PLAN_EDITABLE = {
    "number",
    "joiner",
    "symbol",
    "parent_body",
    "issuer_name",
    "place",
    "issue_day",
    "issue_month",
    "issue_year",
    "summary",
    "preamble",
    "closing",
    "archive",
    "signer_authority",
    "signer_title",
    "signer_name",
    "status",
}


@transaction.atomic
def plan_update(*, plan: Plan, by: User, **changes: Any) -> Plan:
    """Change header fields of a plan; return it."""
    unknown = set(changes) - PLAN_EDITABLE
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    policy.require_manage(by, plan)
    _require_current(plan)
    before = audit.snapshot(plan)
    for key, value in changes.items():
        setattr(plan, key, nfc(value).strip() if isinstance(value, str) else value)
    plan.full_clean()
    try:
        plan.reference_date  # noqa: B018 - validates day/month/year together
    except ValueError as exc:
        raise ValidationError({"issue_day": _("This is not a real date.")}) from exc
    plan.save()
    changed = audit.diff(before, audit.snapshot(plan))
    if changed:
        audit.record("update", plan, by=by, unit=plan.issuing_unit, changes=changed)
    return plan


@transaction.atomic
def theme_add(*, plan: Plan, by: User, text: str, parent: Theme | None = None) -> Theme:
    """Add a content theme (or a sub-item of `parent`) at the end; return it."""
    policy.require_manage(by, plan)
    _require_current(plan)
    text = clean(text).strip()
    if is_blank(text):
        raise ValidationError(
            {"text": _("The text must not be empty or made only of invisible characters.")}
        )
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError({"parent": _("The parent theme belongs to another plan.")})
    siblings = Theme.objects.filter(plan=plan, parent=parent)
    theme = Theme.objects.create(plan=plan, parent=parent, text=text, order=siblings.count())
    audit.record("create", theme, by=by, unit=plan.issuing_unit, changes=audit.created(theme))
    return theme


@transaction.atomic
def assignment_add(
    *, plan: Plan, by: User, text: str, assignee_text: str, deadline: date | None = None
) -> Assignment:
    """Add a duty by hand at the end of the plan's duties (one the reader could not read, or
    one the plan gives in words of its own): the units named in `assignee_text` are looked up
    in the registry; a name not found waits to be mapped by hand. Return it."""
    policy.require_manage(by, plan)
    _require_current(plan)
    text, assignee_text = clean(text).strip(), clean(assignee_text).strip()
    errors = {}
    if is_blank(text):
        errors["text"] = _("Write the duty.")
    if is_blank(assignee_text):
        errors["assignee_text"] = _("Write the unit or units given this duty.")
    if errors:
        raise ValidationError(errors)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    existing = list(plan.assignments.values_list("number", flat=True))
    numbers = [int(n) for n in existing if n.isdigit()]
    assignment = _save_assignment(
        plan,
        order=len(existing),
        number=str(max(numbers, default=0) + 1),
        text=text,
        assignee_text=assignee_text,
        directed_text="",
        deadline=deadline,
        channel_codes=parsing.channels_in(text),
        mentions=resolve_assignee(assignee_text, issuer=plan.issuing_unit, on=plan.reference_date),
        channels={c.code: c for c in Channel.objects.all()},
    )
    audit.record(
        "create", assignment, by=by, unit=plan.issuing_unit, changes=audit.created(assignment)
    )
    return assignment


@transaction.atomic
def theme_update(*, theme: Theme, by: User, text: str) -> Theme:
    policy.require_manage(by, theme.plan)
    _require_current(theme.plan)
    text = clean(text).strip()
    if is_blank(text):
        raise ValidationError(
            {"text": _("The text must not be empty or made only of invisible characters.")}
        )
    before = audit.snapshot(theme)
    theme.text = text
    theme.save()
    audit.record(
        "update",
        theme,
        by=by,
        unit=theme.plan.issuing_unit,
        changes=audit.diff(before, audit.snapshot(theme)),
    )
    return theme


@transaction.atomic
def theme_delete(*, theme: Theme, by: User) -> None:
    policy.require_manage(by, theme.plan)
    _require_current(theme.plan)
    audit.record(
        "delete",
        theme,
        by=by,
        unit=theme.plan.issuing_unit,
        changes=audit.diff(audit.snapshot(theme), {}),
    )
    theme.delete()


@transaction.atomic
def mention_map(*, mention: Mention, units: list[Unit], by: User) -> Mention:
    """Map a name in the plan to registry units by hand; the assignment follows."""
    plan = mention.plan
    policy.require_manage(by, plan)
    _require_current(plan)
    if not units:
        raise ValidationError({"units": _("Choose at least one unit.")})
    before = sorted(mention.units.values_list("pk", flat=True))
    mention.units.set(units)
    mention.resolved = True
    mention.save(update_fields=["resolved"])
    assignment = mention.assignment
    if assignment is not None:
        ids: set[int] = set()
        for m in assignment.mentions.prefetch_related("units"):
            ids.update(m.units.values_list("pk", flat=True))
        assignment.units.set(Unit.objects.filter(pk__in=ids))
    obligation = mention.obligation
    if obligation is not None and len(units) == 1:
        field = "recipient" if mention.context == Mention.Context.REPORT_TO else "via"
        setattr(obligation, field, units[0])
        obligation.save(update_fields=[field])
    audit.record(
        "update",
        mention,
        by=by,
        unit=plan.issuing_unit,
        changes={"units": [before, sorted(u.pk for u in units)]},
    )
    return mention


@transaction.atomic
def plan_amend(*, plan: Plan, by: User) -> Plan:
    """Start an amendment: a new version copying everything; the old one is frozen."""
    policy.require_manage(by, plan)
    _require_current(plan)
    structure = plan_structure(plan)
    new = plan_import(
        parsed=structure, issuer=plan.issuing_unit, by=by, filename=plan.source_filename
    )
    # Hand-made mappings carry over: copy mention units by position.
    old_mentions = list(plan.mentions.order_by("id").prefetch_related("units"))
    for old, fresh in zip(old_mentions, new.mentions.order_by("id"), strict=False):
        fresh.units.set(old.units.all())
        fresh.resolved = old.resolved
        fresh.save(update_fields=["resolved"])
    for old_a, new_a in zip(plan.assignments.all(), new.assignments.all(), strict=False):
        new_a.units.set(old_a.units.all())
        new_a.themes.set(
            Theme.objects.filter(
                plan=new, order__in=old_a.themes.values_list("order", flat=True), parent=None
            )
        )
    new.version = plan.version + 1
    new.previous = plan
    new.status = plan.status
    new.import_warnings = []
    new.save()
    plan.superseded_at = timezone.now()
    plan.save(update_fields=["superseded_at", "updated_at"])
    audit.record(
        "update",
        plan,
        by=by,
        unit=plan.issuing_unit,
        changes={"superseded_at": [None, plan.superseded_at.isoformat()]},
        note=f"amended by version {new.version}",
    )
    return new
