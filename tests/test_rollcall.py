"""The roll call: a lesson's register marked by a tap per child, «Все пришли» and «Готово»;
who may mark and when; corrections kept; two staff at once; a failed write saved again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from tests.helpers.harness import App
from tests.helpers.rollcall import START, a_class, open_roll, row_labels

Clock = time_machine.Traveller


@pytest.fixture
def at_start() -> Iterator[Clock]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


async def test_explore(app: App, at_start: Clock) -> None:
    c = await a_class(app, ["Иванова Мария", "Петров Миша"])
    await open_roll(c.teacher, c.lesson)
    print(repr(c.teacher.last_text()))
    print(row_labels(c.teacher))
    await c.teacher.press("▫️ Иванова Мария")
    print(repr(c.teacher.last_text()))
    print(row_labels(c.teacher))
    assert 0
