"""The database going away (issue 34): programs get 503 JSON with Retry-After, people a page in
Vietnamese, the health endpoint says the database is down, and the next request after it comes
back is served as usual."""

import pytest
from django.db import OperationalError
from django.test import Client

from hangviet.activities import selectors
from hangviet.core import views as core_views

pytestmark = pytest.mark.django_db


def gone(*args, **kwargs):
    raise OperationalError("could not connect to server: Connection refused")


def test_api_clients_get_503_json_with_retry_after(people, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(people["alice"])
    monkeypatch.setattr(selectors, "activities_for", gone)
    answer = client.get("/api/v1/activities/")
    assert answer.status_code == 503
    assert answer["Retry-After"] == str(core_views.RETRY_AFTER_SECONDS)
    assert answer.json()["code"] == "database_unavailable"
    monkeypatch.undo()  # the database is back: served as usual, no restart
    assert client.get("/api/v1/activities/").status_code == 200


def test_people_get_a_vietnamese_page_that_reloads(people, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(people["alice"])
    monkeypatch.setattr(selectors, "activities_for", gone)
    page = client.get("/hoat-dong/")
    assert page.status_code == 503 and page["Retry-After"]
    body = page.content.decode()
    assert "chưa kết nối được cơ sở dữ liệu" in body and 'http-equiv="refresh"' in body


def test_the_health_endpoint_says_the_database_is_down(monkeypatch):
    class Broken:
        vendor = "sqlite"

        def cursor(self):
            raise OperationalError("database is locked")

    monkeypatch.setattr(core_views, "connection", Broken())
    answer = Client().get("/healthz")
    assert answer.status_code == 503 and answer.json()["database"] == "down"
    monkeypatch.undo()
    assert Client().get("/healthz").json()["status"] == "ok"


def test_another_server_error_stays_a_500_in_json_for_programs(people, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(people["alice"])

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(selectors, "activities_for", broken)
    answer = client.get("/api/v1/activities/")
    assert answer.status_code == 500 and answer.json()["code"] == "server_error"
