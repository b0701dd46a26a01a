"""The architecture's promises, read from the source itself (docs/architecture.md):

- the apps import each other only downwards, along the table below, so there is no cycle;
- no module takes a private name (``_x``) from another app;
- only ``orgs/permissions.py`` decides access: nothing else calls ``scope_for`` or filters on
  the unit path by hand;
- who may do what to each kind of object is decided in that kind's policy module
  (``<app>/policy.py``), on top of the scope primitive: no view, API route, service, task or
  command takes a permission primitive, reads ``is_superuser`` or reads a role itself;
- no import hides inside a function except the few listed (heavy libraries loaded on first
  use, and the receivers an app connects when it is ready).
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the hangviet package

# Which apps each app may import (besides itself). The order is the order of the layers.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "orgs": {"core"},
    "accounts": {"core", "orgs"},
    "plans": {"core", "orgs"},
    "directory": {"core", "orgs"},
    "activities": {"core", "orgs", "plans"},
    "reporting": {"core", "orgs", "plans", "activities", "directory", "outcomes"},
    "monitoring": {"core", "orgs", "plans", "activities"},
    "radio": {"core", "orgs", "plans", "activities", "monitoring", "directory"},
    "outcomes": {"core", "orgs"},
    "analytics": {"core", "orgs", "plans", "activities", "reporting", "outcomes"},
    "exchange": {"core", "orgs", "plans", "activities", "reporting"},
    "portal": {"core", "orgs", "plans", "activities", "directory", "outcomes"},
    "desk": {
        "core",
        "orgs",
        "accounts",
        "plans",
        "directory",
        "activities",
        "reporting",
        "monitoring",
        "radio",
        "analytics",
    },
}
# The project's own modules at the top (URLs, the API, settings, the CLI) may import any app.
PROJECT = {"api", "urls", "settings", "cli", "wsgi", "__main__", "__init__"}

# Imports allowed inside functions: heavy libraries loaded on first use, Django's ready().
LAZY_MODULES = {
    "segno",
    "font_roboto",
    "PIL",
    "numpy",
    "sklearn",
    "trafilatura",
    "lameenc",
}


def _sources() -> Iterator[tuple[Path, str, ast.Module]]:
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "migrations" in relative.parts or "tests" in relative.parts:
            continue
        app = relative.parts[0].removesuffix(".py")
        yield relative, app, ast.parse(path.read_text(encoding="utf-8"), str(relative))


def _type_checking_blocks(tree: ast.Module) -> set[int]:
    """Line numbers of imports under ``if TYPE_CHECKING:`` (no run-time dependency)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    lines.add(inner.lineno)
    return lines


def _hangviet_imports(tree: ast.Module) -> Iterator[tuple[int, str, list[str]]]:
    """(line, module, names) for each import of a hangviet module, type-only ones excluded."""
    typing_only = _type_checking_blocks(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom) or node.lineno in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("hangviet"):
                yield node.lineno, node.module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("hangviet"):
                    yield node.lineno, alias.name, []


def _target_app(module: str, names: list[str]) -> list[str]:
    parts = module.split(".")
    if len(parts) >= 2:
        return [parts[1]]
    return names  # "from hangviet import orgs"


def test_the_layer_table_itself_has_no_cycle():
    seen: dict[str, int] = {}

    def depth(app: str, trail: tuple[str, ...] = ()) -> int:
        assert app not in trail, f"cycle in ALLOWED: {' -> '.join((*trail, app))}"
        if app not in seen:
            seen[app] = 1 + max((depth(d, (*trail, app)) for d in ALLOWED[app]), default=0)
        return seen[app]

    for app in ALLOWED:
        depth(app)


def test_every_app_is_in_the_layer_table():
    apps = {p.name for p in ROOT.iterdir() if (p / "apps.py").exists()}
    assert apps == set(ALLOWED), "add the new app to ALLOWED and to docs/architecture.md"


def test_apps_import_each_other_only_downwards():
    wrong = []
    for path, app, tree in _sources():
        if app in PROJECT:
            continue
        for line, module, names in _hangviet_imports(tree):
            for target in _target_app(module, names):
                if target != app and target not in ALLOWED[app] and target in ALLOWED:
                    wrong.append(f"{path}:{line} {app} imports {module} ({target})")
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_no_private_name_is_imported_from_another_app():
    wrong = []
    for path, app, tree in _sources():
        for line, module, names in _hangviet_imports(tree):
            targets = _target_app(module, names)
            private_module = any(
                part.startswith("_") and part != "__init__" for part in module.split(".")
            )
            for name in names:
                if targets and targets[0] != app and (name.startswith("_") or private_module):
                    wrong.append(f"{path}:{line} takes {module}.{name}")
    assert not wrong, "private names used across apps:\n" + "\n".join(wrong)


def _access_decisions(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """Calls of ``scope_for`` and lookups on the unit path, with their lines."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name == "scope_for":
                yield node.lineno, "calls scope_for"
            for keyword in node.keywords:
                if keyword.arg and keyword.arg.endswith("path__startswith"):
                    yield node.lineno, f"filters on {keyword.arg}"
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and node.value.endswith("path__startswith"):
            yield node.lineno, f"builds a {node.value!r} lookup"


def test_only_the_permission_module_decides_access():
    wrong = [
        f"{path}:{line} {what}"
        for path, _app, tree in _sources()
        if path != Path("orgs/permissions.py")
        for line, what in _access_decisions(tree)
    ]
    assert not wrong, "access decided outside orgs/permissions.py:\n" + "\n".join(wrong)


# What any module may take from the permission module: the vocabulary (actions, the user type)
# and the subtree tests, which are not access decisions; the request-level plumbing of tokens.
PRIMITIVES_FOR_ALL = {
    "Action",
    "User",
    "within",
    "outside",
    "within_any",
    "forget",
    "limit_to_units",
}
ROLE_LOOKUPS = ("role", "role__in")
QUERY_METHODS = {"filter", "exclude", "get", "filter_by"}


def _is_policy_module(path: Path) -> bool:
    return path == Path("orgs/permissions.py") or path.name == "policy.py"


def _policy_bypasses(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """Decisions that belong in a policy module: permission primitives imported, the superuser
    flag read, roles read or compared."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "hangviet.orgs.permissions":
            for alias in node.names:
                if alias.name not in PRIMITIVES_FOR_ALL:
                    yield node.lineno, f"takes permissions.{alias.name}"
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "hangviet.orgs"
            and any(alias.name == "permissions" for alias in node.names)
        ):
            yield node.lineno, "imports the permission module"
        if isinstance(node, ast.Attribute) and node.attr == "is_superuser":
            yield node.lineno, "reads is_superuser"
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(side, ast.Attribute) and side.attr == "role" for side in sides):
                yield node.lineno, "compares a role"
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in QUERY_METHODS:
            for keyword in node.keywords:
                if keyword.arg and keyword.arg.endswith(ROLE_LOOKUPS):
                    yield node.lineno, f"queries roles ({keyword.arg})"


def test_who_may_do_what_is_decided_in_the_policy_modules():
    wrong = [
        f"{path}:{line} {what}"
        for path, _app, tree in _sources()
        if not _is_policy_module(path)
        for line, what in _policy_bypasses(tree)
    ]
    assert not wrong, "access decided outside the policy modules:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    "code",
    [
        "from hangviet.orgs.permissions import can",
        "from hangviet.orgs import permissions",
        "user.is_superuser",
        "ra.role == Role.HEAD",
        "RoleAssignment.objects.filter(user=u, role__in=roles)",
        "User.objects.filter(unit_roles__role='coordinator')",
    ],
)
def test_the_policy_check_finds_what_it_must(code):
    assert list(_policy_bypasses(ast.parse(code)))


@pytest.mark.parametrize(
    "code",
    [
        "scope_for(user).empty",
        "permissions.scope_for(user, Action.EDIT)",
        "Unit.objects.filter(path__startswith=p)",
        "Activity.objects.filter(unit__path__startswith=p)",
        "Q(**{'unit__path__startswith': p})",
    ],
)
def test_the_access_check_finds_what_it_must(code):
    """The check is not vacuous: each way of deciding access by hand is found."""
    assert list(_access_decisions(ast.parse(f"def f(user, p):\n    return {code}\n")))


def test_no_import_hides_in_a_function():
    wrong = []
    for path, _app, tree in _sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name == "ready":
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    module = inner.module if isinstance(inner, ast.ImportFrom) else None
                    module = module or inner.names[0].name
                    if module.split(".")[0] not in LAZY_MODULES:
                        wrong.append(f"{path}:{inner.lineno} imports {module} in {node.name}()")
    assert not wrong, "imports inside functions (move them to the top):\n" + "\n".join(wrong)
