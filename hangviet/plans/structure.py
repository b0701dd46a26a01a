"""A saved plan as the same structure the parser produces: for JSON, export and amendments."""

from hangviet.plans import parsing
from hangviet.plans.models import Mention, Plan, Statement


def _mention(row: Mention | None) -> parsing.Mention:
    if row is None:
        return parsing.Mention(text="")
    units = sorted(row.units.all(), key=lambda u: u.pk)
    return parsing.Mention(
        text=row.text,
        group=row.group or None,
        unit_ids=[u.pk for u in units],
        unit_names=[u.display_name for u in units],
        resolved=row.resolved,
    )


def plan_structure(plan: Plan) -> parsing.ParsedPlan:
    """Return `plan` as a ParsedPlan."""
    mentions = list(plan.mentions.prefetch_related("units"))
    by_assignment: dict[int, list[Mention]] = {}
    by_recipient: dict[int, Mention] = {}
    by_obligation: dict[tuple[int, str], Mention] = {}
    for m in mentions:
        if m.assignment_id:
            by_assignment.setdefault(m.assignment_id, []).append(m)
        if m.recipient_id:
            by_recipient[m.recipient_id] = m
        if m.obligation_id:
            by_obligation[(m.obligation_id, m.context)] = m
    themes = list(plan.themes.all())
    children: dict[int, list] = {}
    for t in themes:
        if t.parent_id:
            children.setdefault(t.parent_id, []).append(parsing.Item(t.text))
    assignments = list(plan.assignments.prefetch_related("channels"))
    numbers = {a.pk: a.number for a in assignments}
    return parsing.ParsedPlan(
        doc_type=plan.doc_type,
        doc_type_name=plan.doc_type_name,
        number=plan.number,
        joiner=plan.joiner or "/",
        symbol=plan.symbol,
        issuer_abbreviation=plan.symbol.split("-", 1)[-1] if "-" in plan.symbol else "",
        parent_body=plan.parent_body,
        issuer_name=plan.issuer_name,
        place=plan.place,
        day=plan.issue_day,
        month=plan.issue_month,
        year=plan.issue_year,
        summary=plan.summary,
        preamble=[p for p in plan.preamble.split("\n") if p],
        legal_bases=[
            parsing.LegalRef(
                b.kind,
                b.reference,
                b.number,
                b.symbol,
                b.issued_on.isoformat() if b.issued_on else None,
                b.issuer,
                b.title,
            )
            for b in plan.legal_bases.all()
        ],
        purposes=[s.text for s in plan.statements.all() if s.kind == Statement.Kind.PURPOSE],
        requirements=[
            s.text for s in plan.statements.all() if s.kind == Statement.Kind.REQUIREMENT
        ],
        themes=[parsing.Item(t.text, children.get(t.pk, [])) for t in themes if not t.parent_id],
        channel_lines=[
            parsing.ChannelLine(c.text, [ch.code for ch in c.channels.all()])
            for c in plan.channel_lines.prefetch_related("channels")
        ],
        assignments=[
            parsing.Assignment(
                number=a.number,
                text=a.text,
                assignee_text=a.assignee_text,
                directed_text=a.directed_text,
                mentions=[_mention(m) for m in by_assignment.get(a.pk, [])],
                channels=[c.code for c in a.channels.all()],
            )
            for a in assignments
        ],
        obligations=[
            parsing.Obligation(
                assignment=numbers.get(o.assignment_id, "") if o.assignment_id else "",
                reporters=parsing.Mention(
                    text=o.reporters_text,
                    unit_ids=[u.pk for u in sorted(o.reporters.all(), key=lambda u: u.pk)],
                    unit_names=[
                        u.display_name for u in sorted(o.reporters.all(), key=lambda u: u.pk)
                    ],
                    resolved=bool(o.reporters.all()),
                ),
                recipient=_mention(by_obligation.get((o.pk, Mention.Context.REPORT_TO))),
                via=_mention(by_obligation[(o.pk, Mention.Context.REPORT_VIA)])
                if (o.pk, Mention.Context.REPORT_VIA) in by_obligation
                else None,
                cadences=list(o.cadences),
                text=o.text,
            )
            for o in plan.obligations.prefetch_related("reporters")
        ],
        sections=[
            parsing.Section(
                s["number"],
                s["heading"],
                [parsing.Block(b["kind"], b["text"], b.get("number", "")) for b in s["blocks"]],
            )
            for s in plan.extra_sections
        ],
        closing=plan.closing,
        recipients=[
            parsing.Recipient(r.text, r.purpose, _mention(by_recipient.get(r.pk)))
            for r in plan.recipients.all()
        ],
        archive=plan.archive,
        signer_authority=plan.signer_authority,
        signer_title=plan.signer_title,
        signer_name=plan.signer_name,
        issuer_unit_id=plan.issuing_unit_id,
        warnings=list(plan.import_warnings),
    )
