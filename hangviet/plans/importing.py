"""The import pipeline shared by the command line and the web: read, parse, resolve, save."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User as DjangoUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hangviet.core import audit
from hangviet.core.text import nfc
from hangviet.core.typing import Actor
from hangviet.orgs.models import Unit
from hangviet.orgs.permissions import Action, require_somewhere
from hangviet.plans.models import Plan, PlanUpload
from hangviet.plans.parsing import ParsedPlan, parse_lines
from hangviet.plans.reading import DocumentError, read_document
from hangviet.plans.resolution import resolve
from hangviet.plans.selectors import same_plan
from hangviet.plans.services import plan_import


@dataclass
class Preview:
    parsed: ParsedPlan
    source_format: str
    encoding: str

    def to_dict(self) -> dict[str, Any]:
        data = self.parsed.to_dict()
        data["source_format"] = self.source_format
        data["unresolved"] = [m.text for m in self.parsed.unresolved]
        return data


def administrative_content(parsed: ParsedPlan) -> bool:
    """Whether a text has anything of an administrative document to read: a type or numbered
    sections, a number and symbol, a date of issue, cited documents or assigned duties. Only a
    text with none of them is refused; the rest is read for what it has, and `missing` says
    what a full plan would add."""
    return bool(
        parsed.recognised
        or parsed.symbol
        or parsed.year
        or parsed.citations
        or parsed.assignments
        or parsed.obligations
    )


def preview(data: bytes, filename: str = "", issuer: Unit | None = None) -> Preview:
    """Return what `data` would import as; raise DocumentError or ValidationError."""
    text = read_document(data, filename)
    parsed = parse_lines(text.lines)
    if not administrative_content(parsed):
        raise DocumentError(
            _(
                "This text has nothing of an administrative document to read: no document "
                "type, number or date of issue, no cited document and no assigned task."
            )
        )
    resolve(parsed, issuer=issuer)
    return Preview(parsed, text.source_format, text.encoding)


def import_file(
    data: bytes, *, filename: str = "", by: Actor, issuer: Unit | None = None
) -> tuple[Preview, Plan]:
    """Read, parse, resolve and save a document; return the preview and the plan."""
    result = preview(data, filename, issuer)
    chosen = issuer
    if chosen is None and result.parsed.issuer_unit_id:
        chosen = Unit.objects.get(pk=result.parsed.issuer_unit_id)
    if chosen is None:
        raise ValidationError(_("The issuing unit could not be recognised; choose it explicitly."))
    return result, plan_import(parsed=result.parsed, issuer=chosen, by=by, filename=filename)


@transaction.atomic
def plan_upload_create(*, by: DjangoUser, filename: str, data: bytes) -> PlanUpload:
    """Keep an uploaded (or pasted) document for its review page, once it reads as a plan.
    Raise DocumentError, keeping nothing, when it does not."""
    require_somewhere(by, Action.MANAGE, _("Only coordinators import plans."))
    preview(data, filename)
    upload = PlanUpload.objects.create(user=by, filename=nfc(filename)[:255], data=data)
    audit.record(
        "create",
        upload,
        by=by,
        changes={"filename": [None, upload.filename], "bytes": [None, len(data)]},
    )
    return upload


@transaction.atomic
def plan_upload_import(
    *, upload: PlanUpload, by: Actor, issuer: Unit | None, again: bool = False
) -> Plan:
    """Import a reviewed upload as a plan (once: an imported upload is not imported again).
    A document already imported as a current plan is refused unless `again` says the person
    saw the existing plan and wants a second one."""
    upload = PlanUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.plan_id is not None:
        raise ValidationError(_("This document was already imported."))
    if not again:
        found = same_plan(preview(bytes(upload.data), upload.filename).parsed, bytes(upload.data))
        if found is not None:
            raise ValidationError(_("This plan already exists: %(p)s.") % {"p": found.title})
    _preview, plan = import_file(bytes(upload.data), filename=upload.filename, by=by, issuer=issuer)
    upload.plan = plan
    upload.save(update_fields=["plan"])
    return plan
