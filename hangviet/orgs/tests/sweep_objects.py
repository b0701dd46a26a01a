"""The objects every route needs, owned by Xã Tân Cương (alice's unit): shared by the permission
sweep and the fuzzer of HTML routes."""

from typing import Any


def objects_for_sweep(world: dict[str, Any], people: dict[str, Any]) -> dict[str, int]:
    """Create one of each object a route's URL names; return their ids by placeholder."""
    from hangviet.orgs.models import RoleAssignment
    from hangviet.plans.models import PlanUpload
    from hangviet.plans.tests.test_views import plan_for_commune

    role = RoleAssignment.objects.get(user=people["alice"], unit=world["commune"])
    plan = plan_for_commune(world)
    upload = PlanUpload.objects.create(user=people["carol"], filename="x.txt", data=b"x")
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from hangviet.activities.models import ActivityUpload
    from hangviet.activities.services import activity_create, attachment_add
    from hangviet.activities.tests.test_views import PNG
    from hangviet.plans.models import Channel

    # Created as the coordinator so that a sibling's "confirm" has nothing of theirs to touch.
    activity = activity_create(
        by=people["carol"],
        unit=world["commune"],
        channel=Channel.objects.get(code="commune_radio"),
        kind="loudspeaker",
        title="Bản tin",
        date=date(2026, 3, 2),
    )
    attachment = attachment_add(
        activity=activity, by=people["carol"], upload=SimpleUploadedFile("a.png", PNG)
    )
    xls = ActivityUpload.objects.create(user=people["carol"], filename="x.xlsx", data=b"PK")
    from hangviet.activities.services import activity_return

    returned = activity_return(activity=activity, comment="Thiếu ảnh.", by=people["carol"])
    from hangviet.reporting import services as reporting

    reporting.indicators_default(plan=plan, by=None)
    [report_request] = reporting.requests_generate(plan=plan, period_code="2026H1", by=None)
    report = reporting.report_start(request=report_request, by=None)
    from hangviet.directory.models import Producer

    # A pending application: nobody but a moderator sees or publishes it.
    producer = Producer.objects.create(name="HTX chờ duyệt", kind="cooperative")
    from hangviet.core.tests.test_images import jpeg
    from hangviet.directory.models import Product
    from hangviet.directory.services import photo_add

    product = Product.objects.create(name="Chè chờ duyệt", producer=producer)
    photo = photo_add(
        product=product, by=people["carol"], upload=SimpleUploadedFile("a.jpg", jpeg())
    )
    from hangviet.monitoring.models import Source
    from hangviet.monitoring.polling import ingest

    source = Source.objects.create(
        unit=world["commune"], name="Cổng xã", url="http://127.0.0.1:9/rss.xml"
    )
    article, _new = ingest(
        source=source,
        url="http://127.0.0.1:9/bai",
        title="Phiên chợ hàng Việt",
        text="Đưa hàng Việt về nông thôn, hưởng ứng Cuộc vận động.",
    )
    from datetime import time as clock

    from django.utils import timezone as tz

    from hangviet.radio.models import Broadcast, Bulletin

    bulletin = Bulletin.objects.create(
        unit=world["commune"],
        title="Bản tin",
        text="Thưa bà con.",
        valid_from=tz.localdate(),
        valid_until=tz.localdate(),
    )
    bulletin.communes.set([world["commune"]])
    broadcast = Broadcast.objects.create(
        bulletin=bulletin, commune=world["commune"], date=tz.localdate(), time=clock(6, 30)
    )
    import hashlib

    from django.core.files.base import ContentFile

    from hangviet.reporting.models import ConsolidatedReport, SignedCopy

    # A signed report addressed to Xã Tân Cương: its people receive it, nobody else does.
    body = b"%PDF-1.7 not really signed"
    signed = SignedCopy(
        consolidation=ConsolidatedReport.objects.create(plan=plan, period_code="2026H1"),
        version=1,
        sha256=hashlib.sha256(body).hexdigest(),
        size=len(body),
        number="1/BC-SVHTTDL",
        dated=date(2026, 7, 10),
        signed_at=tz.now(),
        details={"receiver_id": world["commune"].pk},
    )
    signed.file.save("x.pdf", ContentFile(body), save=False)
    signed.save()
    from hangviet.directory.models import Fair

    fair = Fair.objects.create(
        name="Phiên chợ hàng Việt Tân Cương",
        commune=world["commune"],
        start=date(2026, 3, 1),
        end=date(2026, 3, 3),
        place="Sân vận động xã",
        status="public",
    )
    from hangviet.exchange.models import Package

    # A package received for Xã Tân Cương on the exchange desk.
    package = Package(
        direction="in",
        sender_code="000.00.15.H55",
        receiver_code="000.00.61.H55",
        receiver=world["commune"],
        number="1/BC-SVHTTDL",
        sha256=hashlib.sha256(b"<edXML/>").hexdigest(),
        state="arrived",
    )
    package.file.save("x.edxml", ContentFile(b"<edXML/>"), save=False)
    package.save()
    from hangviet.orgs.services import api_token_create

    token, _secret = api_token_create(by=None, user=people["alice"], name="Đài xã")
    ids = {
        "token": token.pk,
        "signed": signed.pk,
        "package": package.pk,
        "fair": fair.pk,
        "bulletin": bulletin.pk,
        "broadcast": broadcast.pk,
        "source": source.pk,
        "article": article.pk,
        "producer": producer.pk,
        "product": product.pk,
        "photo": photo.pk,
        "request": report_request.pk,
        "report": report.pk,
        "indicator": plan.indicators.first().pk,
        "unit": world["commune"].pk,
        "role": role.pk,
        "plan": plan.pk,
        "upload": upload.pk,
        "theme": plan.themes.first().pk,
        "mention": plan.mentions.first().pk,
        "activity": activity.pk,
        "attachment": attachment.pk,
        "xlsupload": xls.pk,
        "returned": returned.pk,
    }
    return ids
