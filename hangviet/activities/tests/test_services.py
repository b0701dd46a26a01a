from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hangviet.activities.models import Activity, Status
from hangviet.activities.services import (
    activities_confirm,
    activity_create,
    activity_delete,
    activity_restore,
    activity_update,
    find_duplicates,
)
from hangviet.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def make(by, unit, channel, **extra):
    data = {
        "kind": "loudspeaker",
        "title": "Phát bản tin hàng Việt",
        "date": date(2026, 3, 2),
        "quantity": 3,
        **extra,
    }
    return activity_create(by=by, unit=unit, channel=channel, **data)


def test_owner_records_and_the_trail_says_so(world, people, channel):
    a = make(people["alice"], world["commune"], channel, status=Status.CONFIRMED)
    assert a.measure == "broadcasts" and a.confirmed_by == people["alice"]
    event = AuditEvent.objects.filter(
        object_id=str(a.pk), action="create", content_type__model="activity"
    ).get()
    assert event.actor == people["alice"] and event.unit == world["commune"]


@pytest.mark.parametrize("name", ["bob", "charlie", "vera"])
def test_others_cannot_record_for_the_owner(world, people, channel, name):
    with pytest.raises(PermissionDenied):
        make(people[name], world["commune"], channel)
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"date": date(2021, 5, 1)}, "date"),  # outside the 2026 plan
        ({"date": date.today() + timedelta(days=3)}, "date"),  # the future
        ({"quantity": -2}, "quantity"),
        ({"title": "  "}, "title"),
        ({"end_date": date(2026, 3, 1)}, "end_date"),  # before the start
        ({"date": date(2025, 7, 2), "end_date": date(2026, 7, 10)}, "end_date"),  # > a year
        ({"url": "javascript:alert(1)"}, "url"),
        ({"kind": "magic"}, "kind"),
    ],
)
def test_bad_input_is_refused_with_a_message_per_field(
    world, people, channel, plan2026, extra, field
):
    with pytest.raises(ValidationError) as info:
        make(people["alice"], world["commune"], channel, plan=plan2026, **extra)
    assert field in info.value.message_dict
    assert not Activity.objects.exists()


def test_a_unit_that_did_not_exist_on_the_date_is_refused(world, people, channel):
    with pytest.raises(ValidationError) as info:
        make(people["carol"], world["commune"], channel, date=date(2024, 5, 1))
    assert "unit" in info.value.message_dict


def test_theme_of_another_plan_is_refused(world, people, channel, plan2026):
    from hangviet.plans.models import Theme

    other = Theme.objects.create(
        plan=plan2026.__class__.objects.create(
            issuing_unit=plan2026.issuing_unit,
            symbol="KH-X",
            place="TN",
            issue_year=2026,
            summary="Khác",
        ),
        text="Khác",
    )
    with pytest.raises(ValidationError) as info:
        activity_create(
            by=people["alice"],
            unit=world["commune"],
            channel=channel,
            kind="loudspeaker",
            title="x",
            date=date(2026, 3, 2),
            plan=plan2026,
            themes=[other],
        )
    assert "themes" in info.value.message_dict


def test_duplicates_by_link_or_similar_title(world, people, channel):
    a = make(
        people["alice"],
        world["commune"],
        channel,
        url="https://www.baothainguyen.vn/bai-1?utm_source=zalo",
    )
    assert find_duplicates(
        unit=world["commune"], day=a.date, title="khác hẳn", url="https://baothainguyen.vn/bai-1/"
    ) == [a]
    assert find_duplicates(unit=world["commune"], day=a.date, title="Phát bản tin hàng Việt!") == [
        a
    ]
    assert find_duplicates(unit=world["commune"], day=a.date, title="Hội nghị tập huấn") == []


def test_soft_delete_and_restore_by_the_coordinator_only(world, people, channel):
    a = make(people["alice"], world["commune"], channel)
    with pytest.raises(PermissionDenied):
        activity_delete(activity=a, by=people["bob"])
    activity_delete(activity=a, by=people["alice"])
    assert not Activity.objects.filter(pk=a.pk).exists()
    assert Activity.all_objects.filter(pk=a.pk).exists()
    with pytest.raises(PermissionDenied):
        activity_restore(activity=a, by=people["alice"])
    activity_restore(activity=a, by=people["carol"])
    assert Activity.objects.filter(pk=a.pk).exists()
    actions = list(
        AuditEvent.objects.filter(object_id=str(a.pk), content_type__model="activity").values_list(
            "action", flat=True
        )
    )
    assert {"create", "delete", "restore"} <= set(actions)


def test_confirm_in_bulk_only_what_the_user_may_edit(world, people, channel):
    mine = make(people["alice"], world["commune"], channel)
    theirs = make(people["bob"], world["sibling"], channel, title="Bản tin khác")
    assert activities_confirm(activities=[mine, theirs], by=people["alice"]) == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == Status.CONFIRMED and theirs.status == Status.DRAFT
    assert mine.confirmed_at <= timezone.now()


def test_moving_to_another_unit_needs_rights_on_both(world, people, channel):
    a = make(people["alice"], world["commune"], channel)
    with pytest.raises(PermissionDenied):
        activity_update(activity=a, by=people["alice"], unit=world["sibling"])
    a.refresh_from_db()
    assert a.unit == world["commune"]


def test_confirming_or_moving_keeps_the_quantity(world, channel):
    """A partial update once reset the quantity to 1 (found by the statistics tests)."""
    from datetime import date

    from hangviet.activities import services

    activity = services.activity_create(
        by=None,
        unit=world["commune"],
        channel=channel,
        kind="loudspeaker",
        title="Bản tin",
        date=date(2026, 3, 2),
        quantity=7,
    )
    services.activities_confirm(activities=[activity], by=None)
    services.activity_update(activity=activity, by=None, date=date(2026, 3, 3))
    activity.refresh_from_db()
    assert activity.quantity == 7 and activity.status == "confirmed"


def test_the_change_stamp_moves_on_every_write_even_one_committed_late(world, people, channel):
    """The cheap stamp the report page's cache checks first changes when an activity is
    added, edited or deleted, and when an edit commits after a newer one (its updated_at
    older than the newest already visible)."""
    from hangviet.activities.selectors import change_stamp

    first = change_stamp()
    a = activity_create(
        by=people["alice"],
        unit=world["commune"],
        channel=channel,
        kind="loudspeaker",
        title="Bản tin sáng",
        date=date(2026, 3, 2),
    )
    second = change_stamp()
    assert second != first
    activity_update(activity=a, by=people["alice"], title="Bản tin sáng thứ hai")
    third = change_stamp()
    assert third != second
    # An old row, then an edit of it that commits late: stamped before the newest edit.
    b = activity_create(
        by=people["alice"],
        unit=world["commune"],
        channel=channel,
        kind="loudspeaker",
        title="Bản tin chiều",
        date=date(2026, 3, 2),
    )
    newest = Activity.all_objects.get(pk=a.pk).updated_at
    Activity.all_objects.filter(pk=b.pk).update(updated_at=newest - timedelta(hours=2))
    Activity.all_objects.filter(pk=a.pk).update(updated_at=timezone.now())
    before_late = change_stamp()
    Activity.all_objects.filter(pk=b.pk).update(title="x")  # no updated_at: not an edit
    assert change_stamp() == before_late
    Activity.all_objects.filter(pk=b.pk).update(
        summary="sửa", updated_at=timezone.now() - timedelta(seconds=30)
    )
    late = change_stamp()
    assert late[:2] == before_late[:2]  # neither the newest edit nor the newest id moved
    assert late != before_late  # the count of recent edits did
    activity_delete(activity=b, by=people["alice"])
    assert change_stamp() != late
