"""Every button's data starts with its class's prefix, and a filter matches by that prefix
alone: two classes with one prefix would route one's presses to the other's handler (or fail
to unpack them). Every CallbackData class defined in bot/ and handlers/ has its own."""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict

from aiogram.filters.callback_data import CallbackData

import bot
import handlers


def every_subclass(cls: type[CallbackData]) -> list[type[CallbackData]]:
    found: list[type[CallbackData]] = []
    for sub in cls.__subclasses__():
        found += [sub, *every_subclass(sub)]
    return found


def test_every_callback_data_prefix_is_its_own() -> None:
    for package in (bot, handlers):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if not module.name.endswith("__main__"):
                importlib.import_module(module.name)
    owners: dict[str, list[str]] = defaultdict(list)
    for cls in every_subclass(CallbackData):
        if cls.__module__.split(".")[0] in ("bot", "handlers"):
            owners[cls.__prefix__].append(f"{cls.__module__}.{cls.__qualname__}")
    assert len(owners) > 60  # the modules were found and imported
    shared = {prefix: names for prefix, names in owners.items() if len(set(names)) > 1}
    assert not shared, shared
