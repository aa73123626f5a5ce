"""/broadcast: compose, choose the audience, preview, confirm; /broadcasts: recent reports;
stopping a running one."""

from __future__ import annotations

import contextlib
import math

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.broadcasting import (
    Broadcasting,
    Places,
    audience_summary,
    progress_text,
    when,
)
from bot.catalogue import Catalogue
from bot.i18n import T
from bot.sender import send_payload
from bot.settings import Settings
from bot.telegram_html import HtmlError, from_typed, to_plain
from handlers import fallback
from handlers.callbacks import (
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
from handlers.common import Buttons, Screen, home_button, pager, send, show
from storage.audience import Audience
from storage.broadcasts import BroadcastRepo, Stats
from storage.programmes import ProgrammeRepo
from storage.users import User

TEXT_LIMIT, CAPTION_LIMIT = 4096, 1024
QUANTA_PAGE = 8
ENROLLED_QUANTA_PAGE = 4  # two buttons each: tick the quantum, open its programmes
LABEL = 24
FORMATTING = {"bold", "italic", "underline", "strikethrough", "spoiler", "code", "pre",
              "text_link", "blockquote", "expandable_blockquote", "custom_emoji"}


class BroadcastStates(StatesGroup):
    text = State()
    audience = State()


class ComposeError(ValueError):
    def __init__(self, key: str, **kwargs: object) -> None:
        super().__init__(key)
        self.key = key
        self.kwargs = kwargs


def compose(message: Message) -> tuple[str, str | None]:
    """The announcement as Telegram HTML, and its photo: formatting made in Telegram is kept,
    tags typed by hand are checked as Telegram would check them."""
    photo = message.photo[-1].file_id if message.photo else None
    raw = message.text if message.text is not None else message.caption
    if raw is None:
        if photo is None:
            raise ComposeError("bc-need-text")
        raw = ""
    entities = message.entities or message.caption_entities or []
    formatted = any(e.type in FORMATTING for e in entities)
    text = message.html_text if formatted else from_typed(raw)
    try:
        plain = to_plain(text)
    except HtmlError as exc:
        raise ComposeError(f"bc-html-{exc.problem}", tag=exc.tag) from None
    limit = CAPTION_LIMIT if photo else TEXT_LIMIT
    if len(plain) > limit:
        raise ComposeError("bc-too-long", length=len(plain), limit=limit)
    if not plain.strip() and photo is None:
        raise ComposeError("bc-empty")
    return text.strip(), photo


def label(text: str) -> str:
    return text if len(text) <= LABEL else text[: LABEL - 1] + "…"


async def audience_screen(
    t: T, audience: Audience, broadcasts: BroadcastRepo, places: Places
) -> Screen:
    count = await broadcasts.count(audience)
    names = [q.title(t.locale) for c in audience.quanta if (q := places.catalogue.get(c))]
    lines = [
        t("bc-audience-title"), "",
        t("bc-audience-role", role=audience.role or "any"),
        t("bc-audience-language", language=audience.language or "any"),
        t("bc-audience-quanta", quanta=", ".join(names) or t("bc-audience-any-quantum")),
    ]
    if audience.by_enrolment:
        lines.append(t("bc-aud-enrolled", where=places.enrolled(t, audience),
                       members=audience.members or "all",
                       waitlisted="yes" if audience.waitlisted else "no"))
    lines += ["", t("bc-audience-count", count=count)]
    if count == 0:
        lines.append(t("bc-audience-none"))
    return "\n".join(lines), audience_keyboard(t, audience, len(names), count)


def audience_keyboard(
    t: T, audience: Audience, quanta: int, count: int
) -> InlineKeyboardMarkup:
    """Who gets it: role, language, quanta, enrolment; then preview (if anyone) or cancel."""
    builder = Buttons()

    def option(label: str, key: str, value: str, current: str | None) -> None:
        mark = "• " if (current or "") == value else ""
        builder.button(text=f"{mark}{label}", callback_data=BcAudience(key=key, value=value))

    option(t("btn-aud-all"), "r", "", audience.role)
    option(t("btn-aud-pupils"), "r", "pupil", audience.role)
    option(t("btn-aud-parents"), "r", "parent", audience.role)
    option(t("btn-aud-staff"), "r", "staff", audience.role)
    option(t("btn-aud-any-language"), "l", "", audience.language)
    option("RU", "l", "ru", audience.language)
    option("EN", "l", "en", audience.language)
    builder.button(text=t("btn-aud-quanta", count=quanta), callback_data=BcQuanta(page=0))
    builder.button(text=t("btn-aud-enrolled", count=len(audience.enrolled)),
                   callback_data=BcEnrolled(page=0))
    sizes = [2, 2, 3, 2]
    if audience.by_enrolment:
        option(t("btn-aud-members-all"), "m", "", audience.members)
        option(t("btn-aud-members-parents"), "m", "parents", audience.members)
        option(t("btn-aud-members-children"), "m", "children", audience.members)
        option(t("btn-aud-enrolled-now"), "w", "", "1" if audience.waitlisted else None)
        option(t("btn-aud-waitlist"), "w", "1", "1" if audience.waitlisted else None)
        sizes += [3, 2]
    if count:
        builder.button(text=t("btn-bc-preview"), callback_data=BcStep(action="preview"))
    builder.button(text=t("btn-bc-cancel"), callback_data=BcStep(action="cancel"))
    sizes.append(2 if count else 1)
    builder.adjust(*sizes)
    return builder.as_markup()


def quanta_screen(t: T, audience: Audience, catalogue: Catalogue, page: int) -> Screen:
    pages = max(1, math.ceil(len(catalogue.quanta) / QUANTA_PAGE))
    page = min(max(page, 0), pages - 1)
    builder = Buttons()
    chunk = catalogue.quanta[page * QUANTA_PAGE : (page + 1) * QUANTA_PAGE]
    for quantum in chunk:
        mark = "✅ " if quantum.code in audience.quanta else ""
        label = f"{mark}{quantum.text(t.locale).name}"[:24]
        builder.button(text=label, callback_data=BcToggle(code=quantum.code, page=page))
    sizes = [2] * math.ceil(len(chunk) / 2)
    nav = pager(builder, t, page, pages, lambda n: BcQuanta(page=n))
    if nav:
        sizes.append(nav)
    builder.button(text=t("btn-aud-clear"), callback_data=BcStep(action="clear"))
    builder.button(text=t("btn-aud-done"), callback_data=BcStep(action="audience"))
    sizes.append(2)
    builder.adjust(*sizes)
    return t("bc-quanta-title"), builder.as_markup()


async def current_audience(state: FSMContext) -> Audience:
    data = await state.get_data()
    return Audience.from_dict(data.get("audience") or {})


# ---- composing -------------------------------------------------------------------------


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
    except ComposeError as exc:
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


def enrolled_screen(t: T, audience: Audience, places: Places, page: int) -> Screen:
    """Quanta that have programmes: tick one whole, or open it for its programmes and groups."""
    codes = places.quanta()
    pages_total = max(1, math.ceil(len(codes) / ENROLLED_QUANTA_PAGE))
    page = min(max(page, 0), pages_total - 1)
    builder = Buttons()
    chunk = codes[page * ENROLLED_QUANTA_PAGE : (page + 1) * ENROLLED_QUANTA_PAGE]
    for code in chunk:
        quantum = places.catalogue.get(code)
        mark = "✅ " if f"q:{code}" in audience.enrolled else ""
        builder.button(text=label(mark + (quantum.title(t.locale) if quantum else code)),
                       callback_data=BcEnrolToggle(kind="q", value=code, page=page))
        inside = sum(1 for i in audience.enrolled
                     if not i.startswith("q:") and places.quantum_of(i) == code)
        builder.button(text=t("btn-aud-programmes", count=inside),
                       callback_data=BcEnrolQuantum(code=code, page=0))
    sizes = [2] * len(chunk)
    nav = pager(builder, t, page, pages_total, lambda n: BcEnrolled(page=n))
    if nav:
        sizes.append(nav)
    if audience.enrolled:
        builder.button(text=t("btn-aud-clear"), callback_data=BcStep(action="unenrol"))
    builder.button(text=t("btn-aud-done"), callback_data=BcStep(action="audience"))
    sizes.append(2)
    builder.adjust(*sizes)
    ticked = t("bc-aud-ticked", where=places.enrolled(t, audience))
    text = t("bc-enrolled-quanta") + "\n\n" + ticked
    return text, builder.as_markup()


def enrolled_quantum_screen(
    t: T, audience: Audience, places: Places, code: str, page: int
) -> Screen:
    """One quantum's programmes, each followed by its groups."""
    items: list[tuple[str, str]] = []
    for programme in places.programmes_of(code):
        items.append((f"p:{programme.id}", programme.title(t.locale)))
        items += [(f"g:{g.id}", f"{g.code} · {g.name}") for g in places.groups_of(programme.id)]
    pages_total = max(1, math.ceil(len(items) / QUANTA_PAGE))
    page = min(max(page, 0), pages_total - 1)
    builder = Buttons()
    chunk = items[page * QUANTA_PAGE : (page + 1) * QUANTA_PAGE]
    for item, name in chunk:
        mark = "✅ " if item in audience.enrolled else ""
        kind, value = item.split(":", 1)
        builder.button(text=label(mark + name),
                       callback_data=BcEnrolToggle(kind=kind, value=value, page=page))
    sizes = [1] * len(chunk)
    nav = pager(builder, t, page, pages_total, lambda n: BcEnrolQuantum(code=code, page=n))
    if nav:
        sizes.append(nav)
    codes = places.quanta()
    back = codes.index(code) // ENROLLED_QUANTA_PAGE if code in codes else 0
    builder.button(text=t("btn-aud-back-quanta"), callback_data=BcEnrolled(page=back))
    builder.button(text=t("btn-aud-done"), callback_data=BcStep(action="audience"))
    sizes.append(2)
    builder.adjust(*sizes)
    text = (
        t("bc-enrolled-quantum", quantum=places.quantum_name(t, code)) + "\n\n"
        + t("bc-aud-ticked", where=places.enrolled(t, audience))
    )
    return text, builder.as_markup()


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


async def confirm_screen(
    t: T, audience: Audience, broadcasts: BroadcastRepo, places: Places
) -> Screen:
    """Under the preview: how many, to whom in words, and send / change / cancel."""
    count = await broadcasts.count(audience)
    builder = Buttons()
    builder.button(text=t("btn-bc-send", count=count), callback_data=BcStep(action="send"))
    builder.button(text=t("btn-bc-audience"), callback_data=BcStep(action="audience"))
    builder.button(text=t("btn-bc-edit"), callback_data=BcStep(action="edit"))
    builder.button(text=t("btn-bc-cancel"), callback_data=BcStep(action="cancel"))
    builder.adjust(1, 3)
    text = t("bc-preview-confirm", count=count, audience=audience_summary(t, audience, places))
    return text, builder.as_markup()


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


# ---- the list --------------------------------------------------------------------------


async def list_screen(
    t: T, broadcasts: BroadcastRepo, places: Places, settings: Settings
) -> Screen:
    lines = [t("bc-list-title"), ""]
    recent = await broadcasts.recent(10)
    if not recent:
        lines.append(t("bc-list-empty"))
    for b in recent:
        stats = await broadcasts.stats(b)
        lines.append(t(
            "bc-list-line", id=b.id, when=when(b.created_at, settings.zone, t.locale),
            audience=audience_summary(t, b.audience, places), state=b.status,
            sent=stats.sent, total=stats.total, blocked=stats.blocked, failed=stats.failed,
        ))
    builder = Buttons()
    builder.button(text=t("btn-broadcast"), callback_data=Nav(to="broadcast"))
    home_button(builder, t)
    builder.adjust(2)
    return "\n".join(lines), builder.as_markup()


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


def router() -> Router:
    r = Router(name="staff-broadcast")
    r.message.register(broadcast_command, Command("broadcast"))
    r.message.register(list_command, Command("broadcasts"))
    r.callback_query.register(broadcast_from_menu, Nav.filter(F.to == "broadcast"))
    r.callback_query.register(list_from_menu, Nav.filter(F.to == "broadcasts"))
    r.callback_query.register(stop, BcStop.filter())
    composing = StateFilter(BroadcastStates.audience)
    r.callback_query.register(set_audience, BcAudience.filter(), composing)
    r.callback_query.register(open_quanta, BcQuanta.filter(), composing)
    r.callback_query.register(toggle_quantum, BcToggle.filter(), composing)
    r.callback_query.register(open_enrolled, BcEnrolled.filter(), composing)
    r.callback_query.register(open_enrolled_quantum, BcEnrolQuantum.filter(), composing)
    r.callback_query.register(toggle_enrolled, BcEnrolToggle.filter(), composing)
    r.callback_query.register(step, BcStep.filter(), composing)
    r.message.register(
        got_text, StateFilter(BroadcastStates.text), ~F.text.startswith("/"),
    )
    return r
