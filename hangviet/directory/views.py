"""The public directory (no login): search, listings, the map, applications, reports of wrong
listings, open data; and the moderators' review page."""

import csv
import io
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from hangviet.core.middleware import client_ip
from hangviet.core.params import id_param
from hangviet.core.text import spreadsheet_safe
from hangviet.core.web import download
from hangviet.directory import policy, search, services
from hangviet.directory.forms import ApplicationForm, PhotoForm, ReportForm, SearchForm
from hangviet.directory.models import (
    EXPIRY_WARNING_DAYS,
    Fair,
    Listing,
    ListingReport,
    ListingStatus,
    Producer,
    Product,
    ProductPhoto,
    SalesPoint,
)
from hangviet.orgs.models import Unit, UnitKind

KINDS = services.KINDS


def _communes() -> list[Unit]:
    return list(
        Unit.objects.filter(kind=UnitKind.COMMUNE_PC, valid_to__isnull=True)
        .order_by("name")
        .only("pk", "name", "area_name")
    )


def _filters(form: SearchForm) -> search.Filters:
    d = form.cleaned_data
    return search.Filters(
        commune=d["commune"],
        ocop_group=d["ocop_group"],
        min_stars=d["stars"],
        key_product=d["key_product"],
        sales_kind=d["sales_kind"],
        kind=d["kind"],
        upcoming_fairs=d["upcoming"],
    )


@cache_control(public=True, max_age=60)
def home(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, communes=_communes())
    hits: list[search.Hit] = []
    offer = None
    searched = bool(request.GET)
    if searched and form.is_valid():
        try:
            hits = search.search(form.cleaned_data["q"], _filters(form), limit=40)
        except search.SearchError as exc:
            form.add_error("q", str(exc))
        else:
            if not hits and form.cleaned_data["q"].strip():
                offer = search.suggestions(form.cleaned_data["q"], _filters(form))
    fairs = Fair.objects.filter(status=ListingStatus.PUBLIC, end__gte=date.today())[:5]
    typical = Producer.objects.filter(status=ListingStatus.PUBLIC, is_typical=True)[:6]
    return render(
        request,
        "directory/home.html",
        {
            "form": form,
            "hits": hits,
            "searched": searched,
            "offer": offer,
            "fairs": fairs,
            "typical": typical,
        },
    )


def listing(request: HttpRequest, section: str, pk: int) -> HttpResponse:
    if section in services.SLUGS:  # the English addresses of earlier versions, for good
        return redirect("directory:listing", services.SLUGS[section], pk, permanent=True)
    kind = services.KIND_OF_SLUG.get(section, "")
    model = KINDS.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk, status=ListingStatus.PUBLIC)
    if isinstance(item, Product) and item.producer.status != ListingStatus.PUBLIC:
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_report(
                kind=kind, object_id=pk, message=form.cleaned_data["message"], ip=client_ip(request)
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Thank you. The moderators will check this listing."))
            return redirect(request.path)
    return render(
        request,
        "directory/listing.html",
        {
            "item": item,
            "kind": kind,
            "form": form,
            "json_ld": json_ld(item, request),
            "can_moderate": request.user.is_authenticated
            and policy.may_moderate(request.user, item),
            "today": date.today(),
            # the loudspeaker invitations drafted from this fair, with their broadcasts done
            "fair_bulletins": item.bulletins.annotate(
                done=Count("broadcasts", filter=Q(broadcasts__done_at__isnull=False))
            ).order_by("-id")
            if isinstance(item, Fair)
            and request.user.is_authenticated
            and policy.may_moderate(request.user, item)
            else [],
        },
    )


def json_ld(item: Listing, request: HttpRequest) -> dict[str, Any]:
    """Return schema.org data for a listing."""
    url = request.build_absolute_uri()
    if isinstance(item, Product):
        data = {
            "@type": "Product",
            "name": item.name,
            "description": item.description,
            "brand": {"@type": "Brand", "name": item.brand or item.producer.name},
            "manufacturer": {"@type": "Organization", "name": item.producer.name},
        }
        if item.ocop_badge:
            data["award"] = f"OCOP {item.ocop_badge} sao"
        pictures = [
            request.build_absolute_uri(reverse("directory:photo", args=[p.pk, "lon"]))
            for p in item.photos.all()
        ]
        if pictures:
            data["image"] = pictures
    elif isinstance(item, SalesPoint):
        data = {
            "@type": "LocalBusiness",
            "name": item.name,
            "address": item.address,
            "telephone": item.phone,
            "openingHours": item.hours,
        }
        if item.latitude is not None:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": item.latitude,
                "longitude": item.longitude,
            }
    elif isinstance(item, Fair):
        data = {
            "@type": "Event",
            "name": item.name,
            "startDate": item.start.isoformat(),
            "endDate": item.end.isoformat(),
            "location": {"@type": "Place", "name": item.place, "address": item.address},
        }
    else:
        data = {
            "@type": "Organization",
            "name": item.name,
            "address": item.address,
            "telephone": item.phone,
            "email": item.email,
        }
    return {"@context": "https://schema.org", "url": url, **data}


def map_page(request: HttpRequest) -> HttpResponse:
    points = SalesPoint.objects.filter(status=ListingStatus.PUBLIC).select_related("commune")
    fairs = Fair.objects.filter(status=ListingStatus.PUBLIC, end__gte=date.today())
    markers = [
        {
            "name": p.name,
            "lat": p.latitude,
            "lng": p.longitude,
            "url": services.url_of(p),
            "kind": p.get_kind_display(),
        }
        for p in points
        if p.latitude is not None
    ]
    markers += [
        {
            "name": f.name,
            "lat": f.latitude,
            "lng": f.longitude,
            "url": services.url_of(f),
            "kind": _("Fair"),
        }
        for f in fairs
        if f.latitude is not None
    ]
    return render(
        request,
        "directory/map.html",
        {
            "points": points,
            "fairs": fairs,
            "markers": markers,
            "tiles": {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION},
        },
    )


def apply(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None, communes=_communes())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.pop("website_url"):
            # A robot filled in the hidden field: say thanks and keep nothing.
            messages.success(request, _("Thank you. Your application will be reviewed."))
            return redirect("directory:apply")
        commune = Unit.objects.filter(pk=data.pop("commune"), kind=UnitKind.COMMUNE_PC).first()
        try:
            services.application_submit(
                ip=client_ip(request),
                commune=commune,
                contact_name=data.pop("contact_name"),
                **data,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Thank you. Your application will be reviewed."))
            return redirect("directory:apply")
    return render(request, "directory/apply.html", {"form": form})


def _moderator(request: HttpRequest) -> None:
    policy.require_moderate(request.user)


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    _moderator(request)
    pending = {
        kind: model._default_manager.filter(status=ListingStatus.PENDING)
        for kind, model in KINDS.items()
    }
    expired = Product.objects.filter(status=ListingStatus.PUBLIC, ocop_expires_on__lt=date.today())
    expiring = Product.objects.filter(
        status=ListingStatus.PUBLIC,
        ocop_expires_on__gte=date.today(),
        ocop_expires_on__lte=date.today() + timedelta(days=EXPIRY_WARNING_DAYS),
    ).order_by("ocop_expires_on")
    stale = [p for p in Producer.objects.filter(status=ListingStatus.PUBLIC) if p.is_stale][:50]
    reports = ListingReport.objects.filter(resolved_at__isnull=True).order_by("-created_at")[:100]
    return render(
        request,
        "directory/moderation.html",
        {
            "pending": pending,
            "expired": expired,
            "expiring": expiring,
            "stale": stale,
            "reports": reports,
        },
    )


@login_required
@require_POST
def review(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    _moderator(request)
    model = KINDS.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk)
    action = request.POST.get("action")
    if action in ("approve", "reject"):
        services.listing_review(listing=item, by=request.user, approve=action == "approve")
    elif action == "verify":
        services.listing_verify(listing=item, by=request.user)
    else:
        raise Http404
    messages.success(request, _("Saved."))
    return redirect("directory:moderation")


def open_data(request: HttpRequest, fmt: str) -> HttpResponse:
    """The public directory as open data (CSV or JSON)."""
    rows = []
    for kind, model in KINDS.items():
        for item in model._default_manager.filter(status=ListingStatus.PUBLIC).select_related(
            "commune"
        ):
            rows.append(
                {
                    "type": kind,
                    "id": item.pk,
                    "name": item.name,
                    "commune": item.commune.area_name if item.commune else "",
                    "address": item.address,
                    "phone": item.phone,
                    "verified": item.verified_at.isoformat() if item.verified_at else None,
                    "ocop_stars": getattr(item, "ocop_badge", None),
                    "latitude": getattr(item, "latitude", None),
                    "longitude": getattr(item, "longitude", None),
                    "url": request.build_absolute_uri(services.url_of(item)),
                }
            )
    if fmt == "json":
        return JsonResponse(
            {"count": len(rows), "results": rows}, json_dumps_params={"ensure_ascii": False}
        )
    if fmt != "csv":
        raise Http404
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["type"])
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    response = download(
        "\ufeff" + out.getvalue(), "text/csv; charset=utf-8", "danh-ba-hang-viet.csv"
    )
    return response


def _is_public(product: Product) -> bool:
    return (
        product.status == ListingStatus.PUBLIC and product.producer.status == ListingStatus.PUBLIC
    )


def photo(request: HttpRequest, pk: int, size: str) -> FileResponse:
    """A product photo: public with its product; moderators also see those of pending ones."""
    if size not in ("lon", "nho"):
        raise Http404
    item = get_object_or_404(ProductPhoto.objects.select_related("product__producer"), pk=pk)
    public = _is_public(item.product)
    if not public and not (
        request.user.is_authenticated and policy.may_moderate(request.user, item.product)
    ):
        raise Http404
    field = item.image if size == "lon" else item.thumbnail
    response = FileResponse(field.open("rb"), content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    return response


@login_required
def photos(request: HttpRequest, pk: int) -> HttpResponse:
    """The moderators' page for a product's photos: upload (re-encoded), caption, remove."""
    _moderator(request)
    product = get_object_or_404(Product.objects.select_related("producer"), pk=pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        remove = id_param(request.POST, "remove")
        if remove is not None:
            item = get_object_or_404(ProductPhoto, pk=remove, product=product)
            services.photo_remove(photo=item, by=request.user)
            messages.success(request, _("The photo was removed."))
            return redirect("directory:photos", pk=product.pk)
        if form.is_valid():
            try:
                services.photo_add(
                    product=product,
                    by=request.user,
                    upload=form.cleaned_data["image"],
                    caption=form.cleaned_data["caption"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("image", message)
            else:
                messages.success(request, _("The photo was added."))
                return redirect("directory:photos", pk=product.pk)
    return render(
        request,
        "directory/photos.html",
        {"product": product, "photos": product.photos.all(), "form": form},
    )


@login_required
@require_POST
def fair_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's moderator records what a closed fair achieved."""
    fair = get_object_or_404(Fair, pk=pk, status=ListingStatus.PUBLIC)
    policy.require_moderate(request.user, fair)  # a public fair: 403, not 404
    try:
        services.fair_close(
            fair=fair,
            by=request.user,
            enterprises=request.POST.get("enterprises", ""),
            stalls=request.POST.get("stalls", ""),
            visitors=request.POST.get("visitors", ""),
            sales_million=request.POST.get("sales_million", ""),
            source=request.POST.get("outcome_source", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The fair's outcomes are recorded."))
    return redirect("directory:listing", "hoi-cho", fair.pk)
