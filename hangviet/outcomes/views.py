"""The outcomes page ("Kết quả đầu ra"): the figures units measured (shares of Vietnamese goods
on shelves, points of sale) with their sources, against the targets; the forms to enter a
figure (the unit's people) and a target (the province's coordinators)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.outcomes import policy, services
from hangviet.outcomes.models import Measure, OutcomeTarget


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    units = policy.entering_units(request.user)
    scopes = policy.target_scopes(request.user)
    if request.method == "POST":
        given = request.POST
        try:
            if given.get("action") == "target":
                scope = next((u for u in scopes if str(u.pk) == given.get("scope")), None)
                if scope is None:
                    raise ValidationError(_("Choose a province you set targets for."))
                services.target_save(
                    scope=scope,
                    measure=given.get("measure", ""),
                    level=given.get("level", ""),
                    value=given.get("value", ""),
                    basis=given.get("basis", ""),
                    by=request.user,
                )
            else:
                unit = next((u for u in units if str(u.pk) == given.get("unit")), None)
                measured_on = _date(given.get("measured_on", ""))
                if unit is None or measured_on is None:
                    raise ValidationError(_("Choose your unit and the date of the measurement."))
                services.figure_save(
                    unit=unit,
                    measure=given.get("measure", ""),
                    value=given.get("value", ""),
                    measured_on=measured_on,
                    sample=given.get("sample", ""),
                    method=given.get("method", ""),
                    source=given.get("source", ""),
                    by=request.user,
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
        return redirect("outcomes:home")
    return render(
        request,
        "outcomes/home.html",
        {
            "figures": policy.figures_for(request.user).select_related("unit")[:100],
            "targets": OutcomeTarget.objects.filter(scope__in=scopes)
            if scopes
            else OutcomeTarget.objects.filter(scope_id__in={u.root_id for u in units}),
            "units": units,
            "scopes": scopes,
            "measures": Measure.choices,
            "today": timezone.localdate(),
        },
    )
