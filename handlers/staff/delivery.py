"""«📭 Кому не доставлено»: the families a lesson change, a closure or a broadcast did not
reach, with the parents' names and phones, the youngest children's families first, a page
at a time. Staff only (the staff router's filter); each page opened is recorded for /audit.
The report is bot.services.delivery's; a closure's and a broadcast's are routed here (from
the timetable router), a lesson's from handlers/staff/lessons/undelivered.py, each with its
way back."""

from __future__ import annotations

from aiogram import html
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery

from bot.i18n import T
from bot.services.delivery import Kind, Report
from bot.ui.callbacks import Nav
from bot.ui.callbacks_closures import ClosureOpen, Undelivered
from bot.ui.keyboards import Buttons, Screen, clamp_page, home_button, page_count, pager
from handlers.flow import Flow

PAGE = 6  # families on one screen
KINDS: dict[str, Kind] = {"l": "lesson", "c": "closure", "b": "broadcast"}


def button(builder: Buttons, t: T, kind: str, subject: int) -> None:
    """The «📭 Кому не доставлено» button of a lesson ("l"), closure ("c") or broadcast."""
    builder.button(text=t("btn-undelivered"), callback_data=Undelivered(kind=kind, id=subject))


def report_screen(t: T, report: Report, kind: str, subject: int, page: int,
                  back: CallbackData) -> Screen:
    name = KINDS[kind]
    lines = [t("undelivered-title", subject=t(f"undelivered-subject-{name}", id=subject)),
             t("undelivered-summary", reached=report.reached, waiting=report.waiting,
               missed=report.families_missed)]
    if any(report.alone) or report.families_missed < len(report.missed):
        lines.append(t("undelivered-alone", reached=report.alone[0], waiting=report.alone[1],
                       missed=len(report.missed) - report.families_missed))
    pages = page_count(len(report.missed), PAGE)
    page = clamp_page(page, len(report.missed), PAGE)
    if not report.missed:
        lines += ["", t("undelivered-none")]
    else:
        lines += [t("undelivered-hint")] if report.families_missed else []
        lines.append("")
        shown = report.missed[page * PAGE:(page + 1) * PAGE]
        for number, family in enumerate(shown, start=page * PAGE + 1):
            if family.person:
                lines.append(t("undelivered-person", number=number,
                               name=html.quote(family.person), why=family.why))
                continue
            children = "; ".join(t("undelivered-child", name=html.quote(n), age=age)
                                 for n, age in family.children)
            lines.append(t(
                "undelivered-family", number=number, children=children or "—",
                count=len(family.parents),
                parents=html.quote(", ".join(family.parents)) or t("undelivered-no-parents"),
                phone=html.quote(family.phone) or t("undelivered-no-phone"), why=family.why,
            ))
        if pages > 1:
            lines.append(t("undelivered-page", page=page + 1, pages=pages))
    builder = Buttons()
    paging = pager(builder, t, page, pages,
                   lambda p: Undelivered(kind=kind, id=subject, page=p))
    builder.button(text=t("btn-undelivered-back"), callback_data=back)
    home_button(builder, t)
    builder.adjust(*([paging] if paging else []), 2)
    return "\n".join(lines), builder.as_markup()


async def show_report(flow: Flow, data: Undelivered, back: CallbackData) -> None:
    report, page = await flow.services.delivery.page(flow.user.id, KINDS[data.kind], data.id,
                                                     data.page, PAGE)
    await flow.show(report_screen(flow.t, report, data.kind, data.id, page, back))


async def undelivered(query: CallbackQuery, callback_data: Undelivered, flow: Flow) -> None:
    """A closure's («c») or a broadcast's («b») report."""
    back: CallbackData = (ClosureOpen(id=callback_data.id) if callback_data.kind == "c"
                          else Nav(to="broadcasts"))
    await show_report(flow, callback_data, back)
