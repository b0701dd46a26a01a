"""The consumers' survey on the public portal: no sign-in, no JavaScript needed, a page a cheap
phone opens on a weak signal; the results with their sample sizes and margins of error; the
QR code for posters and the end of loudspeaker bulletins."""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache

from hangviet.core.middleware import client_ip
from hangviet.outcomes import results, services
from hangviet.outcomes.models import Place, Preference, Reason, Survey

COOKIE = "hv_khaosat"
COOKIE_AGE = 400 * 24 * 3600


def current_survey() -> Survey | None:
    today = timezone.localdate()
    return Survey.objects.filter(start__lte=today, end__gte=today).order_by("-start").first()


def last_survey() -> Survey | None:
    today = timezone.localdate()
    return Survey.objects.filter(start__lte=today).order_by("-start").first()


@never_cache
def survey(request: HttpRequest) -> HttpResponse:
    round_ = current_survey()
    errors: dict[str, list[str]] = {}
    given = request.POST if request.method == "POST" else None
    if round_ is not None and given is not None:
        try:
            services.answer_submit(
                survey=round_,
                commune_id=int(given["commune"]) if given.get("commune", "").isdigit() else None,
                preference=given.get("preference", ""),
                reasons=given.getlist("reasons"),
                places=given.getlist("places"),
                cookie=request.COOKIES.get(COOKIE, ""),
                ip=client_ip(request),
                stamp=given.get("stamp", ""),
                trap=given.get("website", ""),
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        else:
            messages.success(request, _("Thank you for answering the survey!"))
            return redirect("portal:survey_results")
    response = render(
        request,
        "portal/survey.html",
        {
            "survey": round_,
            "communes": services.communes_of(round_) if round_ else [],
            "preferences": Preference.choices,
            "reasons": Reason.choices,
            "places": Place.choices,
            "stamp": services.form_stamp(round_) if round_ else "",
            "errors": errors,
            "given": given,
        },
        status=400 if errors else 200,
    )
    if round_ is not None and not request.COOKIES.get(COOKIE):
        response.set_cookie(
            COOKIE,
            secrets.token_urlsafe(24),
            max_age=COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


@never_cache  # it carries the thank-you message after an answer
def survey_results(request: HttpRequest) -> HttpResponse:
    round_ = last_survey()
    earlier = Survey.objects.filter(start__lte=timezone.localdate())
    if round_ is not None:
        earlier = earlier.exclude(pk=round_.pk)
    return render(
        request,
        "portal/survey_results.html",
        {
            "survey": round_,
            "result": results.result(round_) if round_ else None,
            "earlier": [results.result(s) for s in earlier.order_by("-start")[:8]],
            "minimum": results.MIN_ANSWERS,
        },
    )


@cache_control(public=True, max_age=86400)
def survey_qr(request: HttpRequest) -> HttpResponse:
    import segno  # noqa: PLC0415 - loaded on first use, as in accounts

    url = request.build_absolute_uri(reverse("portal:survey"))
    svg = segno.make(url, error="m").svg_inline(scale=8, dark="#1d1d1f")
    return HttpResponse(svg, content_type="image/svg+xml")
