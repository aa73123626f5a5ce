"""The bare twin of benchmarks/flows.py: it answers each update with the calls our bot made
for it, so the person's chat with the twin reads exactly as the chat with our bot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.common import FIRST_USER_ID, Harness, OurBot, Person, add_people, fill_users
from benchmarks.flows_steps import Step, Turn, button, card, nav, pressed, typed
from benchmarks.flows_twin import Ids, Twin, feed, replay
from bot.ui.callbacks import CataloguePage

PEOPLE = [Person(FIRST_USER_ID + n, "en" if n % 2 else "ru", f"User{n}") for n in range(3)]
STEPS = (
    Step("/start", typed(lambda t: "/start")),
    Step("catalogue", pressed(nav("catalogue"))),
    Step("a card", pressed(card)),
    Step("back to its page", pressed(button(CataloguePage))),
    Step("the other page", pressed(button(CataloguePage))),
    Step("/help", typed(lambda t: "/help")),
)


def chat(h: Harness, user_id: int) -> list[tuple[Any, ...]]:
    return [(m["text"], m.get("reply_markup")) for m in h.emulator.sent(user_id)]


async def test_the_twin_leaves_each_chat_as_our_bot_left_it(tmp_path: Path) -> None:
    app = await OurBot.open(tmp_path / "bot.sqlite3", user_updates_per_minute=0)
    await fill_users(app.db, PEOPLE)  # known: /start shows the menu
    ours = app.harness(PEOPLE)
    twin = Twin()
    bare = Harness.create(twin.dispatcher)
    add_people(bare, PEOPLE)
    ids: Ids = {}
    try:
        for step in STEPS:
            updates = [step.make(ours, Turn(p, n, 0)) for n, p in enumerate(PEOPLE)]
            fed = await feed(ours, [u for u in updates if u is not None], app.db)
            mirrored = await replay(bare, twin, fed, ids)
            assert fed.sample.updates == len(PEOPLE), step.name
            assert mirrored.sample.calls == fed.sample.calls, step.name
            assert not fed.sample.errors and not mirrored.sample.errors, step.name
        for person in PEOPLE:
            assert chat(bare, person.id) == chat(ours, person.id)
            # the menu (edited into the card, then the pages) and /help's answer
            assert len(chat(ours, person.id)) == 2
        assert not twin.scripts  # every prepared answer was given
    finally:
        await ours.close()
        await bare.close()
        await app.close()


async def test_the_twin_answers_a_press_with_the_same_alert(tmp_path: Path) -> None:
    """A press our bot answers with a toast (a quiz button no question takes): the twin's
    answer carries the same text."""
    app = await OurBot.open(tmp_path / "bot.sqlite3", user_updates_per_minute=0)
    ours = app.harness(PEOPLE[:1])
    twin = Twin()
    bare = Harness.create(twin.dispatcher)
    add_people(bare, PEOPLE[:1])
    ids: Ids = {}
    user = PEOPLE[0].id
    try:
        started = await feed(ours, [ours.message(user, "/start")], app.db)
        await replay(bare, twin, started, ids)
        stale = await feed(ours, [ours.press(user, ours.newest_bot_message(user), "z:9")])
        mirrored = await replay(bare, twin, stale, ids)
        ours_answers = [c.params for c in stale.calls[0] if c.method == "answerCallbackQuery"]
        twin_answers = [c.params for c in mirrored.calls[0]
                        if c.method == "answerCallbackQuery"]
        assert ours_answers and ours_answers[0].get("text")
        assert [a.get("text") for a in twin_answers] == [a.get("text") for a in ours_answers]
    finally:
        await ours.close()
        await bare.close()
        await app.close()
