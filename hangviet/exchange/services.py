"""The exchange desk's writes: sending a signed report (new, replacement, revocation),
carrying what waits to a partner (retried with a growing pause), receiving packages and status
messages (idempotent: the same bytes twice are one package; all or nothing), and the addressee's
answers (acknowledge, refuse with a reason, being processed, done), each carried back to the
sender as an edXML status message. Every write is audited."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.core import audit, edxml, signing
from hangviet.core.text import is_blank, nfc
from hangviet.core.typing import Actor, User, account_of
from hangviet.exchange import consolidation, policy, transports, upward
from hangviet.exchange.models import (
    Business,
    Delivery,
    Direction,
    Package,
    PackageEvent,
    Peer,
    State,
    UpwardReport,
)
from hangviet.orgs.models import Unit
from hangviet.reporting import exchange as report_exchange
from hangviet.reporting.models import CopyState, SignedCopy
from hangviet.reporting.services import copy_revoke, remote_status, sign_document, state_of

CURRENT = (State.WAITING, State.SENT, State.FAILED, State.ARRIVED, State.RECEIVED)
HANDLED = (State.RECEIVED, State.PROCESSING, State.DONE)
FAILED_AFTER = 5  # tries before a package waiting to go is shown as not sent (still retried)
MAX_PAUSE = timedelta(hours=1)


def _event(package: Package, state: str, *, by: Actor = None, reason: str = "") -> None:
    PackageEvent.objects.create(package=package, state=state, reason=reason, by=account_of(by))
    old = package.state
    package.state = state
    package.save(update_fields=["state"])
    audit.record(
        "update",
        package,
        by=by,
        unit=package.receiver,
        changes={"state": [old, state], **({"reason": [None, reason]} if reason else {})},
    )


def _store(package: Package, data: bytes) -> None:
    package.sha256 = hashlib.sha256(data).hexdigest()
    package.size = len(data)
    package.file.save(f"{package.sha256[:24]}.edxml", ContentFile(data), save=False)


def _record(package: Package, data: bytes, *, by: Actor, unit: Unit | None) -> Package:
    """Store a new package with its bytes, audited, its history opened at its state."""
    _store(package, data)
    package.save()
    audit.record("create", package, by=by, unit=unit, changes=audit.created(package))
    PackageEvent.objects.create(package=package, state=package.state, by=account_of(by))
    return package


# --- sending --------------------------------------------------------------------------------


def peer_for(code: str) -> Peer | None:
    return Peer.objects.filter(agency_code=code, active=True).first()


def _receiver_of(copy: SignedCopy) -> Unit:
    receiver_id = (copy.details or {}).get("receiver_id")
    receiver = Unit.objects.filter(pk=receiver_id).first() if receiver_id else None
    if receiver is None or not receiver.agency_code:
        raise ValidationError(_("The signed report does not name a receiver with an agency code."))
    return receiver


def _sent_current(copy_filter: dict, receiver_code: str) -> Package | None:
    return (
        Package.objects.filter(
            direction=Direction.OUT,
            receiver_code=receiver_code,
            business__in=[Business.NEW, Business.REPLACE, Business.UPDATE],
            state__in=[*CURRENT, State.PROCESSING, State.DONE],
            **copy_filter,
        )
        .order_by("-at", "-id")
        .first()
    )


@transaction.atomic
def copy_send(*, copy: SignedCopy, by: Actor, business: str = "", reason: str = "") -> Package:
    """Put the signed report in the outbox for its addressee: as a new document, as the
        replacement of the version sent before (chosen by itself when an earlier version went), or
        as the revocation of this version. The package is carried by `deliver_due` (the caller
    enqueues `tasks.deliver_pending`; the scheduler's pass every minute carries it anyway)."""
    policy.require_send(by, copy)
    receiver = _receiver_of(copy)
    peer = peer_for(receiver.agency_code)
    if peer is None:
        raise ValidationError(
            _(
                "No exchange route to %(r)s (%(c)s) is set: the installation's administrators "
                "add it on the exchange desk (Đối tác liên thông)."
            )
            % {"r": receiver.name, "c": receiver.agency_code}
        )
    reason = nfc(reason or "").strip()
    this = _sent_current({"signed_copy": copy}, receiver.agency_code)
    earlier = _sent_current(
        {
            "signed_copy__consolidation": copy.consolidation,
            "signed_copy__version__lt": copy.version,
        },
        receiver.agency_code,
    )
    business = business or (Business.REPLACE if earlier and not this else Business.NEW)
    target = None
    if business == Business.REVOKE:
        target = this
        if target is None:
            raise ValidationError(_("This version was never sent: there is nothing to revoke."))
    elif this is not None:
        raise ValidationError(
            _("This version was already sent on %(d)s.")
            % {"d": timezone.localtime(this.at).strftime("%d/%m/%Y %H:%M")}
        )
    elif business == Business.REPLACE:
        target = earlier
        if target is None:
            raise ValidationError(_("No earlier version was sent: send this one as new."))
    elif business != Business.NEW:
        raise ValidationError(_("Unknown business type."))
    if business in (Business.REPLACE, Business.REVOKE) and is_blank(reason):
        reason = (
            _("Replaced by version %(v)s, signed on %(d)s.")
            % {"v": copy.version, "d": timezone.localtime(copy.signed_at).strftime("%d/%m/%Y")}
            if business == Business.REPLACE
            else ""
        )
        if not reason:
            raise ValidationError({"reason": _("Say why the report is revoked.")})
    envelope = report_exchange.envelope(copy)
    envelope.business = business
    envelope.business_reason = reason
    envelope.replaces = [target.document_id] if target else []
    data = edxml.write(envelope)
    package = Package(
        direction=Direction.OUT,
        business=business,
        document_id=envelope.identifier(),
        sender_code=envelope.sender.organ_id,
        sender_name=envelope.sender.name,
        receiver_code=receiver.agency_code,
        receiver=receiver,
        number=copy.number,
        dated=copy.dated,
        subject=envelope.subject,
        signer=envelope.signer_name,
        reason=reason,
        replaces=target,
        peer=peer,
        signed_copy=copy,
        document_sha256=copy.sha256,
        figures=(copy.details or {}).get("figures") or {},
        state=State.WAITING,
    )
    _record(package, data, by=by, unit=receiver)
    if target is not None:
        _event(
            target,
            State.REVOKED if business == Business.REVOKE else State.REPLACED,
            by=by,
            reason=reason,
        )
    if business == Business.REVOKE and state_of(copy) not in (
        CopyState.REVOKED,
        CopyState.REPLACED,
    ):
        copy_revoke(copy=copy, reason=reason, by=by)  # the signing page says it too
    Delivery.objects.create(peer=peer, package=package)
    return package


def _pause(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_PAUSE)


def deliver(delivery: Delivery) -> bool:
    """Try once to carry `delivery`; on failure the next try is scheduled. True when it went."""
    package = delivery.package
    data = bytes(delivery.status_message) if delivery.is_status else package.content()
    if delivery.is_status:
        name = f"trang-thai-{hashlib.sha256(data).hexdigest()[:16]}.xml"
        sender_code = package.receiver_code
    else:
        name = f"{package.sha256[:24]}.edxml"
        sender_code = package.sender_code
    try:
        answer = transports.for_peer(delivery.peer).send(delivery.peer, data, name, sender_code)
    except transports.TransportError as exc:
        with transaction.atomic():
            delivery.attempts += 1
            delivery.last_error = str(exc)[:2000]
            delivery.next_try_at = timezone.now() + _pause(delivery.attempts)
            delivery.save(update_fields=["attempts", "last_error", "next_try_at"])
            if (
                not delivery.is_status
                and delivery.attempts >= FAILED_AFTER
                and package.state == State.WAITING
            ):
                _event(package, State.FAILED, reason=str(exc)[:500])
        return False
    with transaction.atomic():
        delivery.attempts += 1
        delivery.delivered_at = timezone.now()
        delivery.last_error = ""
        delivery.save(update_fields=["attempts", "delivered_at", "last_error"])
        if not delivery.is_status:
            package.refresh_from_db()
            if package.state in (State.WAITING, State.FAILED):
                _event(package, State.SENT)
            if answer.state in (State.ARRIVED, State.REFUSED):
                _remote(package, answer.state, answer.reason, said_by="")
    return True


def deliver_due(limit: int = 100) -> tuple[int, int]:
    """Carry what is due; return (carried, failed)."""
    carried = failed = 0
    due = Delivery.objects.filter(
        delivered_at=None, next_try_at__lte=timezone.now()
    ).select_related("peer", "package")[:limit]
    for delivery in due:
        if deliver(delivery):
            carried += 1
        else:
            failed += 1
    return carried, failed


# --- status messages, both ways --------------------------------------------------------------


def _status_back(package: Package, state: str, reason: str = "", by: Actor = None) -> None:
    """Queue the status message saying `state` about a received package to its sender."""
    peer = package.peer or peer_for(package.sender_code)
    if peer is None or not package.document_id:
        return
    receiver = package.receiver
    message = edxml.write_status(
        edxml.Status(
            sender=report_exchange.party(receiver)
            if receiver
            else edxml.Party(organ_id=package.receiver_code, name=package.receiver_code),
            organ_id=package.sender_code,
            document_id=package.document_id,
            code=package.number,
            promulgated_on=package.dated,
            status=state,
            description=reason,
            staff=_name(account_of(by)),
            at=timezone.localtime(),
            digest=package.sha256,
        )
    )
    Delivery.objects.create(peer=peer, package=package, status_message=message)


def _name(person: User | None) -> str:
    return (person.get_full_name() or person.get_username()) if person else ""


def _remote(package: Package, state: str, reason: str, said_by: str) -> bool:
    """Record what the addressee said about one of our packages; False when already known."""
    last = package.events.filter(remote=True).order_by("-at", "-id").first()
    if last is not None and last.state == state and last.reason == reason:
        return False
    keep_own = package.state in (State.REPLACED, State.REVOKED)
    PackageEvent.objects.create(
        package=package, state=state, reason=reason, remote=True, said_by=said_by[:255]
    )
    if not keep_own:
        old = package.state
        package.state = state
        package.save(update_fields=["state"])
        audit.record(
            "update", package, by=None, unit=package.receiver, changes={"state": [old, state]}
        )
    if package.signed_copy is not None and package.business != Business.REVOKE:
        _mirror(package.signed_copy, state, reason, package.receiver)
    return True


def _mirror(copy: SignedCopy, state: str, reason: str, receiver: Unit | None) -> None:
    """The report's own status history (the sign page reads it) learns what came back."""
    if receiver is not None and state in CopyState.values:
        remote_status(copy=copy, state=state, reason=reason, unit=receiver)


# --- receiving --------------------------------------------------------------------------------


@dataclass
class Received:
    """What came of bytes received: "arrived", "refused" (with the reason, said to the sender
    too), "duplicate" (the same bytes came before: nothing done again), or, for a status
    message, "status"."""

    state: str
    reason: str = ""
    package: Package | None = None
    notes: list[str] = field(default_factory=list)


class Refused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def receive(data: bytes, *, claimed_sender: str = "") -> Received:
    """Receive one package or status message. `claimed_sender` is the agency a signed HTTP
    request came from (the package must say the same); empty for a folder."""
    digest = hashlib.sha256(data).hexdigest()
    earlier = Package.objects.filter(direction=Direction.IN, sha256=digest).first()
    if earlier is not None:
        return Received(
            "duplicate",
            _("This package was received on %(d)s; it is not received again.")
            % {"d": timezone.localtime(earlier.at).strftime("%d/%m/%Y %H:%M")},
            earlier,
        )
    if edxml.is_status(data):
        return _receive_status(data, claimed_sender)
    try:
        with transaction.atomic():
            return _receive_package(data, digest, claimed_sender)
    except Refused as refusal:
        return _record_refusal(data, digest, claimed_sender, refusal.reason)
    except IntegrityError:  # the same bytes, received at the same moment by another worker
        return Received("duplicate", _("This package is already being received."))


def _record_refusal(data: bytes, digest: str, claimed: str, reason: str) -> Received:
    """Keep a refused package in the receiver's list (who sent it, why it was refused), and say
    so to its sender where it can be named."""
    try:
        envelope = edxml.read(data)
    except edxml.EdxmlError:
        envelope = None
    codes = [r.organ_id for r in envelope.receivers] if envelope else []
    receiver = Unit.objects.filter(agency_code__in=codes).exclude(agency_code="").first()
    with transaction.atomic():
        package = Package(
            direction=Direction.IN,
            business=envelope.business if envelope else Business.NEW,
            document_id=envelope.identifier() if envelope else "",
            sender_code=(envelope.sender.organ_id if envelope else claimed)[:20],
            sender_name=(envelope.sender.name if envelope else "")[:255],
            receiver_code=(codes[0] if codes else "")[:20],
            receiver=receiver,
            number=(envelope.code if envelope else "")[:60],
            dated=envelope.promulgated_on
            if envelope and envelope.promulgated_on.year > 1
            else None,
            subject=envelope.subject if envelope else "",
            peer=peer_for(envelope.sender.organ_id) if envelope else None,
            state=State.REFUSED,
            problem=reason,
        )
        _store(package, data)
        try:
            with transaction.atomic():
                package.save()
        except IntegrityError:
            return Received("duplicate", _("This package is already being received."))
        PackageEvent.objects.create(package=package, state=State.REFUSED, reason=reason)
        audit.record(
            "create", package, by=None, unit=receiver, changes=audit.created(package), note=reason
        )
        if envelope is not None and package.peer is not None:
            _status_back(package, State.REFUSED, reason)
    return Received(State.REFUSED, reason, package)


def _verify(pdf: bytes) -> list[dict]:
    roots = signing.trust_roots()
    if not roots:
        raise Refused(
            _(
                "This installation trusts no signing authority yet (trust_roots in the signing "
                "configuration): no signed report can be accepted."
            )
        )
    try:
        checks = signing.verify(pdf, roots)
    except signing.SignatureInvalid as exc:
        raise Refused(str(exc)) from exc
    if not checks:
        raise Refused(_("The report in the package carries no digital signature."))
    for check in checks:
        if not check.ok:
            raise Refused(_("A signature of the report %(what)s.") % {"what": check.describe(True)})
        if not check.trusted:
            raise Refused(
                _(
                    "The signature of %(who)s does not chain to an authority this installation "
                    "trusts."
                )
                % {"who": check.signer_name or check.signer}
            )
    return [
        {"who": c.signer_name or c.signer, "ok": c.ok, "text": c.describe(True)} for c in checks
    ]


def _figures(envelope: edxml.Envelope, pdf_sha: str) -> dict:
    part = next((a for a in envelope.attachments if a.content_type == "application/json"), None)
    if part is None:
        return {}
    try:
        figures = json.loads(part.data.decode("utf-8"))
    except (UnicodeError, ValueError) as exc:
        raise Refused(_("The figures attached to the report are not valid JSON.")) from exc
    if not isinstance(figures, dict) or figures.get("schema") != report_exchange.FIGURES_SCHEMA:
        raise Refused(_("The figures attached to the report are not in a known form."))
    if (figures.get("document") or {}).get("sha256") != pdf_sha:
        raise Refused(_("The figures attached belong to another document than the signed one."))
    indicators = figures.get("indicators")
    if not isinstance(indicators, list) or not all(
        isinstance(i, dict)
        and isinstance(i.get("code"), str)
        and isinstance(i.get("value"), int | float)
        and not isinstance(i.get("value"), bool)
        for i in indicators
    ):
        raise Refused(_("The figures attached do not give each indicator a code and a number."))
    if not isinstance((figures.get("period") or {}).get("code"), str):
        raise Refused(_("The figures attached do not say their period."))
    return figures


def _receive_package(data: bytes, digest: str, claimed: str) -> Received:
    try:
        envelope = edxml.read(data)
    except edxml.EdxmlError as exc:
        raise Refused(str(exc)) from exc
    sender = envelope.sender.organ_id
    if claimed and claimed != sender:
        raise Refused(
            _("The package says it comes from %(a)s, but the request was signed by %(b)s.")
            % {"a": sender, "b": claimed}
        )
    peer = peer_for(sender)
    if peer is None:
        raise Refused(
            _("%(n)s (%(c)s) is not an exchange partner of this installation.")
            % {"n": envelope.sender.name or sender, "c": sender}
        )
    codes = [r.organ_id for r in envelope.receivers]
    receiver = Unit.objects.filter(agency_code__in=codes).exclude(agency_code="").first()
    if receiver is None:
        raise Refused(
            _("The package is addressed to %(c)s, which is not an agency of this installation.")
            % {"c": ", ".join(codes) or "—"}
        )
    pdf = next((a for a in envelope.attachments if a.content_type == "application/pdf"), None)
    if pdf is None:
        raise Refused(_("The package holds no signed report (no PDF attached)."))
    pdf_sha = hashlib.sha256(pdf.data).hexdigest()
    verification = _verify(pdf.data)
    figures = _figures(envelope, pdf_sha)
    same = (
        Package.objects.filter(
            direction=Direction.IN,
            sender_code=sender,
            document_sha256=pdf_sha,
            business=envelope.business,
        )
        .exclude(state=State.REFUSED)
        .first()
    )
    if same is not None:  # the same signed document again, in other packaging
        return Received(
            "duplicate",
            _("This document was received on %(d)s; it is not received again.")
            % {"d": timezone.localtime(same.at).strftime("%d/%m/%Y %H:%M")},
            same,
        )
    target = None
    if envelope.business in (Business.REPLACE, Business.REVOKE, Business.UPDATE):
        wanted = envelope.replaces or [envelope.document_id]
        target = (
            Package.objects.select_for_update()
            .filter(
                direction=Direction.IN,
                sender_code=sender,
                receiver=receiver,
                document_id__in=wanted,
            )
            .exclude(state__in=[State.REFUSED, State.REPLACED, State.REVOKED])
            .exclude(business=Business.REVOKE)
            .order_by("-at", "-id")
            .first()
        )
        if target is None:
            raise Refused(
                _("The package %(what)s a document that was never received here (%(id)s).")
                % {
                    "what": _("revokes") if envelope.business == Business.REVOKE else _("replaces"),
                    "id": ", ".join(wanted),
                }
            )
        if envelope.business == Business.REVOKE and target.document_sha256 != pdf_sha:
            raise Refused(_("The revocation does not carry the document it revokes."))
    package = Package(
        direction=Direction.IN,
        business=envelope.business,
        document_id=envelope.identifier(),
        sender_code=sender,
        sender_name=envelope.sender.name[:255],
        receiver_code=receiver.agency_code,
        receiver=receiver,
        number=envelope.code[:60],
        dated=envelope.promulgated_on,
        subject=envelope.subject,
        signer=envelope.signer_name[:255],
        reason=envelope.business_reason,
        replaces=target,
        peer=peer,
        document_sha256=pdf_sha,
        figures=figures,
        verification=verification,
        state=State.ARRIVED,
    )
    _record(package, data, by=None, unit=receiver)
    if target is not None:
        _event(
            target,
            State.REVOKED if envelope.business == Business.REVOKE else State.REPLACED,
            reason=envelope.business_reason,
        )
    _status_back(package, State.ARRIVED)
    return Received(State.ARRIVED, "", package)


def _receive_status(data: bytes, claimed: str) -> Received:
    try:
        status = edxml.read_status(data)
    except edxml.EdxmlError as exc:
        return Received(State.REFUSED, str(exc))
    said_by = status.sender.organ_id
    if claimed and claimed != said_by:
        return Received(
            State.REFUSED,
            _("The status says it comes from %(a)s, but the request was signed by %(b)s.")
            % {"a": said_by, "b": claimed},
        )
    ours = Package.objects.filter(direction=Direction.OUT, receiver_code=said_by)
    package = (ours.filter(sha256=status.digest).first() if status.digest else None) or (
        ours.filter(document_id=status.document_id).order_by("-at", "-id").first()
    )
    if package is None:
        return Received(
            State.REFUSED,
            _("The status is about a document that was not sent to %(c)s from here.")
            % {"c": said_by},
        )
    with transaction.atomic():
        changed = _remote(package, status.status, status.description, status.staff)
    return Received("status" if changed else "duplicate", status.description, package)


# --- the addressee's answers --------------------------------------------------------------


@transaction.atomic
def package_acknowledge(*, package: Package, by: Actor) -> Package:
    """Say the report was received (đã tiếp nhận); pressing again changes nothing."""
    policy.require_handle(by, package)
    if package.state in HANDLED:
        return package
    if package.state != State.ARRIVED:
        raise ValidationError(
            _("This package was %(s)s: there is nothing to acknowledge.")
            % {"s": State(package.state).label}
        )
    _event(package, State.RECEIVED, by=by)
    _status_back(package, State.RECEIVED, by=by)
    return package


@transaction.atomic
def package_refuse(*, package: Package, reason: str, by: Actor) -> Package:
    policy.require_handle(by, package)
    reason = nfc(reason or "").strip()
    if is_blank(reason):
        raise ValidationError({"reason": _("Say why the report is refused.")})
    if package.state != State.ARRIVED:
        raise ValidationError(_("Only a report that has just arrived can be refused."))
    _event(package, State.REFUSED, by=by, reason=reason)
    _status_back(package, State.REFUSED, reason, by=by)
    return package


@transaction.atomic
def package_progress(*, package: Package, state: str, by: Actor, note: str = "") -> Package:
    policy.require_handle(by, package)
    if state not in (State.PROCESSING, State.DONE):
        raise ValidationError(_("Unknown status."))
    if package.state not in (State.RECEIVED, State.PROCESSING):
        raise ValidationError(_("Acknowledge receipt first."))
    note = nfc(note or "").strip()
    _event(package, state, by=by, reason=note)
    _status_back(package, state, note, by=by)
    return package


# --- the body's own report up the chain -------------------------------------------------------


@transaction.atomic
def upward_sign(
    *,
    unit: Unit,
    period_code: str,
    number: str,
    dated: date,
    receiver_code: str,
    place: str,
    by: Actor,
    authority: str = "TM. BAN THƯỜNG TRỰC",
    title: str = "CHỦ TỊCH",
    proposals: str = "",
) -> Package:
    """Sign the body's report up the chain from the figures of the reports it acknowledged
    for the period, and put it in the outbox for `receiver_code` (a partner). A later version
    replaces the one sent before."""
    policy.require_sign_upward(by, unit)
    number, place = nfc(number or "").strip(), nfc(place or "").strip()
    errors = {}
    if is_blank(number):
        errors["number"] = _("Enter the report's number and symbol, e.g. 45/BC-MTTQ-BTT.")
    if is_blank(place):
        errors["place"] = _("Enter the place written before the date, e.g. Thái Nguyên.")
    if errors:
        raise ValidationError(errors)
    peer = peer_for(receiver_code)
    if peer is None:
        raise ValidationError(_("Choose an exchange partner to send the report to."))
    result = consolidation.received(unit, period_code)
    if not result.counted:
        raise ValidationError(
            _("No report of this period has been acknowledged yet: there is nothing to add up.")
        )
    signer = account_of(by)
    document = upward.document(
        result,
        number=number,
        dated=dated,
        place=place,
        addressee=peer.name,
        authority=nfc(authority).strip(),
        title=nfc(title).strip().upper(),
        signer_name=_name(signer),
        proposals=nfc(proposals or ""),
    )
    pdf, _checks = sign_document(document, unit, place, by)
    version = (
        UpwardReport.objects.filter(unit=unit, period_code=period_code).aggregate(v=Max("version"))[
            "v"
        ]
        or 0
    ) + 1
    digest = hashlib.sha256(pdf).hexdigest()
    figures = {
        "schema": report_exchange.FIGURES_SCHEMA,
        "document": {"number": number, "dated": dated.isoformat(), "sha256": digest},
        "sender": {"code": unit.agency_code, "name": unit.name},
        "receiver": {"code": peer.agency_code, "name": peer.name},
        **result.as_figures(),
    }
    report = UpwardReport(
        unit=unit,
        period_code=period_code,
        version=version,
        number=number,
        dated=dated,
        receiver_code=peer.agency_code,
        receiver_name=peer.name,
        sha256=digest,
        size=len(pdf),
        figures=figures,
        details={"subject": document.summary, "signer": document.signer_name},
        signed_by=signer,
    )
    report.file.save(f"{digest[:16]}.pdf", ContentFile(pdf), save=False)
    report.save()
    audit.record("create", report, by=by, unit=unit, changes=audit.created(report), note="signed")
    earlier = (
        Package.objects.filter(
            direction=Direction.OUT,
            upward__unit=unit,
            upward__period_code=period_code,
            receiver_code=peer.agency_code,
            business__in=[Business.NEW, Business.REPLACE],
        )
        .exclude(state__in=[State.REFUSED, State.REPLACED, State.REVOKED])
        .order_by("-at", "-id")
        .first()
    )
    code_number, _sep, code_notation = number.partition("/")
    envelope = edxml.Envelope(
        sender=report_exchange.party(unit),
        receivers=[edxml.Party(organ_id=peer.agency_code, name=peer.name)],
        code_number=code_number,
        code_notation=code_notation,
        place=place,
        promulgated_on=dated,
        type_name="Báo cáo",
        subject=document.summary,
        signer_competence=document.signer_authority,
        signer_position=document.signer_title,
        signer_name=document.signer_name,
        to_places=[peer.name],
        sphere="Văn bản điện tử liên thông",
        page_amount=signing.page_count(pdf),
        sent_at=timezone.localtime(),
        business=Business.REPLACE if earlier else Business.NEW,
        business_reason=(
            _("Replaced by version %(v)s, signed on %(d)s.")
            % {"v": version, "d": dated.strftime("%d/%m/%Y")}
            if earlier
            else ""
        ),
        replaces=[earlier.document_id] if earlier else [],
        attachments=[
            edxml.Attachment(
                name=f"bao-cao-{period_code}-v{version}.pdf",
                content_type="application/pdf",
                data=pdf,
                description=document.summary,
            ),
            edxml.Attachment(
                name=f"bao-cao-{period_code}-v{version}-so-lieu.json",
                content_type="application/json",
                data=json.dumps(figures, ensure_ascii=False, indent=1).encode("utf-8"),
                description="Số liệu của báo cáo (máy đọc được): mã chỉ tiêu, giá trị, kỳ",
            ),
        ],
    )
    data = edxml.write(envelope)
    package = Package(
        direction=Direction.OUT,
        business=envelope.business,
        document_id=envelope.identifier(),
        sender_code=unit.agency_code,
        sender_name=unit.name,
        receiver_code=peer.agency_code,
        number=number,
        dated=dated,
        subject=document.summary,
        signer=document.signer_name,
        reason=envelope.business_reason,
        replaces=earlier,
        peer=peer,
        upward=report,
        document_sha256=digest,
        figures=figures,
        state=State.WAITING,
    )
    _record(package, data, by=by, unit=unit)
    if earlier is not None:
        _event(earlier, State.REPLACED, by=by, reason=envelope.business_reason)
    Delivery.objects.create(peer=peer, package=package)
    return package


# --- partners ----------------------------------------------------------------------------------


@transaction.atomic
def peer_save(*, by: Actor, agency_code: str, **fields: object) -> Peer:
    """Add or change an exchange partner (administrators; `by=None` is the command line)."""
    if by is not None:
        policy.require_administer(by)
    peer = Peer.objects.filter(agency_code=agency_code).first() or Peer(agency_code=agency_code)
    shown = ["agency_code", "name", "transport", "address", "active"]  # never the shared key
    before = audit.snapshot(peer, shown) if peer.pk else {}
    for name, value in fields.items():
        setattr(peer, name, value)
    peer.full_clean()
    peer.save()
    changes = audit.diff(before, audit.snapshot(peer, shown))
    if "secret" in fields:
        changes["secret"] = ["…", "…"]
    audit.record("update" if before else "create", peer, by=by, changes=changes)
    return peer
