"""The buttons under the questions of writing a post and under its preview, one handler each.
The router lets a button through only at the question it answers (and «publish», «schedule»
only for a new post, «save» only for one that exists); any other press of the form gets the
question open now again (`again`), and a press after the form closed gets the list."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery

from bot.ui.callbacks import PostStep
from bot.ui.keyboards import page_number
from handlers.flow import Flow
from handlers.staff.posts import screens
from handlers.staff.posts.draft import FIELDS, PostDraft
from handlers.staff.posts.newsroom import Newsroom
from handlers.staff.posts.steps import add_partner
from storage.news import PostGone, PostStale


def number(value: str) -> int | None:
    """An id from a button (forged ones included): digits only, SQLite-sized."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


async def writing_new(query: CallbackQuery, state: FSMContext) -> bool:
    """A filter: the form is writing a new post."""
    draft = PostDraft.load(await state.get_data())
    return draft is not None and draft.is_new


async def changing(query: CallbackQuery, state: FSMContext) -> bool:
    """A filter: the form is changing a post that exists."""
    draft = PostDraft.load(await state.get_data())
    return draft is not None and not draft.is_new


# ---- out of turn ---------------------------------------------------------------------------


async def again(query: CallbackQuery, flow: Flow) -> None:
    """An older question's button (or a forged one): the question open now, again."""
    room = Newsroom(flow)
    draft = await room.pressed()
    if draft is not None:
        await room.again(draft)


async def form_gone(query: CallbackQuery, flow: Flow) -> None:
    """A button of a form already closed (written, or cancelled)."""
    await Newsroom(flow).form_gone()


# ---- any question --------------------------------------------------------------------------


async def cancel(query: CallbackQuery, flow: Flow) -> None:
    room = Newsroom(flow)
    draft = await room.pressed()
    if draft is None:
        return
    await room.leave()
    if draft.is_new:
        room.toast(room.t("post-cancelled-toast"))
        await flow.show(screens.cancelled_screen(room.t))
        return
    post = await room.news.get(draft.post)
    if post is None:
        await room.gone()
        return
    await room.card(post, room.t("post-nothing-changed"))


async def fields(query: CallbackQuery, flow: Flow) -> None:
    """«✏️ Изменить»: which of the five to write again."""
    room = Newsroom(flow)
    if (draft := await room.pressed()) is not None:
        await room.ask(draft.with_(editing=True), "fields")


async def preview(query: CallbackQuery, flow: Flow) -> None:
    room = Newsroom(flow)
    if (draft := await room.pressed()) is not None:
        await room.preview(draft.with_(editing=True))


# ---- the questions' buttons ----------------------------------------------------------------


async def no_photo(query: CallbackQuery, flow: Flow) -> None:
    room = Newsroom(flow)
    if (draft := await room.pressed()) is not None:
        await room.answered(draft.with_(photo=None), "photo")


async def quantum(query: CallbackQuery, callback_data: PostStep, flow: Flow) -> None:
    room = Newsroom(flow)
    draft = await room.pressed()
    if draft is None:
        return
    code = callback_data.value
    if code and flow.catalogue.get(code) is None:
        room.toast(room.t("stale-button"))
        await room.ask(draft, "quantum")
        return
    await room.answered(draft.with_(quantum=code or None), "quantum")


async def quanta_page(query: CallbackQuery, callback_data: PostStep, flow: Flow) -> None:
    room = Newsroom(flow)
    if (draft := await room.pressed()) is not None:
        await room.ask(draft, "quantum", page=page_number(callback_data.value))


async def partner(query: CallbackQuery, callback_data: PostStep, flow: Flow) -> None:
    room = Newsroom(flow)
    draft = await room.pressed()
    if draft is None:
        return
    chosen = None
    if callback_data.value:
        partner_id = number(callback_data.value)
        found = await room.news.partner(partner_id) if partner_id is not None else None
        if found is None:
            await room.ask(draft, "partner", room.t("post-partner-gone"))
            return
        chosen = found.id
    await room.answered(draft.with_(partner=chosen), "partner")


async def partners_page(query: CallbackQuery, callback_data: PostStep, flow: Flow) -> None:
    room = Newsroom(flow)
    if (draft := await room.pressed()) is not None:
        await room.ask(draft.with_(partner_new=""), "partner",
                       page=page_number(callback_data.value))


async def new_partner(query: CallbackQuery, flow: Flow) -> None:
    room = Newsroom(flow)
    if (draft := await room.pressed()) is not None:
        await room.ask(draft, "partner_name")


async def skip_about(query: CallbackQuery, flow: Flow) -> None:
    room = Newsroom(flow)
    if (draft := await room.pressed()) is not None:
        await add_partner(room, draft, "")


async def field(query: CallbackQuery, callback_data: PostStep, flow: Flow) -> None:
    """One of the five chosen to write again (anything else: the choice again)."""
    room = Newsroom(flow)
    draft = await room.pressed()
    if draft is None:
        return
    step = callback_data.value if callback_data.value in FIELDS else "fields"
    await room.ask(draft.with_(editing=True), step)


# ---- under the preview -----------------------------------------------------------------------


async def publish(query: CallbackQuery, flow: Flow) -> None:
    room = Newsroom(flow)
    draft = await room.pressed()
    if draft is None or not await room.fits(draft):
        return
    reach = await room.news.audience(draft.quantum, room.today) if draft.quantum else 0
    post = await room.news.create(draft.content(), by=flow.user.id, today=room.today)
    # published, its notifications queued with it: only now is the form spent
    await room.leave()
    note = room.t("post-published", count=reach) if draft.quantum else room.t(
        "post-published-quiet")
    await room.card(post, note)


async def schedule(query: CallbackQuery, flow: Flow) -> None:
    room = Newsroom(flow)
    if (draft := await room.pressed()) is not None:
        await room.ask(draft, "when")


async def save(query: CallbackQuery, flow: Flow) -> None:
    room = Newsroom(flow)
    draft = await room.pressed()
    if draft is None or not await room.fits(draft):
        return
    try:
        post = await room.news.edit(draft.post, draft.version, draft.content())
    except (PostGone, PostStale):
        await room.changed_meanwhile(draft.post)
        return
    await room.leave()
    await room.card(post, room.t("post-saved"))
