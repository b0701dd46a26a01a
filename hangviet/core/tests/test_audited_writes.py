"""Every write goes through its audited service (docs/architecture.md, "Writes").

The first test walks the models: each model of hangviet that holds domain data must have a
function that writes it and records the audit trail — found in the source, or named below
when the service is generic (the directory's listings) — or be listed as a deliberate
exception with its reason. A new model fails the test until someone decides.

The admin is checked the same way: no registered admin may save or delete with Django's own
generic code. The tests after those show the paths that once skipped the services.
"""

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import Client, TestCase
from django_tasks_db.models import DBTaskResult

from hangviet.core.models import AuditEvent
from hangviet.monitoring import services as monitoring_services
from hangviet.monitoring.models import LexiconTerm
from hangviet.orgs.models import ApiToken, RoleAssignment, UnitSuccession
from hangviet.orgs.services import api_token_create

ROOT = Path(__file__).resolve().parents[2]

EXCEPTIONS = {
    "core.AuditEvent": "the audit trail itself",
    "core.ScheduledRun": "the scheduler's note of when each job last ran",
    "core.TaskBeat": "a running task's heartbeat, kept by its worker; the task's own writes "
    "are audited by the services it calls",
    "outcomes.Answer": "a consumer's anonymous survey answer: an audit row would keep the "
    "address and browser the survey promises not to keep; the round itself is audited "
    "(outcomes/services.py:survey_open) and answers are never changed",
    "directory.SearchEntry": "the search index, rebuilt from the listings by their services",
    "directory.SearchToken": "the search index, rebuilt from the listings by their services",
    "monitoring.HostState": "the poller's politeness state per host (delays, robots.txt)",
    "monitoring.Article": "found by the poller with its source and time; the decisions on "
    "it by people are audited (article_confirm, article_reject)",
    "analytics.ActivityCell": "statistics derived from activities in the same transaction",
    "analytics.ThemeCell": "statistics derived from activities in the same transaction",
    "analytics.SubtreeCell": "statistics derived from activities in the same transaction",
    "analytics.SubtreeTotal": "statistics derived from activities in the same transaction",
    "analytics.GroupTotal": "statistics derived from activities in the same transaction",
}
# Written by a generic service (typed by a type variable), or as part of their parent.
VIA = {
    "directory.Product": "directory/services.py:listing_save",
    "directory.SalesPoint": "directory/services.py:listing_save",
    "directory.Fair": "directory/services.py:listing_save",
    "directory.Supplier": "directory/services.py:listing_save",
    "plans.AssignmentTarget": "plans/services.py:plan_import",
    "reporting.Figure": "reporting/services/reports.py:report_save",
    "reporting.SignedCopy": "reporting/services/signatures.py:consolidation_sign",
}
WRITES = {"save", "delete", "create", "bulk_create", "update", "update_or_create", "get_or_create"}


def _functions() -> dict[str, ast.FunctionDef]:
    found = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                found[f"{relative}:{node.name}"] = node
    return found


def _records_audit(node: ast.FunctionDef) -> bool:
    return any(
        isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr == "record"
        and getattr(n.func.value, "id", "") == "audit"
        for n in ast.walk(node)
    )


def _writes(node: ast.FunctionDef, model: str) -> bool:
    """Whether the function names `model` (its manager, its constructor, a parameter of its
    type) and makes a write call."""
    named = any(
        (isinstance(n, ast.Name) and n.id == model)
        or (isinstance(n, ast.Constant) and n.value == model)
        for n in ast.walk(node)
    )
    writes = any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in WRITES
        for n in ast.walk(node)
    )
    return named and writes


def _audited_writers(model_name: str, functions: dict[str, ast.FunctionDef]) -> list[str]:
    return [
        name
        for name, node in functions.items()
        if _records_audit(node) and _writes(node, model_name)
    ]


def test_every_model_with_domain_data_has_an_audited_service():
    functions = _functions()
    missing = []
    for model in apps.get_models():
        label = model._meta.label
        if not model.__module__.startswith("hangviet.") or label in EXCEPTIONS:
            continue
        if label in VIA:
            node = functions.get(VIA[label])
            assert node is not None, f"{VIA[label]} (named for {label}) does not exist"
            assert _records_audit(node), f"{VIA[label]} writes {label} without an audit record"
            continue
        if not _audited_writers(model.__name__, functions):
            missing.append(label)
    assert not missing, (
        "models without an audited service (write one, or add the model to EXCEPTIONS with "
        "the reason): " + ", ".join(missing)
    )


def test_the_exceptions_name_real_models():
    labels = {m._meta.label for m in apps.get_models()}
    assert set(EXCEPTIONS) <= labels and set(VIA) <= labels


def test_the_walk_is_not_vacuous():
    """A write with no audit row, or an audit row with no write, is not an audited service."""
    tree = ast.parse(
        "def a(x):\n    Plan.objects.create(x=x)\n"
        "def b(x):\n    audit.record('create', x, by=None)\n"
        "def c(x):\n    p = Plan.objects.create(x=x)\n    audit.record('create', p, by=None)\n"
    )
    functions = {f"m.py:{n.name}": n for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert _audited_writers("Plan", functions) == ["m.py:c"]


GENERIC = {"save_model", "delete_model", "delete_queryset"}


def test_no_admin_writes_with_django_generic_code():
    """Each admin of a hangviet model either routes its saves and deletes through the services
    (overrides) or does not allow them (read-only, add/delete refused)."""
    wrong = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("hangviet."):
            continue
        django_own = set(admin.ModelAdmin.__mro__)
        own = {name for k in type(model_admin).__mro__ if k not in django_own for name in vars(k)}
        request = SimpleNamespace(user=SimpleNamespace(has_perm=lambda perm: True))
        can_add = model_admin.has_add_permission(request)
        can_delete = model_admin.has_delete_permission(request)
        if can_add and "save_model" not in own:
            wrong.append(f"{model._meta.label}: saves with ModelAdmin.save_model")
        if can_delete and not {"delete_model", "delete_queryset"} <= own:
            wrong.append(f"{model._meta.label}: deletes with ModelAdmin.delete_model/queryset")
        for inline in model_admin.inlines:
            if "save_formset" not in own:
                wrong.append(f"{model._meta.label}: inline {inline.__name__} saved generically")
    assert not wrong, "\n".join(wrong)


# --- The paths that once skipped the services --------------------------------------------


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@x.vn", "pw-long-enough")


@pytest.mark.django_db
def test_a_role_given_in_the_admin_is_validated_audited_and_told(root, world, people):
    people["alice"].email = "alice@example.vn"
    people["alice"].save()
    client = Client()
    client.force_login(root)
    data = {"user": people["alice"].pk, "role": "head", "unit": world["sibling"].pk}
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/admin/orgs/roleassignment/add/", data)
    assert response.status_code == 302, response.content.decode()[:1500]
    granted = RoleAssignment.objects.get(user=people["alice"], unit=world["sibling"])
    event = AuditEvent.objects.get(
        content_type__model="roleassignment", object_id=str(granted.pk), action="create"
    )
    assert event.actor == root and event.changes["role"] == [None, "head"]
    # The user is told by email, by a background task queued once the grant is stored.
    queued = DBTaskResult.objects.filter(task_path__endswith="notify_role_granted").get()
    assert queued.args_kwargs["args"] == [granted.pk]
    # An assignment is not edited in place (revoke it, grant another) …
    assert client.get(f"/admin/orgs/roleassignment/{granted.pk}/change/").status_code in (
        200,
        403,
    )
    edit = client.post(
        f"/admin/orgs/roleassignment/{granted.pk}/change/", {**data, "role": "coordinator"}
    )
    assert edit.status_code == 403
    granted.refresh_from_db()
    assert granted.role == "head"
    # … and taking it away through the list's bulk action goes through role_revoke.
    response = client.post(
        "/admin/orgs/roleassignment/",
        {"action": "delete_selected", "_selected_action": [granted.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=granted.pk).exists()
    assert AuditEvent.objects.filter(
        content_type__model="roleassignment", object_id=str(granted.pk), action="delete"
    ).exists()


@pytest.mark.django_db
def test_a_token_is_revoked_in_the_admin_never_deleted(root, people):
    token, _secret = api_token_create(by=None, user=people["alice"], name="sync")
    client = Client()
    client.force_login(root)
    response = client.post(
        "/admin/orgs/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(object_id=str(token.pk), actor=root).exists()
    assert (
        client.post(f"/admin/orgs/apitoken/{token.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert ApiToken.objects.filter(pk=token.pk).exists()


@pytest.mark.django_db
def test_a_succession_added_inline_goes_through_succession_add(root, world):
    unit, other = world["sibling"], world["commune"]
    client = Client()
    client.force_login(root)
    form = client.get(f"/admin/orgs/unit/{unit.pk}/change/").context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    for flag in ("is_remote", "is_ethnic_minority", "is_dense", "is_mountainous"):
        if not data.get(flag):
            data.pop(flag, None)
    data.update(
        {
            "parent": unit.parent_id,
            "valid_from": unit.valid_from.isoformat() if unit.valid_from else "",
            "valid_to": "",
            "successions-TOTAL_FORMS": "1",
            "successions-INITIAL_FORMS": "0",
            "successions-0-successor": unit.pk,  # itself: refused by the model's rule
            "successions-0-kind": "merge",
            "successions-0-effective_date": "2025-07-01",
        }
    )
    refused = client.post(f"/admin/orgs/unit/{unit.pk}/change/", data)
    assert (
        refused.status_code == 200 and not UnitSuccession.objects.filter(predecessor=unit).exists()
    )
    data["successions-0-successor"] = other.pk
    data["successions-0-legal_basis"] = "Nghị quyết 1683/NQ-UBTVQH15"
    response = client.post(f"/admin/orgs/unit/{unit.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    link = UnitSuccession.objects.get(predecessor=unit, successor=other)
    event = AuditEvent.objects.get(
        content_type__model="unitsuccession", object_id=str(link.pk), action="create"
    )
    assert event.actor == root and event.changes["legal_basis"][1].startswith("Nghị quyết")


@pytest.mark.django_db
def test_the_lexicon_reset_names_who_did_it(people):
    monitoring_services.lexicon_save(
        by=people["carol"], term=None, topic="ocop", phrase="chè búp", weight=2
    )
    before = LexiconTerm.objects.count()
    n = monitoring_services.lexicon_reset(by=people["carol"])
    assert LexiconTerm.objects.count() == n
    assert not LexiconTerm.objects.filter(phrase="chè búp").exists()
    event = AuditEvent.objects.filter(note="lexicon reset to the default").get()
    assert event.actor == people["carol"] and event.changes["phrases"] == [before, n]
    assert event.object_id == "" and event.content_type.model == "lexiconterm"


@pytest.mark.django_db
def test_a_user_without_a_role_cannot_reset_the_lexicon(people):
    nobody = get_user_model().objects.create_user("nobody")
    with pytest.raises(PermissionDenied):
        monitoring_services.lexicon_reset(by=nobody)
