"""«Мои дети»: a family's children and applications, invites, seat offers, joining by an invite
(consent is in handlers.consent), /mydata and /forget."""

from __future__ import annotations

from typing import Literal

from aiogram import Bot, F, Router, html
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.fsm_storage import SQLiteStorage
from bot.i18n import T, Texts, voice
from bot.services import enrolment_rules
from bot.services.dates import age_on
from bot.services.enrolment_rules import verdict
from bot.services.notices import TextNotices
from bot.services.staff_roles import FAMILY_FORMS
from bot.ui.callbacks import ChildIsMe, ConsentRenew, FamilyAction, JoinAs, Nav, OfferAnswer
from bot.ui.keyboards import Buttons, Screen, home_button
from handlers import consent
from handlers.common import invite_link, send, show
from handlers.consent import onward
from handlers.menu import home_screen
from storage import personal
from storage.enrolments import ACTIVE, EnrolmentRepo
from storage.families import FamilyRepo, Forgotten
from storage.family_data import dumps
from storage.users import User, UserRepo


async def children_screen(
    t: T, user: User, families: FamilyRepo, enrolments: EnrolmentRepo,
    notices: TextNotices,
) -> Screen:
    builder = Buttons()
    lines = [t("children-title"), ""]
    member = await enrolment_rules.membership(families, user.id)
    if member is None:
        lines.append(t("children-none"))
    else:
        applications = await enrolments.family_enrolments(member.family_id)
        for child in await families.children(member.family_id):
            lines.append(t("children-child", name=html.quote(child.name),
                           age=age_on(child.birth_date, notices.today())))
            for e in (e for e in applications if e.child_id == child.id):
                lines.append(t(
                    "children-enrolment", programme=html.quote(e.programme_title(t.locale)),
                    group=html.quote(e.group_name), status=e.status,
                    position=e.position or 0, until=notices.until(e, t.locale),
                ))
                if e.status == "rejected" and e.reason:
                    lines.append("  " + t("children-reason", reason=html.quote(e.reason)))
                # a child's own account: its own applications only (a confirmed place of
                # its own leads to «ask a parent»)
                if e.status in ACTIVE and verdict(member, e.child_id, e.status) != "not-yours":
                    label = t("btn-cancel-enrolment", name=child.name.split()[-1])[:24]
                    builder.button(text=label,
                                   callback_data=FamilyAction(action="ask-cancel", id=e.id))
            lines.append("")
        builder.button(text=t("btn-invite"), callback_data=FamilyAction(action="invite"))
        builder.button(text=t("btn-consent-state"),
                       callback_data=ConsentRenew(child=0, choice="list"))
    home_button(builder, t)
    builder.adjust(1)
    return "\n".join(lines).rstrip(), builder.as_markup()


async def children_command(
    message: Message, t: T, user: User, families: FamilyRepo, enrolments: EnrolmentRepo,
    notices: TextNotices,
) -> None:
    await send(message, await children_screen(t, user, families, enrolments, notices))


async def open_children(
    query: CallbackQuery, t: T, user: User, families: FamilyRepo, enrolments: EnrolmentRepo,
    notices: TextNotices,
) -> None:
    """«Мои дети», and where an action on it finds nothing to act on."""
    await show(query, await children_screen(t, user, families, enrolments, notices))


async def invite(
    query: CallbackQuery, t: T, user: User, families: FamilyRepo, enrolments: EnrolmentRepo,
    notices: TextNotices, bot: Bot,
) -> None:
    family_id = await families.family_id(user.id)
    if family_id is None:
        await open_children(query, t, user, families, enrolments, notices)
        return
    code = await families.invite_code(family_id)
    await show(query, onward(t, t("children-invite", link=await invite_link(bot, code),
                                  code=code)))


def refused(t: T, said: str) -> Screen | None:
    """What a child's account is told when an application is not theirs to change."""
    if said == "not-yours":
        return onward(t, t("children-not-yours"))
    if said == "ask-parent":
        return onward(t, t("children-ask-parent"))
    return None


async def ask_cancel(
    query: CallbackQuery, callback_data: FamilyAction, t: T, user: User, families: FamilyRepo,
    enrolments: EnrolmentRepo, notices: TextNotices,
) -> None:
    seen = await enrolment_rules.check(families, user.id, callback_data.id)
    view, screen = seen.view, refused(t, seen.verdict)
    if screen is not None or view is None or seen.verdict != "ok":
        await show(query, screen or await children_screen(t, user, families, enrolments,
                                                           notices))
        return
    builder = Buttons()
    builder.button(text=t("btn-yes-cancel"),
                   callback_data=FamilyAction(action="cancel", id=view.id))
    builder.button(text=t("btn-no"), callback_data=FamilyAction(action="list"))
    builder.adjust(2)
    text = t("children-cancel-confirm", name=html.quote(view.child_name),
             programme=html.quote(view.programme_title(t.locale)))
    await show(query, (text, builder.as_markup()))


async def cancel(
    query: CallbackQuery, callback_data: FamilyAction, t: T, user: User, families: FamilyRepo,
    enrolments: EnrolmentRepo, notices: TextNotices, callback_answer: CallbackAnswer,
) -> None:
    done = await enrolment_rules.cancel(families, user.id, callback_data.id)
    screen = refused(t, done.verdict)
    if screen is not None:
        await show(query, screen)
        return
    if done.verdict == "ok":
        callback_answer.text = t("children-cancelled")
    await open_children(query, t, user, families, enrolments, notices)


async def forget(
    query: CallbackQuery, state: FSMContext, t: T, user: User, families: FamilyRepo,
    users: UserRepo,
) -> None:
    """/forget confirmed: the family erased, or the child's own account gone from it; or,
    for someone with no family, their own data (questions, quiz results, subscriptions,
    reminder settings, half-filled forms)."""
    done = await families.forget(user.id)
    if done is None and await personal.has_own(families.db, user.id, FAMILY_FORMS):
        await personal.forget_own(families.db, user.id)
        done = Forgotten("own", [user.id])
    for member in done.members if done else []:
        # what this process holds of them in memory goes too
        users.forget(member)
        if isinstance(state.storage, SQLiteStorage):
            state.storage.forget_user(member)
    await state.clear()
    key = "forget-none" if done is None else {
        "left": "forget-left", "own": "forget-own-done"}.get(done.outcome, "forget-done")
    await show(query, home(t, t(key)))


def home(t: T, text: str) -> Screen:
    builder = Buttons()
    home_button(builder, t)
    return text, builder.as_markup()


async def offer_answer(
    query: CallbackQuery, callback_data: OfferAnswer, t: T, user: User, families: FamilyRepo,
    enrolments: EnrolmentRepo, callback_answer: CallbackAnswer,
) -> None:
    done = await enrolment_rules.answer_offer(families, user.id, callback_data.id,
                                              callback_data.accept)
    screen = refused(t, done.verdict)
    if screen is not None:
        await show(query, screen)
        return
    if done.verdict != "ok":
        text = t("offer-gone")
    else:
        text = t("offer-accepted" if callback_data.accept else "offer-declined")
    callback_answer.text = text
    await show(query, onward(t, text))


async def join_family(
    message: Message, code: str, t: T, user: User, users: UserRepo, families: FamilyRepo,
    enrolments: EnrolmentRepo, notices: TextNotices,
) -> None:
    """/start fam_<code>: the second parent or the child's own account joins. Someone new is
    asked first which of the two they are: the invite is also sent to children, and a child
    must never join as a parent (a parent consents and may erase the family)."""
    code = code[:32]
    if await already_in(message, code, t, user, families):
        return
    if user.family_role is None and await families.family_of_invite(code) is not None:
        builder = Buttons()
        builder.button(text=t("btn-role-parent"),
                       callback_data=JoinAs(code=code, relation="parent"))
        builder.button(text=t("btn-role-pupil"), callback_data=JoinAs(code=code, relation="child"))
        builder.adjust(2)
        await send(message, (t("join-who"), builder.as_markup()))
        return
    relation: Literal["parent", "child"] = "child" if user.family_role == "pupil" else "parent"
    await join(message, code, relation, t, user, families, enrolments, notices)


async def join_as(
    query: CallbackQuery, callback_data: JoinAs, user: User, users: UserRepo,
    families: FamilyRepo, enrolments: EnrolmentRepo, notices: TextNotices, texts: Texts,
) -> None:
    relation: Literal["parent", "child"] = (
        "child" if callback_data.relation == "child" else "parent"
    )
    if user.family_role is None:
        user = await users.set_family_role(
            user.id, "pupil" if relation == "child" else "parent") or user
    elif relation != ("child" if user.family_role == "pupil" else "parent"):
        relation = "child" if user.family_role == "pupil" else "parent"  # chosen before: it stands
    t = texts.bind(user.language, you=voice(user.family_role))
    await join(query, callback_data.code, relation, t, user, families, enrolments, notices)


async def already_in(
    event: Message | CallbackQuery, code: str, t: T, user: User, families: FamilyRepo
) -> bool:
    """An invite opened by a member of that family: say so, with the menu (True)."""
    member = await families.member(user.id)
    if member is None or member[0] != await families.family_of_invite(code):
        return False
    # the place held in the family decides the voice: a child's own account is «ты»
    t = t.texts.bind(user.language, you="ty" if member[1] == "child" else "vy")
    await send(event, home_screen(t, user, note=t("join-already")))
    return True


async def join(
    event: Message | CallbackQuery, code: str, relation: Literal["parent", "child"], t: T,
    user: User, families: FamilyRepo, enrolments: EnrolmentRepo, notices: TextNotices,
) -> None:
    if await already_in(event, code, t, user, families):
        return
    joined = await families.join(user.id, code, relation)
    if joined is None:
        known = await families.family_id(user.id)
        await send(event, home(t, t("join-other-family" if known else "join-unknown")))
        return
    await send(event, (t("join-done"), None))
    family_id, held = joined
    if held == "child":
        unlinked = await families.unlinked_children(user.id)
        if len(unlinked) > 1:
            # which child this account is decides whose lessons and notices it gets
            builder = Buttons()
            for child in unlinked[:8]:
                builder.button(text=child.name[:24], callback_data=ChildIsMe(child=child.id))
            builder.button(text=t("btn-none-of-them"), callback_data=ChildIsMe(child=0))
            builder.adjust(1)
            await send(event, (t("join-which-child"), builder.as_markup()))
            return
    # the relation recorded in the family decides, not the role picked in the settings: a
    # pupil who calls themself a parent does not consent for their own application
    waiting = await enrolments.waiting_for_consent(family_id) if held == "parent" else []
    waiting = [view for view in waiting if not await families.is_own_child(user.id, view.child_id)]
    for view in waiting:
        await send(event, consent.invite_screen(t, view))
    if not waiting:
        await send(event, await children_screen(t, user, families, enrolments, notices))


async def child_is_me(
    query: CallbackQuery, callback_data: ChildIsMe, t: T, user: User, families: FamilyRepo,
    enrolments: EnrolmentRepo, notices: TextNotices, callback_answer: CallbackAnswer,
) -> None:
    """A child's account picks its own name among the family's children (a forged or stale
    choice links nothing)."""
    if callback_data.child and await families.link_child(user.id, callback_data.child):
        callback_answer.text = t("child-linked")
    await show(query, await children_screen(t, user, families, enrolments, notices))


async def mydata(message: Message, t: T, user: User, families: FamilyRepo, bot: Bot) -> None:
    family_id = await families.family_id(user.id)
    caption = "mydata-caption"
    if family_id is None:
        # no family: what there is of the person alone
        own = await personal.export_own(families.db, user.id, FAMILY_FORMS)
        if own is None:
            await send(message, home(t, t("mydata-none")))
            return
        data, caption = own, "mydata-own-caption"
    else:
        data = await families.export(family_id, FAMILY_FORMS)
    document = BufferedInputFile(dumps(data), filename="kvantorium-family-data.json")
    await bot.send_document(user.id, document, caption=t(caption))


async def forget_command(message: Message, t: T, user: User, families: FamilyRepo) -> None:
    scope = await families.forget_scope(user.id)
    if scope is None:
        if not await personal.has_own(families.db, user.id, FAMILY_FORMS):
            await send(message, home(t, t("forget-none")))
            return
        builder = Buttons()
        builder.button(text=t("btn-forget-own-yes"), callback_data=FamilyAction(action="forget"))
        builder.button(text=t("btn-no"), callback_data=Nav(to="home"))
        builder.adjust(1)
        await send(message, (t("forget-own-ask"), builder.as_markup()))
        return
    builder = Buttons()
    yes = "btn-forget-yes" if scope == "family" else "btn-leave-yes"
    builder.button(text=t(yes), callback_data=FamilyAction(action="forget"))
    builder.button(text=t("btn-no"), callback_data=Nav(to="home"))
    builder.adjust(1)
    await send(message, (t("forget-ask" if scope == "family" else "leave-ask"),
                         builder.as_markup()))


def router() -> Router:
    r = Router(name="family")
    r.message.register(children_command, Command("children"))
    r.message.register(mydata, Command("mydata"))
    r.message.register(forget_command, Command("forget"))
    r.callback_query.register(invite, FamilyAction.filter(F.action == "invite"))
    r.callback_query.register(ask_cancel, FamilyAction.filter(F.action == "ask-cancel"))
    r.callback_query.register(cancel, FamilyAction.filter(F.action == "cancel"))
    r.callback_query.register(forget, FamilyAction.filter(F.action == "forget"))
    r.callback_query.register(open_children, FamilyAction.filter())
    r.callback_query.register(open_children, Nav.filter(F.to == "children"))
    r.callback_query.register(offer_answer, OfferAnswer.filter())
    r.callback_query.register(join_as, JoinAs.filter())
    r.callback_query.register(child_is_me, ChildIsMe.filter())
    return r
