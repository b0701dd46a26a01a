"""The demo world, built by the apps that own its parts.

Core knows no app: every installed app of hangviet may have a ``demo`` module with a
``contribute(world)`` function; they run in the order of ``INSTALLED_APPS``, which is the order
of the apps' dependencies (units before plans, plans before activities, …). Each adds what it
built to ``world`` for the apps after it, and returns the lines it wants printed."""

from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.utils.module_loading import module_has_submodule


@dataclass
class DemoLogin:
    username: str
    what: str


@dataclass
class DemoWorld:
    """What the apps built so far, by name (e.g. "units", "plans"), and the demo logins."""

    parts: dict[str, Any] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    password: str = ""

    def __getitem__(self, name: str) -> Any:
        return self.parts[name]

    def __setitem__(self, name: str, value: Any) -> None:
        self.parts[name] = value


def build() -> tuple[DemoWorld, list[str]]:
    """Build the demo world (each part idempotent) and return it with the lines to print."""
    world = DemoWorld()
    lines: list[str] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("hangviet.") or not module_has_submodule(
            config.module, "demo"
        ):
            continue
        module = import_module(f"{config.name}.demo")
        contribute = getattr(module, "contribute", None)
        if contribute is not None:
            lines.extend(contribute(world))
    return world, lines
