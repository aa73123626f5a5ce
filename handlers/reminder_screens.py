"""What «🔔 Напоминания» shows: pure functions from a person's standing
(bot.services.reminder_settings) to `(text, keyboard)`.

Most texts and buttons on these screens are a function of a few small values (the reader's
language and voice, the evening's time, a child's id, the lead times chosen, quiet hours on or
off), so each is made once per reader and kept (`Parts`): a press draws its screen from kept
pieces, and only the lines about the person's own children and next reminder are put
together each time (they too partly from kept pieces). The texts do not change while the bot
runs; the pieces are kept boundedly, as `ScreenCache` keeps whole screens. A child's name is
never kept: a text that names a child is kept with a stand-in, the name put in each time.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import datetime, time
from zoneinfo import ZoneInfo

from aiogram import html
from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import T
from bot.services import dates
from bot.services import reminder_preview as preview
from bot.services.reminder_preview import Upcoming
from bot.services.reminder_settings import Standing
from bot.ui.callbacks import Nav, ReminderMenu
from bot.ui.callbacks_rollcall import RollQuiet
from bot.ui.keyboards import Screen, button_label
from storage.reminders import LEADS, Prefs, RemindedChild

NAME = "\x00name\x00"  # where a child's name goes in a text kept
PIECES_KEPT = 4096  # texts and buttons kept per reader (a child's buttons count: ~12)
READERS_KEPT = 64  # readers (texts, language, voice, evening time) whose pieces are kept

Row = list[InlineKeyboardButton]


class Parts:
    """The texts and buttons of the reminder screens for one reader and evening time, each
    made the first time it is asked for. Past PIECES_KEPT it starts afresh."""

    def __init__(self, t: T, evening_at: time) -> None:
        self.t = t
        self.evening = f"{evening_at:%H:%M}"
        self._kept: dict[Hashable, object] = {}

    def _get(self, key: Hashable, make: Callable[[], object]) -> object:
        found = self._kept.get(key)
        if found is None:
            if len(self._kept) >= PIECES_KEPT:
                self._kept.clear()
            found = self._kept[key] = make()
        return found

    def text(self, key: str, **kwargs: str | int) -> str:
        """`t(key, **kwargs)`, made once."""
        made = self._get(("text", key, *sorted(kwargs.items())),
                         lambda: self.t(key, **kwargs))
        assert isinstance(made, str)
        return made

    def named(self, key: str, name: str, **kwargs: str | int) -> str:
        """`t(key, name=name, **kwargs)`: the text made once with a stand-in for the name,
        the name put in each time (names are not kept)."""
        return self.text(key, name=NAME, **kwargs).replace(NAME, name)

    def lines(self, key: Hashable, make: Callable[[], list[str]]) -> list[str]:
        """Lines that depend only on `key` (and the reader), made once."""
        made = self._get(("lines", key), make)
        assert isinstance(made, list)
        return made

    def button(self, key: Hashable, text: Callable[[], str],
               data: Callable[[], CallbackData]) -> InlineKeyboardButton:
        """The button `key` stands for, made once (buttons are immutable)."""
        made = self._get(("button", key), lambda: InlineKeyboardButton(
            text=text(), callback_data=data().pack()))
        assert isinstance(made, InlineKeyboardButton)
        return made

    # ---- the buttons ---------------------------------------------------------------------

    def lead(self, child_id: int, lead: str, ticked: bool) -> InlineKeyboardButton:
        """A lead time's toggle for a child, ✅ when chosen."""
        def label() -> str:
            mark = "✅" if ticked else "▫️"
            return button_label(f"{mark} {self.text(f'btn-rset-{lead}', time=self.evening)}")
        return self.button(("lead", child_id, lead, ticked), label,
                           lambda: ReminderMenu(action="lead", child=child_id, lead=lead))

    def absent(self, child_id: int, on: bool) -> InlineKeyboardButton:
        """«🔔 Нет на занятии: вкл/выкл»: the roll call's notice of this child."""
        return self.button(("absent", child_id, on),
                           lambda: self.text("btn-rc-quiet", on="yes" if on else "no"),
                           lambda: RollQuiet(child=child_id))

    def fixed(self, name: str) -> InlineKeyboardButton:
        """A button the same for everyone (`FIXED`)."""
        key, args, data = FIXED[name]
        return self.button(("fixed", name), lambda: self.text(key, **args), data)

    # ---- the lines -----------------------------------------------------------------------

    def leads_in_words(self, leads: tuple[str, ...]) -> str:
        return self.lines(("words", leads), lambda: [preview.leads_in_words(self.t, leads)])[0]

    def quiet_line(self, prefs: Prefs) -> str:
        quiet = prefs.quiet
        if not quiet.on:
            return self.text("rset-quiet-off")
        return self.text("rset-quiet-on", **{"from": f"{quiet.start:%H:%M}",
                                             "until": f"{quiet.end:%H:%M}"})

    def upcoming(self, upcoming: Upcoming | None, names: dict[int, str], now: datetime,
                 zone: ZoneInfo, awaiting: int) -> list[str]:
        """`preview.upcoming_lines`: what names nobody kept by what it says (when, as
        counted from now; the lesson's title and time), the children named each time."""
        if upcoming is None:
            return preview.upcoming_lines(self.t, None, names, now, zone, awaiting=awaiting)
        lesson = upcoming.lesson
        when = dates.until_lesson(now, upcoming.at, upcoming.at, zone)
        key = ("next", when.key, *sorted(when.args.items()), lesson.title(self.t.locale),
               lesson.starts_at, lesson.ends_at, zone.key)
        head, title, at = self.lines(
            key, lambda: list(preview.next_parts(self.t, upcoming, now, zone)))
        named = preview.named_children(upcoming, names)
        if named:
            return [head, self.named("rset-next-for", html.quote(named), title=title, time=at)]
        return [head, self.text("rset-next-lesson", title=title, time=at)]


# the buttons the same for everyone: the text's key and arguments, and the button's data
FIXED: dict[str, tuple[str, dict[str, str], Callable[[], CallbackData]]] = {
    "on": ("btn-rset-on", {}, lambda: ReminderMenu(action="on")),
    "off": ("btn-rset-off", {}, lambda: ReminderMenu(action="off")),
    "quiet-on": ("btn-rset-quiet", {"on": "yes"}, lambda: ReminderMenu(action="quiet")),
    "quiet-off": ("btn-rset-quiet", {"on": "no"}, lambda: ReminderMenu(action="quiet")),
    "back": ("btn-rset-back", {}, lambda: ReminderMenu(action="open")),
    "settings": ("btn-rset-settings", {}, lambda: Nav(to="settings")),
    "catalogue": ("btn-catalogue", {}, lambda: Nav(to="catalogue")),
    "home": ("btn-home", {}, lambda: Nav(to="home")),
}

_readers: dict[tuple[Hashable, ...], Parts] = {}


def parts_of(t: T, evening_at: time) -> Parts:
    """The kept pieces for this reader and evening time."""
    key = (*t.reader, evening_at)
    parts = _readers.get(key)
    if parts is None:
        if len(_readers) >= READERS_KEPT:
            _readers.clear()
        parts = _readers[key] = Parts(t, evening_at)
    return parts


def lead_rows(parts: Parts, child: RemindedChild, leads: Sequence[str]) -> list[Row]:
    """One toggle per lead time: the evening on its own row, then pairs."""
    buttons = [parts.lead(child.id, lead, lead in leads) for lead in LEADS]
    return [buttons[:1], buttons[1:3], buttons[3:5]]


def child_button(parts: Parts, child_id: int, name: str, leads: tuple[str, ...]
                 ) -> InlineKeyboardButton:
    """A child's way to their own screen, with what is chosen for them in short (made each
    time: names are not kept)."""
    short = parts.lines(("short", leads), lambda: [preview.leads_short(parts.t, leads)])[0]
    label = parts.named("btn-rset-child", name, leads=short)
    return InlineKeyboardButton(text=button_label(label), callback_data=ReminderMenu(
        action="child", child=child_id).pack())


def markup(rows: list[Row]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=rows)


# ---- the screens ------------------------------------------------------------------------


def empty_screen(t: T, evening_at: time) -> Screen:
    """No children to hear of: how reminders come about, and the way to the catalogue."""
    parts = parts_of(t, evening_at)
    text = f"{parts.text('rset-title')}\n\n{parts.text('rset-empty')}"
    return text, markup([[parts.fixed("catalogue")],
                         [parts.fixed("settings"), parts.fixed("home")]])


def main_screen(t: T, standing: Standing, *, evening_at: time, now: datetime,
                zone: ZoneInfo) -> Screen:
    """On: what is chosen for each child, the quiet hours, the next reminder, and the
    toggles. Off: that it is off, and the way to turn it on."""
    parts = parts_of(t, evening_at)
    prefs, children = standing.prefs, standing.children
    ways = [parts.fixed("settings"), parts.fixed("home")]
    lines = [parts.text("rset-title"), ""]
    if not prefs.enabled:
        lines.append(parts.text("rset-off"))
        return "\n".join(lines), markup([[parts.fixed("on")], ways])
    names = preview.child_names(children)
    single = children[0] if len(children) == 1 else None
    lines.append(parts.text("rset-hint-toggles" if single else "rset-hint-children"))
    chosen = {child.id: preview.chosen(prefs, child) for child in children}
    for child in children:
        leads = chosen[child.id]
        if child.pupil and single:
            lines.append(parts.text("rset-self", leads=parts.leads_in_words(leads)) if leads
                         else parts.text("rset-self-none"))
        else:
            lines.append(parts.named("rset-child", html.quote(names[child.id]),
                                     leads=parts.leads_in_words(leads)))
    lines.append(parts.quiet_line(prefs))
    lines += ["", *parts.upcoming(standing.upcoming, names, now, zone, standing.awaiting)]
    if single:
        rows = [*lead_rows(parts, single, chosen[single.id]),
                [parts.absent(single.id, single.id not in standing.quiet)]]
    else:
        rows = [[child_button(parts, child.id, names[child.id], chosen[child.id])]
                for child in children]
    rows += [[parts.fixed("quiet-on" if prefs.quiet.on else "quiet-off"), parts.fixed("off")],
             ways]
    return "\n".join(lines), markup(rows)


def child_screen(t: T, standing: Standing, child: RemindedChild, *, evening_at: time
                 ) -> Screen:
    """One child's lead times to tick, what is chosen, and the way back."""
    parts = parts_of(t, evening_at)
    name = preview.child_names(standing.children)[child.id]
    leads = preview.chosen(standing.prefs, child)
    chosen = (parts.text("rset-child-chosen", leads=parts.leads_in_words(leads)) if leads
              else parts.text("rset-child-nothing"))
    text = "\n".join([parts.named("rset-child-title", html.quote(name)), "",
                      parts.text("rset-child-ask"), chosen])
    rows = [*lead_rows(parts, child, leads),
            [parts.absent(child.id, child.id not in standing.quiet)],
            [parts.fixed("back"), parts.fixed("home")]]
    return text, markup(rows)
