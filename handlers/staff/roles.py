"""Admins grant and revoke the staff role."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import aiosqlite
from aiogram import Bot, F, Router, html
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, MessageOriginHiddenUser, MessageOriginUser
from aiogram.utils.callback_answer import CallbackAnswer

from bot.commands import clear_staff_commands, set_staff_commands
from bot.i18n import T, Texts
from bot.ui.callbacks import Nav, StaffRemove
from bot.ui.keyboards import Buttons, Screen, home_button
from handlers.common import send, show
from storage.clock import utcnow
from storage.outbox import cancel_staff_rows, enqueue
from storage.users import User, UserRepo


class StaffStates(StatesGroup):
    adding = State()


def display_name(user: User) -> str:
    name = html.quote(user.first_name[:32] or str(user.id))
    return f"{name} (@{html.quote(user.username)})" if user.username else f"{name} ({user.id})"


def button_name(user: User) -> str:
    return (user.first_name or str(user.id))[:20]


async def staff_screen(t: T, users: UserRepo, note: str | None = None) -> Screen:
    people = await users.staff()
    builder = Buttons()
    lines = [t("staff-title"), ""]
    lines += [t("staff-line", role=p.role or "staff", name=display_name(p)) for p in people]
    if not any(p.role == "staff" for p in people):
        lines.append(t("staff-empty"))
    else:
        lines += ["", t("staff-hint")]
    for person in people:
        if person.role == "staff":
            builder.button(
                text=t("btn-staff-remove", name=button_name(person)),
                callback_data=StaffRemove(user_id=person.id),
            )
    builder.button(text=t("btn-staff-add"), callback_data=Nav(to="staff-add"))
    home_button(builder, t)
    builder.adjust(1)
    text = "\n".join(lines)
    return (f"{note}\n\n{text}" if note else text), builder.as_markup()


async def staff_command(message: Message, state: FSMContext, t: T, users: UserRepo) -> None:
    await state.clear()
    await send(message, await staff_screen(t, users))


async def open_staff(query: CallbackQuery, t: T, users: UserRepo) -> None:
    await show(query, await staff_screen(t, users))


async def ask_whom(query: CallbackQuery, state: FSMContext, t: T) -> None:
    await state.set_state(StaffStates.adding)
    await send(query, (t("staff-add-ask"), None))


def tell(texts: Texts, person: User, key: str) -> Callable[[aiosqlite.Connection],
                                                              Awaitable[bool]]:
    """The notice about a role change, queued in the same transaction as the change."""

    def queue(conn: aiosqlite.Connection) -> Awaitable[bool]:
        return enqueue(
            conn, kind="notice", chat_id=person.id,
            payload={"text": texts.get(person.language, key)},
            dedupe_key=f"{key}:{person.id}:{utcnow().isoformat()}",
        )

    return queue


async def add_person(
    message: Message, state: FSMContext, t: T, users: UserRepo, texts: Texts, bot: Bot,
) -> None:
    """A forwarded message, an @username or an id: who to make staff."""
    origin = message.forward_origin
    if isinstance(origin, MessageOriginHiddenUser):
        await send(message, (t("staff-add-hidden"), None))
        return
    if isinstance(origin, MessageOriginUser):
        if origin.sender_user.is_bot:
            await send(message, (t("staff-add-bot"), None))
            return
        handle = str(origin.sender_user.id)
    else:
        handle = (message.text or "").strip()
    person = await users.find(handle) if handle and len(handle) <= 64 else None
    if person is None:
        shown = html.quote(handle[:40]) if handle else "—"
        await send(message, (t("staff-add-unknown", handle=shown), None))
        return
    if person.role == "admin":
        await send(message, (t("staff-add-admin", name=display_name(person)), None))
        return
    if person.role == "staff":
        await state.clear()
        note = t("staff-add-already-staff", name=display_name(person))
        await send(message, await staff_screen(t, users, note))
        return

    granted = await users.set_role(
        person.id, "staff", also=tell(texts, person, "staff-granted-notice")
    )
    await state.clear()
    if granted is not None:
        await set_staff_commands(bot, texts, granted)
    note = t("staff-added", name=display_name(person))
    await send(message, await staff_screen(t, users, note))


async def remove_person(
    query: CallbackQuery, callback_data: StaffRemove, t: T, users: UserRepo, texts: Texts,
    bot: Bot, callback_answer: CallbackAnswer,
) -> None:
    person = await users.get(callback_data.user_id)
    if person is None or person.role != "staff":
        name = display_name(person) if person else str(callback_data.user_id)
        note = t("staff-remove-gone", name=name)
        callback_answer.text = t("staff-remove-gone", name=str(callback_data.user_id))
        await show(query, await staff_screen(t, users, note))
        return

    person_id, notice = person.id, tell(texts, person, "staff-revoked-notice")

    async def revoke(conn: aiosqlite.Connection) -> None:
        # with the role go the staff notices still queued for them (children's names)
        await cancel_staff_rows(conn, person_id)
        await notice(conn)

    await users.set_role(person.id, None, also=revoke)
    await clear_staff_commands(bot, person.id)
    note = t("staff-removed", name=display_name(person))
    callback_answer.text = t("staff-removed", name=button_name(person))
    await show(query, await staff_screen(t, users, note))


def router() -> Router:
    r = Router(name="staff-roles")
    r.message.register(staff_command, Command("staff"))
    r.callback_query.register(open_staff, Nav.filter(F.to == "staff"))
    r.callback_query.register(ask_whom, Nav.filter(F.to == "staff-add"))
    r.callback_query.register(remove_person, StaffRemove.filter())
    r.message.register(
        add_person, StateFilter(StaffStates.adding), ~F.text.startswith("/"),
    )
    return r
