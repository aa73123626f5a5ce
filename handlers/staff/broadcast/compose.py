"""/broadcast: compose, choose the audience, preview, confirm; /broadcasts: recent reports;
stopping a running one. The handlers; their screens are in `screens`."""

from __future__ import annotations

import contextlib
from typing import Any

from aiogram import html
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.services import dates
from bot.services.telegram_text import (
    TELEGRAM_CAPTION,
    TELEGRAM_TEXT,
    Refused,
    check_length,
    photo_of,
    read_staff,
)
from bot.ui.callbacks import (
    BcAudience,
    BcEnrolled,
    BcEnrolQuantum,
    BcEnrolToggle,
    BcQuanta,
    BcStop,
    BcToggle,
    Nav,
)
from bot.ui.callbacks_events import EventOpen
from bot.ui.keyboards import Buttons, home_button
from handlers.flow import Flow
from handlers.staff.broadcast.screens import (
    audience_screen,
    cancelled_screen,
    confirm_screen,
    enrolled_quantum_screen,
    enrolled_screen,
    group_ask_screen,
    list_screen,
    not_yours_screen,
    quanta_screen,
)
from storage.audience import Audience

# the audience's fields a BcAudience button sets, by its key
FIELDS = {"r": "role", "l": "language", "m": "members", "w": "waitlisted"}


class BroadcastStates(StatesGroup):
    text = State()
    audience = State()


HEADING_ROOM = 200  # a message to a group: room kept for its heading (from whom, to whom)


def compose(message: Message, room: int = 0) -> tuple[str, str | None]:
    """The announcement as Telegram HTML, and its photo: staff's text as `read_staff` reads
    it, no longer than Telegram takes (as Telegram counts) less `room` for a heading. Text
    that shows nothing is refused, or left off a photo."""
    photo = photo_of(message)
    typed = read_staff(message, "bc")
    if typed is None:
        if photo is None:
            raise Refused("bc-need-text")
        return "", photo
    check_length(typed.plain, (TELEGRAM_CAPTION if photo else TELEGRAM_TEXT) - room,
                 "bc-too-long")
    if typed.blank is not None and photo is None:
        raise Refused(f"bc-{typed.blank}")
    return ("" if typed.blank else typed.html), photo


async def current_audience(state: FSMContext) -> Audience:
    data = await state.get_data()
    return Audience.from_dict(data.get("audience") or {})


async def keep_audience(state: FSMContext, audience: Audience) -> None:
    await state.update_data(audience=audience.as_dict())


async def begin(event: Message | CallbackQuery, flow: Flow) -> None:
    """/broadcast and «📢 Рассылка»: afresh, the text first."""
    await flow.state.clear()
    await ask_text(flow)


async def edit_text(query: CallbackQuery, flow: Flow) -> None:
    """«✏️ Изменить текст» under the preview: the text again, the audience kept."""
    await ask_text(flow)


async def ask_text(flow: Flow) -> None:
    audience = await current_audience(flow.state)
    await flow.state.set_state(BroadcastStates.text)
    await flow.state.set_data({"audience": audience.as_dict()})
    if audience.group is not None:  # a message to one group: its own question
        await flow.send(group_ask_screen(flow.t, audience.group))
        return
    await flow.send((flow.t("bc-ask-text"), None))


async def headings(flow: Flow, audience: Audience) -> dict[str, str] | None:
    """A message to a group: above its text, in each reader's language, that it comes from
    the group's teacher and which group it is about; none for other broadcasts."""
    if audience.event is not None:
        return await event_headings(flow, audience.event)
    if audience.group is None:
        return None
    view = await flow.services.teaching.view(audience.group, flow.today)
    if view is None:
        return None
    return {locale: flow.texts.get(
        locale, "gr-write-heading", programme=html.quote(view.programme_title(locale)),
        group=html.quote(view.group.title(locale))) for locale in ("ru", "en")}


async def event_headings(flow: Flow, event_id: int) -> dict[str, str] | None:
    """A message to an event's people: the event and its date above the text."""
    event = await flow.services.event_admin.get(event_id)
    if event is None:
        return None
    return {locale: flow.texts.get(
        locale, "eva-write-heading", title=html.quote(event.title(locale)),
        when=html.quote(dates.event_time(event.starts_at, event.ends_at, flow.zone, locale)))
        for locale in ("ru", "en")}


def event_buttons(flow: Flow, audience: Audience) -> dict[str, Any] | None:
    """Under a message to an event's people: «🎪 Событие», its card, in each language."""
    if audience.event is None:
        return None
    data = EventOpen(event=audience.event).pack()
    return {locale: [[{"text": flow.texts.get(locale, "btn-ev-open"), "callback_data": data}]]
            for locale in ("ru", "en")}


async def got_text(message: Message, flow: Flow) -> None:
    grouped = (await current_audience(flow.state)).fixed
    try:
        text, photo = compose(message, HEADING_ROOM if grouped else 0)
    except Refused as exc:
        await flow.send((flow.t(exc.key, **exc.kwargs), None))
        return
    await flow.state.update_data(text=text, photo=photo)
    await flow.state.set_state(BroadcastStates.audience)
    if (await current_audience(flow.state)).fixed:
        await show_preview(flow)  # a message to one group or event: its audience is set
        return
    await show_audience(message, flow)


async def show_audience(event: Message | CallbackQuery, flow: Flow) -> None:
    """The audience screen (after the text, or «👥 Изменить получателей» under the preview)."""
    service = flow.services.broadcast_compose
    audience = await current_audience(flow.state)
    places = await service.places(flow.catalogue)
    screen = await audience_screen(flow.t, audience, service, places)
    await (flow.show(screen) if isinstance(event, CallbackQuery) else flow.send(screen))


async def set_audience(query: CallbackQuery, callback_data: BcAudience, flow: Flow) -> None:
    data = (await current_audience(flow.state)).as_dict()
    data[FIELDS.get(callback_data.key, "role")] = callback_data.value or None
    await keep_audience(flow.state, Audience.from_dict(data))
    await show_audience(query, flow)


async def open_quanta(query: CallbackQuery, callback_data: BcQuanta, flow: Flow) -> None:
    audience = await current_audience(flow.state)
    await flow.show(quanta_screen(flow.t, audience, flow.catalogue, callback_data.page))


async def open_enrolled(query: CallbackQuery, callback_data: BcEnrolled, flow: Flow) -> None:
    audience = await current_audience(flow.state)
    places = await flow.services.broadcast_compose.places(flow.catalogue)
    await flow.show(enrolled_screen(flow.t, audience, places, callback_data.page))


async def open_enrolled_quantum(
    query: CallbackQuery, callback_data: BcEnrolQuantum, flow: Flow
) -> None:
    audience = await current_audience(flow.state)
    places = await flow.services.broadcast_compose.places(flow.catalogue)
    if callback_data.code not in places.quanta():  # its programmes are gone: back to the list
        await flow.show(enrolled_screen(flow.t, audience, places, 0))
        return
    await flow.show(enrolled_quantum_screen(
        flow.t, audience, places, callback_data.code, callback_data.page
    ))


async def toggle_enrolled(
    query: CallbackQuery, callback_data: BcEnrolToggle, flow: Flow
) -> None:
    """Tick or untick a quantum (on the list of quanta), a programme or a group (on the
    quantum's screen), and show the same screen again."""
    t = flow.t
    item = f"{callback_data.kind}:{callback_data.value}"
    audience = await current_audience(flow.state)
    places = await flow.services.broadcast_compose.places(flow.catalogue)
    code = places.quantum_of(item)
    if code is not None:
        audience = audience.toggle_enrolled(item)
        await keep_audience(flow.state, audience)
    if code is not None and code in places.quanta() and callback_data.kind in ("p", "g"):
        screen = enrolled_quantum_screen(t, audience, places, code, callback_data.page)
    else:
        page = callback_data.page if callback_data.kind == "q" else 0
        screen = enrolled_screen(t, audience, places, page)
    await flow.show(screen)


async def toggle_quantum(query: CallbackQuery, callback_data: BcToggle, flow: Flow) -> None:
    audience = await current_audience(flow.state)
    if flow.catalogue.get(callback_data.code) is not None:
        audience = audience.toggle_quantum(callback_data.code)
        await keep_audience(flow.state, audience)
    await flow.show(quanta_screen(flow.t, audience, flow.catalogue, callback_data.page))


# ---- the buttons of the composing screens: one handler each --------------------------------


async def clear_quanta(query: CallbackQuery, flow: Flow) -> None:
    audience = Audience.from_dict({**(await current_audience(flow.state)).as_dict(),
                                   "quanta": []})
    await keep_audience(flow.state, audience)
    await flow.show(quanta_screen(flow.t, audience, flow.catalogue, 0))


async def clear_enrolled(query: CallbackQuery, flow: Flow) -> None:
    audience = Audience.from_dict({**(await current_audience(flow.state)).as_dict(),
                                   "enrolled": []})
    await keep_audience(flow.state, audience)
    places = await flow.services.broadcast_compose.places(flow.catalogue)
    await flow.show(enrolled_screen(flow.t, audience, places, 0))


async def cancel(query: CallbackQuery, flow: Flow) -> None:
    """«✖️ Отмена» under the preview (or under the question of a message to a group)."""
    audience = await current_audience(flow.state)
    await flow.state.clear()
    await flow.show(cancelled_screen(flow.t, audience.group))


async def preview(query: CallbackQuery, flow: Flow) -> None:
    await show_preview(flow)


async def show_preview(flow: Flow) -> None:
    """The announcement as recipients will see it, and under it how many and send."""
    service = flow.services.broadcast_compose
    data = await flow.state.get_data()
    audience = await current_audience(flow.state)
    heading = (await headings(flow, audience) or {}).get(flow.t.locale)
    await service.preview(flow.user.id, data["text"], data.get("photo"), heading)
    places = await service.places(flow.catalogue)
    await flow.send(await confirm_screen(flow.t, audience, service, places))


async def confirm(query: CallbackQuery, flow: Flow) -> None:
    """«Отправить»: the broadcast written with its outbox rows, the author's progress."""
    t, service = flow.t, flow.services.broadcast_compose
    audience = await current_audience(flow.state)
    data = await flow.state.get_data()
    # the state goes first: a second tap on "send" finds nothing to send
    await flow.state.clear()
    photo = data.get("photo")
    broadcast = await service.create(
        flow.user.id, str(data["text"]), str(photo) if photo else None, audience,
        await headings(flow, audience), event_buttons(flow, audience))
    if broadcast == "not-yours":  # no longer the group's teacher: the draft is kept
        await flow.state.set_state(BroadcastStates.audience)
        await flow.state.set_data(data)
        await flow.send(not_yours_screen(t))
        return
    if broadcast == "nobody":
        builder = Buttons()
        builder.button(text=t("btn-broadcast"), callback_data=Nav(to="broadcast"))
        home_button(builder, t)
        builder.adjust(2)
        await flow.send((t("bc-no-recipients"), builder.as_markup()))
        return
    if isinstance(query.message, Message):
        # the confirmation's buttons are spent
        with contextlib.suppress(TelegramBadRequest):
            await query.message.edit_reply_markup(reply_markup=None)
    await service.announce(broadcast, t)


async def stop(query: CallbackQuery, callback_data: BcStop, flow: Flow) -> None:
    if await flow.services.broadcast_compose.stop(callback_data.id, flow.t):
        flow.toast(flow.t("bc-stopping"))
    else:
        flow.toast(flow.t("bc-already-finished"))


async def recent(event: Message | CallbackQuery, flow: Flow) -> None:
    """/broadcasts and «📋 Рассылки»: the latest broadcasts with their figures."""
    places = await flow.services.broadcast_compose.places(flow.catalogue)
    screen = await list_screen(flow.t, flow.services.broadcast_compose, places, flow.zone)
    await (flow.show(screen) if isinstance(event, CallbackQuery) else flow.send(screen))
