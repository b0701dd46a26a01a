"""Pages of the organisation registry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.core import audit
from hangviet.core.typing import is_htmx
from hangviet.orgs import policy, selectors, services
from hangviet.orgs.forms import SubtreeForm, UnitEditForm, UnitFilterForm
from hangviet.orgs.models import Unit
from hangviet.orgs.permissions import Action


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    # Today's map unless the user picks a date or clears it (every period).
    params = (
        request.GET
        if "on" in request.GET
        else {**request.GET.dict(), "on": timezone.localdate().isoformat()}
    )
    form = UnitFilterForm(params)
    units: QuerySet[Unit] = Unit.objects.none()
    if form.is_valid():
        data = form.cleaned_data
        units = selectors.units_search(
            q=data["q"], kind=data["kind"], valid_on=data["on"]
        ).order_by("path")
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    template = "orgs/_unit_rows.html" if is_htmx(request) else "orgs/unit_list.html"
    return render(request, template, {"form": form, "page": page})


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = policy.unit_for(request.user, unit_id)
    form = SubtreeForm(request.GET or None)
    day = timezone.localdate()
    if form.is_valid() and form.cleaned_data.get("on"):
        day = form.cleaned_data["on"]
    children = selectors.subtree(unit, day).filter(parent=unit).order_by("kind", "name")
    context = {
        "unit": unit,
        "form": form,
        "day": day,
        "children": children,
        "predecessors": unit.precessions.select_related("predecessor"),
        "successors": unit.successions.select_related("successor"),
        "current_units": selectors.current_units(unit),
        "former_units": selectors.former_units(unit),
        "ancestors": Unit.objects.filter(pk__in=unit.ancestor_ids).order_by("depth"),
        "may_view_history": policy.may_read_history(request.user, unit),
        "may_manage": policy.may_manage_unit(request.user, unit),
    }
    return render(request, "orgs/unit_detail.html", context)


@login_required
def unit_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = policy.unit_for(request.user, unit_id, Action.MANAGE)
    form = UnitEditForm(
        request.POST or None,
        instance=Unit.objects.get(pk=unit.pk),
        reserved=policy.fields_reserved_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(
                unit=unit,
                by=request.user,
                **{name: form.cleaned_data[name] for name in form.changed_data},
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The unit has been saved."))
            return redirect("orgs:unit_detail", unit_id=unit.pk)
    return render(request, "orgs/unit_edit.html", {"unit": unit, "form": form})


@login_required
def unit_history(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = policy.history_unit_for(request.user, unit_id)
    page = Paginator(selectors.unit_history(unit, request.user), 50).get_page(
        request.GET.get("page")
    )
    changes = audit.describe(page.object_list)
    rows = [(event, changes[event.pk]) for event in page.object_list]
    return render(request, "orgs/unit_history.html", {"unit": unit, "page": page, "rows": rows})
