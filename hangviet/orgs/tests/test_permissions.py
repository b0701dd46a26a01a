import pytest
from django.contrib.auth.models import AnonymousUser

from hangviet.orgs import permissions
from hangviet.orgs.models import Unit
from hangviet.orgs.permissions import Action, can, filter_for, units_for

pytestmark = pytest.mark.django_db


def test_owner_sees_and_edits_own_unit_only(world, people):
    alice = people["alice"]
    assert can(alice, Action.VIEW, world["commune"])
    assert can(alice, Action.EDIT, world["commune"])
    assert not can(alice, Action.SUBMIT, world["commune"])
    assert not can(alice, Action.MANAGE, world["commune"])
    assert not can(alice, Action.VIEW, world["sibling"])
    assert not can(alice, Action.VIEW, world["province"])


def test_sibling_and_outsider_see_nothing_of_the_owner(world, people):
    for name in ("bob", "charlie"):
        assert not can(people[name], Action.VIEW, world["commune"])
        assert not can(people[name], Action.EDIT, world["commune"])
    assert units_for(people["charlie"]).count() == 0
    assert units_for(AnonymousUser()).count() == 0


def test_head_submits_for_own_unit(world, people):
    assert can(people["hank"], Action.SUBMIT, world["commune"])
    assert not can(people["hank"], Action.SUBMIT, world["sibling"])


def test_coordinator_sees_the_whole_province_including_merged_bac_kan(world, people):
    carol = people["carol"]
    assert can(carol, Action.MANAGE, world["commune"])
    assert can(carol, Action.MANAGE, world["sibling"])
    assert can(carol, Action.VIEW, world["bac_kan"])
    old_bk_commune = Unit.objects.filter(path__startswith=world["bac_kan"].path).last()
    assert can(carol, Action.VIEW, old_bk_commune)
    assert not can(carol, Action.SUBMIT, world["commune"])


def test_viewer_reads_but_never_writes(world, people):
    vera = people["vera"]
    assert can(vera, Action.VIEW, world["commune"])
    assert not can(vera, Action.EDIT, world["commune"])


def test_filter_for_narrows_any_queryset_by_unit(world, people):
    from hangviet.core.models import AuditEvent

    events = AuditEvent.objects.all()
    mine = filter_for(events, people["alice"])
    assert mine.exists()
    assert not mine.exclude(unit__path__startswith=world["commune"].path).exists()
    assert not filter_for(events, people["charlie"]).exists()


def test_roles_are_cached_per_user_object_and_forgotten_on_change(world, people):
    from hangviet.orgs.models import Role
    from hangviet.orgs.services import role_grant

    charlie = people["charlie"]
    assert not can(charlie, Action.VIEW, world["sibling"])
    role_grant(by=None, user=charlie, role=Role.VIEWER, unit=world["sibling"])
    assert can(charlie, Action.VIEW, world["sibling"])


def test_superuser_sees_everything(world, django_user_model):
    root = django_user_model.objects.create_superuser("root", "r@x.vn", "pw-long-enough")
    assert permissions.scope_for(root, Action.MANAGE).everything
