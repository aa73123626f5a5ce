"""/applications: staff review sign-ups — confirm, send to Навигатор, or decline with a reason."""

from __future__ import annotations

from datetime import datetime

from aiogram import F, Router, html
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.broadcasting import when
from bot.catalogue import Catalogue
from bot.i18n import T
from bot.settings import Settings
from bot.validators import age_on
from handlers.callbacks import AppDecide, AppList, AppOpen, Nav
from handlers.common import Buttons, Screen, home_button, send, show
from storage.families import EnrolmentView, FamilyRepo

REASON_MAX = 300


class Review(StatesGroup):
    reason = State()


async def list_screen(
    t: T, families: FamilyRepo, catalogue: Catalogue, quantum: str = ""
) -> Screen:
    pending = await families.pending(quantum=quantum or None)
    everything = pending if not quantum else await families.pending()
    quantum_obj = catalogue.get(quantum) if quantum else None
    title = t("apps-title", filter=quantum_obj.title(t.locale) if quantum_obj else "none")
    lines = [title, ""]
    builder = Buttons()
    if not pending:
        lines.append(t("apps-none"))
    for view in pending[:20]:
        label = t("apps-line", id=view.id, name=view.child_name, group=view.group_name)
        builder.button(text=label[:24], callback_data=AppOpen(id=view.id))
    codes = sorted({v.quantum_code for v in everything})
    filters = 0
    if len(codes) > 1 or quantum:
        builder.button(text=("• " if not quantum else "") + t("btn-apps-all"),
                       callback_data=AppList(quantum=""))
        filters += 1
        for code in codes[:7]:
            q = catalogue.get(code)
            label = (("• " if code == quantum else "") + (q.text(t.locale).name if q else code))
            builder.button(text=label[:24], callback_data=AppList(quantum=code))
            filters += 1
    home_button(builder, t)
    builder.adjust(*([1] * min(len(pending), 20)), *([2] * ((filters + 1) // 2)), 1)
    return "\n".join(lines), builder.as_markup()


def card_screen(t: T, view: EnrolmentView, settings: Settings) -> Screen:
    text = t(
        "app-card", id=view.id, programme=html.quote(view.programme_title(t.locale)),
        group=html.quote(view.group_name), name=html.quote(view.child_name),
        birth=view.birth_date.strftime("%d.%m.%Y"),
        age=age_on(view.birth_date, datetime.now(settings.zone).date()),
        school=html.quote(view.school), grade=view.grade, phone=view.phone or "—",
        when=when(view.created_at, settings.zone, t.locale), status=view.status,
    )
    builder = Buttons()
    builder.button(text=t("btn-app-confirm"), callback_data=AppDecide(id=view.id,
                                                                      status="confirmed"))
    if view.status != "navigator":
        builder.button(text=t("btn-app-navigator"),
                       callback_data=AppDecide(id=view.id, status="navigator"))
    builder.button(text=t("btn-app-reject"), callback_data=AppDecide(id=view.id,
                                                                     status="rejected"))
    builder.button(text=t("btn-app-back"), callback_data=AppList(quantum=""))
    builder.adjust(2, 1, 1) if view.status != "navigator" else builder.adjust(2, 1)
    return text, builder.as_markup()


async def applications_command(
    message: Message, state: FSMContext, t: T, families: FamilyRepo, catalogue: Catalogue
) -> None:
    await state.clear()
    await send(message, await list_screen(t, families, catalogue))


async def open_list(
    query: CallbackQuery, callback_data: AppList, state: FSMContext, t: T,
    families: FamilyRepo, catalogue: Catalogue,
) -> None:
    await state.clear()
    quantum = callback_data.quantum if catalogue.get(callback_data.quantum) else ""
    await show(query, await list_screen(t, families, catalogue, quantum))


async def open_from_menu(
    query: CallbackQuery, t: T, families: FamilyRepo, catalogue: Catalogue
) -> None:
    await show(query, await list_screen(t, families, catalogue))


async def open_app(
    query: CallbackQuery, callback_data: AppOpen, t: T, families: FamilyRepo,
    settings: Settings, catalogue: Catalogue, callback_answer: CallbackAnswer,
) -> None:
    view = await families.view(callback_data.id)
    if view is None or view.status not in ("applied", "navigator"):
        callback_answer.text = t("app-gone", id=callback_data.id)
        await send(query, await list_screen(t, families, catalogue))
        return
    await send(query, card_screen(t, view, settings))


async def decide(
    query: CallbackQuery, callback_data: AppDecide, state: FSMContext, t: T,
    families: FamilyRepo, catalogue: Catalogue, callback_answer: CallbackAnswer,
) -> None:
    status = callback_data.status
    if status == "rejected":
        await state.set_state(Review.reason)
        await state.update_data(app=callback_data.id)
        builder = Buttons()
        builder.button(text=t("btn-no-reason"),
                       callback_data=AppDecide(id=callback_data.id, status="reject-now"))
        await send(query, (t("app-ask-reason"), builder.as_markup()))
        return
    reason = None
    if status == "reject-now":
        status = "rejected"
        await state.clear()
    if status not in ("confirmed", "navigator", "rejected"):
        callback_answer.text = t("stale-button")
        return
    await finish(query, t, families, catalogue, callback_data.id, status, reason)


async def finish(
    event: Message | CallbackQuery, t: T, families: FamilyRepo, catalogue: Catalogue,
    enrolment_id: int, status: str, reason: str | None,
) -> None:
    view = await families.decide(
        enrolment_id, "confirmed" if status == "confirmed" else
        "navigator" if status == "navigator" else "rejected", reason,
    )
    note = t("app-decided", id=enrolment_id, status=status) if view else t(
        "app-gone", id=enrolment_id
    )
    text, markup = await list_screen(t, families, catalogue)
    await send(event, (f"{note}\n\n{text}", markup))


async def reason_typed(
    message: Message, state: FSMContext, t: T, families: FamilyRepo, catalogue: Catalogue
) -> None:
    reason = " ".join((message.text or "").split())
    if not reason:
        await send(message, (t("app-ask-reason"), None))
        return
    if len(reason) > REASON_MAX:
        await send(message, (t("app-reason-too-long"), None))
        return
    data = await state.get_data()
    await state.clear()
    await finish(message, t, families, catalogue, int(data.get("app", 0)), "rejected", reason)


def router() -> Router:
    r = Router(name="staff-applications")
    r.message.register(applications_command, Command("applications"))
    r.callback_query.register(open_from_menu, Nav.filter(F.to == "applications"))
    r.callback_query.register(open_list, AppList.filter())
    r.callback_query.register(open_app, AppOpen.filter())
    r.callback_query.register(decide, AppDecide.filter())
    r.message.register(reason_typed, StateFilter(Review.reason), ~F.text.startswith("/"))
    return r
