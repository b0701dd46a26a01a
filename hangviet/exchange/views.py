"""The exchange desk's pages (Văn bản liên thông): packages received and sent with their
status history, the addressee's answers, the signer's send and revoke, the Front's
consolidation of what it received, and the HTTP door another installation sends to."""

import json
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hangviet.core.edxml import MAX_PACKAGE_BYTES
from hangviet.core.periods import period_label
from hangviet.exchange import consolidation, policy, services, tasks, transports
from hangviet.exchange.models import Direction, Package, Peer, State, UpwardReport
from hangviet.reporting import policy as reporting_policy


def _carry() -> None:
    """Have the worker carry what the write just queued (the scheduler would within a minute)."""
    transaction.on_commit(tasks.deliver_pending.enqueue)


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    packages = list(policy.packages_for(request.user)[:300])
    receivers = reporting_policy.receiving_units(request.user)
    periods = consolidation.periods_received([u.pk for u in receivers])
    return render(
        request,
        "exchange/desk.html",
        {
            "incoming": [p for p in packages if p.direction == Direction.IN],
            "outgoing": [p for p in packages if p.direction == Direction.OUT],
            "periods": [(code, period_label(code)) for code in periods],
            "peers": Peer.objects.all() if policy.may_administer(request.user) else None,
        },
    )


@login_required
def package_detail(request: HttpRequest, pk: int) -> HttpResponse:
    package = policy.package_for(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "acknowledge":
                services.package_acknowledge(package=package, by=request.user)
                messages.success(request, _("Receipt acknowledged: the sender sees it."))
            elif action == "refuse":
                services.package_refuse(
                    package=package, reason=request.POST.get("reason", ""), by=request.user
                )
                messages.success(request, _("Refused: the sender reads your reason."))
            elif action in (State.PROCESSING, State.DONE):
                services.package_progress(
                    package=package,
                    state=action,
                    note=request.POST.get("note", ""),
                    by=request.user,
                )
                messages.success(request, _("Status sent: the sender sees it."))
            elif action == "revoke" and package.signed_copy is not None:
                services.copy_send(
                    copy=package.signed_copy,
                    business="revoke",
                    reason=request.POST.get("reason", ""),
                    by=request.user,
                )
                messages.success(request, _("The revocation is on its way to the addressee."))
            elif action == "retry" and package.signed_copy is not None:
                policy.require_send(request.user, package.signed_copy)
                package.deliveries.filter(delivered_at=None).update(next_try_at=package.at)
                messages.success(request, _("Tried again; the history below says how it went."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            _carry()
        return redirect("exchange:package", pk=package.pk)
    copy = package.signed_copy
    return render(
        request,
        "exchange/package.html",
        {
            "package": package,
            "events": list(package.events.select_related("by")),
            "period": (package.figures.get("period") or {}).get("code", ""),
            "period_words": period_label(package.figures["period"]["code"])
            if (package.figures.get("period") or {}).get("code")
            else "",
            "may_handle": policy.may_handle(request.user, package),
            "may_send": copy is not None and policy.may_send(request.user, copy),
            "waiting": package.deliveries.filter(delivered_at=None).first(),
            "later": package.replaced_by.first(),
        },
    )


@login_required
def package_download(request: HttpRequest, pk: int) -> FileResponse:
    package = policy.package_for(request.user, pk)
    return FileResponse(
        package.file.open("rb"),
        as_attachment=True,
        filename=f"lien-thong-{package.pk}.edxml",
        content_type="application/xml",
    )


@login_required
@require_POST
def send(request: HttpRequest, copy_pk: int) -> HttpResponse:
    copy = policy.copy_to_send_for(request.user, copy_pk)
    try:
        package = services.copy_send(
            copy=copy,
            business=request.POST.get("business", ""),
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        back = request.POST.get("back", "")
        safe = url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
        return redirect(back if back and safe else "exchange:desk")
    _carry()
    messages.success(request, _("The signed report is on its way: its status shows below."))
    return redirect("exchange:package", pk=package.pk)


@login_required
def consolidated(request: HttpRequest) -> HttpResponse:
    receivers = reporting_policy.receiving_units(request.user)
    with_packages = set(
        Package.objects.filter(direction=Direction.IN, receiver__in=receivers).values_list(
            "receiver_id", flat=True
        )
    )
    # the unit asked for, else the one that received reports, else any with an agency code
    receiver = (
        next((u for u in receivers if str(u.pk) == request.GET.get("don_vi")), None)
        or next((u for u in receivers if u.pk in with_packages), None)
        or next((u for u in receivers if u.agency_code), None)
    )
    if receiver is None:
        return render(request, "exchange/consolidated.html", {"result": None})
    periods = consolidation.periods_received([receiver.pk])
    period = request.GET.get("ky") or (periods[0] if periods else "")
    if period and period not in periods:
        period = periods[0] if periods else ""
    result = consolidation.received(receiver, period) if period else None
    if request.method == "POST" and result is not None:
        try:
            dated = datetime.strptime(request.POST.get("dated", ""), "%Y-%m-%d").date()
        except ValueError:
            messages.error(request, _("Enter the report's date."))
        else:
            try:
                package = services.upward_sign(
                    unit=receiver,
                    period_code=period,
                    number=request.POST.get("number", ""),
                    dated=dated,
                    receiver_code=request.POST.get("receiver", ""),
                    place=request.POST.get("place", ""),
                    authority=request.POST.get("authority", ""),
                    title=request.POST.get("title", ""),
                    proposals=request.POST.get("proposals", ""),
                    by=request.user,
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                _carry()
                messages.success(request, _("Signed; the report is on its way up the chain."))
                return redirect("exchange:package", pk=package.pk)
        return redirect(f"{request.path}?ky={period}")
    senders = [s.package.sender_code for s in result.sources] if result else []
    if result is not None and request.GET.get("dang") == "json":
        body = {
            "schema": "hangviet/report-figures/1",
            "receiver": {"code": receiver.agency_code, "name": receiver.name},
            **result.as_figures(),
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="tong-hop-{period}.json"'
        return response
    return render(
        request,
        "exchange/consolidated.html",
        {
            "result": result,
            "receiver": receiver,
            "period": period,
            "period_words": period_label(period) if period else "",
            "periods": [(code, period_label(code)) for code in periods],
            "may_sign": policy.may_sign_upward(request.user, receiver),
            "partners": Peer.objects.filter(active=True).exclude(agency_code__in=senders)
            if result
            else [],
            "sent": UpwardReport.objects.filter(unit=receiver, period_code=period)
            .prefetch_related("packages")
            .order_by("-version"),
            "today": timezone.localdate(),
        },
    )


@csrf_exempt
@require_POST
def receive(request: HttpRequest) -> JsonResponse:
    """Where another hangviet installation sends packages and status messages: a signed
    request from a known partner; the answer says at once what came of it."""
    code = request.headers.get(transports.SENDER_HEADER, "")
    peer = Peer.objects.filter(agency_code=code, transport="http", active=True).first()
    too_big = JsonResponse(
        {"state": "refused", "reason": _("The package is larger than is accepted.")}, status=413
    )
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        declared = MAX_PACKAGE_BYTES + 1
    if declared > MAX_PACKAGE_BYTES:
        return too_big
    # Read the stream itself: a signed report with its annex can pass the 2.5 MB that Django
    # allows a request body in memory; the package's own bound is MAX_PACKAGE_BYTES.
    body = request.read(MAX_PACKAGE_BYTES + 1)
    if len(body) > MAX_PACKAGE_BYTES:
        return too_big
    if peer is None or not transports.signature_ok(
        peer.secret,
        request.headers.get(transports.TIME_HEADER, ""),
        body,
        request.headers.get(transports.SIGNATURE_HEADER, ""),
    ):
        return JsonResponse(
            {
                "state": "refused",
                "reason": _(
                    "The request is not signed by a known exchange partner, or its time is "
                    "more than five minutes off."
                ),
            },
            status=401,
        )
    result = services.receive(body, claimed_sender=code)
    _carry()  # the status message back to the sender
    return JsonResponse({"state": result.state, "reason": result.reason})
