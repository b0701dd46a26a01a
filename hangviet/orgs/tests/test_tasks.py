import pytest
from django.core import mail
from django_tasks_db.management.commands.db_worker import Worker
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
    result = DBTaskResult.objects.ready().get(task_path__endswith="notify_role_granted")
    # What `hangviet db_worker` does for each task, minus its loop and connection recycling,
    # which a test's transaction cannot survive on PostgreSQL.
    result.claim("test-worker")
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run_task(result)
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
