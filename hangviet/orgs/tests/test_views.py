import pytest

from hangviet.orgs.models import Unit

pytestmark = pytest.mark.django_db


def test_pages_need_sign_in(client, world):
    for url in (
        "/don-vi/",
        f"/don-vi/{world['commune'].pk}/",
        f"/don-vi/{world['commune'].pk}/lich-su/",
        f"/don-vi/{world['commune'].pk}/sua/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")


def test_unit_list_searches_without_diacritics(world, people, client_for):
    c = client_for(people["alice"])
    page = c.get("/don-vi/", {"q": "tan cuong"})
    assert page.status_code == 200
    assert "Xã Tân Cương" in page.content.decode() or "UBND xã Tân Cương" in page.content.decode()
    partial = c.get("/don-vi/", {"q": "tan cuong"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()


def test_unit_list_rejects_a_silly_date(world, people, client_for):
    page = client_for(people["alice"]).get("/don-vi/", {"on": "1800-01-01"})
    assert page.status_code == 200
    assert "1945" in page.content.decode()


def test_unit_detail_shows_successors_and_map_of_a_date(world, people, client_for):
    c = client_for(people["bob"])
    page = c.get(f"/don-vi/{world['province'].pk}/", {"on": "2022-06-01"}).content.decode()
    assert "Huyện Đại Từ" in page
    today = c.get(f"/don-vi/{world['province'].pk}/").content.decode()
    assert "Huyện Đại Từ" not in today
    old = Unit.objects.get(area_name="Xã Thịnh Đức", valid_to__isnull=False)
    detail = c.get(f"/don-vi/{old.pk}/").content.decode()
    assert "Xã Tân Cương" in detail


def test_history_page_owner_yes_sibling_and_outsider_no(world, people, client_for):
    url = f"/don-vi/{world['commune'].pk}/lich-su/"
    assert client_for(people["alice"]).get(url).status_code == 200
    assert client_for(people["carol"]).get(url).status_code == 200
    assert client_for(people["vera"]).get(url).status_code == 200
    assert client_for(people["bob"]).get(url).status_code == 404
    assert client_for(people["charlie"]).get(url).status_code == 404


def test_edit_page_is_for_the_coordinator(world, people, client_for):
    url = f"/don-vi/{world['commune'].pk}/sua/"
    for name in ("alice", "bob", "charlie", "hank", "vera"):
        assert client_for(people[name]).get(url).status_code == 403, name
        client_for(people[name]).post(url, {"name": "Hacked"})
    assert Unit.objects.get(pk=world["commune"].pk).name == "Ủy ban nhân dân xã Tân Cương"
    carol = client_for(people["carol"])
    assert carol.get(url).status_code == 200
    form = {
        "name": "Ủy ban nhân dân xã Tân Cương",
        "short_name": "UBND xã Tân Cương",
        "abbreviation": "",
        "email": "tancuong@thainguyen.gov.vn",
        "is_mountainous": "on",
        "valid_from": "2025-07-01",
        "valid_to": "",
    }
    response = carol.post(url, form)
    assert response.status_code == 302
    unit = Unit.objects.get(pk=world["commune"].pk)
    assert unit.email == "tancuong@thainguyen.gov.vn"
    history = carol.get(f"/don-vi/{unit.pk}/lich-su/").content.decode()
    assert "tancuong@thainguyen.gov.vn" in history
    assert "carol" in history


def test_edit_rejects_validity_that_ends_before_it_starts(world, people, client_for):
    carol = client_for(people["carol"])
    url = f"/don-vi/{world['commune'].pk}/sua/"
    response = carol.post(
        url,
        {
            "name": "Ủy ban nhân dân xã Tân Cương",
            "valid_from": "2025-07-01",
            "valid_to": "2020-01-01",
        },
    )
    assert response.status_code == 200
    assert Unit.objects.get(pk=world["commune"].pk).valid_to is None


def test_home_and_login_pages(client, world, people):
    assert client.get("/").status_code == 200
    assert client.get("/dang-nhap/").status_code == 200
    response = client.post("/dang-nhap/", {"username": "alice", "password": "correct-horse-42"})
    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert "UBND xã Tân Cương" in home
