"""The staff's screens of events, pure functions from data to `(text, keyboard)`: the form's
questions and its preview, and an event's screen (counts, names, feedback, what to do)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import T
from bot.services import dates
from bot.services.catalogue import Catalogue
from bot.services.event_admin import EventView
from bot.ui.callbacks import BcStep
from bot.ui.callbacks_event_admin import (
    EaAct,
    EaCount,
    EaForm,
    EaKind,
    EaPast,
    EaPeople,
    EaQuantum,
)
from bot.ui.callbacks_events import EventList, EventManage
from bot.ui.keyboards import (
    Buttons,
    Screen,
    button_label,
    clamp_page,
    home_button,
    page_count,
    pager,
)
from storage.clock import from_db
from storage.events import KINDS, Event

PAGE = 15
FIELDS = ("kind", "title", "when", "place", "seats", "quanta", "comp", "until", "desc")


def cancel_button(builder: Buttons, t: T) -> None:
    builder.button(text=t("btn-eva-cancel"), callback_data=EaForm(action="cancel"))


def examples(today: date) -> dict[str, str]:
    """Dates for the form's examples: a week from today, so that they are never past."""
    ahead = today + timedelta(days=7)
    return {"example": f"{ahead:%d.%m.%Y}", "short": f"{ahead:%d.%m}"}


def question(t: T, step: str, data: dict[str, Any], catalogue: Catalogue,
             today: date | None = None) -> Screen:
    """The form's question `step`, with its buttons and «✖️ Отмена»; `today` dates the
    examples."""
    builder = Buttons()
    sizes: tuple[int, ...] = (1,)
    if step == "kind":
        for kind in KINDS:
            builder.button(text=t(f"ev-kind-{kind}"), callback_data=EaKind(kind=kind))
        sizes = (2, 2, 1)
    elif step in ("title_en", "description_en"):
        builder.button(text=t("btn-eva-same"), callback_data=EaForm(action="same"))
    elif step == "ages":
        builder.button(text=t("btn-eva-any-age"), callback_data=EaForm(action="any"))
    elif step == "quanta":
        ticked = set(data.get("quanta") or ())
        for q in catalogue.quanta:
            mark = "✅ " if q.code in ticked else ""
            builder.button(text=mark + q.text(t.locale).name, callback_data=EaQuantum(code=q.code))
        builder.button(text=t("btn-eva-done"), callback_data=EaForm(action="done"))
        sizes = (*([2] * (len(catalogue.quanta) // 2)), *([1] * (len(catalogue.quanta) % 2)), 2)
    elif step == "companions":
        for n in range(4):
            builder.button(text=str(n), callback_data=EaCount(n=n))
        sizes = (4, 1)
    elif step in ("until", "description"):
        builder.button(text=t("btn-eva-skip"), callback_data=EaForm(action="skip"))
    cancel_button(builder, t)
    builder.adjust(*sizes)
    example = examples(today or date.today())
    if step == "until" and data.get("starts"):  # the day before the start
        example["example"] = f"{from_db(data['starts']).date() - timedelta(days=1):%d.%m.%Y}"
    return t(f"eva-ask-{step.replace('_', '-')}", **example), builder.as_markup()


def facts(t: T, event: Event | dict[str, Any], zone: ZoneInfo, catalogue: Catalogue,
          bot_name: str = "") -> str:
    """The event's lines as staff check them: kind, when, where, seats, ages, quanta, adults,
    registration until, the poster link (the bot's t.me link when its username is known)."""
    d = draft_fields(event)
    when = dates.event_time(d["starts"], d["ends"], zone, t.locale)
    names = [q.text(t.locale).name for c in d["quanta"] if (q := catalogue.get(c))]
    lines = [
        t(f"ev-kind-{d['kind']}"), t("eva-when", when=html.quote(when)),
        t("eva-place", place=html.quote(d["place"])),
        t("eva-seats", n=d["seats"]),
        t("eva-ages", low=d["age_min"] if d["age_min"] is not None else "none",
          high=d["age_max"] if d["age_max"] is not None else "none"),
        t("eva-quanta", names=html.quote(", ".join(names)) or "none"),
        t("eva-companions", n=d["companions"]),
    ]
    if d["until"] is not None:
        lines.append(t("eva-until", when=html.quote(
            dates.day_and_time(d["until"], zone, t.locale))))
    if d["code"]:
        link = (f"https://t.me/{bot_name}?start=ev_{d['code']}" if bot_name
                else f"ev_{d['code']}")
        lines.append(t("eva-code", link=html.quote(link)))
    return "\n".join(lines)


def draft_fields(event: Event | dict[str, Any]) -> dict[str, Any]:
    if isinstance(event, Event):
        return {"kind": event.kind, "starts": event.starts_at, "ends": event.ends_at,
                "place": event.place, "seats": event.seats, "age_min": event.age_min,
                "age_max": event.age_max, "quanta": event.quanta,
                "companions": event.companions, "until": event.registration_until,
                "code": event.code}
    return {**event, "starts": from_db(event["starts"]), "ends": from_db(event["ends"]),
            "until": from_db(event["until"]) if event.get("until") else None,
            "code": event.get("code", ""), "quanta": event.get("quanta") or ()}


def preview(t: T, data: dict[str, Any], zone: ZoneInfo, catalogue: Catalogue) -> Screen:
    """The event as it will be saved, «✅ Создать» (or «💾 Сохранить»), a button per answer."""
    text = "\n".join([
        t("eva-preview-new" if not data.get("event") else "eva-preview-edit"), "",
        f"<b>{html.quote(data['title_ru'])}</b>", f"<i>{html.quote(data['title_en'])}</i>", "",
        facts(t, data, zone, catalogue),
    ])
    if data.get("description"):
        text += "\n\n" + html.quote(data["description"])
    if data.get("description_en"):
        text += "\n\n<i>" + html.quote(data["description_en"]) + "</i>"
    builder = Buttons()
    builder.button(text=t("btn-eva-save" if data.get("event") else "btn-eva-create"),
                   callback_data=EaForm(action="create"))
    if data.get("event") and data.get("taken", 0) > int(data["seats"]) > 0:
        text += "\n\n" + t("eva-seats-cut", n=data["taken"])
    for field in FIELDS:
        if field == "when" and data.get("ended"):
            continue  # an event over keeps its time
        builder.button(text=t(f"btn-eva-f-{field}"), callback_data=EaForm(action=f"f-{field}"))
    cancel_button(builder, t)
    builder.adjust(1, 2)
    return text, builder.as_markup()


def stars(t: T, average: float) -> str:
    """«3,5» in Russian, «3.5» in English."""
    shown = f"{average:.1f}"
    return shown.replace(".", ",") if t.locale == "ru" else shown


@dataclass(frozen=True, slots=True)
class Reading:
    """What an event's staff screen is read against: the zone, the catalogue, the bot's
    username (the poster link) and now (an event over is neither cancelled nor moved)."""

    zone: ZoneInfo
    catalogue: Catalogue
    bot_name: str = ""
    now: datetime | None = None


def event_screen(t: T, view: EventView, r: Reading, page: int = 0, note: str | None = None
                 ) -> Screen:
    """An event's screen for staff: what it is, how many came and wait, the names with their
    ages (paged), the feedback, and what to do (an event over is neither cancelled nor
    moved)."""
    event, counts, zone = view.event, view.counts, r.zone
    over = r.now is not None and event.ends_at <= r.now
    lines = [t("eva-screen-title", title=html.quote(event.title(t.locale)))]
    if event.status == "cancelled":
        lines.append(t("eva-screen-cancelled"))
    lines += [facts(t, event, zone, r.catalogue, r.bot_name), "",
              t("eva-registered", taken=event.taken, seats=event.seats),
              t("eva-waiting", n=event.waiting),
              t("eva-checked-in", n=counts.came, of=counts.seated),
              t("eva-companions-expected", n=counts.companions)]
    pages = page_count(len(view.people), PAGE)
    page = clamp_page(page, len(view.people), PAGE)
    if view.people:
        lines += ["", t("eva-people", page=page + 1, pages=pages)]
        day = event.starts_at.astimezone(zone).date()
        for number, person in enumerate(view.people[page * PAGE:(page + 1) * PAGE],
                                        start=page * PAGE + 1):
            line = t("eva-person", number=number, name=html.quote(person.name),
                     age=dates.age_on(person.birth_date, day),
                     status=t("eva-status", status=person.status))
            lines.append(line + (" " + t("eva-came") if person.checked_in_at else ""))
    else:
        lines += ["", t("eva-people-none")]
    if view.rated:
        lines += ["", t("eva-stars", stars=stars(t, view.stars or 0), n=view.rated)]
        lines += [t("eva-comment", stars=c.stars, comment=html.quote((c.comment or "")[:300]))
                  for c in view.comments]
    if note:
        lines += ["", note]
    builder = Buttons()
    paged = pager(builder, t, page, pages, lambda p: EaPeople(event=event.id, page=p))
    if event.status == "open":
        builder.button(text=t("btn-eva-write"), callback_data=EaAct(event=event.id,
                                                                    action="write"))
        builder.button(text=t("btn-eva-edit"), callback_data=EaAct(event=event.id,
                                                                   action="edit"))
        if not over:
            builder.button(text=t("btn-eva-cancel-event"),
                           callback_data=EaAct(event=event.id, action="cancel"))
    builder.button(text=t("btn-eva-list"), callback_data=EaAct(event=event.id, action="list"))
    builder.button(text=t("btn-eva-events"), callback_data=EventList())
    builder.button(text=t("btn-eva-past"), callback_data=EaPast())
    builder.adjust(*((paged,) if paged else ()), 1, 2)
    return "\n".join(lines), builder.as_markup()


def past_screen(t: T, events: list[Event], page: int, pages: int, zone: ZoneInfo) -> Screen:
    """The events under way and those ended in the last days, a button to each one's staff
    screen."""
    lines = [t("eva-past-title", page=page + 1, pages=pages)]
    builder = Buttons()
    for event in events:
        when = dates.event_time(event.starts_at, event.ends_at, zone, t.locale)
        lines.append(t("eva-past-line", title=html.quote(event.title(t.locale)),
                       when=html.quote(when), status=event.status))
        builder.button(text=button_label(event.title(t.locale)),
                       callback_data=EventManage(event=event.id))
    if not events:
        lines.append(t("eva-past-none"))
    sizes = [1] * len(events)
    paged = pager(builder, t, page, pages, lambda p: EaPast(page=p))
    if paged:
        sizes.append(paged)
    builder.button(text=t("btn-eva-events"), callback_data=EventList())
    home_button(builder, t)
    builder.adjust(*sizes, 2)
    return "\n\n".join(lines), builder.as_markup()


def cancel_question(t: T, event: Event, registered: int) -> Screen:
    builder = Buttons()
    builder.button(text=t("btn-eva-cancel-yes"), callback_data=EaAct(event=event.id,
                                                                     action="cancel-yes"))
    builder.button(text=t("btn-eva-back"), callback_data=EventManage(event=event.id))
    builder.adjust(1)
    return t("eva-cancel-ask", title=html.quote(event.title(t.locale)), n=registered), (
        builder.as_markup())


def write_question(t: T, event: Event, reach: int, zone: ZoneInfo) -> Screen:
    builder = Buttons()
    builder.button(text=t("btn-bc-cancel"), callback_data=BcStep(action="cancel"))
    builder.button(text=t("btn-eva-back"), callback_data=EventManage(event=event.id))
    builder.adjust(2)
    when = dates.event_time(event.starts_at, event.ends_at, zone, t.locale)
    return "\n".join([t("eva-write-title", title=html.quote(event.title(t.locale)),
                        when=html.quote(when)), "",
                      t("eva-write-reach", n=reach), "", t("eva-write-ask")]), builder.as_markup()


def gone_screen(t: T, text: str) -> Screen:
    builder = Buttons()
    builder.button(text=t("btn-eva-events"), callback_data=EventList())
    home_button(builder, t)
    builder.adjust(2)
    return text, builder.as_markup()
