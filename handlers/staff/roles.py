"""Admins grant and revoke the staff role."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, MessageOriginHiddenUser, MessageOriginUser

from bot.i18n import T
from bot.services.staff_roles import StaffRoles
from bot.ui.callbacks import Nav, StaffRemove
from bot.ui.keyboards import Buttons, Screen, button_label, home_button
from handlers.flow import Flow
from storage.users import User


class StaffStates(StatesGroup):
    adding = State()


def display_name(user: User) -> str:
    name = html.quote(user.first_name[:32] or str(user.id))
    return f"{name} (@{html.quote(user.username)})" if user.username else f"{name} ({user.id})"


async def staff_screen(t: T, roles: StaffRoles, note: str | None = None) -> Screen:
    people = await roles.staff()
    builder = Buttons()
    lines = [t("staff-title"), ""]
    lines += [t("staff-line", role=p.staff_role or "staff", name=display_name(p))
              for p in people]
    if not any(p.staff_role == "staff" for p in people):
        lines.append(t("staff-empty"))
    else:
        lines += ["", t("staff-hint")]
    for person in people:
        if person.staff_role == "staff":
            builder.button(
                text=button_label(t("btn-staff-remove", name=person.first_name or str(person.id))),
                callback_data=StaffRemove(user_id=person.id),
            )
    builder.button(text=t("btn-staff-add"), callback_data=Nav(to="staff-add"))
    home_button(builder, t)
    builder.adjust(1)
    text = "\n".join(lines)
    return (f"{note}\n\n{text}" if note else text), builder.as_markup()


async def open_staff(event: Message | CallbackQuery, flow: Flow) -> None:
    """/staff and «👥 Сотрудники»: the list (a command starts afresh)."""
    if isinstance(event, Message):
        await flow.state.clear()
        await flow.send(await staff_screen(flow.t, flow.services.staff_roles))
        return
    await flow.show(await staff_screen(flow.t, flow.services.staff_roles))


async def ask_whom(query: CallbackQuery, flow: Flow) -> None:
    await flow.state.set_state(StaffStates.adding)
    await flow.send((flow.t("staff-add-ask"), None))


async def add_person(message: Message, flow: Flow) -> None:
    """A forwarded message, an @username or an id: who to make staff."""
    t, roles = flow.t, flow.services.staff_roles
    origin = message.forward_origin
    if isinstance(origin, MessageOriginHiddenUser):
        await flow.send((t("staff-add-hidden"), None))
        return
    if isinstance(origin, MessageOriginUser):
        if origin.sender_user.is_bot:
            await flow.send((t("staff-add-bot"), None))
            return
        handle = str(origin.sender_user.id)
    else:
        handle = (message.text or "").strip()
    person = await roles.find(handle) if handle and len(handle) <= 64 else None
    if person is None:
        shown = html.quote(handle[:40]) if handle else "—"
        await flow.send((t("staff-add-unknown", handle=shown), None))
        return
    if person.is_admin:
        await flow.send((t("staff-add-admin", name=display_name(person)), None))
        return
    if person.is_staff:
        await flow.state.clear()
        note = t("staff-add-already-staff", name=display_name(person))
        await flow.send(await staff_screen(t, roles, note))
        return

    await roles.grant(person)  # told, and given the staff's menu
    await flow.state.clear()
    note = t("staff-added", name=display_name(person))
    await flow.send(await staff_screen(t, roles, note))


def confirm_screen(t: T, person: User) -> Screen:
    builder = Buttons()
    builder.button(text=t("btn-staff-revoke-sure"),
                   callback_data=StaffRemove(user_id=person.id, sure=True))
    builder.button(text=t("btn-staff-keep"), callback_data=Nav(to="staff"))
    builder.adjust(1)
    return t("staff-revoke-confirm", name=display_name(person)), builder.as_markup()


async def remove_person(query: CallbackQuery, callback_data: StaffRemove, flow: Flow) -> None:
    """✖️ asks first; «Да, снять роль» revokes: the person is told, and what they had as
    staff (queued notices, «answering now» marks, half-typed forms) goes with it."""
    t, roles = flow.t, flow.services.staff_roles
    person = await roles.get(callback_data.user_id)
    if person is None or person.staff_role != "staff":
        name = display_name(person) if person else str(callback_data.user_id)
        # the list says it above itself: no toast repeating it
        await flow.show(await staff_screen(t, roles, t("staff-remove-gone", name=name)))
        return
    if not callback_data.sure:
        await flow.show(confirm_screen(t, person))
        return
    await roles.dismiss(person)  # told, and the staff's menu goes
    await flow.show(await staff_screen(t, roles, t("staff-removed", name=display_name(person))))


def router() -> Router:
    r = Router(name="staff-roles")
    r.message.register(open_staff, Command("staff"))
    r.callback_query.register(open_staff, Nav.filter(F.to == "staff"))
    r.callback_query.register(ask_whom, Nav.filter(F.to == "staff-add"))
    r.callback_query.register(remove_person, StaffRemove.filter())
    r.message.register(
        add_person, StateFilter(StaffStates.adding), ~F.text.startswith("/"),
    )
    return r
