"""The first page: for visitors, the way to the directory and the news; for staff, their work
("Việc cần làm"), each item one tap from its action."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hangviet.desk.todo import desk_for
from hangviet.orgs import permissions


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "desk/welcome.html")
    roles = permissions.roles_of(request.user)
    desk = desk_for(request.user)
    may_log = permissions.may_edit(request.user)
    return render(request, "desk/home.html", {"roles": roles, "desk": desk, "may_log": may_log})
