"""/find and «🔎 Найти»: staff find a family by the words of a child's or a parent's name (in
any order, each a part of it), or by a phone, and open its applications; an application's
card leads back to the results. Staff only (the staff router's filter): anyone else's /find
is an unknown command. Each search is recorded for /audit, without the text typed; the
conversation keeps the families found (their ids, never the text) for the way back."""

from __future__ import annotations

from datetime import date

from aiogram import F, Router, html
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.i18n import T
from bot.services.dates import age_on
from bot.services.staff_data import FOUND_MAX, Found
from bot.services.telegram_text import Refused
from bot.ui.callbacks import Nav
from bot.ui.callbacks_staff import FoundOpen
from bot.ui.keyboards import Buttons, Screen, button_label, home_button
from handlers.flow import Flow
from handlers.staff.applications import open_card

BUTTONS = 8  # applications with a button; the rest are in the text
TEXT_MAX = 3500  # the results stop well before Telegram's 4096


class FindForm(StatesGroup):
    query = State()


def ask_screen(t: T, note: str | None = None) -> Screen:
    builder = Buttons()
    home_button(builder, t)
    text = t("find-ask")
    return (f"{note}\n\n{text}" if note else text), builder.as_markup()


def results_screen(t: T, found: Found, today: date) -> Screen:
    """The families found: parents and phone, each child's age, groups and statuses, and a
    button to each application (the first BUTTONS of them)."""
    lines = [t("find-title", n=len(found.families), kind=found.kind,
               more="yes" if found.more else "no", limit=FOUND_MAX), ""]
    builder = Buttons()
    buttons = 0
    if not found.families:
        lines.append(t("find-none"))
    for number, family in enumerate(found.families, 1):
        block = [t("find-family", n=number, count=len(family.parents),
                   parents=html.quote(", ".join(family.parents)) or "—",
                   phone=html.quote(family.phone or "—"))]
        for child in family.children:
            block.append(t("find-child", name=html.quote(child.name),
                           age=age_on(child.birth_date, today),
                           apps=len(child.applications)))
            for app in child.applications:
                group = app.group_title(t.locale)
                block.append(t("find-application", id=app.id, group=html.quote(group),
                               code=html.quote(app.group_code),
                               status=t("export-status", status=app.status)))
                if buttons < BUTTONS:
                    label = t("apps-line", id=app.id, name=child.name, group=group)
                    builder.button(text=button_label(label), callback_data=FoundOpen(id=app.id))
                    buttons += 1
        if sum(len(line) + 1 for line in lines + block) > TEXT_MAX:
            lines.append(t("find-cut"))
            break
        lines += [*block, ""]
    lines.append(t("find-again"))
    home_button(builder, t)
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


async def ready(flow: Flow) -> None:
    """Wait for a name or a phone. Like /ask and /post, /find and «🔎 Найти» leave a form
    half filled: what is typed next is a search, and nothing of the form is kept to come back
    to by mistake."""
    if await flow.open_step(FindForm) is None:
        await flow.state.clear()
        await flow.state.set_state(FindForm.query)


async def search(flow: Flow, text: str) -> None:
    """Search, show, and stay ready for another name or phone."""
    await ready(flow)
    try:
        found = await flow.services.staff_data.find(flow.user.id, text)
    except Refused as refused:
        await flow.send(ask_screen(flow.t, flow.t(refused.key, **refused.kwargs)))
        return
    await keep(flow, found)
    await flow.send(results_screen(flow.t, found, flow.today))


async def keep(flow: Flow, found: Found) -> None:
    """What the way back to these results needs: the families' ids and the kind of search."""
    await flow.state.update_data(found=[family.id for family in found.families],
                                 kind=found.kind, more=found.more)


async def open_found(query: CallbackQuery, callback_data: FoundOpen, flow: Flow) -> None:
    """An application out of the results: its card, leading back to them."""
    await open_card(flow, callback_data.id, found=True)


async def back_to_results(query: CallbackQuery, flow: Flow) -> None:
    """«⬅️ К результатам»: the same families as they are now, in place of the card; a
    search no longer kept (another command came since): asked again."""
    data = await flow.state.get_data()
    ids = data.get("found")
    await ready(flow)
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        await flow.show(ask_screen(flow.t, flow.t("find-results-gone")))
        return
    found = await flow.services.staff_data.found(flow.user.id, str(data.get("kind")), ids,
                                                 more=bool(data.get("more")))
    await keep(flow, found)
    await flow.show(results_screen(flow.t, found, flow.today))


async def find_command(event: Message | CallbackQuery, flow: Flow) -> None:
    """/find and «🔎 Найти» ask what to look for; /find Петров looks at once."""
    parts = (event.text or "").split(maxsplit=1) if isinstance(event, Message) else []
    if len(parts) > 1:
        await search(flow, parts[1])
        return
    await ready(flow)
    await flow.send(ask_screen(flow.t))


async def query_typed(message: Message, flow: Flow) -> None:
    await search(flow, message.text or "")


async def not_text(message: Message, flow: Flow) -> None:
    await flow.send(ask_screen(flow.t, flow.t("find-not-text")))


def router() -> Router:
    r = Router(name="staff-find")
    r.message.register(find_command, Command("find"))
    r.callback_query.register(find_command, Nav.filter(F.to == "find"))
    r.callback_query.register(open_found, FoundOpen.filter())
    r.callback_query.register(back_to_results, Nav.filter(F.to == "found"))
    r.message.register(query_typed, StateFilter(FindForm.query), F.text, ~F.text.startswith("/"))
    r.message.register(not_text, StateFilter(FindForm.query), ~F.text.startswith("/"))
    return r
