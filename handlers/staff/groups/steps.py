"""The handlers: /mygroups and «🧑‍🏫 Мои группы», a group's screen, an admin choosing its
teacher, and «📣 Написать группе», which hands the message over to the broadcast's own steps
(text → preview → send) with the audience set to the group's families. The staff router lets
only staff in; the admin's and the teacher's own buttons are checked here, at each press."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from bot.ui.callbacks_groups import GroupAct, GroupOpen, MyGroups, Origin
from handlers.flow import Flow
from handlers.staff.broadcast.compose import BroadcastStates
from handlers.staff.groups import screens
from handlers.staff.groups.callbacks import GroupMembers, TeacherPage, TeacherSet
from handlers.staff.lessons.form import LessonForm
from storage.audience import Audience


async def my_groups(event: Message | CallbackQuery, flow: Flow,
                    callback_data: MyGroups | None = None) -> None:
    """/mygroups (a new message) and «🧑‍🏫 Мои группы» with its pages (in place)."""
    if isinstance(event, Message):
        await flow.state.clear()  # a command starts afresh
    views = await flow.services.teaching.mine(flow.user, flow.today)
    page = 0 if callback_data is None else callback_data.page
    await flow.show(screens.mine_screen(flow.t, views, page, flow.zone))


async def gone(flow: Flow) -> None:
    """A group that is not there (deleted, or a forged id): said, and the groups."""
    await LessonForm(flow).groups(flow.t("ls-group-gone"))


async def show_group(flow: Flow, group_id: int, note: str | None = None, *,
                     new: bool = False, page: int = 0, origin: Origin = "") -> None:
    view = await flow.services.teaching.view(group_id, flow.today)
    if view is None:
        flow.toast(flow.t("stale-button"))
        await gone(flow)
        return
    screen = screens.group_screen(flow.t, view, flow.user, flow.zone, note,
                                  screens.Back(max(page, 0), origin))
    await (flow.send(screen) if new else flow.show(screen))


async def open_group(query: CallbackQuery, callback_data: GroupOpen, flow: Flow) -> None:
    """A group's screen; back at it from a message to it being written, that message is
    dropped (said, when its text was typed)."""
    note = await drop_message(flow, callback_data.group)
    await show_group(flow, callback_data.group, note, page=callback_data.page,
                     origin=callback_data.origin)


async def drop_message(flow: Flow, group_id: int) -> str | None:
    """Leave a message to this group being written, if one is; the note to show."""
    if await flow.state.get_state() not in (BroadcastStates.text.state,
                                            BroadcastStates.audience.state):
        return None
    data = await flow.state.get_data()
    if Audience.from_dict(data.get("audience") or {}).group != group_id:
        return None
    await flow.state.clear()
    return flow.t("gr-write-dropped") if data.get("text") is not None else None


async def open_roster(query: CallbackQuery, callback_data: GroupMembers, flow: Flow) -> None:
    """«👥 Состав» from the group's screen (the look recorded), back to that screen."""
    found = await flow.services.staff_data.roster(flow.user.id, callback_data.group)
    if found is None:
        flow.toast(flow.t("stale-button"))
        await gone(flow)
        return
    await flow.show(screens.roster_screen(flow.t, found, flow.today, max(callback_data.page, 0),
                                          callback_data.origin))


# ---- the teacher -----------------------------------------------------------------------


async def refuse_admin_only(flow: Flow, group_id: int) -> None:
    await show_group(flow, group_id, flow.t("gr-admin-only"))


async def pick_teacher(query: CallbackQuery, flow: Flow, callback_data: GroupAct | TeacherPage
                       ) -> None:
    """«🧑‍🏫 Педагог» and its pages: the staff to choose from (admins only)."""
    group_id = callback_data.group
    if not flow.user.is_admin:
        await refuse_admin_only(flow, group_id)
        return
    view = await flow.services.teaching.view(group_id, flow.today)
    if view is None:
        await gone(flow)
        return
    page = callback_data.page if isinstance(callback_data, TeacherPage) else 0
    people = await flow.services.teaching.staff()
    await flow.show(screens.teacher_screen(flow.t, view, people, page))


async def set_teacher(query: CallbackQuery, callback_data: TeacherSet, flow: Flow) -> None:
    """A name (or «Без педагога») chosen: written, and the group's screen as it now is."""
    t = flow.t
    if not flow.user.is_admin:
        await refuse_admin_only(flow, callback_data.group)
        return
    staff_id = callback_data.staff or None
    result = await flow.services.teaching.set_teacher(flow.user, callback_data.group, staff_id)
    if result == "no-group":
        await gone(flow)
        return
    if result == "not-admin":
        await refuse_admin_only(flow, callback_data.group)
        return
    note = t("gr-teacher-" + result)  # set | cleared | not-staff (the screen says it)
    await show_group(flow, callback_data.group, note)


# ---- a message to the group -------------------------------------------------------------


async def write(query: CallbackQuery, callback_data: GroupAct, flow: Flow) -> None:
    """«📣 Написать группе»: its teacher or an admin types the message; the broadcast's steps
    take it from there, to this group's families only."""
    teaching = flow.services.teaching
    view = await teaching.view(callback_data.group, flow.today)
    if view is None:
        flow.toast(flow.t("stale-button"))
        await gone(flow)
        return
    if not await teaching.may_write(flow.user, view.group.id):
        await show_group(flow, view.group.id, flow.t("gr-write-refused"), new=True)
        return
    audience = Audience(group=view.group.id)
    reach = await flow.services.broadcast_compose.count(audience)
    if reach == 0:  # nobody to write to: said before anything is typed
        await show_group(flow, view.group.id, flow.t("gr-write-nobody"), new=True)
        return
    await flow.state.clear()
    await flow.state.set_state(BroadcastStates.text)
    await flow.state.set_data({"audience": audience.as_dict()})
    await flow.send(screens.write_question(flow.t, view, reach))
