"""/broadcast: compose, choose the audience, preview, confirm; /broadcasts: recent reports;
stopping a running one. The handlers; their screens are in `screens`."""

from __future__ import annotations

import contextlib

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import T
from bot.services.broadcasting import (
    Broadcasting,
    Places,
    progress_text,
)
from bot.services.catalogue import Catalogue
from bot.services.sender import send_payload
from bot.services.telegram_text import (
    TELEGRAM_CAPTION,
    TELEGRAM_TEXT,
    Refused,
    check_length,
    photo_of,
    read_staff,
)
from bot.settings import Settings
from bot.ui.callbacks import (
    BcAudience,
    BcEnrolled,
    BcEnrolQuantum,
    BcEnrolToggle,
    BcQuanta,
    BcStep,
    BcStop,
    BcToggle,
    Nav,
)
from bot.ui.keyboards import Buttons, home_button
from handlers import fallback
from handlers.common import send, show
from handlers.staff.broadcast.screens import (
    audience_screen,
    confirm_screen,
    enrolled_quantum_screen,
    enrolled_screen,
    list_screen,
    quanta_screen,
)
from storage.audience import Audience
from storage.broadcasts import BroadcastRepo, Stats
from storage.programmes import ProgrammeRepo
from storage.users import User


class BroadcastStates(StatesGroup):
    text = State()
    audience = State()


def compose(message: Message) -> tuple[str, str | None]:
    """The announcement as Telegram HTML, and its photo: staff's text as `read_staff` reads
    it, no longer than Telegram takes (as Telegram counts). Text that shows nothing is
    refused, or left off a photo."""
    photo = photo_of(message)
    typed = read_staff(message, "bc")
    if typed is None:
        if photo is None:
            raise Refused("bc-need-text")
        return "", photo
    check_length(typed.plain, TELEGRAM_CAPTION if photo else TELEGRAM_TEXT, "bc-too-long")
    if typed.blank is not None and photo is None:
        raise Refused(f"bc-{typed.blank}")
    return ("" if typed.blank else typed.html), photo


async def current_audience(state: FSMContext) -> Audience:
    data = await state.get_data()
    return Audience.from_dict(data.get("audience") or {})


async def begin(event: Message | CallbackQuery, state: FSMContext, t: T) -> None:
    await state.set_state(BroadcastStates.text)
    await state.set_data({"audience": (await current_audience(state)).as_dict()})
    await send(event, (t("bc-ask-text"), None))


async def broadcast_command(message: Message, state: FSMContext, t: T) -> None:
    await state.clear()
    await begin(message, state, t)


async def broadcast_from_menu(query: CallbackQuery, state: FSMContext, t: T) -> None:
    await state.clear()
    await begin(query, state, t)


async def got_text(
    message: Message, state: FSMContext, t: T, broadcasts: BroadcastRepo, catalogue: Catalogue,
    programmes: ProgrammeRepo,
) -> None:
    try:
        text, photo = compose(message)
    except Refused as exc:
        await send(message, (t(exc.key, **exc.kwargs), None))
        return
    await state.update_data(text=text, photo=photo)
    await state.set_state(BroadcastStates.audience)
    audience = await current_audience(state)
    places = await Places.load(catalogue, programmes)
    await send(message, await audience_screen(t, audience, broadcasts, places))


async def set_audience(
    query: CallbackQuery, callback_data: BcAudience, state: FSMContext, t: T,
    broadcasts: BroadcastRepo, catalogue: Catalogue, programmes: ProgrammeRepo,
) -> None:
    audience = await current_audience(state)
    data = audience.as_dict()
    field = {"r": "role", "l": "language", "m": "members", "w": "waitlisted"}.get(
        callback_data.key, "role"
    )
    data[field] = callback_data.value or None
    audience = Audience.from_dict(data)
    await state.update_data(audience=audience.as_dict())
    places = await Places.load(catalogue, programmes)
    await show(query, await audience_screen(t, audience, broadcasts, places))


async def open_quanta(
    query: CallbackQuery, callback_data: BcQuanta, state: FSMContext, t: T,
    catalogue: Catalogue,
) -> None:
    audience = await current_audience(state)
    await show(query, quanta_screen(t, audience, catalogue, callback_data.page))


async def open_enrolled(
    query: CallbackQuery, callback_data: BcEnrolled, state: FSMContext, t: T,
    catalogue: Catalogue, programmes: ProgrammeRepo,
) -> None:
    audience = await current_audience(state)
    places = await Places.load(catalogue, programmes)
    await show(query, enrolled_screen(t, audience, places, callback_data.page))


async def open_enrolled_quantum(
    query: CallbackQuery, callback_data: BcEnrolQuantum, state: FSMContext, t: T,
    catalogue: Catalogue, programmes: ProgrammeRepo,
) -> None:
    audience = await current_audience(state)
    places = await Places.load(catalogue, programmes)
    if callback_data.code not in places.quanta():  # its programmes are gone: back to the list
        await show(query, enrolled_screen(t, audience, places, 0))
        return
    await show(query, enrolled_quantum_screen(
        t, audience, places, callback_data.code, callback_data.page
    ))


async def toggle_enrolled(
    query: CallbackQuery, callback_data: BcEnrolToggle, state: FSMContext, t: T,
    catalogue: Catalogue, programmes: ProgrammeRepo,
) -> None:
    """Tick or untick a quantum (on the list of quanta), a programme or a group (on the
    quantum's screen), and show the same screen again."""
    item = f"{callback_data.kind}:{callback_data.value}"
    audience = await current_audience(state)
    places = await Places.load(catalogue, programmes)
    code = places.quantum_of(item)
    if code is not None:
        audience = audience.toggle_enrolled(item)
        await state.update_data(audience=audience.as_dict())
    if code is not None and code in places.quanta() and callback_data.kind in ("p", "g"):
        screen = enrolled_quantum_screen(t, audience, places, code, callback_data.page)
    else:
        page = callback_data.page if callback_data.kind == "q" else 0
        screen = enrolled_screen(t, audience, places, page)
    await show(query, screen)


async def toggle_quantum(
    query: CallbackQuery, callback_data: BcToggle, state: FSMContext, t: T,
    catalogue: Catalogue,
) -> None:
    audience = await current_audience(state)
    if catalogue.get(callback_data.code) is not None:
        audience = audience.toggle_quantum(callback_data.code)
        await state.update_data(audience=audience.as_dict())
    await show(query, quanta_screen(t, audience, catalogue, callback_data.page))


async def step(  # noqa: PLR0912 - one branch per button of the composing screens
    query: CallbackQuery, callback_data: BcStep, state: FSMContext, t: T, user: User,
    broadcasts: BroadcastRepo, catalogue: Catalogue, programmes: ProgrammeRepo, bot: Bot,
    broadcasting: Broadcasting, settings: Settings, callback_answer: CallbackAnswer,
) -> None:
    action = callback_data.action
    audience = await current_audience(state)
    data = await state.get_data()
    if action == "clear":
        audience = Audience.from_dict({**audience.as_dict(), "quanta": []})
        await state.update_data(audience=audience.as_dict())
        await show(query, quanta_screen(t, audience, catalogue, 0))
    elif action == "unenrol":
        audience = Audience.from_dict({**audience.as_dict(), "enrolled": []})
        await state.update_data(audience=audience.as_dict())
        places = await Places.load(catalogue, programmes)
        await show(query, enrolled_screen(t, audience, places, 0))
    elif action == "audience":
        places = await Places.load(catalogue, programmes)
        await show(query, await audience_screen(t, audience, broadcasts, places))
    elif action == "edit":
        await begin(query, state, t)
    elif action == "cancel":
        await state.clear()
        builder = Buttons()
        home_button(builder, t)
        await show(query, (t("bc-cancelled"), builder.as_markup()))
    elif action == "preview":
        await send_payload(bot, user.id, {"text": data["text"], "photo": data.get("photo")})
        places = await Places.load(catalogue, programmes)
        await send(query, await confirm_screen(t, audience, broadcasts, places))
    elif action == "send":
        await confirm(query, state, t, user, broadcasts, audience, data, broadcasting, settings)
    else:
        await fallback.stale_button(query, t, user, callback_answer)


async def confirm(
    query: CallbackQuery, state: FSMContext, t: T, user: User, broadcasts: BroadcastRepo,
    audience: Audience, data: dict[str, object], broadcasting: Broadcasting,
    settings: Settings,
) -> None:
    # the state goes first: a second tap on "send" finds nothing to send
    await state.clear()
    if await broadcasts.count(audience) == 0:
        builder = Buttons()
        builder.button(text=t("btn-broadcast"), callback_data=Nav(to="broadcast"))
        home_button(builder, t)
        builder.adjust(2)
        await send(query, (t("bc-no-recipients"), builder.as_markup()))
        return
    photo = data.get("photo")
    broadcast = await broadcasts.create(
        user.id, str(data["text"]), str(photo) if photo else None, audience
    )
    stats = Stats(total=broadcast.total, left=broadcast.total)
    builder = Buttons()
    builder.button(text=t("btn-bc-stop"), callback_data=BcStop(id=broadcast.id))
    text = progress_text(t, broadcast, stats, settings.send_rate)
    if isinstance(query.message, Message):
        # the confirmation's buttons are spent
        with contextlib.suppress(TelegramBadRequest):
            await query.message.edit_reply_markup(reply_markup=None)
    progress = await broadcasting.bot.send_message(
        user.id, text, reply_markup=builder.as_markup()
    )
    # the sender's next tick (within a second) starts the delivery
    await broadcasts.set_progress_message(broadcast.id, progress.message_id)


async def stop(
    query: CallbackQuery, callback_data: BcStop, t: T, broadcasts: BroadcastRepo,
    broadcasting: Broadcasting, callback_answer: CallbackAnswer,
) -> None:
    broadcast = await broadcasts.get(callback_data.id)
    if broadcast is None or broadcast.status != "sending":
        callback_answer.text = t("bc-already-finished")
        return
    callback_answer.text = t("bc-stopping")
    await broadcasting.stop(broadcast, t)


async def list_command(
    message: Message, t: T, broadcasts: BroadcastRepo, catalogue: Catalogue,
    programmes: ProgrammeRepo, settings: Settings,
) -> None:
    places = await Places.load(catalogue, programmes)
    await send(message, await list_screen(t, broadcasts, places, settings))


async def list_from_menu(
    query: CallbackQuery, t: T, broadcasts: BroadcastRepo, catalogue: Catalogue,
    programmes: ProgrammeRepo, settings: Settings,
) -> None:
    places = await Places.load(catalogue, programmes)
    await show(query, await list_screen(t, broadcasts, places, settings))
