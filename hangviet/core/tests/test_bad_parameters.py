"""Each server error an outside probe found with a bad parameter, now a clear 4xx."""

import json

import pytest

from hangviet.orgs.tests.sweep_objects import objects_for_sweep

pytestmark = pytest.mark.django_db
BIG = "99999999999999999999"


@pytest.fixture
def ids(world, people):
    return objects_for_sweep(world, people)


def test_report_form_with_a_figure_that_is_not_a_number(ids, people, client_for):
    head = client_for(people["hank"])
    url = f"/bao-cao/yeu-cau/{ids['request']}/thao-tac/"
    for form in (
        {"action": "save", "value_abc": "3", "lock_version": "0"},
        {"action": "save", f"value_{ids['indicator']}": "ba", "lock_version": "0"},
        {"action": "save", f"value_{ids['indicator']}": "1e9", "lock_version": "abc"},
        {"action": "save", f"value_{BIG}": "1", "lock_version": BIG},
    ):
        answer = head.post(url, form)
        assert 400 <= answer.status_code < 500, (form, answer.status_code)


def test_an_editor_pressing_submit_is_told_before_anything_is_saved(ids, people, client_for):
    from hangviet.reporting.models import UnitReport

    report = UnitReport.objects.get(pk=ids["report"])
    editor = client_for(people["alice"])
    answer = editor.post(
        f"/bao-cao/yeu-cau/{ids['request']}/thao-tac/",
        {"action": "submit", "n_results": "Đã tuyên truyền 12 buổi.", "lock_version": "0"},
    )
    assert answer.status_code == 400
    assert "Chỉ lãnh đạo đơn vị" in answer.content.decode()
    assert "Đã tuyên truyền 12 buổi." in answer.content.decode()  # the text is kept
    report.refresh_from_db()
    assert report.status == "draft" and report.narrative.get("results", "") == ""


@pytest.mark.parametrize(
    "who,method,url,data",
    [
        ("carol", "post", "/ke-hoach/{plan}/noi-dung/", {"text": "x", "parent": "abc"}),
        ("carol", "post", "/giam-sat/tu-khoa/", {"delete": "abc"}),
        ("alice", "get", "/truyen-thanh/moi/", {"tu-hoat-dong": "abc"}),
        ("alice", "get", "/hoat-dong/", {"page": BIG}),
        ("carol", "post", "/hang-viet/kiem-duyet/product/{product}/anh/", {"remove": "abc"}),
    ],
)
def test_html_parameters_that_are_not_ids(ids, people, client_for, who, method, url, data):
    answer = getattr(client_for(people[who]), method)(url.format(**ids), data)
    assert answer.status_code == 400, answer.status_code
    assert "Không hiểu được yêu cầu" in answer.content.decode()


@pytest.mark.parametrize(
    "method,url,payload",
    [
        ("post", "/api/v1/activities/", {"themes": [2**63]}),
        ("post", "/api/v1/activities/", {"communes": [2**63]}),
        ("get", f"/api/v1/units/?parent={BIG}", None),
        ("get", f"/api/v1/activities/{BIG}/", None),
    ],
)
def test_api_ids_beyond_what_a_database_stores(world, people, client_for, method, url, payload):
    c = client_for(people["alice"])
    if payload is not None:
        body = {
            "unit": world["commune"].pk,
            "channel": "commune_radio",
            "kind": "loudspeaker",
            "title": "Bản tin",
            "date": "2026-03-02",
            **payload,
        }
        answer = c.post(url, json.dumps(body), content_type="application/json")
    else:
        answer = c.get(url)
    assert answer.status_code in (400, 404, 422), answer.status_code


@pytest.mark.parametrize(
    "target", ["https://lua-dao.example/", "//lua-dao.example/", "abc", "/\\x"]
)
def test_going_back_never_leaves_the_site(ids, people, client_for, target):
    answer = client_for(people["alice"]).post(
        "/hoat-dong/xac-nhan/", {"ids": ids["activity"], "next": target}
    )
    assert answer.status_code == 302 and answer["Location"] == "/hoat-dong/"
