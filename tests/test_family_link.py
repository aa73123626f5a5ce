"""A child's own account that joins the family by invite is tied to that child: it is told
of the child's lessons (and only theirs), and never of a sibling's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from bot.local.chat import LocalChat
from bot.ui.callbacks import ChildIsMe
from tests.helpers import family_invite, join_by_invite, start_as
from tests.helpers.harness import App
from tests.helpers.schedule import NOW, enrol, load_timetable

PARENT, CHILD, SIBLING = 1001, 1002, 1003


@pytest.fixture(autouse=True)
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


async def told_of_cancellation(app: App, group_id: int) -> set[int]:
    """Cancel the group's next lesson; who got the notice."""
    [lesson] = await app.repos.lessons.of_group(group_id, NOW, 1)
    await app.services.lesson_changes.change(lesson.id, 0, "cancel", by=9001, reason="Болезнь")
    await app.deliver()
    return {
        user for user in (PARENT, CHILD, SIBLING)
        if any("Занятие отменено" in (m.get("text") or "") for m in app.emulator.sent(user))
    }


async def two_children_and_a_child_joining(
    app: App,
) -> tuple[dict[str, int], LocalChat, LocalChat, str]:
    """A parent with two children in two groups; one child's account opens the invite."""
    groups = await load_timetable(app)
    parent = app.chat(user_id=PARENT)
    await start_as(parent, "parent")
    await enrol(app, PARENT, groups["robo-a1"], "Иванова Мария")
    await enrol(app, PARENT, groups["robo-a2"], "Иванов Пётр", years=12)
    code = await family_invite(parent)
    child = app.chat(user_id=CHILD, first_name="Маша")
    await join_by_invite(child, code, as_="child")
    return groups, parent, child, code


async def test_the_only_child_is_tied_at_once(app: App) -> None:
    groups = await load_timetable(app)
    parent = app.chat(user_id=PARENT)
    await start_as(parent, "parent")
    await enrol(app, PARENT, groups["robo-a1"], "Иванова Мария")
    code = await family_invite(parent)
    child = app.chat(user_id=CHILD, first_name="Маша")
    await join_by_invite(child, code, as_="child")
    assert "Кто из них ты?" not in child.last_text()
    assert await told_of_cancellation(app, groups["robo-a1"]) == {PARENT, CHILD}


async def test_a_child_of_several_says_which_and_hears_only_of_their_own(app: App) -> None:
    groups, parent, child, code = await two_children_and_a_child_joining(app)
    assert child.last_text().startswith("Кто из них ты?")
    assert child.labels() == ["Иванова Мария", "Иванов Пётр", "Меня тут нет"]
    await child.press("Иванова Мария")
    assert child.answers()[-1].params["text"] == "Готово: это ты."
    # the brother's account may not take his sister's place
    sibling = app.chat(user_id=SIBLING, first_name="Петя")
    await join_by_invite(sibling, code, as_="child")
    # only he is left untied, so he is tied at once, without the question
    assert not any("Кто из них ты?" in m.get("text", "") for m in app.emulator.sent(SIBLING))
    children = await app.repos.families.children(
        await app.repos.families.family_id(PARENT) or 0
    )
    assert {c.name: c.user_id for c in children} == {
        "Иванова Мария": CHILD, "Иванов Пётр": SIBLING,
    }
    assert await told_of_cancellation(app, groups["robo-a1"]) == {PARENT, CHILD}


async def test_a_forged_choice_ties_nothing(app: App) -> None:
    groups, parent, child, code = await two_children_and_a_child_joining(app)
    await child.press("Меня тут нет")
    assert "🏠 Меню" in child.labels()
    # a parent (or a stranger) pressing a forged choice ties nobody
    stranger = app.chat(user_id=4004)
    await start_as(stranger, "pupil")
    for chat, child_id in ((parent, 1), (stranger, 2)):
        await chat.press_data(ChildIsMe(child=child_id).pack())
    children = await app.repos.families.children(
        await app.repos.families.family_id(PARENT) or 0
    )
    assert all(c.user_id is None for c in children)
    assert await told_of_cancellation(app, groups["robo-a1"]) == {PARENT}
