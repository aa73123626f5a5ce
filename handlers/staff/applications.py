"""/applications: staff review sign-ups — confirm, send to Навигатор, or decline with a reason
— and find applications of any status (confirmed, waitlist, declined…) by status."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.i18n import T
from bot.services.dates import age_on, today, weekday_and_time
from bot.services.staff_data import STATUSES
from bot.settings import Settings
from bot.ui.callbacks import AppDecide, AppList, AppOpen, Nav
from bot.ui.callbacks_staff import AppStatus
from bot.ui.keyboards import (
    Buttons,
    Screen,
    button_label,
    clamp_page,
    home_button,
    page_count,
    pager,
)
from handlers.flow import Flow
from storage.enrolments import EnrolmentView

REASON_MAX = 300


class Review(StatesGroup):
    reason = State()


SHOWN = 8  # applications with a button on one screen; the rest are listed in the text


async def list_screen(flow: Flow, quantum: str = "", group: int = 0) -> Screen:
    """Pending applications, oldest first, narrowed by quantum and then by group."""
    t, catalogue = flow.t, flow.catalogue
    everything = await flow.services.enrolment.pending()
    pending = [v for v in everything if (not quantum or v.quantum_code == quantum)
               and (not group or v.group_id == group)]
    quantum_obj = catalogue.get(quantum) if quantum else None
    shown_filter = quantum_obj.title(t.locale) if quantum_obj else "none"
    if group and pending:
        shown_filter += f" · {html.quote(pending[0].group_title(t.locale))}"
    lines = [t("apps-title", filter=shown_filter), ""]
    builder = Buttons()
    if not pending:
        lines.append(t("apps-none"))
    for view in pending[:20]:
        lines.append(html.quote(t("apps-line", id=view.id, name=view.child_name,
                                  group=view.group_title(t.locale))))
    for view in pending[:SHOWN]:
        label = t("apps-line", id=view.id, name=view.child_name,
                  group=view.group_title(t.locale))
        builder.button(text=button_label(label), callback_data=AppOpen(id=view.id))
    if quantum:
        options = sorted({(v.group_id, v.group_title(t.locale)) for v in everything
                          if v.quantum_code == quantum})
        choices = [(t("btn-apps-all"), AppList(quantum="", group=0), False)] + [
            (name, AppList(quantum=quantum, group=gid), gid == group) for gid, name in options
        ]
    else:
        codes = sorted({v.quantum_code for v in everything})
        choices = [] if len(codes) < 2 else [(t("btn-apps-all"), AppList(quantum=""), True)] + [
            ((q.text(t.locale).name if (q := catalogue.get(code)) else code),
             AppList(quantum=code), False)
            for code in codes
        ]
    for label, data, current in choices[:7]:
        builder.button(text=button_label(("• " if current else "") + label), callback_data=data)
    builder.button(text=t("btn-apps-statuses"), callback_data=AppStatus(status=""))
    home_button(builder, t)
    filters = min(len(choices), 7)
    builder.adjust(*([1] * min(len(pending), SHOWN)), *([2] * ((filters + 1) // 2)), 2)
    return "\n".join(lines), builder.as_markup()


def statuses_screen(t: T, counts: dict[str, int]) -> Screen:
    """How many applications of each status, a button to each."""
    builder = Buttons()
    shown = [status for status in STATUSES if counts.get(status)]
    for status in shown:
        builder.button(text=t("btn-apps-status", status=status, n=counts[status]),
                       callback_data=AppStatus(status=status))
    builder.button(text=t("btn-app-back"), callback_data=AppList(quantum=""))
    home_button(builder, t)
    builder.adjust(*([2] * ((len(shown) + 1) // 2)), 2)
    return t("apps-statuses") + ("" if shown else "\n\n" + t("apps-statuses-none")), \
        builder.as_markup()


async def status_screen(flow: Flow, status: str, page: int) -> Screen:
    """One page of the applications of `status`, the latest change first."""
    t, data = flow.t, flow.services.staff_data
    total = (await data.status_counts()).get(status, 0)
    page = clamp_page(page, total, SHOWN)
    views = await data.by_status(status, SHOWN, page * SHOWN)
    lines = [t("apps-status-title", status=status, n=total), ""]
    if not views:
        lines.append(t("apps-status-none"))
    builder = Buttons()
    for view in views:
        label = t("apps-line", id=view.id, name=view.child_name,
                  group=view.group_title(t.locale))
        lines.append(html.quote(label))
        builder.button(text=button_label(label), callback_data=AppOpen(id=view.id))
    nav = pager(builder, t, page, page_count(total, SHOWN),
                lambda n: AppStatus(status=status, page=n))
    builder.button(text=t("btn-apps-statuses-back"), callback_data=AppStatus(status=""))
    home_button(builder, t)
    builder.adjust(*([1] * len(views)), *([nav] if nav else []), 2)
    return "\n".join(lines), builder.as_markup()


def card_screen(t: T, view: EnrolmentView, settings: Settings, *, found: bool = False
                ) -> Screen:
    """The application; the decision's buttons while it waits for one. Opened out of /find's
    results (`found`), it leads back to them, not to the applications."""
    pending = view.status in ("applied", "navigator")
    text = t(
        "app-card", id=view.id, programme=html.quote(view.programme_title(t.locale)),
        group=html.quote(view.group_title(t.locale)), name=html.quote(view.child_name),
        birth=view.birth_date.strftime("%d.%m.%Y"),
        age=age_on(view.birth_date, today(settings.zone)),
        school=html.quote(view.school), grade=view.grade, phone=view.phone or "—",
        when=weekday_and_time(view.created_at, settings.zone, t.locale),
        status=view.status if pending else t("export-status", status=view.status),
    )
    if view.reason and not pending:
        text += "\n" + t("app-card-reason", reason=html.quote(view.reason))
    builder = Buttons()
    back = (t("btn-find-back"), Nav(to="found")) if found else (
        t("btn-app-back"), AppList(quantum=""))
    if not pending:
        builder.button(text=button_label(t("btn-app-to-status", status=view.status)),
                       callback_data=AppStatus(status=view.status))
        builder.button(text=back[0], callback_data=back[1])
        home_button(builder, t)
        builder.adjust(1, 2)
        return text, builder.as_markup()
    builder.button(text=t("btn-app-confirm"), callback_data=AppDecide(id=view.id,
                                                                      status="confirmed"))
    if view.status != "navigator":
        builder.button(text=t("btn-app-navigator"),
                       callback_data=AppDecide(id=view.id, status="navigator"))
    builder.button(text=t("btn-app-reject"), callback_data=AppDecide(id=view.id,
                                                                     status="rejected"))
    builder.button(text=back[0], callback_data=back[1])
    builder.adjust(2, 1, 1)
    return text, builder.as_markup()


async def applications_command(message: Message, flow: Flow) -> None:
    await flow.state.clear()
    await flow.send(await list_screen(flow))


async def open_list(query: CallbackQuery, callback_data: AppList, flow: Flow) -> None:
    await flow.state.clear()
    quantum = callback_data.quantum if flow.catalogue.get(callback_data.quantum) else ""
    group = callback_data.group if quantum else 0
    await flow.show(await list_screen(flow, quantum, group))


async def open_from_menu(query: CallbackQuery, flow: Flow) -> None:
    await flow.show(await list_screen(flow))


async def open_statuses(query: CallbackQuery, callback_data: AppStatus, flow: Flow) -> None:
    """«🗂 Все статусы», and a status's list; a status no button carries: the choice. Only
    reading: a form half filled elsewhere stays as it was (a decline's open question goes)."""
    if await flow.open_step(Review) is not None:
        await flow.state.clear()
    if callback_data.status not in STATUSES:
        await flow.show(statuses_screen(flow.t, await flow.services.staff_data.status_counts()))
        return
    await flow.show(await status_screen(flow, callback_data.status, callback_data.page))


async def open_app(query: CallbackQuery, callback_data: AppOpen, flow: Flow) -> None:
    """The card, of any status (from the lists); «✖️ Отмена» under the question of a
    decline's reason comes back here, the question dropped."""
    if await flow.open_step(Review) is not None:
        await flow.state.clear()
    await open_card(flow, callback_data.id)


async def open_card(flow: Flow, enrolment_id: int, *, found: bool = False) -> None:
    """The card as a new message; one gone meanwhile (or forged): the applications."""
    view = await flow.services.enrolment.view(enrolment_id)
    if view is None:
        flow.toast(flow.t("app-gone", id=enrolment_id))
        await flow.send(await list_screen(flow))
        return
    await flow.send(card_screen(flow.t, view, flow.settings, found=found))


def reason_screen(t: T, enrolment_id: int, problem: str | None = None) -> Screen:
    """The question of a decline's reason, with «Без причины» and «✖️ Отмена»; after a
    reason that would not do, what was wrong comes first and the same question again."""
    builder = Buttons()
    builder.button(text=t("btn-no-reason"),
                   callback_data=AppDecide(id=enrolment_id, status="reject-now"))
    builder.button(text=t("btn-app-keep"), callback_data=AppOpen(id=enrolment_id))
    builder.adjust(2)
    text = t("app-ask-reason")
    return (f"{problem}\n\n{text}" if problem else text), builder.as_markup()


async def ask_reason(query: CallbackQuery, callback_data: AppDecide, flow: Flow) -> None:
    """«Отклонить»: the reason is asked first (or none, with a button)."""
    await flow.state.set_state(Review.reason)
    await flow.state.update_data(app=callback_data.id)
    await flow.send(reason_screen(flow.t, callback_data.id))


async def reject_now(query: CallbackQuery, callback_data: AppDecide, flow: Flow) -> None:
    await flow.state.clear()
    await finish(flow, callback_data.id, "rejected", None)


async def decide(query: CallbackQuery, callback_data: AppDecide, flow: Flow) -> None:
    """Confirmed, or sent to Навигатор."""
    await finish(flow, callback_data.id, callback_data.status, None)


async def stale(query: CallbackQuery, flow: Flow) -> None:
    flow.toast(flow.t("stale-button"))


async def finish(flow: Flow, enrolment_id: int, status: str, reason: str | None) -> None:
    t = flow.t
    view = await flow.services.enrolment.decide(
        enrolment_id, "confirmed" if status == "confirmed" else
        "navigator" if status == "navigator" else "rejected", reason,
    )
    note = t("app-decided", id=enrolment_id, status=status) if view else t(
        "app-gone", id=enrolment_id
    )
    text, markup = await list_screen(flow)
    await flow.send((f"{note}\n\n{text}", markup))


async def reason_typed(message: Message, flow: Flow) -> None:
    t = flow.t
    reason = " ".join((message.text or "").split())
    data = await flow.state.get_data()
    enrolment_id = int(data.get("app", 0))
    if not reason:  # a sticker, a photo: the question again, its buttons with it
        await flow.send(reason_screen(t, enrolment_id))
        return
    if len(reason) > REASON_MAX:
        await flow.send(reason_screen(t, enrolment_id, t("app-reason-too-long")))
        return
    await flow.state.clear()
    await finish(flow, enrolment_id, "rejected", reason)


def router() -> Router:
    r = Router(name="staff-applications")
    r.message.register(applications_command, Command("applications"))
    r.callback_query.register(open_from_menu, Nav.filter(F.to == "applications"))
    r.callback_query.register(open_list, AppList.filter())
    r.callback_query.register(open_app, AppOpen.filter())
    r.callback_query.register(open_statuses, AppStatus.filter())
    r.callback_query.register(ask_reason, AppDecide.filter(F.status == "rejected"))
    r.callback_query.register(reject_now, AppDecide.filter(F.status == "reject-now"))
    r.callback_query.register(decide, AppDecide.filter(F.status.in_({"confirmed", "navigator"})))
    r.callback_query.register(stale, AppDecide.filter())
    r.message.register(reason_typed, StateFilter(Review.reason), ~F.text.startswith("/"))
    return r
