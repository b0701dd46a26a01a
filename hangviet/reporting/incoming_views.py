"""The addressee's side of a signed report ("Văn bản đến"): the Front's people list the reports
addressed to them, open each (its signatures checked again, its figures), download it and
acknowledge its receipt, which the sender sees."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hangviet.core import signing
from hangviet.core.periods import period_label
from hangviet.reporting import policy, services
from hangviet.reporting.models import CopyState, Receipt, SignedCopyTampered


@login_required
def incoming(request: HttpRequest) -> HttpResponse:
    copies = list(policy.received_for(request.user).prefetch_related("statuses")[:200])
    receipts = {r.copy_id: r for r in Receipt.objects.filter(copy__in=copies)}
    rows = [
        (
            copy,
            receipts.get(copy.pk),
            period_label(copy.consolidation.period_code),
            CopyState(services.state_of(copy)),
        )
        for copy in copies
    ]
    return render(request, "reporting/incoming.html", {"rows": rows})


@login_required
def incoming_detail(request: HttpRequest, pk: int) -> HttpResponse:
    copy = policy.received_copy_for(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("action", "acknowledge")
        try:
            if action == "refuse":
                services.copy_refuse(
                    copy=copy, reason=request.POST.get("reason", ""), by=request.user
                )
                messages.success(request, _("Refused: the sender reads your reason."))
            elif action in (CopyState.PROCESSING, CopyState.DONE):
                services.copy_progress(
                    copy=copy,
                    state=action,
                    note=request.POST.get("note", ""),
                    by=request.user,
                )
                messages.success(request, _("Status sent: the sender sees it."))
            else:
                services.receipt_acknowledge(copy=copy, by=request.user)
                messages.success(request, _("Receipt acknowledged: the sender sees it."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("reporting:incoming_detail", pk=copy.pk)
    checks, problem = [], ""
    try:
        checks = signing.verify(copy.content(), signing.trust_roots())
    except SignedCopyTampered:
        problem = _("The stored file no longer matches its fingerprint (SHA-256).")
    except signing.SignatureInvalid as exc:
        problem = str(exc)
    trust_checked = bool(signing.trust_roots())
    plan = copy.consolidation.plan
    statuses = list(copy.statuses.select_related("unit", "by"))
    return render(
        request,
        "reporting/incoming_detail.html",
        {
            "copy": copy,
            "plan": plan,
            "period": copy.consolidation.period_code,
            "period_words": period_label(copy.consolidation.period_code),
            "checks": [(c, c.describe(trust_checked)) for c in checks],
            "problem": problem,
            "receipt": Receipt.objects.filter(copy=copy).select_related("acknowledged_by").first(),
            "may_acknowledge": policy.may_receive(request.user, copy),
            "state": statuses[-1].state if statuses else CopyState.ARRIVED,
            "statuses": statuses,
            "later": copy.consolidation.signed_copies.filter(version__gt=copy.version)
            .order_by("-version")
            .first(),
        },
    )
