"""Pages that belong to no single domain: home, health."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from hangviet.orgs import permissions


def home(request: HttpRequest) -> HttpResponse:
    roles = permissions.roles_of(request.user)
    return render(request, "core/home.html", {"roles": roles})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
