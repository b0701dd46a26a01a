import io

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from hangviet.orgs.models import Role
from hangviet.orgs.services import role_grant

pytestmark = pytest.mark.django_db(transaction=False)


def test_granting_a_role_emails_the_user_through_the_worker(
    world, django_user_model, django_capture_on_commit_callbacks
):
    user = django_user_model.objects.create_user(
        "lan", email="lan@thainguyen.gov.vn", first_name="Đặng Thị Lan"
    )
    with django_capture_on_commit_callbacks(execute=True):
        role_grant(by=None, user=user, role=Role.EDITOR, unit=world["commune"])
    assert DBTaskResult.objects.filter(task_path__endswith="notify_role_granted").count() == 1
    call_command(
        "db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lan@thainguyen.gov.vn"]
    assert "UBND xã Tân Cương" in message.body or "Tân Cương" in message.body
    assert "Cán bộ cập nhật" in message.body
    assert "Đồng chí đã được giao vai trò" in message.body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_no_email_no_task(world, django_user_model, django_capture_on_commit_callbacks):
    user = django_user_model.objects.create_user("noemail")
    with django_capture_on_commit_callbacks(execute=True):
        role_grant(by=None, user=user, role=Role.VIEWER, unit=world["commune"])
    assert not DBTaskResult.objects.exists()
