"""«➕ Новое событие» and «✏️ Изменить»: one question at a time, each typed answer checked (a
wrong one is said and asked again), a preview with a button per answer, and nothing written
before «✅ Создать» («💾 Сохранить»). The draft lives in the conversation's state; /cancel or
«✖️ Отмена» leaves it unsaved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram.types import CallbackQuery, Message

from bot.services import event_form as parse
from bot.services.telegram_text import Refused
from bot.ui.callbacks_event_admin import EaCount, EaForm, EaKind, EaQuantum
from bot.ui.callbacks_events import EventNew
from handlers.flow import Flow
from handlers.staff.events import screens
from handlers.staff.events.show import show_event
from handlers.staff.events.states import CHAINED, FIELD_STEP, ORDER, EventEdit
from storage.clock import from_db, to_db
from storage.events import KINDS

Parser = Callable[[str, dict[str, Any], Flow], dict[str, Any]]

PARSERS: dict[str, Parser] = {
    "title_ru": lambda text, data, flow: {"title_ru": parse.title(text)},
    "title_en": lambda text, data, flow: {"title_en": parse.title(text)},
    "starts": lambda text, data, flow: {"starts": to_db(parse.moment(text, flow.now, flow.zone))},
    "ends": lambda text, data, flow: {"ends": to_db(parse.ending(
        text, from_db(data["starts"]), flow.now, flow.zone))},
    "place": lambda text, data, flow: {"place": parse.place(text)},
    "seats": lambda text, data, flow: {"seats": parse.seats(text)},
    "ages": lambda text, data, flow: dict(zip(("age_min", "age_max"), parse.ages(text),
                                              strict=True)),
    "companions": lambda text, data, flow: {"companions": parse.companions(text)},
    "until": lambda text, data, flow: {"until": to_db(parse.until(
        text, from_db(data["starts"]), flow.now, flow.zone))},
    "description": lambda text, data, flow: {"description": parse.description(text)},
    "description_en": lambda text, data, flow: {"description_en": parse.description(text)},
}


async def ask(flow: Flow, step: str, *, new: bool = True) -> None:
    await flow.state.set_state(getattr(EventEdit, step))
    data = await flow.state.get_data()
    screen = screens.question(flow.t, step, data, flow.catalogue, flow.today)
    await (flow.send(screen) if new else flow.show(screen))


async def show_preview(flow: Flow, *, new: bool = True) -> None:
    await flow.state.set_state(EventEdit.preview)
    await flow.state.update_data(review=True)
    data = await flow.state.get_data()
    screen = screens.preview(flow.t, data, flow.zone, flow.catalogue)
    await (flow.send(screen) if new else flow.show(screen))


async def onward(flow: Flow, step: str, *, new: bool = True) -> None:
    """After a good answer to `step`: the next question, or the preview when reviewing."""
    data = await flow.state.get_data()
    if step in CHAINED:
        await ask(flow, CHAINED[step], new=new)
    elif data.get("review") and parse.complete(data) or step == ORDER[-1]:
        await show_preview(flow, new=new)
    else:
        await ask(flow, ORDER[ORDER.index(step) + 1], new=new)


async def begin(query: CallbackQuery, callback_data: EventNew, flow: Flow) -> None:
    """«➕ Новое событие»: the kind first."""
    await flow.state.clear()
    await flow.state.set_data(parse.fresh("master_class"))
    await ask(flow, "kind")


async def edit(flow: Flow, event_id: int) -> None:
    """«✏️ Изменить»: the form filled with the event, at its preview."""
    event = await flow.services.event_admin.get(event_id)
    if event is None:
        await flow.send(screens.gone_screen(flow.t, flow.t("eva-gone")))
        return
    await flow.state.clear()
    # an event over keeps its time: its place and description may still be put right
    await flow.state.set_data({**parse.of_event(event), "ended": event.ends_at <= flow.now,
                               "taken": event.taken})
    await show_preview(flow)


async def step_of(flow: Flow) -> str | None:
    return await flow.open_step(EventEdit)


async def typed(message: Message, flow: Flow) -> None:
    """A typed answer to the open question: checked, kept, and the next question."""
    step = await step_of(flow)
    if step is None:
        return
    parser = PARSERS.get(step)
    if parser is None:  # a question answered with buttons, or the preview
        await flow.send((flow.t("eva-use-buttons"), None))
        await (show_preview(flow) if step == "preview" else ask(flow, step))
        return
    data = await flow.state.get_data()
    try:
        found = parser(message.text or message.caption or "", data, flow)
    except Refused as exc:
        screen = screens.question(flow.t, step, data, flow.catalogue, flow.today)
        refusal = flow.t(exc.key, **{**screens.examples(flow.today), **exc.kwargs})
        await flow.send((refusal + "\n\n" + screen[0], screen[1]))
        return
    await flow.state.update_data(**found)
    await onward(flow, step)


async def kind_chosen(query: CallbackQuery, callback_data: EaKind, flow: Flow) -> None:
    if await step_of(flow) != "kind" or callback_data.kind not in KINDS:
        await stale(flow)
        return
    await flow.state.update_data(kind=callback_data.kind)
    await onward(flow, "kind", new=False)


async def count_chosen(query: CallbackQuery, callback_data: EaCount, flow: Flow) -> None:
    if await step_of(flow) != "companions" or not 0 <= callback_data.n <= 5:
        await stale(flow)
        return
    await flow.state.update_data(companions=callback_data.n)
    await onward(flow, "companions", new=False)


async def quantum_ticked(query: CallbackQuery, callback_data: EaQuantum, flow: Flow) -> None:
    if await step_of(flow) != "quanta" or flow.catalogue.get(callback_data.code) is None:
        await stale(flow)
        return
    data = await flow.state.get_data()
    ticked = list(data.get("quanta") or [])
    ticked = ([c for c in ticked if c != callback_data.code] if callback_data.code in ticked
              else [*ticked, callback_data.code])
    await flow.state.update_data(quanta=ticked)
    await ask(flow, "quanta", new=False)


async def form_move(query: CallbackQuery, callback_data: EaForm, flow: Flow) -> None:
    """The form's own buttons: same, any, skip, done, create, cancel, f-<field>."""
    step, action = await step_of(flow), callback_data.action
    if step is None:
        await stale(flow)
        return
    if action == "cancel":
        await flow.state.clear()
        await flow.show(screens.gone_screen(flow.t, flow.t("eva-cancelled")))
        return
    moves: dict[tuple[str, str], Callable[[dict[str, Any]], dict[str, Any]]] = {
             ("title_en", "same"): lambda d: {"title_en": d.get("title_ru", "")},
             ("ages", "any"): lambda d: {"age_min": None, "age_max": None},
             ("quanta", "done"): lambda d: {},
             ("until", "skip"): lambda d: {"until": None},
             ("description_en", "same"): lambda d: {"description_en": ""}}
    if (step, action) == ("description", "skip"):  # no description: none in English either
        await flow.state.update_data(description="", description_en="")
        await onward(flow, "description_en", new=False)
        return
    if (step, action) in moves:
        data = await flow.state.get_data()
        await flow.state.update_data(**moves[(step, action)](data))
        await onward(flow, step, new=False)
        return
    if step == "preview" and action == "f-when" and (await flow.state.get_data()).get("ended"):
        await flow.send((flow.t("eva-ended-time"), None))
        await show_preview(flow)
        return
    if step == "preview" and action.startswith("f-") and action[2:] in FIELD_STEP:
        await ask(flow, FIELD_STEP[action[2:]], new=False)
        return
    if step == "preview" and action == "create":
        await create(flow)
        return
    await stale(flow)


async def create(flow: Flow) -> None:
    data = await flow.state.get_data()
    if not parse.complete(data):
        await ask(flow, "title_ru")
        return
    draft = parse.draft_of(data)
    service = flow.services.event_admin
    if draft.starts_at <= flow.now and data.get("starts_was") != data["starts"]:
        # an event under way may still be changed (its place, say) as long as its start is not
        await flow.send((flow.t("eva-when-past"), None))
        await ask(flow, "starts")
        return
    if data.get("event"):
        saved = await service.update(int(data["event"]), draft, flow.user.id)
    else:
        saved = await service.create(draft, flow.user.id)
    await flow.state.clear()
    if saved.outcome == "ended":
        await show_event(flow, saved.event_id, note=flow.t("eva-ended-time"), new=True)
        return
    if saved.outcome in ("gone", "cancelled"):
        await flow.show(screens.gone_screen(flow.t, flow.t(f"eva-save-{saved.outcome}")))
        return
    note = flow.t(f"eva-{saved.outcome}", n=saved.told)
    await show_event(flow, saved.event_id, note=note)


async def stale(flow: Flow) -> None:
    """A button of a form no longer open (an old message, a forged press)."""
    flow.toast(flow.t("stale-button"))
    await flow.send(screens.gone_screen(flow.t, flow.t("eva-form-stale")))
