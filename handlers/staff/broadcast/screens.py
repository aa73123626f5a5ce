"""The screens of composing a broadcast: the audience and its pickers, the confirmation
under the preview, and the list of recent broadcasts. They read, never write."""

from __future__ import annotations

import math
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup

from bot.i18n import T
from bot.services.broadcast_compose import BroadcastCompose
from bot.services.broadcasting import (
    Places,
    audience_summary,
)
from bot.services.catalogue import Catalogue
from bot.services.dates import weekday_and_time
from bot.ui.callbacks import (
    BcAudience,
    BcEnrolled,
    BcEnrolQuantum,
    BcEnrolToggle,
    BcQuanta,
    BcStep,
    BcToggle,
    Nav,
)
from bot.ui.callbacks_closures import Undelivered
from bot.ui.callbacks_groups import GroupOpen
from bot.ui.keyboards import (
    Buttons,
    Screen,
    button_label,
    clamp_page,
    home_button,
    page_count,
    pager,
)
from storage.audience import Audience

QUANTA_PAGE = 8


ENROLLED_QUANTA_PAGE = 4  # two buttons each: tick the quantum, open its programmes



UNDELIVERED_SHOWN = 6  # «📭 №…» buttons under the list of broadcasts



async def audience_screen(
    t: T, audience: Audience, compose: BroadcastCompose, places: Places
) -> Screen:
    count = await compose.count(audience)
    names = [q.title(t.locale) for c in audience.quanta if (q := places.catalogue.get(c))]
    lines = [
        t("bc-audience-title"), "",
        t("bc-audience-role", role=audience.role or "any"),
        t("bc-audience-language", language=audience.language or "any"),
        t("bc-audience-quanta", quanta=", ".join(names) or t("bc-audience-any-quantum")),
    ]
    if audience.by_enrolment:
        lines.append(t("bc-aud-enrolled", where=places.enrolled(t, audience),
                       members=audience.members or "all",
                       waitlisted="yes" if audience.waitlisted else "no"))
    lines += ["", t("bc-audience-count", count=count)]
    if count == 0:
        lines.append(t("bc-audience-none"))
    return "\n".join(lines), audience_keyboard(t, audience, len(names), count)


def audience_keyboard(
    t: T, audience: Audience, quanta: int, count: int
) -> InlineKeyboardMarkup:
    """Who gets it: role, language, quanta, enrolment; then preview (if anyone) or cancel."""
    builder = Buttons()

    def option(label: str, key: str, value: str, current: str | None) -> None:
        mark = "• " if (current or "") == value else ""
        builder.button(text=f"{mark}{label}", callback_data=BcAudience(key=key, value=value))

    option(t("btn-aud-all"), "r", "", audience.role)
    option(t("btn-aud-pupils"), "r", "pupil", audience.role)
    option(t("btn-aud-parents"), "r", "parent", audience.role)
    option(t("btn-aud-staff"), "r", "staff", audience.role)
    option(t("btn-aud-any-language"), "l", "", audience.language)
    option("RU", "l", "ru", audience.language)
    option("EN", "l", "en", audience.language)
    builder.button(text=t("btn-aud-quanta", count=quanta), callback_data=BcQuanta(page=0))
    builder.button(text=t("btn-aud-enrolled", count=len(audience.enrolled)),
                   callback_data=BcEnrolled(page=0))
    sizes = [2, 2, 3, 2]
    if audience.by_enrolment:
        option(t("btn-aud-members-all"), "m", "", audience.members)
        option(t("btn-aud-members-parents"), "m", "parents", audience.members)
        option(t("btn-aud-members-children"), "m", "children", audience.members)
        option(t("btn-aud-enrolled-now"), "w", "", "1" if audience.waitlisted else None)
        option(t("btn-aud-waitlist"), "w", "1", "1" if audience.waitlisted else None)
        sizes += [3, 2]
    if count:
        builder.button(text=t("btn-bc-preview"), callback_data=BcStep(action="preview"))
    builder.button(text=t("btn-bc-cancel"), callback_data=BcStep(action="cancel"))
    sizes.append(2 if count else 1)
    builder.adjust(*sizes)
    return builder.as_markup()


def quanta_screen(t: T, audience: Audience, catalogue: Catalogue, page: int) -> Screen:
    pages = page_count(len(catalogue.quanta), QUANTA_PAGE)
    page = clamp_page(page, len(catalogue.quanta), QUANTA_PAGE)
    builder = Buttons()
    chunk = catalogue.quanta[page * QUANTA_PAGE : (page + 1) * QUANTA_PAGE]
    for quantum in chunk:
        mark = "✅ " if quantum.code in audience.quanta else ""
        label = button_label(f"{mark}{quantum.text(t.locale).name}")
        builder.button(text=label, callback_data=BcToggle(code=quantum.code, page=page))
    sizes = [2] * math.ceil(len(chunk) / 2)
    nav = pager(builder, t, page, pages, lambda n: BcQuanta(page=n))
    if nav:
        sizes.append(nav)
    builder.button(text=t("btn-aud-clear"), callback_data=BcStep(action="clear"))
    builder.button(text=t("btn-aud-done"), callback_data=BcStep(action="audience"))
    sizes.append(2)
    builder.adjust(*sizes)
    return t("bc-quanta-title"), builder.as_markup()


def enrolled_screen(t: T, audience: Audience, places: Places, page: int) -> Screen:
    """Quanta that have programmes: tick one whole, or open it for its programmes and groups."""
    codes = places.quanta()
    pages_total = page_count(len(codes), ENROLLED_QUANTA_PAGE)
    page = clamp_page(page, len(codes), ENROLLED_QUANTA_PAGE)
    builder = Buttons()
    chunk = codes[page * ENROLLED_QUANTA_PAGE : (page + 1) * ENROLLED_QUANTA_PAGE]
    for code in chunk:
        quantum = places.catalogue.get(code)
        mark = "✅ " if f"q:{code}" in audience.enrolled else ""
        builder.button(text=button_label(mark + (quantum.title(t.locale) if quantum else code)),
                       callback_data=BcEnrolToggle(kind="q", value=code, page=page))
        inside = sum(1 for i in audience.enrolled
                     if not i.startswith("q:") and places.quantum_of(i) == code)
        builder.button(text=t("btn-aud-programmes", count=inside),
                       callback_data=BcEnrolQuantum(code=code, page=0))
    sizes = [2] * len(chunk)
    nav = pager(builder, t, page, pages_total, lambda n: BcEnrolled(page=n))
    if nav:
        sizes.append(nav)
    if audience.enrolled:
        builder.button(text=t("btn-aud-clear"), callback_data=BcStep(action="unenrol"))
    builder.button(text=t("btn-aud-done"), callback_data=BcStep(action="audience"))
    sizes.append(2)
    builder.adjust(*sizes)
    ticked = t("bc-aud-ticked", where=places.enrolled(t, audience))
    text = t("bc-enrolled-quanta") + "\n\n" + ticked
    return text, builder.as_markup()


def enrolled_quantum_screen(
    t: T, audience: Audience, places: Places, code: str, page: int
) -> Screen:
    """One quantum's programmes, each followed by its groups."""
    items: list[tuple[str, str]] = []
    for programme in places.programmes_of(code):
        items.append((f"p:{programme.id}", programme.title(t.locale)))
        items += [(f"g:{g.id}", f"{g.code} · {g.title(t.locale)}")
                  for g in places.groups_of(programme.id)]
    pages_total = page_count(len(items), QUANTA_PAGE)
    page = clamp_page(page, len(items), QUANTA_PAGE)
    builder = Buttons()
    chunk = items[page * QUANTA_PAGE : (page + 1) * QUANTA_PAGE]
    for item, name in chunk:
        mark = "✅ " if item in audience.enrolled else ""
        kind, value = item.split(":", 1)
        builder.button(text=button_label(mark + name),
                       callback_data=BcEnrolToggle(kind=kind, value=value, page=page))
    sizes = [1] * len(chunk)
    nav = pager(builder, t, page, pages_total, lambda n: BcEnrolQuantum(code=code, page=n))
    if nav:
        sizes.append(nav)
    codes = places.quanta()
    back = codes.index(code) // ENROLLED_QUANTA_PAGE if code in codes else 0
    builder.button(text=t("btn-aud-back-quanta"), callback_data=BcEnrolled(page=back))
    builder.button(text=t("btn-aud-done"), callback_data=BcStep(action="audience"))
    sizes.append(2)
    builder.adjust(*sizes)
    text = (
        t("bc-enrolled-quantum", quantum=places.quantum_name(t, code)) + "\n\n"
        + t("bc-aud-ticked", where=places.enrolled(t, audience))
    )
    return text, builder.as_markup()


async def confirm_screen(
    t: T, audience: Audience, compose: BroadcastCompose, places: Places
) -> Screen:
    """Under the preview: how many, to whom in words, and send / change / cancel."""
    count = await compose.count(audience)
    builder = Buttons()
    builder.button(text=t("btn-bc-send", count=count), callback_data=BcStep(action="send"))
    if not audience.fixed:  # a message to one group or event keeps its audience
        builder.button(text=t("btn-bc-audience"), callback_data=BcStep(action="audience"))
    builder.button(text=t("btn-bc-edit"), callback_data=BcStep(action="edit"))
    builder.button(text=t("btn-bc-cancel"), callback_data=BcStep(action="cancel"))
    builder.adjust(1, 3)
    text = t("bc-preview-confirm", count=count, audience=audience_summary(t, audience, places))
    return text, builder.as_markup()


# ---- a message to one group (its audience set from the group's screen) -------------------


def group_write_keyboard(t: T, group: int) -> InlineKeyboardMarkup:
    """Under the question of the group's message: drop it, or back to the group (which
    drops it too)."""
    builder = Buttons()
    builder.button(text=t("btn-bc-cancel"), callback_data=BcStep(action="cancel"))
    builder.button(text=t("btn-gr-back"), callback_data=GroupOpen(group=group))
    builder.adjust(2)
    return builder.as_markup()


def group_ask_screen(t: T, group: int) -> Screen:
    """«✏️ Текст» under the preview of a message to a group: the text again."""
    return t("gr-write-title") + "\n\n" + t("gr-write-ask"), group_write_keyboard(t, group)


def cancelled_screen(t: T, group: int | None) -> Screen:
    """Nothing sent; a message to a group leads back to the group."""
    builder = Buttons()
    if group is not None:
        builder.button(text=t("btn-gr-back"), callback_data=GroupOpen(group=group))
    home_button(builder, t)
    builder.adjust(2)
    return t("bc-cancelled" if group is None else "gr-write-cancelled"), builder.as_markup()


def not_yours_screen(t: T) -> Screen:
    """A message to a group from someone who stopped teaching it while writing: not sent,
    the draft kept (a press on «Отправить» sends it once they teach the group again)."""
    builder = Buttons()
    builder.button(text=t("btn-bc-cancel"), callback_data=BcStep(action="cancel"))
    home_button(builder, t)
    builder.adjust(2)
    return t("gr-write-not-yours"), builder.as_markup()


async def list_screen(t: T, compose: BroadcastCompose, places: Places, zone: ZoneInfo
                      ) -> Screen:
    lines = [t("bc-list-title"), ""]
    recent = await compose.recent()
    if not recent:
        lines.append(t("bc-list-empty"))
    for b, stats in recent:
        lines.append(t(
            "bc-list-line", id=b.id, when=weekday_and_time(b.created_at, zone, t.locale),
            audience=audience_summary(t, b.audience, places), state=b.status,
            sent=stats.sent, total=stats.total, blocked=stats.blocked, failed=stats.failed,
            unreached=stats.unreached,
        ))
    builder = Buttons()
    # who each of the latest broadcasts with losses did not reach
    missed = [b.id for b, stats in recent
              if stats.blocked or stats.failed or stats.unreached][:UNDELIVERED_SHOWN]
    for broadcast_id in missed:
        builder.button(text=t("btn-undelivered-broadcast", id=broadcast_id),
                       callback_data=Undelivered(kind="b", id=broadcast_id))
    builder.button(text=t("btn-broadcast"), callback_data=Nav(to="broadcast"))
    home_button(builder, t)
    builder.adjust(*([3] * (len(missed) // 3)), *([len(missed) % 3] if len(missed) % 3 else []),
                   2)
    return "\n".join(lines), builder.as_markup()
