"""What the closures feature shows: the list of coming closures, each question of the form,
and the preview before a closure is added."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram import html
from babel.dates import format_date

from bot.i18n import T
from bot.services.catalogue import Catalogue
from bot.services.dates import date_range
from bot.services.timetable import ClosurePreview
from bot.ui.callbacks import ClosureStep, StaffWeek
from bot.ui.callbacks_closures import ClosureAct, ClosureOpen, ClosurePage
from bot.ui.keyboards import (
    Buttons,
    Screen,
    clamp_page,
    home_button,
    page_count,
    pager,
)
from handlers.staff import delivery
from handlers.staff.timetable.period import days_in
from handlers.staff.timetable.states import dates_of
from storage.timetable import Closure

QUANTA_PAGE = 6  # quanta on one screen of the «for whom» question
LIST_SHOWN = 25  # closures listed; the rest are counted
BUTTONS_PAGE = 6  # closures' buttons on one screen
BUTTON_DAYS = 22  # characters of the days on a closure's button (24 with its «📅 »)
# reasons offered as buttons (any other is typed), pressed as ClosureStep(action="r-<n>")
USUAL_REASONS = ("closure-reason-holiday", "closure-reason-break", "closure-reason-sanitary")
REASON_ACTIONS = tuple(f"r-{number}" for number in range(len(USUAL_REASONS)))


def period_text(starts_on: date, ends_on: date, locale: str, *, year: bool = False) -> str:
    """«4 ноября», «23–27 марта», «31 декабря 2026 – 8 января 2027» (with `year`, always
    with the year)."""
    if starts_on == ends_on:
        return format_date(starts_on, "d MMMM y" if year else "d MMMM", locale=locale)
    if year and starts_on.year == ends_on.year:
        return f"{date_range(starts_on, ends_on, locale)} {starts_on.year}"
    return date_range(starts_on, ends_on, locale)


def button_period(starts_on: date, ends_on: date, locale: str) -> str:
    """The days on a button: in words while they fit («23–27 марта»), else in digits
    («31.12–08.01»)."""
    words = period_text(starts_on, ends_on, locale)
    if len(words) <= BUTTON_DAYS:
        return words
    if starts_on == ends_on:
        return starts_on.strftime("%d.%m.%Y")
    return f"{starts_on:%d.%m}–{ends_on:%d.%m}"


def reasons(t: T, reason: str, reason_en: str) -> tuple[str, tuple[str, str] | None]:
    """The reason in the reader's language, and the other language's (its locale and text)
    when the closure has both: staff reading in English see the English reason first."""
    if not reason_en:
        return reason, None
    if t.locale == "en":
        return reason_en, ("ru", reason)
    return reason, ("en", reason_en)


def quanta_text(t: T, codes: list[str] | tuple[str, ...], catalogue: Catalogue) -> str:
    if not codes:
        return t("closure-whole")
    names = []
    known = {q.code: n for n, q in enumerate(catalogue.quanta)}
    for code in sorted(codes, key=lambda c: (known.get(c, len(known)), c)):  # as in the catalogue
        quantum = catalogue.get(code)
        names.append(quantum.text(t.locale).name if quantum else code)
    return html.quote(", ".join(names))


def list_screen(t: T, closures: list[Closure], catalogue: Catalogue, note: str | None = None,
                page: int = 0, removed: int | None = None) -> Screen:
    """The coming closures, a button for each (a page of them), ➕; `removed`: the closure
    just removed, whose notices can still be reported."""
    lines = [t("closure-list-title")]
    if not closures:
        lines.append(t("closure-list-empty"))
    for closure in closures[:LIST_SHOWN]:
        dates = period_text(closure.starts_on, closure.ends_on, t.locale)
        reason = html.quote(closure.reason_in(t.locale))
        if closure.quanta:
            lines.append(t("closure-line-quanta", dates=dates, reason=reason,
                           quanta=quanta_text(t, closure.quanta, catalogue)))
        else:
            lines.append(t("closure-line", dates=dates, reason=reason))
    if len(closures) > LIST_SHOWN:
        lines.append(t("closure-list-more", count=len(closures) - LIST_SHOWN))
    lines += ["", t("closure-list-hint")]
    builder = Buttons()
    pages = page_count(len(closures), BUTTONS_PAGE)
    page = clamp_page(page, len(closures), BUTTONS_PAGE)
    shown = closures[page * BUTTONS_PAGE:(page + 1) * BUTTONS_PAGE]
    for closure in shown:
        builder.button(text=f"📅 {button_period(closure.starts_on, closure.ends_on, t.locale)}",
                       callback_data=ClosureOpen(id=closure.id, page=page))
    paging = pager(builder, t, page, pages, lambda p: ClosurePage(page=p))
    sizes = [2] * ((len(shown) + 1) // 2) + ([paging] if paging else [])
    if removed is not None:
        delivery.button(builder, t, "c", removed)
        sizes.append(1)
    builder.button(text=t("btn-closure-add"), callback_data=ClosureStep(action="add"))
    builder.button(text=t("btn-staff-week"), callback_data=StaffWeek(week=0))
    home_button(builder, t)
    builder.adjust(*sizes, 2, 1)
    text = "\n".join(lines)
    return (f"{note}\n\n{text}" if note else text), builder.as_markup()


def unchanged_button(builder: Buttons, t: T) -> None:
    """«↩️ Не менять»: a changed closure's question left, back to its preview as it was."""
    builder.button(text=t("btn-closure-unchanged"), callback_data=ClosureStep(action="same"))


def ask_dates(t: T, problem: str | None = None, *, editing: bool = False) -> Screen:
    question = t("closure-ask-dates-change" if editing else "closure-ask-dates")
    text = f"{problem}\n\n{question}" if problem else question
    if not editing:
        return text, None
    builder = Buttons()
    unchanged_button(builder, t)
    return text, builder.as_markup()


def ask_reason(t: T, data: dict[str, Any], problem: str | None = None) -> Screen:
    """The reason is typed, or one of the usual ones pressed."""
    starts_on, ends_on = dates_of(data)
    question = t("closure-ask-reason", dates=period_text(starts_on, ends_on, t.locale,
                                                          year=True))
    builder = Buttons()
    for action, key in zip(REASON_ACTIONS, USUAL_REASONS, strict=True):
        builder.button(text=t(key), callback_data=ClosureStep(action=action))
    if data.get("editing") is not None:
        unchanged_button(builder, t)
    builder.button(text=t("btn-closure-cancel"), callback_data=ClosureStep(action="cancel"))
    builder.adjust(1)
    return (f"{problem}\n\n{question}" if problem else question), builder.as_markup()


def quanta_screen(t: T, data: dict[str, Any], catalogue: Catalogue) -> Screen:
    chosen: list[str] = data.get("quanta", [])
    starts_on, ends_on = dates_of(data)
    pages = page_count(len(catalogue.quanta), QUANTA_PAGE)
    page = clamp_page(int(data.get("page", 0)), len(catalogue.quanta), QUANTA_PAGE)
    reason, _ = reasons(t, data["reason"], data.get("reason_en", ""))
    text = t("closure-quanta", dates=period_text(starts_on, ends_on, t.locale, year=True),
             reason=html.quote(reason), who=quanta_text(t, chosen, catalogue))
    builder = Buttons()
    whole = t("btn-closure-whole")
    builder.button(text=f"• {whole}" if not chosen else whole,
                   callback_data=ClosureStep(action="all"))
    shown = catalogue.quanta[page * QUANTA_PAGE:(page + 1) * QUANTA_PAGE]
    for quantum in shown:
        name = quantum.text(t.locale).name
        builder.button(text=f"✅ {name}" if quantum.code in chosen else name,
                       callback_data=ClosureStep(action=f"q-{quantum.code}"))
    paging = 0
    if page > 0:
        builder.button(text=t("btn-closure-page-prev"),
                       callback_data=ClosureStep(action=f"p-{page - 1}"))
        paging += 1
    if page < pages - 1:
        builder.button(text=t("btn-closure-page-next"),
                       callback_data=ClosureStep(action=f"p-{page + 1}"))
        paging += 1
    builder.button(text=t("btn-closure-check"), callback_data=ClosureStep(action="preview"))
    builder.button(text=t("btn-closure-cancel"), callback_data=ClosureStep(action="cancel"))
    builder.adjust(1, *([2] * ((len(shown) + 1) // 2)), *([paging] if paging else []), 2)
    return text, builder.as_markup()


def confirm_screen(t: T, data: dict[str, Any], catalogue: Catalogue, preview: ClosurePreview
                   ) -> Screen:
    starts_on, ends_on = dates_of(data)
    editing = data.get("editing") is not None
    reason, other = reasons(t, data["reason"], data.get("reason_en", ""))
    text = t("closure-preview-change" if editing else "closure-preview",
             dates=period_text(starts_on, ends_on, t.locale, year=True),
             days=days_in(starts_on, ends_on), reason=html.quote(reason),
             who=quanta_text(t, data.get("quanta", []), catalogue), count=preview.count,
             back=preview.back,
             tell="yes" if preview.count or preview.back or preview.kept else "no")
    if other is not None:
        text += "\n" + t(f"closure-preview-{other[0]}", reason=html.quote(other[1]))
    elif preview.english:
        # nobody reading in English is left to guess: the Russian reason is what they get
        text += "\n\n" + t("closure-preview-no-en", english=preview.english)
    if preview.exists:
        text += "\n\n" + t("closure-taken" if editing else "closure-preview-exists")
    builder = Buttons()
    builder.button(text=t("btn-closure-save" if editing else "btn-closure-confirm"),
                   callback_data=ClosureStep(action="confirm"))
    if editing:
        builder.button(text=t("btn-closure-dates"), callback_data=ClosureStep(action="dates"))
        builder.button(text=t("btn-closure-reason"), callback_data=ClosureStep(action="reason"))
    builder.button(text=t("btn-closure-en"), callback_data=ClosureStep(action="en"))
    builder.button(text=t("btn-closure-quanta"), callback_data=ClosureStep(action="quanta"))
    builder.button(text=t("btn-closure-cancel"), callback_data=ClosureStep(action="cancel"))
    builder.adjust(1, 2, 2, 1) if editing else builder.adjust(1, 2, 1)
    return text, builder.as_markup()


def ask_reason_en(t: T, problem: str | None = None, *, editing: bool = False,
                  current: str = "") -> Screen:
    """«Без перевода» clears it; a changed closure's «↩️ Не менять» keeps it as it was
    (`current`, shown above the question)."""
    builder = Buttons()
    builder.button(text=t("btn-closure-no-en"), callback_data=ClosureStep(action="no-en"))
    if editing:
        unchanged_button(builder, t)
    builder.button(text=t("btn-closure-cancel"), callback_data=ClosureStep(action="cancel"))
    builder.adjust(3 if editing else 2)
    question = t("closure-ask-reason-en")
    if editing and current:
        question = t("closure-reason-en-now", reason=html.quote(current)) + "\n" + question
    return (f"{problem}\n\n{question}" if problem else question), builder.as_markup()


def card_screen(t: T, closure: Closure, catalogue: Catalogue, count: int,
                note: str | None = None, page: int = 0) -> Screen:
    """One closure: its days, reasons, quanta and lessons off, and what can be done."""
    reason, other = reasons(t, closure.reason, closure.reason_en)
    lines = [t("closure-card", dates=period_text(closure.starts_on, closure.ends_on,
                                                   t.locale, year=True),
               reason=html.quote(reason),
               who=quanta_text(t, closure.quanta, catalogue), count=count)]
    if other is not None:
        lines.append(t(f"closure-card-{other[0]}", reason=html.quote(other[1])))
    builder = Buttons()
    builder.button(text=t("btn-closure-edit"), callback_data=ClosureAct(id=closure.id,
                                                                         action="edit"))
    builder.button(text=t("btn-closure-remove"), callback_data=ClosureAct(id=closure.id,
                                                                           action="remove"))
    delivery.button(builder, t, "c", closure.id)
    builder.button(text=t("btn-closure-list"), callback_data=ClosurePage(page=page))
    home_button(builder, t)
    builder.adjust(2, 1, 2)
    text = "\n".join(lines)
    return (f"{note}\n\n{text}" if note else text), builder.as_markup()


def remove_screen(t: T, closure: Closure, count: int) -> Screen:
    """The question before a closure is removed, with how many lessons come back."""
    text = t("closure-remove-confirm", count=count, dates=period_text(
        closure.starts_on, closure.ends_on, t.locale, year=True))
    builder = Buttons()
    builder.button(text=t("btn-closure-remove-yes"),
                   callback_data=ClosureAct(id=closure.id, action="remove-yes"))
    builder.button(text=t("btn-closure-keep"), callback_data=ClosureOpen(id=closure.id))
    builder.adjust(2)
    return text, builder.as_markup()


def changed_text(t: T, off: int, back: int, kept: int) -> str:
    """«✅ Закрытие изменено: ещё 2 занятия отменены, 1 занятие снова по расписанию.», only
    the parts that happened; when neither, whether it still cancels any (`kept`)."""
    parts = ([t("closure-changed-off", n=off)] if off else []) + (
        [t("closure-changed-back", n=back)] if back else [])
    if not parts:
        return t("closure-changed-same", kept=kept)
    return t("closure-changed", parts=", ".join(parts))
