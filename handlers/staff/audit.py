"""/audit: admins see who of staff looked at children's data (an export, a search, a group's
roster, a page of «кому не доставлено») and when, newest first, a page at a time. Admins
only (the router's filter): anyone else's /audit is an unknown command."""

from __future__ import annotations

from aiogram import Router, html
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.i18n import T
from bot.ui.callbacks_staff import AuditPage
from bot.ui.keyboards import Buttons, Screen, clamp_page, home_button, page_count, pager
from handlers.flow import Flow
from storage.audit import Access

PAGE = 15


def who(access: Access) -> str:
    name = access.staff_name or str(access.staff_id)
    return f"{name} (@{access.staff_username})" if access.staff_username else name


def audit_screen(flow: Flow, accesses: list[Access], total: int, page: int) -> Screen:
    t: T = flow.t
    lines = [t("audit-title"), ""]
    if not accesses:
        lines.append(t("audit-none"))
    for access in accesses:
        group = (t("audit-group", code=access.group_code, title=access.group_title(t.locale))
                 if access.group_code else t("audit-group-gone"))
        lines.append(t("audit-line", when=access.at.astimezone(flow.zone).strftime(
            "%d.%m.%Y %H:%M"), who=html.quote(who(access)), kind=access.kind,
            found=access.found, group=html.quote(group)))
    pages = page_count(total, PAGE)
    if pages > 1:
        lines += ["", t("audit-page", page=page + 1, pages=pages)]
    builder = Buttons()
    nav = pager(builder, t, page, pages, lambda n: AuditPage(page=n))
    home_button(builder, t)
    builder.adjust(*([nav] if nav else []), 1)
    return "\n".join(lines), builder.as_markup()


async def show_page(flow: Flow, page: int) -> Screen:
    _, total = await flow.services.staff_data.accesses(1, 0)
    page = clamp_page(page, total, PAGE)
    accesses, total = await flow.services.staff_data.accesses(PAGE, page * PAGE)
    return audit_screen(flow, accesses, total, page)


async def audit_command(message: Message, flow: Flow) -> None:
    await flow.send(await show_page(flow, 0))


async def open_page(query: CallbackQuery, callback_data: AuditPage, flow: Flow) -> None:
    await flow.show(await show_page(flow, callback_data.page))


def router() -> Router:
    r = Router(name="staff-audit")
    r.message.register(audit_command, Command("audit"))
    r.callback_query.register(open_page, AuditPage.filter())
    return r
