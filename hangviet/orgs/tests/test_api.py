import pytest
from django.test import Client

from hangviet.core.models import AuditEvent
from hangviet.orgs.models import RoleAssignment, Unit, UnitKind
from hangviet.orgs.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def bearer(user) -> Client:
    _token, raw = api_token_create(by=None, user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_openapi_schema_is_published(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/units/" in paths
    assert "/api/v1/units/{unit_id}/" in paths


def test_api_needs_a_session_or_a_token(client, world):
    assert client.get("/api/v1/units/").status_code == 401
    bad = Client(HTTP_AUTHORIZATION="Bearer hv_not-a-real-token")
    assert bad.get("/api/v1/units/").status_code == 401


def test_revoked_token_stops_working(world, people):
    token, raw = api_token_create(by=None, user=people["alice"])
    c = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert c.get("/api/v1/units/?limit=1").status_code == 200
    api_token_revoke(by=people["alice"], token=token)
    assert c.get("/api/v1/units/?limit=1").status_code == 401


def test_units_filters(world, people, client_for):
    c = client_for(people["alice"])
    by_kind = c.get("/api/v1/units/", {"kind": "district_pc", "limit": 100}).json()
    assert by_kind["count"] == 17
    by_code = c.get("/api/v1/units/", {"code": "05503"}).json()["items"]
    assert {u["valid_from"] for u in by_code} == {None, "2025-07-01"}
    on_2026 = c.get("/api/v1/units/", {"code": "05503", "valid_on": "2026-01-01"}).json()
    assert [u["id"] for u in on_2026["items"]] == [world["commune"].pk]
    children = c.get(
        "/api/v1/units/",
        {
            "parent": world["province"].pk,
            "kind": "commune_pc",
            "valid_on": "2026-01-01",
            "limit": 200,
        },
    ).json()
    assert children["count"] == 92


def test_units_search_without_diacritics_and_abbreviations(world, people, client_for):
    c = client_for(people["alice"])
    found = c.get("/api/v1/units/", {"q": "tan cuong", "valid_on": "2026-06-01"}).json()
    assert world["commune"].pk in [u["id"] for u in found["items"]]
    dai = c.get("/api/v1/units/", {"q": "dai pt-th thai nguyen"}).json()
    assert any(u["name"] == "Đài Phát thanh – Truyền hình Thái Nguyên" for u in dai["items"])
    ubnd = c.get("/api/v1/units/", {"q": "uy ban nhan dan huyen dai tu"}).json()
    assert ubnd["count"] == 1


def test_unit_detail_answers_where_an_old_unit_went_and_what_a_new_one_was(
    world, people, client_for
):
    c = client_for(people["bob"])  # the registry itself is readable by any signed-in user
    new = c.get(f"/api/v1/units/{world['commune'].pk}/").json()
    assert {p["unit"]["name"] for p in new["predecessors"]} == {
        "Ủy ban nhân dân xã Thịnh Đức",
        "Ủy ban nhân dân xã Bình Sơn",
        "Ủy ban nhân dân xã Tân Cương",
    }
    assert all(p["legal_basis"].startswith("1683/NQ-UBTVQH15") for p in new["predecessors"])
    old_id = next(
        p["unit"]["id"] for p in new["predecessors"] if p["unit"]["name"].endswith("Thịnh Đức")
    )
    old = c.get(f"/api/v1/units/{old_id}/").json()
    assert old["valid_to"] == "2025-06-30"
    assert [u["id"] for u in old["current_units"]] == [world["commune"].pk]
    assert old["successors"][0]["kind"] == "merge"


def test_subtree_on_a_date(world, people, client_for):
    c = client_for(people["alice"])
    url = f"/api/v1/units/{world['province'].pk}/subtree/"
    in_2022 = c.get(url, {"on": "2022-03-01", "limit": 1000}).json()["items"]
    in_2026 = c.get(url, {"on": "2026-03-01", "limit": 1000}).json()["items"]
    kinds_2022 = {u["kind"] for u in in_2022}
    assert "district_pc" in kinds_2022
    assert "district_pc" not in {u["kind"] for u in in_2026}
    names_2022 = {u["name"] for u in in_2022}
    assert "Sở Thông tin và Truyền thông" in names_2022
    assert "Sở Thông tin và Truyền thông" not in {u["name"] for u in in_2026}


def test_bad_dates_and_unknown_units_are_400_or_404(world, people, client_for):
    c = client_for(people["alice"])
    assert c.get("/api/v1/units/", {"valid_on": "2022-13-45"}).status_code == 400
    assert c.get("/api/v1/units/999999999/").status_code == 404
    body = c.get(f"/api/v1/units/{world['province'].pk}/subtree/", {"on": "hôm qua"})
    assert body.status_code == 400
    assert "on" in body.json()["errors"]


def test_patch_is_for_the_coordinator_only(world, people, client_for):
    url = f"/api/v1/units/{world['commune'].pk}/"
    for name in ("alice", "bob", "charlie", "hank", "vera"):
        response = client_for(people[name]).patch(
            url, {"email": "x@thainguyen.gov.vn"}, content_type="application/json"
        )
        assert response.status_code == 403, name
    assert Unit.objects.get(pk=world["commune"].pk).email == ""
    ok = client_for(people["carol"]).patch(
        url,
        {"email": "tancuong@thainguyen.gov.vn", "is_remote": True},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["email"] == "tancuong@thainguyen.gov.vn"
    event = AuditEvent.objects.filter(unit=world["commune"], action="update").first()
    assert event.actor_label == "carol"
    assert event.changes["email"] == ["", "tancuong@thainguyen.gov.vn"]
    assert event.ip == "127.0.0.1"


def test_a_unit_cannot_become_its_own_ancestor(world, people, client_for):
    c = client_for(people["carol"])
    before = Unit.objects.get(pk=world["province"].pk).path
    response = c.patch(
        f"/api/v1/units/{world['province'].pk}/",
        {"parent": world["commune"].pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "parent" in response.json()["errors"]
    assert Unit.objects.get(pk=world["province"].pk).path == before


def test_moving_a_unit_moves_its_subtree(world, people, client_for):
    c = client_for(people["carol"])
    division = world["division"]
    response = c.patch(
        f"/api/v1/units/{division.pk}/",
        {"parent": world["industry"].pk},
        content_type="application/json",
    )
    assert response.status_code == 200
    division.refresh_from_db()
    assert division.path == f"{world['industry'].path}{division.pk}/"


def test_create_unit_under_managed_parent(world, people, client_for):
    payload = {
        "kind": "division",
        "name": "Phòng Quản lý thương mại",
        "parent": world["industry"].pk,
        "abbreviation": "QLTM",
    }
    assert (
        client_for(people["alice"])
        .post("/api/v1/units/", payload, content_type="application/json")
        .status_code
        == 403
    )
    response = client_for(people["carol"]).post(
        "/api/v1/units/", payload, content_type="application/json"
    )
    assert response.status_code == 201
    assert Unit.objects.get(pk=response.json()["id"]).parent == world["industry"]
    bad = client_for(people["carol"]).post(
        "/api/v1/units/", {**payload, "kind": "planet"}, content_type="application/json"
    )
    assert bad.status_code == 400


def test_history_is_scoped(world, people, client_for):
    url = f"/api/v1/units/{world['commune'].pk}/history/"
    assert client_for(people["alice"]).get(url).status_code == 200
    assert client_for(people["carol"]).get(url).status_code == 200
    assert client_for(people["bob"]).get(url).status_code == 404
    assert client_for(people["charlie"]).get(url).status_code == 404
    assert bearer(people["bob"]).get(url).status_code == 404


def test_roles_grant_and_revoke(world, people, client_for):
    carol = client_for(people["carol"])
    bad = carol.post(
        "/api/v1/roles/",
        {"username": "alice", "role": "editor", "unit": 99999999},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "unit" in bad.json()["errors"]
    wrong_role = carol.post(
        "/api/v1/roles/",
        {"username": "alice", "role": "king", "unit": world["sibling"].pk},
        content_type="application/json",
    )
    assert wrong_role.status_code == 400
    ok = carol.post(
        "/api/v1/roles/",
        {"username": "alice", "role": "viewer", "unit": world["sibling"].pk},
        content_type="application/json",
    )
    assert ok.status_code == 201
    # Only an administrator creates accounts.
    new_user = carol.post(
        "/api/v1/roles/",
        {"username": "newbie", "role": "viewer", "unit": world["sibling"].pk},
        content_type="application/json",
    )
    assert new_user.status_code == 403
    sibling_try = client_for(people["bob"]).delete(f"/api/v1/roles/{ok.json()['id']}/")
    assert sibling_try.status_code == 404
    assert carol.delete(f"/api/v1/roles/{ok.json()['id']}/").status_code == 204
    assert not RoleAssignment.objects.filter(pk=ok.json()["id"]).exists()


def test_roles_list_shows_own_and_managed(world, people, client_for):
    mine = client_for(people["alice"]).get("/api/v1/roles/").json()["items"]
    assert {r["username"] for r in mine} == {"alice"}
    managed = client_for(people["carol"]).get("/api/v1/roles/").json()["items"]
    assert {"alice", "bob", "hank"} <= {r["username"] for r in managed}


def test_kind_filter_rejects_unknown_kind(world, people, client_for):
    response = client_for(people["alice"]).get("/api/v1/units/", {"kind": "planet"})
    assert response.status_code == 400
    assert UnitKind.COMMUNE_PC.value == "commune_pc"


def test_a_nul_byte_in_a_search_is_no_server_error(world, people):
    """Found by the API fuzzer on PostgreSQL, which refuses NUL in text: the search is cleaned."""
    c = bearer(people["alice"])
    assert c.get("/api/v1/units/", {"code": "\x1cÅ\x00"}).status_code == 200
    answer = c.get("/api/v1/units/", {"q": "Tân\x00 Cương"})
    assert answer.status_code == 200
    assert any("Tân Cương" in u["name"] for u in answer.json()["items"])


def test_the_agency_code_is_validated_and_audited(world, people, client_for, django_user_model):
    """The electronic identification code of QĐ 20/2020 that edXML packages name: written in
    its form, or refused with the form to follow; on the page and through the API. It chooses
    the agency's signing key, so only an administrator sets it (a coordinator gets 403)."""
    url = f"/api/v1/units/{world['commune'].pk}/"
    before = Unit.objects.get(pk=world["commune"].pk).agency_code
    refused = client_for(people["carol"]).patch(
        url, {"agency_code": "000.00.63.H55"}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert Unit.objects.get(pk=world["commune"].pk).agency_code == before
    c = client_for(django_user_model.objects.create_superuser("root", "r@x.vn", "pw-long-enough"))
    bad = c.patch(url, {"agency_code": "H55-TanCuong"}, content_type="application/json")
    assert bad.status_code == 400
    assert "000.00.14.H55" in bad.json()["errors"]["agency_code"][0]
    assert Unit.objects.get(pk=world["commune"].pk).agency_code == before
    good = c.patch(url, {"agency_code": " 000.00.63.H55 "}, content_type="application/json")
    assert good.status_code == 200 and good.json()["agency_code"] == "000.00.63.H55"
    event = AuditEvent.objects.filter(unit=world["commune"], action="update").first()
    assert event.changes["agency_code"] == [before, "000.00.63.H55"]
    page = c.post(
        f"/don-vi/{world['commune'].pk}/sua/",
        {"name": world["commune"].name, "agency_code": "63.H55"},
    )
    assert "Mã định danh điện tử" in page.content.decode()
    assert Unit.objects.get(pk=world["commune"].pk).agency_code == "000.00.63.H55"


def test_every_list_pages_by_cursor_to_its_last_row(world, people, client_for):
    """The registry, a unit's history, its subtree and the roles page by cursor: walking
    `next` reaches every row once, in the list's order; a forged cursor is a 400 in words."""
    from django.contrib.contenttypes.models import ContentType

    from hangviet.core.models import AuditEvent

    unit = world["commune"]
    kind = ContentType.objects.get_for_model(unit)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                action="update",
                content_type=kind,
                object_id=str(unit.pk),
                object_repr=f"sự kiện {i}",
                unit=unit,
                changes={},
            )
            for i in range(5_100)
        ]
    )
    c = client_for(people["carol"])
    counts = {}
    for url in (
        f"/api/v1/units/{unit.pk}/history/",
        "/api/v1/units/",
        f"/api/v1/units/{world['province'].pk}/subtree/",
        "/api/v1/roles/",
    ):
        seen: list[int] = []
        params: dict = {"limit": 1000}
        while True:
            page = c.get(url, params)
            assert page.status_code == 200, page.content
            body = page.json()
            seen += [row["id"] for row in body["items"]]
            if body["next"] is None:
                break
            params = {"limit": 1000, "after": body["next"]}
        assert len(seen) == len(set(seen)) == body["count"], url
        counts[url] = len(seen)
    assert counts[f"/api/v1/units/{unit.pk}/history/"] >= 5_100  # past the old cap of 1,000
    assert counts["/api/v1/units/"] == Unit.objects.count()
    bad = c.get("/api/v1/units/", {"after": "bm90LWEtY3Vyc29y"})
    assert bad.status_code == 400
    assert bad.json()["errors"]["after"] == ["Con trỏ trang không phải do danh sách này cấp."]
