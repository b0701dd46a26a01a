"""Background work of the registry. Tasks load by id and call plain functions."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django_tasks import task

from hangviet.orgs.models import RoleAssignment


@task()
def notify_role_granted(assignment_id: int) -> bool:
    """Email a user that they were given a role; return False when there is nothing to send."""
    assignment = (
        RoleAssignment.objects.select_related("user", "unit").filter(pk=assignment_id).first()
    )
    if assignment is None or not assignment.user.email:
        return False  # revoked meanwhile, or no address: nothing to tell
    subject = _("You have been given a role in hangviet")
    body = _(
        "Dear %(name)s,\n\nYou have been given the role “%(role)s” on “%(unit)s” in hangviet, "
        "the system of the campaign “Người Việt Nam ưu tiên dùng hàng Việt Nam”.\n\n"
        "Sign in with your user name: %(username)s\n"
    ) % {
        "name": assignment.user.get_full_name() or assignment.user.get_username(),
        "role": assignment.get_role_display(),
        "unit": assignment.unit.name,
        "username": assignment.user.get_username(),
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [assignment.user.email])
    return True
