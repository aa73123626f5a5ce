"""«Мои дети»: a family's children and applications, invites, seat offers, joining by an invite
(consent is in handlers.consent), /mydata and /forget."""

from __future__ import annotations

from typing import Literal

from aiogram import F, Router, html
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.fsm_storage import SQLiteStorage
from bot.i18n import T
from bot.services import enrolment_rules
from bot.services.application_status import status_words
from bot.services.dates import age_on
from bot.services.enrolment_rules import verdict
from bot.services.kinship import short_name
from bot.ui.callbacks import ChildIsMe, ConsentRenew, FamilyAction, JoinAs, Nav, OfferAnswer
from bot.ui.keyboards import Buttons, Screen, button_label, home_button
from handlers import consent
from handlers.common import invite_link
from handlers.consent import onward
from handlers.events import answers as event_answers
from handlers.flow import Flow
from handlers.menu import home_screen
from storage.enrolments import ACTIVE


def cancel_label(t: T, child_name: str, group: str, *, own: bool, several: bool) -> str:
    """A cancel button: the child's first name, with the group when the child has several
    applications; a pupil's own account reads the group (not its own name)."""
    first = short_name(child_name)
    if own:
        return button_label(t("btn-cancel-enrolment", name=group))
    if several:
        return button_label(t("btn-cancel-enrolment-group", name=first, group=group))
    return button_label(t("btn-cancel-enrolment", name=first))


async def children_screen(flow: Flow) -> Screen:
    t, services = flow.t, flow.services
    builder = Buttons()
    lines = [t("children-title"), ""]
    member = await services.families.membership(flow.user.id)
    if member is None:
        lines.append(t("children-none"))
    else:
        notices = services.enrolment.notices
        applications = await services.enrolment.family_enrolments(member.family_id)
        for child in await services.families.children(member.family_id):
            lines.append(t("children-child", name=html.quote(child.name),
                           age=age_on(child.birth_date, notices.today())))
            for e in (e for e in applications if e.child_id == child.id):
                status = status_words(t, e.status, flow.zone, position=e.position or 0,
                                      offer_until=e.offer_until)
                lines.append(t(
                    "children-enrolment", programme=html.quote(e.programme_title(t.locale)),
                    group=html.quote(e.group_title(t.locale)), code=e.status, status=status,
                ))
                if e.status == "rejected" and e.reason:
                    lines.append("  " + t("children-reason", reason=html.quote(e.reason)))
                # a child's own account: its own applications only (a confirmed place of
                # its own leads to «ask a parent»)
                if e.status in ACTIVE and verdict(member, e.child_id, e.status) != "not-yours":
                    label = cancel_label(
                        t, child.name, e.group_title(t.locale),
                        own=member.relation != "parent" and child.id == member.own_child,
                        several=sum(a.child_id == child.id and a.status in ACTIVE
                                    for a in applications) > 1)
                    builder.button(text=label,
                                   callback_data=FamilyAction(action="ask-cancel", id=e.id))
            lines.append("")
        builder.button(text=t("btn-invite"), callback_data=FamilyAction(action="invite"))
        builder.button(text=t("btn-consent-state"),
                       callback_data=ConsentRenew(child=0, choice="list"))
    home_button(builder, t)
    builder.adjust(1)
    return "\n".join(lines).rstrip(), builder.as_markup()


async def open_children(event: Message | CallbackQuery, flow: Flow) -> None:
    """/children and «Мои дети», and where an action on it finds nothing to act on."""
    await flow.show(await children_screen(flow))


async def open_children_anew(query: CallbackQuery, flow: Flow) -> None:
    """«Мои дети» under a notice: a new message, so the notice stays as it was."""
    await flow.send(await children_screen(flow))


async def invite(query: CallbackQuery, flow: Flow) -> None:
    t = flow.t
    family_id = await flow.services.families.family_id(flow.user.id)
    if family_id is None:
        await open_children(query, flow)
        return
    code = await flow.services.families.invite_code(family_id)
    await flow.show(onward(t, t("children-invite", link=await invite_link(flow.bot, code),
                                code=code)))


def refused(t: T, said: str) -> Screen | None:
    """What a child's account is told when an application is not theirs to change."""
    if said == "not-yours":
        return onward(t, t("children-not-yours"))
    if said == "ask-parent":
        return onward(t, t("children-ask-parent"))
    return None


async def ask_cancel(query: CallbackQuery, callback_data: FamilyAction, flow: Flow) -> None:
    t = flow.t
    seen = await enrolment_rules.check(flow.services.enrolment, flow.user.id, callback_data.id)
    view, screen = seen.view, refused(t, seen.verdict)
    if screen is not None or view is None or seen.verdict != "ok":
        await flow.show(screen or await children_screen(flow))
        return
    builder = Buttons()
    builder.button(text=t("btn-yes-cancel"),
                   callback_data=FamilyAction(action="cancel", id=view.id))
    builder.button(text=t("btn-keep-application"), callback_data=FamilyAction(action="list"))
    builder.adjust(2)
    text = t("children-cancel-confirm", name=html.quote(view.child_name),
             programme=html.quote(view.programme_title(t.locale)))
    await flow.show((text, builder.as_markup()))


async def cancel(query: CallbackQuery, callback_data: FamilyAction, flow: Flow) -> None:
    done = await enrolment_rules.cancel(flow.services.enrolment, flow.user.id, callback_data.id)
    screen = refused(flow.t, done.verdict)
    if screen is not None:
        await flow.show(screen)
        return
    if done.verdict == "ok":
        flow.toast(flow.t("children-cancelled"))
    await open_children(query, flow)


async def forget(query: CallbackQuery, flow: Flow) -> None:
    """/forget confirmed: the family erased, or the child's own account gone from it; or,
    for someone with no family, their own data (questions, quiz results, subscriptions,
    reminder settings, half-filled forms)."""
    t = flow.t
    done = await flow.services.privacy.forget(flow.user.id)
    for member in done.members if done else []:
        # what this process holds of their conversations in memory goes too
        if isinstance(flow.state.storage, SQLiteStorage):
            flow.state.storage.forget_user(member)
    await flow.state.clear()
    key = "forget-none" if done is None else {
        "left": "forget-left", "own": "forget-own-done"}.get(done.outcome, "forget-done")
    await flow.show(home(t, t(key)))


def home(t: T, text: str) -> Screen:
    builder = Buttons()
    home_button(builder, t)
    return text, builder.as_markup()


async def offer_answer(query: CallbackQuery, callback_data: OfferAnswer, flow: Flow) -> None:
    t = flow.t
    done = await enrolment_rules.answer_offer(flow.services.enrolment, flow.user.id,
                                              callback_data.id, callback_data.accept)
    screen = refused(t, done.verdict)
    if screen is not None:
        await flow.show(screen)
        return
    if done.verdict != "ok":
        text = t("offer-gone")
    else:
        text = t("offer-accepted" if callback_data.accept else "offer-declined")
    await flow.show(onward(t, text))  # the screen says it: no toast repeating it


async def join_family(message: Message, code: str, flow: Flow) -> None:
    """/start fam_<code>: the second parent or the child's own account joins. Someone new is
    asked first which of the two they are: the invite is also sent to children, and a child
    must never join as a parent (a parent consents and may erase the family)."""
    t, user = flow.t, flow.user
    code = code[:32]
    if await already_in(flow, code):
        return
    if user.family_role is None and await flow.services.families.family_of_invite(code):
        builder = Buttons()
        builder.button(text=t("btn-role-parent"),
                       callback_data=JoinAs(code=code, relation="parent"))
        builder.button(text=t("btn-role-pupil"), callback_data=JoinAs(code=code, relation="child"))
        builder.adjust(2)
        await flow.send((t("join-who"), builder.as_markup()))
        return
    relation: Literal["parent", "child"] = "child" if user.family_role == "pupil" else "parent"
    await join(flow, code, relation)


async def join_as(query: CallbackQuery, callback_data: JoinAs, flow: Flow) -> None:
    user = flow.user
    relation: Literal["parent", "child"] = (
        "child" if callback_data.relation == "child" else "parent"
    )
    if user.family_role is None:
        user = await flow.services.families.set_role(
            user.id, "pupil" if relation == "child" else "parent") or user
    elif relation != ("child" if user.family_role == "pupil" else "parent"):
        relation = "child" if user.family_role == "pupil" else "parent"  # chosen before: it stands
    flow.speak_as(user)
    await join(flow, callback_data.code, relation)


async def already_in(flow: Flow, code: str) -> bool:
    """An invite opened by a member of that family: say so, with the menu (True)."""
    families, user = flow.services.families, flow.user
    member = await families.member(user.id)
    if member is None or member[0] != await families.family_of_invite(code):
        return False
    # the place held in the family decides the voice: a child's own account is «ты»
    t = flow.texts.bind(user.language, you="ty" if member[1] == "child" else "vy")
    await flow.send(home_screen(t, user, note=t("join-already")))
    return True


async def join(flow: Flow, code: str, relation: Literal["parent", "child"]) -> None:
    t, user, families = flow.t, flow.user, flow.services.families
    if await already_in(flow, code):
        return
    joined = await families.join(user.id, code, relation)
    if joined is None:
        known = await families.family_id(user.id)
        await flow.send(home(t, t("join-other-family" if known else "join-unknown")))
        return
    await flow.send((t("join-done"), None))
    family_id, held = joined
    if held == "child":
        unlinked = await families.unlinked_children(user.id)
        if len(unlinked) > 1:
            # which child this account is decides whose lessons and notices it gets
            builder = Buttons()
            for child in unlinked[:8]:
                builder.button(text=button_label(child.name),
                               callback_data=ChildIsMe(child=child.id))
            builder.button(text=t("btn-none-of-them"), callback_data=ChildIsMe(child=0))
            builder.adjust(1)
            await flow.send((t("join-which-child"), builder.as_markup()))
            return
    # the relation recorded in the family decides, not the role picked in the settings: a
    # pupil who calls themself a parent does not consent for their own application
    waiting = (await families.waiting_for_consent(user.id, family_id)
               if held == "parent" else [])
    for view in waiting:
        await flow.send(consent.invite_screen(t, view))
    asked = held == "parent" and await event_answers.ask_joined(flow)
    if not waiting and not asked:
        await flow.send(await children_screen(flow))


async def child_is_me(query: CallbackQuery, callback_data: ChildIsMe, flow: Flow) -> None:
    """A child's account picks its own name among the family's children (a forged or stale
    choice links nothing)."""
    if callback_data.child and await flow.services.families.link_child(
        flow.user.id, callback_data.child
    ):
        flow.toast(flow.t("child-linked"))
    await flow.show(await children_screen(flow))


async def mydata(message: Message, flow: Flow) -> None:
    t = flow.t
    found = await flow.services.privacy.mydata(flow.user.id)
    if found is None:
        await flow.send(home(t, t("mydata-none")))
        return
    data, family = found
    document = BufferedInputFile(data, filename="kvantorium-family-data.json")
    await flow.bot.send_document(flow.user.id, document,
                                 caption=t("mydata-caption" if family else "mydata-own-caption"))
    # the file is not where the conversation stops: the menu comes after it
    await flow.send(home_screen(t, flow.user, note=t("mydata-after")))


async def forget_command(message: Message, flow: Flow) -> None:
    t = flow.t
    scope = await flow.services.privacy.forget_scope(flow.user.id)
    if scope is None:
        await flow.send(home(t, t("forget-none")))
        return
    builder = Buttons()
    yes = {"family": "btn-forget-yes", "left": "btn-leave-yes"}.get(scope, "btn-forget-own-yes")
    builder.button(text=t(yes), callback_data=FamilyAction(action="forget"))
    builder.button(text=t("btn-no"), callback_data=Nav(to="home"))
    builder.adjust(1)
    ask = {"family": "forget-ask", "left": "leave-ask"}.get(scope, "forget-own-ask")
    await flow.send((t(ask), builder.as_markup()))


def router() -> Router:
    r = Router(name="family")
    r.message.register(open_children, Command("children"))
    r.message.register(mydata, Command("mydata"))
    r.message.register(forget_command, Command("forget"))
    r.callback_query.register(invite, FamilyAction.filter(F.action == "invite"))
    r.callback_query.register(ask_cancel, FamilyAction.filter(F.action == "ask-cancel"))
    r.callback_query.register(cancel, FamilyAction.filter(F.action == "cancel"))
    r.callback_query.register(forget, FamilyAction.filter(F.action == "forget"))
    r.callback_query.register(open_children_anew, FamilyAction.filter(F.action == "anew"))
    r.callback_query.register(open_children, FamilyAction.filter())
    r.callback_query.register(open_children, Nav.filter(F.to == "children"))
    r.callback_query.register(offer_answer, OfferAnswer.filter())
    r.callback_query.register(join_as, JoinAs.filter())
    r.callback_query.register(child_is_me, ChildIsMe.filter())
    return r
