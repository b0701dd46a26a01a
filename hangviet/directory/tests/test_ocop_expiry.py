"""An OCOP certificate lasts 36 months: its holder and the moderators hear of its end 90 days
before, once; the public sees "sắp hết hạn" then "đã hết hạn", and the stars go."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client

from hangviet.directory import search, services
from hangviet.directory.demo import build_directory
from hangviet.directory.models import Product, SearchEntry
from hangviet.directory.tasks import watch_ocop_certificates

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(world, people):
    build_directory()
    people["carol"].email = "carol@stttt.example.vn"
    people["carol"].save()


def test_expiring_certificates_are_announced_once_to_moderators_and_producer(
    listings, people, django_capture_on_commit_callbacks
):
    product = Product.objects.get(name="Chè búp Khe Cốc")  # lapses in 45 days
    producer = product.producer
    producer.email = "htx.khecoc@example.vn"
    producer.save()
    with django_capture_on_commit_callbacks(execute=True):
        result = watch_ocop_certificates.call()
    assert result["warned"] == 1
    message = next(m for m in mail.outbox if "Chè búp Khe Cốc" in m.subject)
    assert set(message.to) == {"carol@stttt.example.vn", "htx.khecoc@example.vn"}
    assert message.subject.startswith("Giấy chứng nhận OCOP hết hạn ngày")
    assert "/hang-viet/san-pham/" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        again = watch_ocop_certificates.call()
    assert again["warned"] == 0 and len(mail.outbox) == 1
    # the product keeps which end was announced: a renewed certificate is announced in turn
    product.refresh_from_db()
    assert product.ocop_expiry_warned_for == product.ocop_expires_on


def test_the_public_sees_soon_and_expired_and_lapsed_stars_go(listings):
    soon = Product.objects.get(name="Chè búp Khe Cốc")
    lapsed = Product.objects.get(name="Chè xanh Vô Tranh")
    page = Client().get(f"/hang-viet/san-pham/{soon.pk}/").content.decode()
    assert "Giấy chứng nhận OCOP sắp hết hạn" in page and "OCOP 4★" in page
    page = Client().get(f"/hang-viet/san-pham/{lapsed.pk}/").content.decode()
    assert "Giấy chứng nhận OCOP đã hết hạn ngày" in page and "OCOP 3★" not in page
    entry = SearchEntry.objects.get(kind="product", object_id=lapsed.pk)
    assert entry.stars is None  # indexed after it lapsed: no stars
    # a certificate that lapses after indexing loses its stars at the next daily watch
    valid = Product.objects.get(name="Cam sành Bạch Thông")
    Product.objects.filter(pk=valid.pk).update(ocop_expires_on=date.today() - timedelta(days=1))
    assert SearchEntry.objects.get(kind="product", object_id=valid.pk).stars == 3
    warned, dropped = services.ocop_expiry_watch(today=date.today())
    assert dropped == 1
    assert SearchEntry.objects.get(kind="product", object_id=valid.pk).stars is None
    assert "Cam sành Bạch Thông" not in [
        h.entry.name for h in search.search("cam", search.Filters(min_stars=3))
    ]


def test_moderators_see_what_expires(listings, people):
    c = Client()
    c.force_login(people["carol"])
    page = c.get("/hang-viet/kiem-duyet/").content.decode()
    assert "Giấy chứng nhận OCOP hết hạn trong 90 ngày tới" in page and "Chè búp Khe Cốc" in page
