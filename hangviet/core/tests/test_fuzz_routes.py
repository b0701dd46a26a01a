"""Every HTML route of the permission sweep, sent GET and POST with hostile values for every
parameter name the code reads (`request.GET/POST`, the typed readers of core.params, the
forms' field names in templates), as the coordinator, an editor and a head: never a server
error. The API has its own fuzzer (test_fuzz_api.py, schemathesis).

Bounded inside `make test`; `make fuzz` runs `HANGVIET_FUZZ_SCALE` times as many examples.
"""

import re
from pathlib import Path

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from hangviet.core.tests.fuzz import fuzz
from hangviet.orgs.tests.sweep_objects import objects_for_sweep
from hangviet.orgs.tests.test_permission_sweep import CASES

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
_READ = re.compile(
    r"""(?:request\.(?:GET|POST)(?:\.get|\.getlist)?[(\[]\s*|"""
    r"""(?:int_param|id_param|id_list|required_id)\(\s*request\.(?:GET|POST),\s*)["']([\w-]+)["']"""
)
_FIELD = re.compile(r"""\bname=["']([\w-]+)["']""")


def parameter_names() -> list[str]:
    """Return every parameter name the code or its templates read or send."""
    names: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "tests" not in path.parts and "migrations" not in path.parts:
            names |= set(_READ.findall(path.read_text(encoding="utf-8")))
    for path in ROOT.rglob("*.html"):
        names |= set(_FIELD.findall(path.read_text(encoding="utf-8")))
    names |= _form_fields()
    return sorted(names - {"csrfmiddlewaretoken", "htmx-config", "viewport"})


def _form_fields() -> set[str]:
    """Return the field names of every form class of the apps."""
    import importlib
    import inspect

    from django import forms

    names: set[str] = set()
    for path in ROOT.glob("*/forms.py"):
        module = importlib.import_module(f"hangviet.{path.parent.name}.forms")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                names |= set(cls.base_fields)
    return names


NAMES = parameter_names()
HOSTILE = st.one_of(
    st.sampled_from(
        [
            "abc",
            "99999999999999999999",
            str(2**63),
            "-1",
            "0",
            "",
            "1e9",
            "²",
            "１２",
            "\x00",
            "\x01",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "2026H1",
            "2026Q5",
            "2026M13",
            "2026-13-45",
            "9999-12-31",
            "31/02/2026",
            "x" * 5000,
            "1,2",
            "1",
            "2",
        ]
    ),
    st.text(max_size=40),
)
PARAMS = st.dictionaries(
    st.sampled_from(NAMES), st.lists(HOSTILE, min_size=1, max_size=2), max_size=5
)
ROUTES = sorted(
    name
    for name, (_m, url, _b, _e) in CASES.items()
    if not url.startswith("/api/") and name not in ("logout", "set_language")
)


def test_the_fuzzer_knows_the_parameters_of_the_known_crashes():
    for name in ("value_1", "lock_version", "parent", "delete", "tu-hoat-dong", "page", "remove"):
        assert name in NAMES or name.startswith("value_"), name
    assert "lock_version" in NAMES and "tu-hoat-dong" in NAMES


@pytest.mark.parametrize("route", ROUTES)
@fuzz(3)
@given(
    who=st.sampled_from(["carol", "alice", "hank"]),
    params=PARAMS,
    figure=st.tuples(st.sampled_from(["value_abc", "value_1", "value_" + "9" * 25]), HOSTILE),
)
def test_no_html_route_answers_with_a_server_error(route, world, people, who, params, figure):
    ids = world.get("_ids") or world.setdefault("_ids", objects_for_sweep(world, people))
    _method, template, _body, _expected = CASES[route]
    url = template.format(**ids)
    client = Client(raise_request_exception=False)
    client.force_login(people[who])
    query = {k: v for k, v in params.items()}
    got = client.get(url, query)
    assert got.status_code < 500, (route, "GET", query, got.content[:300])
    form = {**query, figure[0]: [figure[1]]}
    posted = client.post(url, form)
    assert posted.status_code < 500, (route, "POST", form, posted.content[:300])
