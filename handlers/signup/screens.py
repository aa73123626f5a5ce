"""The sign-up form's screens: the lists to choose from (paged), the questions with buttons,
and the summary. Pure renderings: they read, never write."""

from __future__ import annotations

import math
from datetime import date
from typing import Any, TypeVar

from aiogram import html
from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from bot.i18n import T
from bot.services import consent_texts
from bot.services.catalogue import Quantum
from bot.services.dates import age_on, short_date, slots_in_words
from bot.services.openings import Open, Openings
from bot.services.signup import editable
from bot.ui.callbacks import (
    FamilyAction,
    QuantumCard,
    SignupConsent,
    SignupEdit,
    SignupGrade,
    SignupPage,
    SignupPick,
    SignupSame,
    SignupWho,
)
from bot.ui.keyboards import Buttons, Screen, home_button, pager
from handlers.consent_renewal import consent_body
from storage.families import Child
from storage.programmes import Group, Programme

PAGE_SIZE = 8  # programmes or groups on one screen: two rows of four numbered buttons


Item = TypeVar("Item")


def page_of(items: list[Item], page: int) -> tuple[list[Item], int, int]:
    """The items on `page` (clamped to the pages there are), that page and the page count."""
    pages = max(1, math.ceil(len(items) / PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    return items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE], page, pages


def pick_keyboard(
    t: T, kind: str, ids: list[int], page: int, pages: int, back: tuple[str, CallbackData],
) -> InlineKeyboardMarkup:
    """A button per line of the list, numbered as the lines are; ◀️/▶️ to the neighbouring
    pages; a step back (`back`: its label and press) beside home."""
    builder = Buttons()
    for n, item_id in enumerate(ids, start=page * PAGE_SIZE + 1):
        builder.button(text=str(n), callback_data=SignupPick(kind=kind, id=item_id))
    sizes = [4] * math.ceil(len(ids) / 4)
    nav = pager(builder, t, page, pages, lambda n: SignupPage(kind=kind, page=n))
    if nav:
        sizes.append(nav)
    builder.button(text=back[0], callback_data=back[1])
    home_button(builder, t)
    sizes.append(2)
    builder.adjust(*sizes)
    return builder.as_markup()


def programmes_screen(t: T, quantum: Quantum, found: Open, page: int = 0) -> Screen:
    """The quantum's programmes open now (`found`), a page of them to pick from."""
    shown = found.programmes
    chunk, page, pages = page_of(shown, page)
    first = page * PAGE_SIZE + 1
    lines = [t("signup-title", quantum=quantum.title(t.locale), page=page + 1, pages=pages), ""]
    if not shown:
        lines.append(t("signup-closed"))
        if found.navigator_url:
            lines.append(t("signup-navigator", url=html.quote(found.navigator_url)))
    else:
        lines.append(t("signup-pick-programme"))
        for n, p in enumerate(chunk, start=first):
            lines.append(t(
                "signup-programme-line", n=n, title=html.quote(p.title(t.locale)),
                level=p.level, min=p.age_min, max=p.age_max,
                interview="yes" if p.admission == "interview" else "no",
            ))
    markup = pick_keyboard(t, "p", [p.id for p in chunk], page, pages,
                           (t("btn-tt-back"), QuantumCard(code=quantum.code, back="c0")))
    return "\n".join(lines), markup


def group_label_args(
    t: T, n: int, group: Group, programme: Programme, day: date
) -> dict[str, Any]:
    """A group's line in the picker: its ages only when narrower than the programme's, and
    whether it is already running (one may still join) or starts later."""
    narrower = (group.age_min, group.age_max) != (programme.age_min, programme.age_max)
    return {
        "n": n, "name": html.quote(group.title(t.locale)),
        "teacher": html.quote(group.teacher or "—"),
        "room": html.quote(group.place(t.locale)) if group.room else "none",
        "start": short_date(group.starts_on, t.locale), "free": group.free,
        "waiting": group.waiting, "running": "yes" if group.starts_on <= day else "no",
        "ages": t("signup-group-ages", min=group.age_min, max=group.age_max)
        if narrower else "none",
    }


async def groups_screen(
    t: T, programme: Programme, openings: Openings, day: date,
    page: int = 0, *, around: int | None = None,
) -> Screen:
    """The programme's running groups, `page` of them or the page with the group `around`;
    under each, its days and times in words (when any group of the list has a timetable)."""
    groups = await openings.groups(programme.id, day)
    if around is not None:
        page = next((i // PAGE_SIZE for i, g in enumerate(groups) if g.id == around), page)
    chunk, page, pages = page_of(groups, page)
    first = page * PAGE_SIZE + 1
    title = html.quote(programme.title(t.locale))
    lines = [t("signup-pick-group", programme=title, page=page + 1, pages=pages), ""]
    if not groups:
        lines.append(t("signup-no-groups"))
    slots = await openings.slots(g.id for g in chunk)
    published = any(slots.values())
    for n, group in enumerate(chunk, start=first):
        lines.append(t("signup-group-line", **group_label_args(t, n, group, programme, day)))
        if published:
            when = slots[group.id]
            lines.append("    " + (html.quote(slots_in_words(when, t.locale)) if when
                                   else t("tt-not-published")))
    markup = pick_keyboard(t, "g", [g.id for g in chunk], page, pages,
                           (t("btn-signup-programmes"), SignupPage(kind="p", page=0)))
    return "\n".join(lines), markup


def who_screen(t: T) -> Screen:
    builder = Buttons()
    builder.button(text=t("btn-who-parent"), callback_data=SignupWho(relation="parent"))
    builder.button(text=t("btn-who-child"), callback_data=SignupWho(relation="child"))
    builder.adjust(2)
    return t("signup-who"), builder.as_markup()


def grade_screen(t: T, relation: str) -> Screen:
    builder = Buttons()
    for grade in range(1, 12):
        builder.button(text=str(grade), callback_data=SignupGrade(grade=grade))
    builder.adjust(4, 4, 3)
    return t("signup-ask-grade", relation=relation), builder.as_markup()


def phone_keyboard(t: T) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=t("btn-share-phone"), request_contact=True)]],
        resize_keyboard=True, one_time_keyboard=True,
    )


def consent_screen(t: T, relation: str) -> Screen:
    """The current consent text of the wording for who fills the form: a pupil of 14+ reads
    it for themself, anyone else for their child."""
    text = consent_texts.current(consent_texts.wording_for(relation))
    builder = Buttons()
    builder.button(text=t("btn-consent-photo"), callback_data=SignupConsent(choice="photo"))
    builder.button(text=t("btn-consent-no-photo"),
                   callback_data=SignupConsent(choice="nophoto"))
    builder.button(text=t("btn-consent-refuse"), callback_data=SignupConsent(choice="refuse"))
    builder.adjust(2, 1)
    return consent_body(t, text), builder.as_markup()


async def summary_screen(
    t: T, data: dict[str, Any], openings: Openings, day: date, *,
    parent_asked: bool = False,
) -> Screen:
    """The application as it stands, with ✏️ for what may be changed. `parent_asked`: a
    young pupil's parent is in the family and will be asked for consent in the bot."""
    group = await openings.group(int(data["group"]))
    programme = await openings.programme(group.programme_id) if group else None
    assert group is not None and programme is not None
    born = date.fromisoformat(data["birth"])
    consent = data.get("consent") or ("asked" if parent_asked else "parent")
    text = t(
        "signup-summary", programme=html.quote(programme.title(t.locale)),
        group=html.quote(group.title(t.locale)), relation=data["relation"],
        name=html.quote(data["name"]), birth=born.strftime("%d.%m.%Y"),
        age=age_on(born, day), school=html.quote(data["school"]),
        grade=data["grade"], phone=data["phone"], consent=consent,
        full="yes" if group.free == 0 else "no",
    )
    builder = Buttons()
    fields = editable(data)
    for field in fields:
        builder.button(text=t(f"btn-edit-{field}"), callback_data=SignupEdit(field=field))
    builder.button(text=t("btn-submit"), callback_data=SignupEdit(field="submit"))
    builder.button(text=t("btn-cancel-form"), callback_data=SignupEdit(field="cancel"))
    builder.adjust(*[2] * (len(fields) // 2), *[1] * (len(fields) % 2), 1, 1)
    return text, builder.as_markup()


def same_child_screen(t: T, child: Child, relation: str) -> Screen:
    """The family has a child with this birth date and a similar name: the same one?"""
    builder = Buttons()
    builder.button(text=t("btn-same-child", relation=relation),
                   callback_data=SignupSame(child=child.id, same=True))
    builder.button(text=t("btn-other-child", relation=relation),
                   callback_data=SignupSame(child=child.id, same=False))
    builder.adjust(1)
    text = t("signup-same-child", relation=relation, name=html.quote(child.name),
             birth=child.birth_date.strftime("%d.%m.%Y"))
    return text, builder.as_markup()


def misfit_screen(t: T, group: Group, age: int, name: str, day: date) -> Screen:
    """The child's age does not fit the group: another group, or type the date again."""
    builder = Buttons()
    builder.button(text=t("btn-other-group"), callback_data=SignupEdit(field="group"))
    text = t("form-age-misfit", min=group.age_min, max=group.age_max,
             name=html.quote(name), age=age, started="yes" if group.starts_on <= day else "no")
    return text, builder.as_markup()


def stale_screen(t: T) -> Screen:
    """The form a button belonged to is gone: say so, and the way home."""
    builder = Buttons()
    home_button(builder, t)
    return t("signup-stale"), builder.as_markup()


def done_screen(t: T, text: str, relation: str) -> Screen:
    """After sending: the family's page (or the pupil's applications) and home."""
    builder = Buttons()
    mine = "btn-my-applications" if relation == "child" else "btn-children"
    builder.button(text=t(mine), callback_data=FamilyAction(action="list"))
    home_button(builder, t)
    builder.adjust(2)
    return text, builder.as_markup()
