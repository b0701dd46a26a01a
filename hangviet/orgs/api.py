"""API routes of the organisation registry: units, their history and successors, roles."""

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hangviet.core.pagination import Keyset
from hangviet.core.params import Day, Id
from hangviet.orgs import policy, selectors, services
from hangviet.orgs.models import Role, RoleAssignment, Unit, UnitKind
from hangviet.orgs.permissions import Action

units_router = Router(tags=["units"])
roles_router = Router(tags=["roles"])


class UnitRef(Schema):
    id: int
    code: str
    kind: str
    name: str
    short_name: str
    valid_from: date | None
    valid_to: date | None


class UnitOut(UnitRef):
    parent_id: int | None
    area_type: str
    area_name: str
    abbreviation: str
    agency_code: str
    email: str
    is_mountainous: bool
    is_remote: bool
    is_ethnic_minority: bool
    is_dense: bool
    source: str


class SuccessionOut(Schema):
    unit: UnitRef
    kind: str
    partial: bool
    effective_date: date
    legal_basis: str


class UnitDetailOut(UnitOut):
    parent: UnitRef | None
    predecessors: list[SuccessionOut]
    successors: list[SuccessionOut]
    current_units: list[UnitRef] = Field(
        description="Units valid today that this unit became (itself if it still exists)."
    )
    former_units: list[UnitRef] = Field(
        description="Every earlier unit that makes up this one, followed through all links."
    )
    note: str


class UnitPatch(Schema):
    name: str | None = None
    short_name: str | None = None
    abbreviation: str | None = None
    agency_code: str | None = None
    email: str | None = None
    parent: Id | None = None
    is_mountainous: bool | None = None
    is_remote: bool | None = None
    is_ethnic_minority: bool | None = None
    is_dense: bool | None = None
    valid_from: Day | None = None
    valid_to: Day | None = None


class UnitCreate(Schema):
    kind: UnitKind
    name: str
    parent: Id
    short_name: str = ""
    abbreviation: str = ""
    agency_code: str = ""
    email: str = ""
    code: str = ""


class AuditOut(Schema):
    id: int
    at: str
    actor: str
    ip: str | None
    action: str
    object_type: str
    object_id: str
    object: str
    changes: dict
    note: str


class RoleOut(Schema):
    id: int
    username: str
    role: str
    unit: UnitRef


class RoleIn(Schema):
    username: str
    role: Role
    unit: Id


def _detail(unit: Unit) -> dict[str, Any]:
    preds = unit.precessions.select_related("predecessor")
    succs = unit.successions.select_related("successor")
    return {
        **{f: getattr(unit, f) for f in UnitOut.model_fields if hasattr(unit, f)},
        "note": unit.note,
        "parent": unit.parent,
        "predecessors": [
            {
                "unit": s.predecessor,
                "kind": s.kind,
                "partial": s.partial,
                "effective_date": s.effective_date,
                "legal_basis": s.legal_basis,
            }
            for s in preds
        ],
        "successors": [
            {
                "unit": s.successor,
                "kind": s.kind,
                "partial": s.partial,
                "effective_date": s.effective_date,
                "legal_basis": s.legal_basis,
            }
            for s in succs
        ],
        "current_units": selectors.current_units(unit),
        "former_units": selectors.former_units(unit),
    }


@units_router.get("", response=list[UnitOut], summary="List units (paged by cursor)")
@paginate(Keyset)
def list_units(
    request: HttpRequest,
    kind: UnitKind | None = None,
    parent: Id | None = None,
    code: str = "",
    valid_on: Day | None = None,
    q: str = Query("", max_length=200, description="name, without diacritics if you like"),
) -> QuerySet[Unit]:
    """The registry is public information: any signed-in user or token may read it."""
    return selectors.units_search(
        q=q, kind=kind or "", parent_id=parent, code=code, valid_on=valid_on
    )


@units_router.post("", response={201: UnitDetailOut}, summary="Create a unit")
def create_unit(request: HttpRequest, payload: UnitCreate) -> Status:
    parent = Unit.objects.filter(pk=payload.parent).first()
    if parent is None:
        raise ValidationError({"parent": _("The parent unit does not exist.")})
    unit = services.unit_create(
        by=request.user,
        kind=payload.kind,
        name=payload.name,
        parent=parent,
        short_name=payload.short_name,
        abbreviation=payload.abbreviation,
        agency_code=payload.agency_code,
        email=payload.email,
        code=payload.code,
    )
    return Status(201, _detail(unit))


@units_router.get("/{unit_id}/", response=UnitDetailOut, summary="A unit with its successors")
def get_unit(request: HttpRequest, unit_id: Id) -> dict[str, Any]:
    return _detail(policy.unit_for(request.user, unit_id))


@units_router.patch("/{unit_id}/", response=UnitDetailOut, summary="Change a unit")
def patch_unit(request: HttpRequest, unit_id: Id, payload: UnitPatch) -> dict[str, Any]:
    unit = policy.unit_for(request.user, unit_id, Action.MANAGE)
    changes = payload.dict(exclude_unset=True)
    if "parent" in changes and changes["parent"] is not None:
        new_parent = Unit.objects.filter(pk=changes["parent"]).first()
        if new_parent is None:
            raise ValidationError({"parent": _("The parent unit does not exist.")})
        changes["parent"] = new_parent
    unit = services.unit_update(unit=unit, by=request.user, **changes)
    return _detail(unit)


@units_router.get(
    "/{unit_id}/subtree/", response=list[UnitRef], summary="A unit's subtree (paged by cursor)"
)
@paginate(Keyset)
def get_subtree(request: HttpRequest, unit_id: Id, on: Day | None = None) -> QuerySet[Unit]:
    """The unit and everything under it as the map stood on `on` (every date when omitted)."""
    return selectors.subtree(policy.unit_for(request.user, unit_id), on)


def _audit_out(e: Any) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": e.at.isoformat(),
        "actor": e.actor_label,
        "ip": e.ip,
        "action": e.action,
        "object_type": e.content_type.model,
        "object_id": e.object_id,
        "object": e.object_repr,
        "changes": e.changes,
        "note": e.note,
    }


@units_router.get(
    "/{unit_id}/history/", response=list[AuditOut], summary="A unit's history (paged by cursor)"
)
@paginate(Keyset, transform=_audit_out)
def get_history(request: HttpRequest, unit_id: Id) -> QuerySet[Any]:
    """Newest first; every event is reached by paging (no cap)."""
    unit = policy.history_unit_for(request.user, unit_id)
    return selectors.unit_history(unit, request.user).select_related("content_type")


def _role_out(ra: RoleAssignment) -> dict[str, Any]:
    return {"id": ra.pk, "username": ra.user.get_username(), "role": ra.role, "unit": ra.unit}


@roles_router.get("", response=list[RoleOut], summary="Roles you hold or manage (paged by cursor)")
@paginate(Keyset, transform=_role_out)
def list_roles(request: HttpRequest) -> QuerySet[RoleAssignment]:
    return (
        policy.roles_for(request.user).select_related("user", "unit").order_by("unit__path", "id")
    )


@roles_router.post("", response={201: RoleOut}, summary="Give a user a role on a unit")
def grant_role(request: HttpRequest, payload: RoleIn) -> Status:
    unit = Unit.objects.filter(pk=payload.unit).first()
    if unit is None:
        raise ValidationError({"unit": _("The unit does not exist.")})
    policy.require_grant(request.user, payload.role, unit)
    user = get_user_model().objects.filter(username=payload.username).first()
    if user is None:
        user = services.user_provision(username=payload.username, by=request.user)
    assignment = services.role_grant(by=request.user, user=user, role=payload.role, unit=unit)
    return Status(201, _role_out(assignment))


@roles_router.delete("/{role_id}/", response={204: None}, summary="Take a role away")
def revoke_role(request: HttpRequest, role_id: Id) -> Status:
    assignment = policy.role_for_revoking(request.user, role_id)
    services.role_revoke(by=request.user, assignment=assignment)
    return Status(204, None)
