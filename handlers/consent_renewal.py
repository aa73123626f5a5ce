"""Consent texts on screen: the current text of a wording; a newer version put to a family
once, at their next visit (`AskAtVisit`), and answered there or later from «Мои дети» →
«📝 Согласие на обработку», which shows the consents in force."""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router, html
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, TelegramObject, Update

from bot.i18n import T
from bot.services import consent_texts as registry
from bot.services import dates
from bot.services.consents import ChildConsent, Consents, Renewal
from bot.settings import Settings
from bot.ui.callbacks import ConsentRenew, FamilyAction
from bot.ui.keyboards import Buttons, Screen, button_label, home_button
from handlers.flow import Flow
from storage.users import User

log = logging.getLogger(__name__)

ANSWERS = ("photo", "nophoto", "yes", "no")


def consent_body(t: T, text: registry.ConsentText) -> str:
    """The full text of a version, with its version in the heading."""
    assert text.text_key is not None  # a current text is always shown
    return t(text.text_key, version=text.version)


def changes_of(t: T, renewal: Renewal) -> str:
    """What the newer version covers that the standing one did not, and its own note."""
    items = [
        t(key) for scope in registry.added_scope(renewal.wording, renewal.standing.text_version)
        if t.texts.has(t.locale, key := f"consent-scope-{scope}")
    ]
    if renewal.new.changes_key is not None:
        items.append(t(renewal.new.changes_key))
    return "; ".join(items) or t("consent-changes-wording")


def renewal_text(t: T, renewal: Renewal, zone: ZoneInfo) -> str:
    standing = renewal.standing
    head = t("consent-renew", name=html.quote(standing.child_name), old=standing.text_version,
             date=dates.full_date(standing.given_at.astimezone(zone).date(), t.locale),
             changes=changes_of(t, renewal))
    return f"{head}\n{t('consent-renew-meanwhile')}\n\n{consent_body(t, renewal.new)}"


def answer_buttons(builder: Buttons, t: T, renewal: Renewal) -> list[int]:
    """Yes (with or without photos, when the version covers photos) or no; the row sizes."""
    child = renewal.child_id
    if registry.PHOTOS in renewal.new.scope:
        builder.button(text=t("btn-consent-renew-photo"),
                       callback_data=ConsentRenew(child=child, choice="photo"))
        builder.button(text=t("btn-consent-renew-no-photo"),
                       callback_data=ConsentRenew(child=child, choice="nophoto"))
        builder.button(text=t("btn-consent-renew-no"),
                       callback_data=ConsentRenew(child=child, choice="no"))
        return [2, 1]
    builder.button(text=t("btn-consent-renew-yes"),
                   callback_data=ConsentRenew(child=child, choice="yes"))
    builder.button(text=t("btn-consent-renew-no"),
                   callback_data=ConsentRenew(child=child, choice="no"))
    return [2]


def asked_screen(t: T, renewal: Renewal, zone: ZoneInfo) -> Screen:
    """The newer version as it is put to the family at their visit, once."""
    builder = Buttons()
    builder.adjust(*answer_buttons(builder, t, renewal))
    return f"{renewal_text(t, renewal, zone)}\n\n{t('consent-renew-once')}", builder.as_markup()


def way_on(builder: Buttons, t: T, user: User) -> None:
    """The family's page and home."""
    key = "btn-my-applications" if user.family_role == "pupil" else "btn-children"
    builder.button(text=t(key), callback_data=FamilyAction(action="list"))
    home_button(builder, t)


def state_screen(
    t: T, user: User, lines: list[ChildConsent], zone: ZoneInfo, note: str | None = None
) -> Screen:
    """The consents in force for the family's children, the newer versions and who answers
    them. A single one this member answers is shown in full with its buttons; several get a
    button each."""
    builder = Buttons()
    text = [t("consent-state-title"), ""]
    if not lines:
        text.append(t("consent-state-none"))
    for line in lines:
        standing = line.standing
        text.append(t(
            "consent-state-child", name=html.quote(standing.child_name),
            version=standing.text_version, photo="yes" if standing.photo else "no",
            date=dates.full_date(standing.given_at.astimezone(zone).date(), t.locale),
        ))
        if line.renewal is not None:
            who = "me" if line.mine else ("pupil" if line.renewal.wording == "self" else "parent")
            text.append(t("consent-state-new", version=line.renewal.new.version, who=who,
                          refused="yes" if line.refused else "no"))
    mine = [line.renewal for line in lines if line.mine and line.renewal is not None]
    sizes: list[int] = []
    if len(mine) == 1:
        text += ["", renewal_text(t, mine[0], zone)]
        sizes = answer_buttons(builder, t, mine[0])
    else:
        for renewal in mine:
            label = button_label(t("btn-consent-open", name=renewal.standing.child_name))
            builder.button(text=label,
                           callback_data=ConsentRenew(child=renewal.child_id, choice="open"))
            sizes.append(1)
    way_on(builder, t, user)
    builder.adjust(*sizes, 2)
    body = "\n".join(text)
    return (f"{note}\n\n{body}" if note else body), builder.as_markup()


async def open_state(query: CallbackQuery, flow: Flow) -> None:
    lines = await flow.services.consents.of_member(flow.user.id, flow.today)
    await flow.show(state_screen(flow.t, flow.user, lines, flow.zone))


async def open_renewal(query: CallbackQuery, callback_data: ConsentRenew, flow: Flow) -> None:
    t, user, consents = flow.t, flow.user, flow.services.consents
    renewal = await consents.renewal(user.id, callback_data.child, flow.today)
    if renewal is None:
        lines = await consents.of_member(user.id, flow.today)
        await flow.show(state_screen(t, user, lines, flow.zone, t("consent-renew-gone")))
        return
    builder = Buttons()
    sizes = answer_buttons(builder, t, renewal)
    builder.button(text=t("btn-consent-state"),
                   callback_data=ConsentRenew(child=0, choice="list"))
    builder.adjust(*sizes, 1)
    await flow.show((renewal_text(t, renewal, flow.zone), builder.as_markup()))


async def answer(query: CallbackQuery, callback_data: ConsentRenew, flow: Flow) -> None:
    """✅ or ✖️ under a newer version. A forged child, someone else's, or an answer already
    given shows the consents as they stand."""
    t, user, consents = flow.t, flow.user, flow.services.consents
    result = await consents.answer(
        user.id, callback_data.child, accept=callback_data.choice != "no",
        photo=callback_data.choice == "photo", today=flow.today,
    )
    if result.outcome in ("accepted", "refused"):
        text = (
            t("consent-renew-accepted", version=result.version) if result.outcome == "accepted"
            else t("consent-renew-refused", old=result.version)
        )
        builder = Buttons()  # the screen says it: no toast repeating it
        builder.button(text=t("btn-consent-state"),
                       callback_data=ConsentRenew(child=0, choice="list"))
        way_on(builder, t, user)
        builder.adjust(1, 2)
        await flow.show((text, builder.as_markup()))
        return
    note = t("consent-renew-current" if result.outcome == "current" else "consent-renew-gone")
    lines = await consents.of_member(user.id, flow.today)
    await flow.show(state_screen(t, user, lines, flow.zone, note))


class AskAtVisit:
    """A newer version of the consent text is put to a family once, at the next visit (a
    message or a press) of a member who answers it, after the visit's own answer; never in
    the middle of a form or another open question (the next visit without one, then). The
    visit itself is never held up by it: a failure here is logged and the question is put
    again another time. The dispatcher's Pipeline (bot/middlewares.py) calls it once the
    visit's handlers are done."""

    def __init__(self, consents: Consents, settings: Settings) -> None:
        self.consents = consents
        self.settings = settings
        # the consent texts' histories whether any version asks again was worked out for: the
        # same histories (a release changes them at start only), the same answer
        self._histories: tuple[object, ...] | None = None
        self._outdated = False

    def due(self, user_id: int, event: TelegramObject) -> bool:
        """Cheap: could this update of this person be a visit with a newer version to put to
        them? Never while no version asks again."""
        histories = tuple(registry.HISTORY.values())
        if histories != self._histories:  # the same tuples: equal at once
            self._histories = histories
            self._outdated = bool(registry.outdated_versions())
        return self._outdated and self.consents.may_be_due(user_id) and visit(event)

    async def __call__(self, user: User, data: dict[str, Any]) -> None:
        try:
            await self._ask(user, data)
        except Exception:  # noqa: BLE001 - the visit was answered; this waits for another
            log.exception("a new consent version could not be put to user %s", user.id)

    async def _ask(self, user: User, data: dict[str, Any]) -> None:
        state = data.get("state")
        if state is not None and await state.get_state() is not None:
            return
        bot: Bot = data["bot"]
        t: T = data["t"]
        renewals = await self.consents.ask_once(user.id, dates.today(self.settings.zone))
        missed = []
        for renewal in renewals:
            text, markup = asked_screen(t, renewal, self.settings.zone)
            try:
                await bot.send_message(user.id, text, reply_markup=markup)
            except TelegramAPIError as exc:
                log.warning("a new consent version did not reach user %s: %s", user.id, exc)
                missed.append(renewal)
        if missed:
            await self.consents.not_delivered(user.id, missed)


def visit(event: TelegramObject) -> bool:
    """A person's own message in the private chat, or a press other than on a consent
    screen (which shows the newer version already)."""
    if not isinstance(event, Update):
        return False
    if event.message is not None:
        return event.message.chat.type == "private"
    query = event.callback_query
    return query is not None and not (query.data or "").startswith(
        f"{ConsentRenew.__prefix__}{ConsentRenew.__separator__}")


def router() -> Router:
    r = Router(name="consent")
    r.callback_query.register(open_state, ConsentRenew.filter(F.choice == "list"))
    r.callback_query.register(open_renewal, ConsentRenew.filter(F.choice == "open"))
    r.callback_query.register(answer, ConsentRenew.filter(F.choice.in_(ANSWERS)))
    r.callback_query.register(open_state, ConsentRenew.filter())
    return r
