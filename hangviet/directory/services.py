"""Writes to the directory: listings by coordinators, applications from the public form,
review, verification, reports of wrong listings; and the search index, kept on every write."""

import hashlib
from datetime import date, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mass_mail
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hangviet.core import audit, images
from hangviet.core.text import nfc
from hangviet.core.typing import Actor, account_of
from hangviet.directory import policy, search
from hangviet.directory.models import (
    EXPIRY_WARNING_DAYS,
    VIETNAM_LAT,
    VIETNAM_LNG,
    Fair,
    Listing,
    ListingApplication,
    ListingReport,
    ListingStatus,
    Producer,
    Product,
    ProductPhoto,
    SalesPoint,
    SearchEntry,
    SearchToken,
    Supplier,
)
from hangviet.orgs.models import Unit

User = Actor
L = TypeVar("L", bound=Listing)  # the kind of listing in, the same kind out

KINDS = {
    "producer": Producer,
    "product": Product,
    "salespoint": SalesPoint,
    "fair": Fair,
    "supplier": Supplier,
}
# The public address of each kind of listing, in Vietnamese: /hang-viet/san-pham/12/.
SLUGS = {
    "producer": "nha-san-xuat",
    "product": "san-pham",
    "salespoint": "diem-ban",
    "fair": "hoi-cho",
    "supplier": "nha-cung-cap",
}
KIND_OF_SLUG = {slug: kind for kind, slug in SLUGS.items()}
MAX_APPLICATIONS_PER_HOUR = 5
MAX_PHOTOS = 8
MAX_PHOTO_BYTES = 15 * 1024 * 1024


def kind_of(listing: Listing) -> str:
    return next(k for k, model in KINDS.items() if isinstance(listing, model))


def url_of(listing: Listing) -> str:
    return f"/hang-viet/{SLUGS[kind_of(listing)]}/{listing.pk}/"


def validate(listing: Listing) -> None:
    errors: dict[str, list[str]] = {}
    lat, lng = getattr(listing, "latitude", None), getattr(listing, "longitude", None)
    if (lat is None) != (lng is None):
        errors["latitude"] = [_("Give both latitude and longitude, or neither.")]
    elif (
        lat is not None
        and lng is not None
        and not (
            VIETNAM_LAT[0] <= lat <= VIETNAM_LAT[1] and VIETNAM_LNG[0] <= lng <= VIETNAM_LNG[1]
        )
    ):
        errors["latitude"] = [_("These coordinates are outside Vietnam.")]
    if isinstance(listing, Product):
        if listing.ocop_stars is not None and not 3 <= listing.ocop_stars <= 5:
            errors["ocop_stars"] = [_("OCOP products have 3 to 5 stars.")]
        if (
            listing.ocop_certified_on
            and listing.ocop_expires_on
            and listing.ocop_expires_on <= listing.ocop_certified_on
        ):
            errors["ocop_expires_on"] = [_("The certificate expires before it was issued.")]
        if listing.ocop_stars and not listing.ocop_group:
            errors["ocop_group"] = [_("Choose the OCOP product group.")]
    if isinstance(listing, Fair) and listing.end < listing.start:
        errors["end"] = [_("The fair ends before it starts.")]
    if errors:
        raise ValidationError(errors)
    listing.full_clean()


def token_rows(entry: SearchEntry, fields: dict[int, str]) -> list[SearchToken]:
    """The index rows of an entry: each folded word once per field, with its positions there
    (the parts of a field — description, brand, producer — are kept apart by a gap, so that
    words of different parts never count as side by side)."""
    rows = []
    for field_code, text in fields.items():
        spots: dict[str, list[int]] = {}
        position = 0
        for part in text.split("\n"):
            for word in search.words(part):
                spots.setdefault(word, []).append(position)
                position += 1
            position += 10
        for word, positions in spots.items():
            joined = ",".join(str(p) for p in positions[:30])[:200]
            rows.append(SearchToken(entry=entry, token=word, field=field_code, positions=joined))
    return rows


def reindex(listing: Listing) -> None:
    """Put a public listing in the search index, or take it out."""
    kind = kind_of(listing)
    public = listing.status == ListingStatus.PUBLIC and (
        not isinstance(listing, Product) or listing.producer.status == ListingStatus.PUBLIC
    )
    if not public:
        SearchEntry.objects.filter(kind=kind, object_id=listing.pk).delete()
        return
    text = [listing.description]
    place = [getattr(listing, "address", "")]
    if listing.commune is not None:
        place.append(listing.commune.area_name)
        # and the province it lies in: "chè Thái Nguyên" finds the tea of every commune
        above = Unit.objects.filter(pk__in=listing.commune.ancestor_ids, parent__isnull=True)
        place += [u.area_name for u in above]
    if isinstance(listing, Product):
        text += [listing.brand, listing.protected_mark, listing.producer.name]
    if isinstance(listing, Supplier):
        text.append(listing.supplies)
    if isinstance(listing, Fair):
        place.append(listing.place)
    boost = 0.0
    if isinstance(listing, Producer) and listing.is_typical:
        boost += 1.0
    stars = getattr(listing, "ocop_stars", None)
    if isinstance(listing, Product):
        if listing.certificate_expired:
            stars = None  # an expired certificate is no OCOP standing any more
        boost += (stars or 0) * 0.3 + (0.5 if listing.is_key_product else 0)
    if listing.verified_at and (timezone.localdate() - listing.verified_at).days <= 365:
        boost += 0.3
    entry, _created = SearchEntry.objects.update_or_create(
        kind=kind,
        object_id=listing.pk,
        defaults={
            "name": listing.name[:200],
            "url": url_of(listing),
            "folded_name": " ".join(search.words(listing.name))[:200],
            "commune": listing.commune,
            "ocop_group": getattr(listing, "ocop_group", "") or "",
            "stars": stars,
            "key_product": bool(getattr(listing, "is_key_product", False)),
            "sales_kind": listing.kind if isinstance(listing, SalesPoint) else "",
            "fair_end": listing.end if isinstance(listing, Fair) else None,
            "boost": boost,
        },
    )
    entry.tokens.all().delete()
    SearchToken.objects.bulk_create(
        token_rows(
            entry,
            {
                SearchToken.Field.NAME: listing.name,
                SearchToken.Field.TEXT: "\n".join(x for x in text if x),
                SearchToken.Field.PLACE: "\n".join(x for x in place if x),
            },
        )
    )
    search.vocabulary_changed()


@transaction.atomic
def listing_save(*, listing: L, by: User, **fields: Any) -> L:
    """Create or change a listing as a moderator; a moderator's listing is public and verified.
    Moving it to another commune (or producer) needs the right on both."""
    stored = type(listing)._default_manager.filter(pk=listing.pk).first() if listing.pk else None
    policy.require_moderate(by, stored if stored is not None else listing)
    before = audit.snapshot(listing) if listing.pk else {}
    for key, value in fields.items():
        setattr(listing, key, nfc(value).strip() if isinstance(value, str) else value)
    policy.require_moderate(by, listing)
    if not listing.pk:
        listing.status = fields.get("status", ListingStatus.PUBLIC)
        listing.verified_at = listing.verified_at or timezone.localdate()
    validate(listing)
    listing.save()
    reindex(listing)
    if isinstance(listing, Producer):
        for product in listing.products.all():
            reindex(product)
    audit.record(
        "update" if before else "create",
        listing,
        by=by,
        unit=listing.commune,
        changes=audit.diff(before, audit.snapshot(listing)),
    )
    return listing


@transaction.atomic
def fair_close(
    *,
    fair: Fair,
    by: User,
    enterprises: object,
    stalls: object,
    visitors: object,
    sales_million: object,
    source: str,
    today: date | None = None,
) -> Fair:
    """Record what a fair achieved once it has closed: enterprises, stalls, visitors, sales
    (million đồng) and where the figures come from. Refused, nothing saved: a fair still open,
    a figure that is not a whole number of zero or more, no source."""
    policy.require_moderate(by, fair)
    day = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if fair.end >= day:
        errors["end"] = [
            _("The fair closes on %(d)s: its outcomes are recorded after it closes.")
            % {"d": fair.end.strftime("%d/%m/%Y")}
        ]
    numbers: dict[str, int] = {}
    for name, raw in (
        ("enterprises", enterprises),
        ("stalls", stalls),
        ("visitors", visitors),
        ("sales_million", sales_million),
    ):
        text = str(raw).strip().replace(".", "").replace(" ", "") if raw is not None else ""
        if not text.lstrip("-").isdigit() or int(text) < 0:
            errors[name] = [_("Enter a whole number, zero or more.")]
        else:
            numbers[name] = int(text)
    source = nfc(source or "").strip()
    if not source:
        errors["outcome_source"] = [
            _("Say where the figures come from: the organiser's summary report, the ticket count…")
        ]
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(fair)
    for name, value in numbers.items():
        setattr(fair, name, value)
    fair.outcome_source = source
    fair.outcome_recorded_at = timezone.now()
    fair.save()
    audit.record(
        "update",
        fair,
        by=by,
        unit=fair.commune,
        changes=audit.diff(before, audit.snapshot(fair)),
        note="outcomes",
    )
    return fair


@transaction.atomic
def listing_delete(*, listing: Listing, by: User) -> None:
    """Delete a listing for good (a duplicate, a test entry); its search entry goes with it.
    A listing that was simply wrong is rejected instead, which keeps its history visible."""
    policy.require_moderate(by, listing)
    audit.record(
        "delete",
        listing,
        by=by,
        unit=listing.commune,
        changes=audit.diff(audit.snapshot(listing), {}),
    )
    SearchEntry.objects.filter(kind=kind_of(listing), object_id=listing.pk).delete()
    if isinstance(listing, Producer):  # its products go with it
        products = list(listing.products.values_list("pk", flat=True))
        SearchEntry.objects.filter(kind="product", object_id__in=products).delete()
    listing.delete()
    search.vocabulary_changed()


def _recent_from(ip: str | None, model: type[models.Model]) -> int:
    if not ip:
        return 0
    return model._default_manager.filter(
        ip=ip, created_at__gte=timezone.now() - timedelta(hours=1)
    ).count()


@transaction.atomic
def application_submit(
    *, ip: str | None, contact_name: str, message: str = "", **producer_fields: Any
) -> Producer:
    """An enterprise asks to be listed: a pending producer waits for review."""
    if _recent_from(ip, ListingApplication) >= MAX_APPLICATIONS_PER_HOUR:
        raise ValidationError(
            _("Too many applications from your connection; please try again in an hour.")
        )
    producer = Producer(
        status=ListingStatus.PENDING,
        **{k: nfc(v).strip() if isinstance(v, str) else v for k, v in producer_fields.items()},
    )
    validate(producer)
    producer.save()
    ListingApplication.objects.create(
        producer=producer, contact_name=nfc(contact_name)[:120], message=nfc(message)[:5000], ip=ip
    )
    audit.record(
        "create",
        producer,
        by=None,
        unit=producer.commune,
        changes=audit.created(producer),
        note=f"public application from {ip or '-'}",
    )
    return producer


@transaction.atomic
def listing_review(*, listing: L, by: User, approve: bool) -> L:
    """Publish or reject a pending listing; publishing counts as a verification."""
    policy.require_moderate(by, listing)
    before = listing.status
    listing.status = ListingStatus.PUBLIC if approve else ListingStatus.REJECTED
    if approve:
        listing.verified_at = timezone.localdate()
    listing.reviewed_by = account_of(by)
    listing.save(update_fields=["status", "verified_at", "reviewed_by", "updated_at"])
    reindex(listing)
    if isinstance(listing, Producer):
        for product in listing.products.all():
            reindex(product)
    audit.record(
        "update", listing, by=by, unit=listing.commune, changes={"status": [before, listing.status]}
    )
    return listing


@transaction.atomic
def listing_verify(*, listing: L, by: User) -> L:
    policy.require_moderate(by, listing)
    before = listing.verified_at
    listing.verified_at = timezone.localdate()
    listing.save(update_fields=["verified_at", "updated_at"])
    audit.record(
        "update",
        listing,
        by=by,
        unit=listing.commune,
        changes={
            "verified_at": [before.isoformat() if before else None, listing.verified_at.isoformat()]
        },
    )
    return listing


@transaction.atomic
def listing_report(*, kind: str, object_id: int, message: str, ip: str | None) -> ListingReport:
    """Anyone may say a public listing is wrong."""
    model = KINDS.get(kind)
    if (
        model is None
        or not model._default_manager.filter(pk=object_id, status=ListingStatus.PUBLIC).exists()
    ):
        raise ValidationError(_("This listing does not exist."))
    message = nfc(message).strip()
    if not message:
        raise ValidationError({"message": _("Say what is wrong.")})
    if _recent_from(ip, ListingReport) >= 10:
        raise ValidationError(_("Too many reports from your connection; please try again later."))
    return ListingReport.objects.create(
        kind=kind, object_id=object_id, message=message[:3000], ip=ip
    )


@transaction.atomic
def photo_add(
    *, product: Product, by: User, upload: UploadedFile, caption: str = ""
) -> ProductPhoto:
    """Keep a photo of `product`: decoded and encoded again (metadata dropped), with a
    thumbnail. A file that is not an image, too big, or one photo too many changes nothing."""
    policy.require_moderate(by, product)
    if product.photos.count() >= MAX_PHOTOS:
        raise ValidationError(
            {"image": _("A product has at most %(n)s photos.") % {"n": MAX_PHOTOS}}
        )
    name = nfc(upload.name or "")[:120]
    if (upload.size or 0) > MAX_PHOTO_BYTES:
        raise ValidationError(
            {
                "image": _("The photo “%(n)s” is too large; the limit is %(l)s MB.")
                % {"n": name, "l": MAX_PHOTO_BYTES // 1048576}
            }
        )
    upload.seek(0)
    data = upload.read()
    try:
        full = images.reencode(data, name)
        small = images.thumbnail(full.content, name)
    except images.ImageError as exc:
        raise ValidationError({"image": str(exc)}) from exc
    photo = ProductPhoto(
        product=product,
        content_type=full.content_type,
        width=full.width,
        height=full.height,
        caption=nfc(caption).strip()[:200],
        position=product.photos.count(),
        created_by=account_of(by),
    )
    stem = hashlib.sha256(full.content).hexdigest()[:24]
    photo.image.save(stem + full.extension, ContentFile(full.content), save=False)
    photo.thumbnail.save(stem + "-nho" + small.extension, ContentFile(small.content), save=False)
    photo.save()
    audit.record(
        "create",
        photo,
        by=by,
        unit=product.commune,
        changes={
            "product": [None, product.pk],
            "file": [None, name],
            "caption": [None, photo.caption],
        },
    )
    return photo


@transaction.atomic
def photo_remove(*, photo: ProductPhoto, by: User) -> None:
    policy.require_moderate(by, photo.product)
    audit.record(
        "delete",
        photo,
        by=by,
        unit=photo.product.commune,
        changes={"product": [photo.product_id, None], "caption": [photo.caption, None]},
    )
    files = [photo.image.name, photo.thumbnail.name]
    storage = photo.image.storage
    photo.delete()
    transaction.on_commit(lambda: [storage.delete(f) for f in files if f])


@transaction.atomic
def listing_report_resolve(*, report: ListingReport, by: User) -> ListingReport:
    """A moderator dealt with what the report said."""
    policy.require_moderate(
        by, KINDS[report.kind]._default_manager.filter(pk=report.object_id).first()
    )
    if report.resolved_at is None:
        report.resolved_at = timezone.now()
        report.save(update_fields=["resolved_at", "updated_at"])
        audit.record("update", report, by=by, changes={"resolved_at": [None, "now"]})
    return report


def reindex_all() -> int:
    """Rebuild the whole search index from the listings (after a change to how it is built);
    return how many listings are in it."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for model in KINDS.values():
            related = ["commune", "producer"] if model is Product else ["commune"]
            rows = model._default_manager.filter(status=ListingStatus.PUBLIC)
            for listing in rows.select_related(*related).iterator(chunk_size=500):
                reindex(listing)
    return SearchEntry.objects.count()


def _moderators_of(listing: Listing) -> list[str]:
    """The addresses of the coordinators who may moderate `listing`."""
    return sorted({u.email for u in policy.moderators_of(listing) if u.email})


def ocop_expiry_watch(*, today: date) -> tuple[int, int]:
    """Warn, once per certificate, the moderators and the producer of every public product whose
    OCOP certificate lapses within EXPIRY_WARNING_DAYS; take the stars off the search entries of
    those that have lapsed. Return (warned, lapsed)."""
    soon = today + timedelta(days=EXPIRY_WARNING_DAYS)
    expiring = (
        Product.objects.filter(
            status=ListingStatus.PUBLIC, ocop_expires_on__gte=today, ocop_expires_on__lte=soon
        )
        .exclude(ocop_expiry_warned_for=F("ocop_expires_on"))
        .select_related("producer", "producer__commune", "commune")
    )
    warned = 0
    for product in expiring:
        expires = product.ocop_expires_on
        assert expires is not None
        with transaction.atomic():
            claimed = (
                Product.objects.filter(pk=product.pk)
                .exclude(ocop_expiry_warned_for=expires)
                .update(ocop_expiry_warned_for=expires)
            )
            if not claimed:
                continue  # another worker warned about it
            audit.record(
                "update",
                product,
                by=None,
                unit=product.commune,
                changes={"ocop_expiry_warned_for": [None, expires.isoformat()]},
                note=_("OCOP certificate expiry warning sent"),
            )
            addresses = _moderators_of(product)
            if product.producer.email:
                addresses = sorted({*addresses, product.producer.email})
            if addresses:
                with translation.override(settings.LANGUAGE_CODE):
                    subject = _("OCOP certificate expires on %(d)s: %(p)s") % {
                        "d": expires.strftime("%d/%m/%Y"),
                        "p": product.name,
                    }
                    body = _(
                        "The OCOP certificate %(c)s of “%(p)s” (%(producer)s) is valid until "
                        "%(d)s. After that date the directory no longer shows its OCOP stars.\n"
                        "To keep them, renew the certificate and send the new one to the "
                        "directory's moderators.\n%(u)s"
                    ) % {
                        "c": product.ocop_certificate or "",
                        "p": product.name,
                        "producer": product.producer.name,
                        "d": expires.strftime("%d/%m/%Y"),
                        "u": settings.SITE_URL.rstrip("/") + url_of(product),
                    }
                message = (subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
                transaction.on_commit(lambda m=message: send_mass_mail([m]))  # type: ignore[misc]
            warned += 1
    lapsed_ids = Product.objects.filter(ocop_expires_on__lt=today).values("pk")
    lapsed = 0
    for entry in SearchEntry.objects.filter(
        kind="product", stars__isnull=False, object_id__in=lapsed_ids
    ):
        product = Product.objects.select_related("producer", "commune").get(pk=entry.object_id)
        reindex(product)
        lapsed += 1
    return warned, lapsed
