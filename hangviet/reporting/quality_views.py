"""The data-quality page of a plan-period, for the coordinator: flags, evidence returned,
the sample and its checks, independent corroboration, locks and their exceptions, the rules."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hangviet.activities import locks
from hangviet.activities import policy as activity_policy
from hangviet.activities import services as activity_services
from hangviet.activities.models import ActivityReturn, EvidenceLock, ReturnStatus
from hangviet.core.params import int_param, parse_id
from hangviet.core.periods import PeriodError, period_for_code, period_label
from hangviet.core.text import sentences
from hangviet.reporting import policy, quality, services
from hangviet.reporting.computing import subtree_ids
from hangviet.reporting.consolidation import reporting_requests
from hangviet.reporting.models import SAMPLE_CHECKS, QualityRule, SampleItem

CHECK_WORDS = {
    "link": gettext_lazy("the link opens"),
    "photo": gettext_lazy("the photo or file matches"),
    "date": gettext_lazy("the date is in the period"),
    "quantity": gettext_lazy("the quantity is plausible"),
}


def _period(period: str) -> str:
    try:
        return period_for_code(period).code
    except PeriodError as exc:
        raise Http404 from exc


@login_required
def quality_page(request: HttpRequest, plan_id: int, period: str) -> HttpResponse:
    plan = policy.cycle_plan_for(request.user, plan_id)
    period = _period(period)
    requests = reporting_requests(plan, period)
    if not requests:
        raise Http404
    flags = quality.flags_for(plan, period)
    corroboration = quality.corroboration(plan, period)
    sample = quality.latest_sample(plan, period)
    verified = quality.verified(sample)
    unit_ids = sorted({u for r in requests for u in subtree_ids(r.unit)})
    start, end = min(r.start for r in requests), max(r.end for r in requests)
    returns = list(
        ActivityReturn.objects.filter(
            activity__unit_id__in=unit_ids,
            activity__date__gte=start,
            activity__date__lte=end,
            activity__deleted_at__isnull=True,
        ).select_related("activity__unit", "returned_by", "answered_by")
    )
    period_locks = [
        lock
        for lock in locks.locks_of([r.unit_id for r in requests])
        if lock.start <= end and lock.end >= start
    ]
    context: dict[str, Any] = {
        "plan": plan,
        "period": period,
        "period_words": period_label(period),
        "open_flags": quality.open_flags(flags),
        "open_figure_flags": [f for f in quality.open_flags(flags) if f.kind != quality.Kind.EMPTY],
        "open_empty": [f for f in quality.open_flags(flags) if f.kind == quality.Kind.EMPTY],
        "cleared_flags": [f for f in flags if f.cleared],
        "corroboration": corroboration,
        "without_trace": quality.units_without_trace(corroboration),
        "traced": sorted(
            (c for c in corroboration if c.corroborated),
            key=lambda c: (-(c.share or 0), c.request.unit.path),
        ),
        "corroborated_total": sum(c.corroborated for c in corroboration),
        "evidence_total": sum(c.total for c in corroboration),
        "sample": sample,
        "verified": verified,
        "verified_total": quality.verified_total(verified),
        "items": list(SampleItem.objects.filter(draw=sample).select_related("activity", "unit"))
        if sample
        else [],
        "checks": [(c, CHECK_WORDS[c]) for c in SAMPLE_CHECKS],
        "returns": returns,
        "open_returns": sum(r.status == ReturnStatus.OPEN for r in returns),
        "locks": period_locks,
        "rules": list(QualityRule.objects.filter(plan=plan)),
        "codes": list(plan.indicators.values_list("code", "name")),
        "unlocked": [lock for lock in period_locks if lock.open_exception],
    }
    return render(request, "reporting/quality.html", context)


@login_required
@require_POST
def quality_action(request: HttpRequest, plan_id: int, period: str) -> HttpResponse:
    plan = policy.cycle_plan_for(request.user, plan_id)
    period = _period(period)
    action = request.POST.get("action", "")
    anchor = ""
    try:
        if action == "rule":
            services.rule_save(
                plan=plan,
                by=request.user,
                code=request.POST.get("code", ""),
                expression=request.POST.get("expression", ""),
                message=request.POST.get("message", ""),
                active=request.POST.get("active") == "1",
            )
            messages.success(request, _("The rule was saved."))
            anchor = "#quy-tac"
        elif action == "draw":
            size = int_param(request.POST, "size", minimum=1, maximum=1000)
            services.sample_draw(
                plan=plan,
                period_code=period,
                size=size or 0,
                seed=request.POST.get("seed", ""),
                by=request.user,
            )
            messages.success(request, _("The sample was drawn."))
            anchor = "#mau"
        elif action == "check":
            item_id = parse_id(request.POST.get("item", ""))
            item = SampleItem.objects.filter(
                pk=item_id or 0, draw__plan=plan, draw__period_code=period
            ).first()
            if item is None:
                raise Http404
            checks: dict[str, bool | None] = {}
            for name in SAMPLE_CHECKS:
                said = request.POST.get(name, "")
                checks[name] = True if said == "yes" else False if said == "no" else None
            services.sample_check(
                item=item, by=request.user, checks=checks, note=request.POST.get("note", "")
            )
            messages.success(request, _("The check was recorded."))
            anchor = f"#mau-{item.pk}"
        elif action in ("unlock", "relock"):
            lock = EvidenceLock.objects.filter(
                pk=parse_id(request.POST.get("lock", "")) or 0
            ).first()
            if lock is None or not activity_policy.may_unlock(request.user, lock.unit):
                raise Http404
            if action == "unlock":
                activity_services.lock_exception_grant(
                    lock=lock, reason=request.POST.get("reason", ""), by=request.user
                )
                messages.success(
                    request, _("The period is open for %(u)s.") % {"u": lock.unit.display_name}
                )
            else:
                exception = lock.open_exception
                if exception is None:
                    raise ValidationError(_("This period is not open."))
                activity_services.lock_exception_close(exception=exception, by=request.user)
                messages.success(request, _("The period is locked again."))
            anchor = "#khoa"
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
    return redirect(reverse("reporting:quality", args=[plan.pk, period]) + anchor)
