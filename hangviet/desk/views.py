"""The first page: for visitors, the way to the directory and the news; for staff, their work."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hangviet.orgs import permissions


def home(request: HttpRequest) -> HttpResponse:
    roles = permissions.roles_of(request.user)
    return render(request, "desk/home.html", {"roles": roles})
