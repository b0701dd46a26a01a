"""Every route again, as the people who stand nearest to the line (issue #27): the head of the
plan's issuing unit (who signs), the head of a unit above it (who does not), the province's
coordinator, an editor of the issuing unit, and the coordinator's API token limited to the
sibling commune. Each route has a positive case and a near miss among them; together with
`test_permission_sweep` (the owner, a sibling, an outsider, anonymous) every route is swept by
nine people."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from hangviet.orgs.models import Role, Unit
from hangviet.orgs.services import api_token_create, role_grant
from hangviet.orgs.tests.sweep_objects import objects_for_sweep
from hangviet.orgs.tests.test_permission_sweep import CASES

pytestmark = pytest.mark.django_db

SIGNER, ABOVE, COORD, EDITOR, TOKEN = "signer", "above", "coordinator", "issuer_editor", "token"
PEOPLE = (SIGNER, ABOVE, COORD, EDITOR, TOKEN)
NA = None  # an API token is not a way into the HTML pages

# route name → {person: expected status}; written from one run of the sweep, each line read
# against the policies (docs/architecture.md, "Who may do what"): e.g. the head above the
# issuing unit is refused the signature (404) that its own head reaches (400: not numbered yet).
EXPECTED: dict[str, dict[str, int | None]] = {
    # The exchange desk: a received package is its addressee's alone (the commune's, here);
    # only the signer sends the signed report (the others see it: 403).
    "exchange:desk": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "exchange:consolidated": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "exchange:receive": {SIGNER: 401, ABOVE: 401, COORD: 401, EDITOR: 401, TOKEN: NA},
    "exchange:send": {SIGNER: 302, ABOVE: 403, COORD: 403, EDITOR: 403, TOKEN: NA},
    "exchange:package": {SIGNER: 404, ABOVE: 404, COORD: 404, EDITOR: 404, TOKEN: NA},
    "exchange:download": {SIGNER: 404, ABOVE: 404, COORD: 404, EDITOR: 404, TOKEN: NA},
    "outcomes:home": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    # The consumers' survey is public.
    "portal:survey": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "portal:survey_results": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "portal:survey_qr": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    # A fair's invitation is written for the province (its head and coordinator may); its
    # outcomes are recorded by the directory's moderators (the coordinator: the form's
    # errors send it back, 302).
    "radio:from_fair": {SIGNER: 403, ABOVE: 302, COORD: 302, EDITOR: 403, TOKEN: NA},
    "directory:fair_outcome": {SIGNER: 403, ABOVE: 403, COORD: 302, EDITOR: 403, TOKEN: NA},
    "accounts:account": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "accounts:login_code": {SIGNER: 302, ABOVE: 302, COORD: 302, EDITOR: 302, TOKEN: NA},
    "accounts:notifications": {SIGNER: 302, ABOVE: 302, COORD: 302, EDITOR: 302, TOKEN: NA},
    "accounts:token_revoke": {SIGNER: 404, ABOVE: 404, COORD: 404, EDITOR: 404, TOKEN: NA},
    "accounts:two_factor": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "accounts:unsubscribe": {SIGNER: 404, ABOVE: 404, COORD: 404, EDITOR: 404, TOKEN: NA},
    "activities:attachment": {SIGNER: 404, ABOVE: 200, COORD: 200, EDITOR: 404, TOKEN: NA},
    "activities:bulk_confirm": {SIGNER: 302, ABOVE: 302, COORD: 302, EDITOR: 302, TOKEN: NA},
    "activities:delete": {SIGNER: 404, ABOVE: 302, COORD: 302, EDITOR: 404, TOKEN: NA},
    "activities:detail": {SIGNER: 404, ABOVE: 200, COORD: 200, EDITOR: 404, TOKEN: NA},
    "activities:excel_errors": {SIGNER: 404, ABOVE: 404, COORD: 302, EDITOR: 404, TOKEN: NA},
    "activities:excel_preview": {SIGNER: 404, ABOVE: 404, COORD: 302, EDITOR: 404, TOKEN: NA},
    "activities:excel_template": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "activities:excel_upload": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "activities:export": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "activities:list": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "activities:new": {SIGNER: 200, ABOVE: 302, COORD: 302, EDITOR: 200, TOKEN: NA},
    "activities:publish": {SIGNER: 404, ABOVE: 403, COORD: 302, EDITOR: 404, TOKEN: NA},
    "activities:return": {SIGNER: 404, ABOVE: 403, COORD: 302, EDITOR: 404, TOKEN: NA},
    "activities:return_answer": {SIGNER: 404, ABOVE: 302, COORD: 302, EDITOR: 404, TOKEN: NA},
    "activities:restore": {SIGNER: 404, ABOVE: 403, COORD: 302, EDITOR: 404, TOKEN: NA},
    "activities:service_worker": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "add_file": {SIGNER: 400, ABOVE: 400, COORD: 400, EDITOR: 400, TOKEN: 400},
    "admin_login": {SIGNER: 302, ABOVE: 302, COORD: 302, EDITOR: 302, TOKEN: NA},
    "analytics:coverage": {SIGNER: 404, ABOVE: 200, COORD: 200, EDITOR: 404, TOKEN: NA},
    "analytics:csv": {SIGNER: 404, ABOVE: 200, COORD: 200, EDITOR: 404, TOKEN: NA},
    "analytics:home": {SIGNER: 404, ABOVE: 200, COORD: 200, EDITOR: 404, TOKEN: NA},
    "analytics:overview": {SIGNER: 404, ABOVE: 200, COORD: 200, EDITOR: 404, TOKEN: NA},
    "api-root": {SIGNER: 404, ABOVE: 404, COORD: 404, EDITOR: 404, TOKEN: 404},
    "create_activity": {SIGNER: 403, ABOVE: 201, COORD: 201, EDITOR: 403, TOKEN: 403},
    "create_unit": {SIGNER: 403, ABOVE: 403, COORD: 201, EDITOR: 403, TOKEN: 403},
    "delete_activity": {SIGNER: 404, ABOVE: 204, COORD: 204, EDITOR: 404, TOKEN: 404},
    "directory:apply": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "directory:home": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "directory:listing": {SIGNER: 404, ABOVE: 404, COORD: 404, EDITOR: 404, TOKEN: NA},
    "directory:map": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "directory:moderation": {SIGNER: 403, ABOVE: 403, COORD: 200, EDITOR: 403, TOKEN: NA},
    "directory:open_data": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "directory:photo": {SIGNER: 404, ABOVE: 404, COORD: 200, EDITOR: 404, TOKEN: NA},
    "directory:photos": {SIGNER: 403, ABOVE: 403, COORD: 302, EDITOR: 403, TOKEN: NA},
    "directory:review": {SIGNER: 403, ABOVE: 403, COORD: 302, EDITOR: 403, TOKEN: NA},
    "get_activity": {SIGNER: 404, ABOVE: 200, COORD: 200, EDITOR: 404, TOKEN: 404},
    "get_history": {SIGNER: 404, ABOVE: 200, COORD: 200, EDITOR: 404, TOKEN: 404},
    "get_period": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: 200},
    "get_subtree": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: 200},
    "get_unit": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: 200},
    "grant_role": {SIGNER: 403, ABOVE: 403, COORD: 201, EDITOR: 403, TOKEN: 403},
    "healthz": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "home": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "list_activities": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: 200},
    "list_roles": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: 200},
    "list_units": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: 200},
    "login": {SIGNER: 302, ABOVE: 302, COORD: 302, EDITOR: 302, TOKEN: NA},
    "logout": {SIGNER: 302, ABOVE: 302, COORD: 302, EDITOR: 302, TOKEN: NA},
    "manifest": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "monitoring:article": {SIGNER: 404, ABOVE: 302, COORD: 302, EDITOR: 404, TOKEN: NA},
    "monitoring:home": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "monitoring:lexicon": {SIGNER: 403, ABOVE: 403, COORD: 302, EDITOR: 403, TOKEN: NA},
    "monitoring:source": {SIGNER: 404, ABOVE: 403, COORD: 302, EDITOR: 404, TOKEN: NA},
    "monitoring:sources": {SIGNER: 403, ABOVE: 403, COORD: 200, EDITOR: 403, TOKEN: NA},
    "openapi-json": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: 200},
    "openapi-view": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: 200},
    "orgs:unit_detail": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "orgs:unit_edit": {SIGNER: 403, ABOVE: 403, COORD: 302, EDITOR: 403, TOKEN: NA},
    "orgs:unit_history": {SIGNER: 404, ABOVE: 200, COORD: 200, EDITOR: 404, TOKEN: NA},
    "orgs:unit_list": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "patch_activity": {SIGNER: 404, ABOVE: 200, COORD: 200, EDITOR: 404, TOKEN: 404},
    "patch_unit": {SIGNER: 403, ABOVE: 403, COORD: 200, EDITOR: 403, TOKEN: 403},
    "plans:amend": {SIGNER: 403, ABOVE: 403, COORD: 302, EDITOR: 403, TOKEN: NA},
    "plans:detail": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "plans:download": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "plans:edit": {SIGNER: 403, ABOVE: 403, COORD: 200, EDITOR: 403, TOKEN: NA},
    "plans:list": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "plans:assignment_add": {SIGNER: 403, ABOVE: 403, COORD: 302, EDITOR: 403, TOKEN: NA},
    "plans:mention_map": {SIGNER: 403, ABOVE: 403, COORD: 302, EDITOR: 403, TOKEN: NA},
    "plans:review": {SIGNER: 404, ABOVE: 404, COORD: 302, EDITOR: 404, TOKEN: NA},
    "plans:theme_add": {SIGNER: 403, ABOVE: 403, COORD: 302, EDITOR: 403, TOKEN: NA},
    "plans:theme_change": {SIGNER: 403, ABOVE: 403, COORD: 302, EDITOR: 403, TOKEN: NA},
    "plans:unit_search": {SIGNER: 403, ABOVE: 403, COORD: 200, EDITOR: 403, TOKEN: NA},
    "plans:upload": {SIGNER: 403, ABOVE: 403, COORD: 200, EDITOR: 403, TOKEN: NA},
    "portal:campaign": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "portal:fairs_feed": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "portal:news": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "portal:news_feed": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "portal:widget": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "radio:audio": {SIGNER: 404, ABOVE: 302, COORD: 302, EDITOR: 404, TOKEN: NA},
    "radio:broadcast_done": {SIGNER: 404, ABOVE: 302, COORD: 302, EDITOR: 404, TOKEN: NA},
    "radio:detail": {SIGNER: 404, ABOVE: 200, COORD: 200, EDITOR: 404, TOKEN: NA},
    "radio:download": {SIGNER: 404, ABOVE: 404, COORD: 404, EDITOR: 404, TOKEN: NA},
    "radio:edit": {SIGNER: 404, ABOVE: 200, COORD: 200, EDITOR: 404, TOKEN: NA},
    "radio:list": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "radio:new": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "radio:package": {SIGNER: 404, ABOVE: 200, COORD: 200, EDITOR: 404, TOKEN: NA},
    "reporting:adhoc": {SIGNER: 403, ABOVE: 403, COORD: 200, EDITOR: 403, TOKEN: NA},
    "reporting:cycle": {SIGNER: 403, ABOVE: 403, COORD: 200, EDITOR: 403, TOKEN: NA},
    "reporting:cycle_period": {SIGNER: 403, ABOVE: 403, COORD: 200, EDITOR: 403, TOKEN: NA},
    "radio:spoken_forms": {SIGNER: 403, ABOVE: 403, COORD: 200, EDITOR: 403, TOKEN: NA},
    "reporting:quality": {SIGNER: 403, ABOVE: 403, COORD: 200, EDITOR: 403, TOKEN: NA},
    "reporting:quality_action": {SIGNER: 403, ABOVE: 403, COORD: 302, EDITOR: 403, TOKEN: NA},
    "reporting:cycle_preview": {SIGNER: 200, ABOVE: 404, COORD: 200, EDITOR: 404, TOKEN: NA},
    "reporting:cycle_section": {SIGNER: 403, ABOVE: 403, COORD: 302, EDITOR: 403, TOKEN: NA},
    "reporting:cycle_sign": {SIGNER: 400, ABOVE: 404, COORD: 403, EDITOR: 404, TOKEN: NA},
    "reporting:download": {SIGNER: 200, ABOVE: 404, COORD: 200, EDITOR: 404, TOKEN: NA},
    "reporting:evidence": {SIGNER: 404, ABOVE: 200, COORD: 200, EDITOR: 404, TOKEN: NA},
    "reporting:incoming": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "reporting:incoming_detail": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "reporting:inbox": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "reporting:indicator_detail": {SIGNER: 403, ABOVE: 403, COORD: 200, EDITOR: 403, TOKEN: NA},
    "reporting:report": {SIGNER: 404, ABOVE: 200, COORD: 200, EDITOR: 404, TOKEN: NA},
    "reporting:report_action": {SIGNER: 404, ABOVE: 302, COORD: 302, EDITOR: 404, TOKEN: NA},
    "reporting:report_download": {SIGNER: 404, ABOVE: 200, COORD: 200, EDITOR: 404, TOKEN: NA},
    "reporting:signed_download": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "revoke_role": {SIGNER: 404, ABOVE: 404, COORD: 204, EDITOR: 404, TOKEN: 404},
    "robots": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "search_directory": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: 200},
    "set_language": {SIGNER: 302, ABOVE: 302, COORD: 302, EDITOR: 302, TOKEN: NA},
    "sitemap": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: NA},
    "stats_activities": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: 200},
    "taxonomy": {SIGNER: 200, ABOVE: 200, COORD: 200, EDITOR: 200, TOKEN: 200},
}


@pytest.fixture
def near(world, people):
    issuer = Unit.objects.get(name="Sở Văn hóa, Thể thao và Du lịch", valid_to__isnull=True)
    make = get_user_model().objects.create_user
    signer = make("giamdoc", password="correct-horse-42")
    above = make("chutich", password="correct-horse-42")
    editor = make("bientapso", password="correct-horse-42")
    role_grant(by=None, user=signer, role=Role.HEAD, unit=issuer)
    role_grant(by=None, user=above, role=Role.HEAD, unit=world["province"])
    role_grant(by=None, user=editor, role=Role.EDITOR, unit=issuer)
    token = api_token_create(by=None, user=people["carol"], units=[world["sibling"]])[1]
    return {SIGNER: signer, ABOVE: above, COORD: people["carol"], EDITOR: editor, TOKEN: token}


def _call(name, ids, who, near):
    method, template, body, _expected = CASES[name]
    url = template.format(**ids)
    if who == TOKEN:
        if not url.startswith("/api/"):
            return NA
        client = Client(HTTP_AUTHORIZATION=f"Bearer {near[TOKEN]}")
    else:
        client = Client()
        client.force_login(near[who])
    payload = None
    if body is not None:
        payload = {
            k: (int(v.format(**ids)) if isinstance(v, str) and v.startswith("{") else v)
            for k, v in body.items()
        }
    if url.startswith("/api/") and payload is not None:
        return getattr(client, method)(url, json.dumps(payload), content_type="application/json")
    return getattr(client, method)(url, payload or {})


@pytest.mark.parametrize("name", sorted(CASES))
def test_route_as_the_people_nearest_to_the_line(name, world, people, near):
    ids = objects_for_sweep(world, people)
    got = {}
    for who in PEOPLE:
        with transaction.atomic():  # each person finds the objects as they were made
            answer = _call(name, ids, who, near)
            transaction.set_rollback(True)
        got[who] = answer if answer is None else answer.status_code
    assert got == EXPECTED[name], (name, got)


def test_every_route_is_swept_by_the_people_nearest_to_the_line():
    assert set(EXPECTED) == set(CASES)
    positive = {
        n for n, e in EXPECTED.items() if any(s in (200, 201, 204, 302) for s in e.values())
    }
    assert len(positive) > len(CASES) // 2
