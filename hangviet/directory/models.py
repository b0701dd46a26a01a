"""The consumer-facing directory: producers, their products (OCOP and key products), the places
that sell Vietnamese goods, fairs and market sessions, and suppliers of domestic inputs.

A listing becomes public only after review; it shows when it was last verified, and a listing
whose OCOP certificate expired or that nobody re-verified for a year is flagged."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hangviet.core.models import TimeStampedModel
from hangviet.orgs.models import Unit

STALE_AFTER = timedelta(days=365)
VIETNAM_LAT = (8.0, 23.5)
VIETNAM_LNG = (102.0, 110.0)


class ListingStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    PUBLIC = "public", _("Public")
    REJECTED = "rejected", _("Rejected")
    HIDDEN = "hidden", _("Hidden")


class Listing(TimeStampedModel):
    """What every directory entry shares: review state, verification, the commune."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    commune = models.ForeignKey(
        Unit,
        verbose_name=_("commune / ward"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ListingStatus.choices, default=ListingStatus.PENDING
    )
    verified_at = models.DateField(_("last verified"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def is_stale(self) -> bool:
        return self.verified_at is None or date.today() - self.verified_at > STALE_AFTER


class ProducerKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    HOUSEHOLD = "household", _("Household business")


class Producer(Listing):
    kind = models.CharField(_("kind"), max_length=12, choices=ProducerKind.choices)
    is_typical = models.BooleanField(_("typical enterprise"), default=False)
    tax_code = models.CharField(_("tax code"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        ordering = ["name"]


# An OCOP certificate lasts 36 months; its holder and the moderators are told this long before.
EXPIRY_WARNING_DAYS = 90


class OcopGroup(models.TextChoices):
    """The six product groups of Quyết định 148/QĐ-TTg (2023)."""

    FOOD = "food", _("Food")
    BEVERAGE = "beverage", _("Beverages")
    HERBAL = "herbal", _("Herbal and medicinal products")
    CRAFT = "craft", _("Handicrafts and decoration")
    PLANTS = "plants", _("Ornamental plants and animals")
    TOURISM = "tourism", _("Community, eco and destination tourism")


class Product(Listing):
    producer = models.ForeignKey(
        Producer, verbose_name=_("producer"), on_delete=models.CASCADE, related_name="products"
    )
    brand = models.CharField(_("Vietnamese brand"), max_length=120, blank=True)
    is_key_product = models.BooleanField(_("key product of the province"), default=False)
    ocop_group = models.CharField(
        _("OCOP group"), max_length=10, choices=OcopGroup.choices, blank=True
    )
    ocop_stars = models.PositiveSmallIntegerField(_("OCOP stars"), null=True, blank=True)
    ocop_certificate = models.CharField(_("OCOP certificate number"), max_length=60, blank=True)
    ocop_certified_on = models.DateField(_("certified on"), null=True, blank=True)
    ocop_expires_on = models.DateField(_("certificate expires on"), null=True, blank=True)
    # the expiry date the moderators and the producer were warned about (once per certificate)
    ocop_expiry_warned_for = models.DateField(null=True, blank=True, editable=False)
    protected_mark = models.CharField(
        _("protected mark or geographical indication"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ocop_stars__isnull=True) | Q(ocop_stars__gte=3, ocop_stars__lte=5),
                name="product_stars_3_to_5",
            ),
            models.CheckConstraint(
                condition=Q(ocop_expires_on__isnull=True)
                | Q(ocop_certified_on__isnull=True)
                | Q(ocop_expires_on__gt=models.F("ocop_certified_on")),
                name="product_certificate_dates",
            ),
        ]

    @property
    def certificate_expired(self) -> bool:
        return self.ocop_expires_on is not None and self.ocop_expires_on < date.today()

    @property
    def certificate_expiring(self) -> bool:
        """Valid, but for less than EXPIRY_WARNING_DAYS more: time to renew it."""
        if self.ocop_expires_on is None or self.certificate_expired:
            return False
        return (self.ocop_expires_on - date.today()).days <= EXPIRY_WARNING_DAYS

    @property
    def ocop_badge(self) -> int | None:
        """The stars shown beside the product: none once the certificate has lapsed."""
        return None if self.certificate_expired else self.ocop_stars


def photo_path(instance: "ProductPhoto", filename: str) -> str:
    return f"directory/photos/{instance.product_id}/{filename}"


class ProductPhoto(models.Model):
    """A photo of a product, re-encoded on upload (no metadata survives), with a thumbnail."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=photo_path)
    thumbnail = models.FileField(upload_to=photo_path)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("product photo")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption or f"{self.product} #{self.pk}"


class SalesPointKind(models.TextChoices):
    VN_GOODS = "vn_goods", _("Vietnamese-goods sales point")
    OCOP = "ocop", _("OCOP sales point")
    MARKET = "market", _("Market")
    SUPERMARKET = "supermarket", _("Supermarket")
    SHOP = "shop", _("Shop")


class SalesPoint(Listing):
    kind = models.CharField(_("kind"), max_length=12, choices=SalesPointKind.choices)
    hours = models.CharField(_("opening hours"), max_length=120, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    products = models.ManyToManyField(
        Product, verbose_name=_("products sold"), blank=True, related_name="sales_points"
    )

    class Meta:
        verbose_name = _("sales point")
        verbose_name_plural = _("sales points")
        ordering = ["name"]


class Fair(Listing):
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    place = models.CharField(_("place"), max_length=200)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    enterprises = models.PositiveIntegerField(_("enterprises taking part"), default=0)
    stalls = models.PositiveIntegerField(_("stalls"), default=0)
    # What the fair achieved, recorded by its organiser after it closed (issue 33).
    visitors = models.PositiveIntegerField(_("visitors"), null=True, blank=True)
    sales_million = models.PositiveBigIntegerField(_("sales (million đồng)"), null=True, blank=True)
    outcome_source = models.CharField(_("source of the figures"), max_length=300, blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    producers = models.ManyToManyField(Producer, blank=True, related_name="fairs")

    class Meta:
        verbose_name = _("fair")
        verbose_name_plural = _("fairs")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="fair_dates_ordered"
            )
        ]


class Supplier(Listing):
    """A supplier of domestic inputs (materials, services) firms in the province can use."""

    supplies = models.CharField(_("what it supplies"), max_length=300)

    class Meta:
        verbose_name = _("supplier of domestic inputs")
        verbose_name_plural = _("suppliers of domestic inputs")
        ordering = ["name"]


class SearchEntry(models.Model):
    """One public listing in the search index, kept by the services on every write."""

    kind = models.CharField(max_length=12)  # producer, product, salespoint, fair, supplier
    object_id = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    url = models.CharField(max_length=200)
    folded_name = models.CharField(max_length=200)
    commune = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ocop_group = models.CharField(max_length=10, blank=True)
    stars = models.PositiveSmallIntegerField(null=True, blank=True)
    key_product = models.BooleanField(default=False)
    sales_kind = models.CharField(max_length=12, blank=True)
    fair_end = models.DateField(null=True, blank=True)
    boost = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once")
        ]

    def __str__(self) -> str:
        return self.name


class SearchToken(models.Model):
    """A folded word of an entry, once per field it appears in, with its positions there (the
    name weighs more than the text, the text more than the place; positions tell which words
    stand side by side)."""

    class Field(models.IntegerChoices):
        NAME = 0, "name"
        TEXT = 1, "text"
        PLACE = 2, "place"

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=40, db_index=True)
    field = models.PositiveSmallIntegerField(choices=Field.choices, default=Field.TEXT)
    positions = models.CharField(max_length=200, blank=True)  # "0,7": where in that field

    class Meta:
        indexes = [models.Index(fields=["token", "entry"], name="search_token_entry")]

    def __str__(self) -> str:
        return self.token


class ListingApplication(TimeStampedModel):
    """An enterprise's request to be listed, from the public form."""

    producer = models.OneToOneField(Producer, on_delete=models.CASCADE, related_name="application")
    contact_name = models.CharField(max_length=120)
    message = models.TextField(blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)


class ListingReport(TimeStampedModel):
    """Somebody says a public listing is wrong."""

    kind = models.CharField(max_length=12)
    object_id = models.PositiveIntegerField()
    message = models.TextField(_("what is wrong"))
    ip = models.GenericIPAddressField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
