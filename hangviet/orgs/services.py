"""Writes to the organisation registry and to accounts. Each is atomic, validated,
permission-checked and audited. `by=None` means the system (a command run by an operator)."""

import csv
import hashlib
import io
import secrets
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User as DjangoUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.core import audit
from hangviet.core.text import fold, nfc
from hangviet.core.typing import Actor
from hangviet.orgs import policy
from hangviet.orgs.models import (
    ApiToken,
    Role,
    RoleAssignment,
    Unit,
    UnitKind,
    UnitSuccession,
)
from hangviet.orgs.permissions import forget, limit_to_units, within
from hangviet.orgs.signals import unit_moved
from hangviet.orgs.tasks import notify_role_granted

UNIT_EDITABLE_FIELDS = {
    "kind",
    "parent",
    "code",
    "area_type",
    "name",
    "short_name",
    "area_name",
    "abbreviation",
    "agency_code",
    "email",
    "is_mountainous",
    "is_remote",
    "is_ethnic_minority",
    "is_dense",
    "valid_from",
    "valid_to",
    "latitude",
    "longitude",
    "source",
    "note",
}
TEXT_FIELDS = {
    "code",
    "area_type",
    "name",
    "short_name",
    "area_name",
    "abbreviation",
    "agency_code",
    "note",
}


def unit_search_text(unit: Unit) -> str:
    """Return the folded text a unit is found by: its names, abbreviation and code."""
    parts = [unit.name, unit.short_name, unit.area_name, unit.abbreviation, unit.code]
    return fold(" | ".join(p for p in parts if p))


@transaction.atomic
def unit_create(*, by: Actor, kind: str, name: str, **fields: Any) -> Unit:
    """Create a unit under `parent` (keyword) and return it."""
    unknown = set(fields) - UNIT_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    parent: Unit | None = fields.get("parent")
    policy.require_unit_create(by, parent, [k for k, v in fields.items() if v])
    for key in TEXT_FIELDS & set(fields):
        fields[key] = nfc(fields[key] or "").strip()
    unit = Unit(kind=kind, name=nfc(name).strip(), **fields)
    unit.search_text = unit_search_text(unit)
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = parent.depth + 1 if parent else 0
    Unit.objects.filter(pk=unit.pk).update(path=unit.path, depth=unit.depth)
    audit.record("create", unit, by=by, unit=unit, changes=audit.created(unit))
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, by: Actor, **changes: Any) -> Unit:
    """Change fields of `unit`; moving it moves its whole subtree. Return the unit."""
    unknown = set(changes) - UNIT_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    new_parent = changes.get("parent", unit.parent)
    moving = "parent" in changes and (new_parent.pk if new_parent else None) != unit.parent_id
    policy.require_unit_change(
        by,
        unit,
        new_parent=new_parent if moving else policy.UNCHANGED,
        fields=[k for k, v in changes.items() if getattr(unit, k) != v],
    )
    before = audit.snapshot(unit)
    if moving and new_parent is not None and new_parent.path.startswith(unit.path):
        raise ValidationError(
            {"parent": _("A unit cannot be placed under itself or one of its own units.")}
        )
    for key, value in changes.items():
        field = Unit._meta.get_field(key)
        if value is None and not getattr(field, "null", True):
            if not isinstance(field, models.CharField | models.TextField):
                raise ValidationError({key: _("This field cannot be empty.")})
            value = ""  # "no e-mail" is an empty text, never NULL
        if key in TEXT_FIELDS:
            value = nfc(value or "").strip()
        setattr(unit, key, value)
    unit.search_text = unit_search_text(unit)
    unit.full_clean(exclude=["path"])
    if moving:
        old_path = unit.path
        new_path = f"{new_parent.path if new_parent else '/'}{unit.pk}/"
        depth_delta = (new_parent.depth + 1 if new_parent else 0) - unit.depth
        unit.path, unit.depth = new_path, unit.depth + depth_delta
        unit.save()
        within(Unit.objects.all(), old_path, "").exclude(pk=unit.pk).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + depth_delta,
        )
        unit_moved.send(sender=Unit, unit_id=unit.pk, old_path=old_path, new_path=new_path)
    else:
        unit.save()
    changed = audit.diff(before, audit.snapshot(unit))
    if changed:
        audit.record("update", unit, by=by, unit=unit, changes=changed)
    return unit


@transaction.atomic
def succession_add(
    *,
    by: Actor,
    predecessor: Unit,
    successor: Unit,
    kind: str,
    effective_date: date,
    legal_basis: str = "",
    partial: bool = False,
    note: str = "",
) -> UnitSuccession:
    """Record that `predecessor` became (part of) `successor`; return the link."""
    policy.require_succession(by, predecessor, successor)
    link = UnitSuccession(
        predecessor=predecessor,
        successor=successor,
        kind=kind,
        effective_date=effective_date,
        legal_basis=nfc(legal_basis),
        partial=partial,
        note=nfc(note),
    )
    link.full_clean()
    link.save()
    audit.record("create", link, by=by, unit=predecessor, changes=audit.created(link))
    return link


SUCCESSION_FIELDS = {"successor", "kind", "effective_date", "legal_basis", "partial", "note"}


@transaction.atomic
def succession_update(*, by: Actor, link: UnitSuccession, **changes: Any) -> UnitSuccession:
    """Correct a succession link (its date, legal basis, kind, …)."""
    unknown = set(changes) - SUCCESSION_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    link = UnitSuccession.objects.select_for_update().get(pk=link.pk)
    policy.require_succession(by, link.predecessor, link.successor)
    before = audit.snapshot(link)
    for key, value in changes.items():
        setattr(link, key, nfc(value) if isinstance(value, str) else value)
    policy.require_succession(by, link.predecessor, link.successor)
    link.full_clean()
    link.save()
    audit.record(
        "update",
        link,
        by=by,
        unit=link.predecessor,
        changes=audit.diff(before, audit.snapshot(link)),
    )
    return link


@transaction.atomic
def succession_remove(*, by: Actor, link: UnitSuccession) -> None:
    """Remove a succession link recorded by mistake."""
    policy.require_succession(by, link.predecessor, link.successor)
    audit.record(
        "delete",
        link,
        by=by,
        unit=link.predecessor,
        changes=audit.diff(audit.snapshot(link), {}),
    )
    link.delete()


@transaction.atomic
def user_provision(*, username: str, by: Actor, email: str = "") -> DjangoUser:
    """Return the user named `username`, creating it with an unusable password when new."""
    User = get_user_model()
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("The user name must not be empty.")})
    user = User.objects.filter(username=username).first()
    if user is None:
        policy.require_account_create(by)
        user = User(username=username, email=email)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit.record("create", user, by=by, changes={"username": [None, username]})
    return user


@transaction.atomic
def role_grant(*, by: Actor, user: DjangoUser, role: str, unit: Unit) -> RoleAssignment:
    """Give `user` `role` on `unit` (idempotent) and return the assignment."""
    if role not in Role.values:
        raise ValidationError(
            {
                "role": _("Unknown role “%(role)s”. Use one of: %(roles)s.")
                % {"role": role, "roles": ", ".join(Role.values)}
            }
        )
    policy.require_grant(by, role, unit)
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    if created:
        audit.record(
            "create",
            assignment,
            by=by,
            unit=unit,
            changes={"user": [None, user.get_username()], "role": [None, role]},
        )
        if user.email:
            pk = assignment.pk
            transaction.on_commit(lambda: notify_role_granted.enqueue(pk))
    forget(user)
    return assignment


@transaction.atomic
def role_revoke(*, by: Actor, assignment: RoleAssignment) -> None:
    """Take a role away (the same reach as giving it)."""
    policy.require_revoke(by, assignment)
    audit.record(
        "delete",
        assignment,
        by=by,
        unit=assignment.unit,
        changes={"user": [assignment.user.get_username(), None], "role": [assignment.role, None]},
    )
    assignment.delete()
    forget(assignment.user)


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def password_stamp(user: DjangoUser) -> str:
    """A fingerprint of the user's stored password hash (never the password itself)."""
    return hashlib.sha256(f"hangviet-token|{user.password}".encode()).hexdigest()


TOKEN_PREFIX = "hv_"


@transaction.atomic
def api_token_create(
    *,
    by: Actor,
    user: DjangoUser,
    name: str = "",
    units: list[Unit] | None = None,
    second_factor: bool = False,
) -> tuple[ApiToken, str]:
    """Create a token for `user`, optionally limited to some of the units the user's roles
    reach; return it and the secret, which is never stored. `second_factor` says the request
    that asked for it passed two-step sign-in."""
    policy.require_self_or_administrator(by, user.pk, _("You may only create tokens for yourself."))
    units = list(units or [])
    for unit in units:
        if not policy.may_limit_token_to(user, unit):
            raise ValidationError({"units": _("“%(u)s” is not one of your units.") % {"u": unit}})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=nfc(name)[:100],
        prefix=raw[:10],
        key_hash=_hash_token(raw),
        second_factor=second_factor,
        password_stamp=password_stamp(user),
    )
    token.units.set(units)
    audit.record(
        "create",
        token,
        by=by,
        changes={
            "user": [None, user.get_username()],
            "name": [None, name],
            "units": [None, [u.pk for u in units]],
            "second_factor": [None, second_factor],
        },
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, by: Actor, token: ApiToken) -> None:
    """Revoke `token`; it stops working at once."""
    policy.require_self_or_administrator(
        by, token.user_id, _("You may only revoke your own tokens.")
    )
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit.record(
        "update", token, by=by, changes={"revoked_at": [None, token.revoked_at.isoformat()]}
    )


def api_token_find(raw: str) -> ApiToken | None:
    """Return the live token of an active user that `raw` is the secret of, or None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.password_stamp != password_stamp(token.user):
        return None  # the password changed after the token was made
    return token


def api_token_use(token: ApiToken) -> DjangoUser:
    """Return the user `token` acts for, narrowed to the token's units; note the use."""
    now = timezone.now()
    # Touch at most once a minute: a busy integration should not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    user = token.user
    limited = list(token.units.all())
    if limited:
        limit_to_units(user, limited)
    return user


def unit_by_reference(reference: str, on: date | None = None) -> Unit:
    """Return the unit an operator means by `reference`: an official code, an id, or "id:N".

    Official codes win over ids ("19" is the province of Thái Nguyên); a code names the unit
    valid on `on` (today by default), else the most recent one.
    """
    reference = reference.strip()
    if reference.lower().startswith("id:"):
        found = (
            Unit.objects.filter(pk=int(reference[3:])).first()
            if reference[3:].isdecimal()
            else None
        )
        if found is None:
            raise Unit.DoesNotExist(_("No unit has the id “%(ref)s”.") % {"ref": reference[3:]})
        return found
    candidates = list(Unit.objects.filter(code=reference).order_by("-valid_from"))
    if not candidates and reference.isdecimal():
        found = Unit.objects.filter(pk=int(reference)).first()
        if found:
            return found
    if not candidates:
        raise Unit.DoesNotExist(
            _("No unit has the id or official code “%(ref)s”.") % {"ref": reference}
        )
    day = on or timezone.localdate()
    current = [u for u in candidates if u.is_valid_on(day)]
    pool = current or candidates
    # Administrative bodies before their divisions when a code is shared.
    kinds_first: list[str] = [UnitKind.PROVINCE_PC, UnitKind.DISTRICT_PC, UnitKind.COMMUNE_PC]
    pool.sort(key=lambda u: kinds_first.index(u.kind) if u.kind in kinds_first else 9)
    return pool[0]


COORDINATES_MAX_BYTES = 5 * 1024 * 1024
# Vietnam with its islands (Trường Sa reaches 117° E); a point outside is a typing error.
LATITUDES, LONGITUDES = (6.0, 24.0), (102.0, 118.0)
_COORDINATE_HEADERS = {
    "code": ("code", "ma", "mã", "mã đơn vị", "ma don vi"),
    "latitude": ("latitude", "lat", "vi do", "vĩ độ"),
    "longitude": ("longitude", "lon", "lng", "kinh do", "kinh độ"),
}


@transaction.atomic
def coordinates_import(*, data: bytes, by: Actor) -> int:
    """Set the seats of units from a CSV file (official code, latitude, longitude — in English
    or Vietnamese headers, decimal point or comma). All lines or none: any bad line refuses
    the file with every problem listed. Return the number of units changed."""
    if len(data) > COORDINATES_MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The file is not UTF-8 text; save it as CSV UTF-8.")) from exc
    delimiter = ";" if text.count(";") > text.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:  # a stray carriage return or quote, found by fuzzing
        raise ValidationError(_("The file is not a readable CSV file.")) from exc
    if not rows:
        raise ValidationError(_("The file is empty."))
    header = [nfc(h).strip().lower() for h in rows[0]]
    columns = {}
    for name, spellings in _COORDINATE_HEADERS.items():
        found = [i for i, h in enumerate(header) if h in spellings]
        if not found:
            raise ValidationError(
                _("The first line must name the columns: code, latitude, longitude.")
            )
        columns[name] = found[0]
    problems: list[str] = []
    changes: list[tuple[Unit, float, float]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            code = row[columns["code"]].strip()
            lat = float(row[columns["latitude"]].strip().replace(",", "."))
            lon = float(row[columns["longitude"]].strip().replace(",", "."))
        except (IndexError, ValueError):
            problems.append(_("Line %(n)s: a code and two numbers are needed.") % {"n": number})
            continue
        if not (LATITUDES[0] <= lat <= LATITUDES[1] and LONGITUDES[0] <= lon <= LONGITUDES[1]):
            problems.append(
                _("Line %(n)s: %(lat)s, %(lon)s is not in Vietnam.")
                % {"n": number, "lat": lat, "lon": lon}
            )
            continue
        try:
            unit = unit_by_reference(code)
        except Unit.DoesNotExist:
            problems.append(
                _("Line %(n)s: no unit has the code “%(c)s”.") % {"n": number, "c": code[:20]}
            )
            continue
        changes.append((unit, lat, lon))
    if problems:
        raise ValidationError(problems[:50])
    changed = 0
    for unit, lat, lon in changes:
        if (unit.latitude, unit.longitude) != (lat, lon):
            unit_update(unit=unit, by=by, latitude=lat, longitude=lon)
            changed += 1
    return changed
