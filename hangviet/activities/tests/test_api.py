import datetime as dt

import pytest
from django.test import Client

from hangviet.activities.models import Activity, Status
from hangviet.activities.services import activities_bulk_create
from hangviet.orgs.services import api_token_create
from hangviet.plans.models import Channel

pytestmark = pytest.mark.django_db


def token_client(user) -> Client:
    _t, raw = api_token_create(by=None, user=user, name="cms")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def payload(world, **extra):
    return {
        "unit": world["commune"].pk,
        "channel": "commune_radio",
        "kind": "loudspeaker",
        "title": "Phát bản tin tuần 10",
        "date": "2026-03-06",
        "quantity": 4,
        "measure": "broadcasts",
        **extra,
    }


def test_round_trip(world, people, plan2026):
    c = token_client(people["alice"])
    theme = plan2026.themes.filter(parent=None).first()
    created = c.post(
        "/api/v1/activities/",
        payload(world, plan=plan2026.pk, themes=[theme.pk], communes=[world["commune"].pk]),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["source"] == "api" and body["themes"] == [theme.pk]
    one = c.get(f"/api/v1/activities/{body['id']}/").json()
    assert one["title"] == "Phát bản tin tuần 10"
    patched = c.patch(
        f"/api/v1/activities/{body['id']}/",
        {"quantity": 6, "status": "confirmed"},
        content_type="application/json",
    )
    assert patched.json()["quantity"] == 6 and patched.json()["status"] == "confirmed"
    listing = c.get("/api/v1/activities/", {"channel": "commune_radio", "period": "2026H1"})
    assert [a["id"] for a in listing.json()["items"]] == [body["id"]]
    assert c.delete(f"/api/v1/activities/{body['id']}/").status_code == 204
    assert c.get(f"/api/v1/activities/{body['id']}/").status_code == 404


def test_upsert_by_external_id_is_idempotent(world, people):
    c = token_client(people["alice"])
    first = c.post(
        "/api/v1/activities/", payload(world, external_id="cms-77"), content_type="application/json"
    )
    again = c.post(
        "/api/v1/activities/",
        payload(world, external_id="cms-77", quantity=9),
        content_type="application/json",
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert Activity.objects.get().quantity == 9


def test_validation_errors_are_400_per_field(world, people):
    c = token_client(people["alice"])
    bad = c.post(
        "/api/v1/activities/",
        payload(world, channel="pigeon", kind="rumour"),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert {"channel", "kind"} <= set(bad.json()["errors"])
    negative = c.post(
        "/api/v1/activities/", payload(world, quantity=-1), content_type="application/json"
    )
    assert negative.status_code == 400 and "quantity" in negative.json()["errors"]
    wrong_date = c.post(
        "/api/v1/activities/", payload(world, date="2026-02-30"), content_type="application/json"
    )
    assert wrong_date.status_code == 400 and "date" in wrong_date.json()["errors"]
    assert not Activity.objects.exists()


def test_a_token_is_scoped_to_its_owner_units(world, people):
    alice, bob = token_client(people["alice"]), token_client(people["bob"])
    refused = bob.post("/api/v1/activities/", payload(world), content_type="application/json")
    assert refused.status_code == 403
    mine = alice.post("/api/v1/activities/", payload(world), content_type="application/json")
    pk = mine.json()["id"]
    assert bob.get(f"/api/v1/activities/{pk}/").status_code == 404
    assert (
        bob.patch(
            f"/api/v1/activities/{pk}/", {"quantity": 1}, content_type="application/json"
        ).status_code
        == 404
    )
    assert bob.delete(f"/api/v1/activities/{pk}/").status_code == 404
    assert bob.get("/api/v1/activities/").json()["count"] == 0
    outsider = token_client(people["charlie"])
    assert outsider.get("/api/v1/activities/").json()["count"] == 0
    assert outsider.get("/api/v1/activities/", {"unit": world["commune"].pk}).status_code == 400
    coordinator = token_client(people["carol"])
    assert coordinator.get("/api/v1/activities/").json()["count"] == 1


def test_bad_period_is_a_400(world, people):
    response = token_client(people["alice"]).get("/api/v1/activities/", {"period": "2026H3"})
    assert response.status_code == 400 and "period" in response.json()["errors"]


def test_taxonomy(world, people, plan2026):
    data = token_client(people["alice"]).get("/api/v1/taxonomy/").json()
    assert "commune_radio" in {c["code"] for c in data["channels"]}
    assert "loudspeaker" in {k["code"] for k in data["kinds"]}
    assert "broadcasts" in {m["code"] for m in data["measures"]}
    plan = next(p for p in data["plans"] if p["id"] == plan2026.pk)
    assert len([t for t in plan["themes"] if t["parent"] is None]) == 4


def test_files_attach_only_to_ones_own_activities(world, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hangviet.core.tests.test_images import jpeg

    owner = token_client(people["alice"])
    made = owner.post("/api/v1/activities/", payload(world), content_type="application/json")
    activity_id = made.json()["id"]
    url = f"/api/v1/activities/{activity_id}/files/"

    def photo() -> SimpleUploadedFile:
        return SimpleUploadedFile("loa.jpg", jpeg((1600, 1200)), "image/jpeg")

    assert Client().post(url, {"file": photo()}).status_code == 401
    assert token_client(people["bob"]).post(url, {"file": photo()}).status_code == 404
    first = owner.post(url, {"file": photo()})
    assert first.status_code == 201 and first.json()["content_type"] == "image/jpeg"
    again = owner.post(url, {"file": photo()})  # a re-sent offline entry: kept once
    assert again.json()["id"] == first.json()["id"]
    assert Activity.objects.get(pk=activity_id).attachments.count() == 1
    fake = SimpleUploadedFile("loa.jpg", b"MZ\x90 not a photo", "image/jpeg")
    refused = owner.post(url, {"file": fake})
    assert refused.status_code == 400 and "file" in refused.json()["errors"]


def test_a_nul_byte_is_refused_as_bad_data_not_a_server_error(world, people):
    c = token_client(people["alice"])
    answer = c.post(
        "/api/v1/activities/",
        payload(world, channel="commune\x00radio", kind="loud\x00speaker"),
        content_type="application/json",
    )
    assert answer.status_code == 400 and not Activity.objects.exists()


def test_paging_by_cursor_reaches_every_row_of_more_than_five_thousand(world, people):
    """Issue 34: no silent cap; the cursor walks the whole list in its order, ties on a date
    broken by id, and a cursor this list never gave is a 400."""
    channel = Channel.objects.get(code="commune_radio")
    rows = [
        {
            "unit": world["commune"],
            "channel": channel,
            "kind": "loudspeaker",
            "title": f"Bản tin {i}",
            "date": dt.date(2026, 1, 1) + dt.timedelta(days=i % 40),
            "quantity": 1,
            "measure": "broadcasts",
            "status": Status.CONFIRMED,
        }
        for i in range(5200)
    ]
    activities_bulk_create(rows, by=None, source="import", note="paging test")
    c = token_client(people["alice"])
    seen: list[int] = []
    after, pages = "", 0
    while True:
        answer = c.get("/api/v1/activities/", {"limit": 1000, "after": after}).json()
        assert answer["count"] == 5200
        seen += [a["id"] for a in answer["items"]]
        pages += 1
        if answer["next"] is None:
            break
        after = answer["next"]
    assert pages == 6 and len(seen) == len(set(seen)) == 5200
    ordered = list(
        Activity.objects.filter(unit=world["commune"])
        .order_by("-date", "-id")
        .values_list("pk", flat=True)
    )
    assert seen == ordered
    assert c.get("/api/v1/activities/", {"after": "2026-13-01_5"}).status_code == 400
    assert c.get("/api/v1/activities/", {"after": "x"}).status_code == 400
    # the old style still answers, with the cursor to go on from
    old = c.get("/api/v1/activities/", {"limit": 10, "offset": 20}).json()
    assert [a["id"] for a in old["items"]] == ordered[20:30] and old["next"]
