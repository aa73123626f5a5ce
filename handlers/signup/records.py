"""The records a family already has, in the form: a child's own account signs up as its own
record (not asked again what it holds), a parent picks a child signed up before, and a child
typed with the birth date and a name much like one the family has is asked about before a
second record is made."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery

from bot.services import enrolment_rules, kinship
from bot.services import signup as rules
from bot.ui.callbacks import SignupPick, SignupSame
from handlers.flow import Flow
from handlers.signup import screens
from handlers.signup.form import SignupForm
from handlers.signup.states import Signup
from storage.families import Child
from storage.programmes import Group


async def misfit(form: SignupForm, group: Group, data: dict[str, Any]) -> bool:
    """Tell when the child's age does not fit the group; True if it does not."""
    age = rules.misfit_age(group, date.fromisoformat(data["birth"]), form.today)
    if age is None:
        return False
    await form.send(
        screens.misfit_screen(form.t, group, age, data.get("name", ""), form.today)
    )
    return True


async def begin(form: SignupForm) -> None:
    """The first question once the group and who fills the form are known. A child's own
    account is not asked what its record holds: the grade only when it was given before this
    school year, the phone only if the family has none. Nor is a parent whose family gave its
    phone before."""
    data = await form.data()
    record = await enrolment_rules.own_record(
        form.services.enrolment, form.user.id, form.today
    ) if data.get("relation") == "child" else None
    if record is None:
        if data.get("relation", "parent") == "parent" and "phone" not in data:
            # the family's phone is known from a sign-up before: not asked again (the summary
            # shows it, with «✏️ Телефон»)
            family = await form.family()
            if family is not None and family.phone:
                await form.update(phone=family.phone)
        await form.ask("name")
        return
    child = record.child
    values: dict[str, Any] = {"child": child.id, "own": True, "name": child.name,
                              "birth": child.birth_date.isoformat(), "school": child.school}
    if not record.ask_grade:
        values["grade"] = child.grade
    if record.phone:
        values["phone"] = record.phone
    data = await form.update(**values)
    group = await form.openings.group(int(data.get("group") or 0))
    if group is not None and await misfit(form, group, data):
        # the record's birth date stands: another group (a typed answer shows the list)
        await form.state.set_state(Signup.choosing)
        return
    await form.ask(rules.first_unanswered(data, form.today))


async def family_children(form: SignupForm) -> list[Child]:
    family = await form.family()
    return family.children if family is not None else []


async def pick_known_child(query: CallbackQuery, callback_data: SignupPick, flow: Flow) -> None:
    """A child this family signed up before: their details in one press."""
    form = SignupForm(flow)
    child = next((c for c in await family_children(form) if c.id == callback_data.id), None)
    if child is None:
        await form.ask(await form.current_step(), note=form.t("stale-button"))
        return
    data = await form.update(child=child.id, name=child.name,
                             birth=child.birth_date.isoformat(), school=child.school,
                             grade=child.grade)
    group = await form.openings.group(int(data.get("group") or 0))
    if group is not None and await misfit(form, group, data):
        # another group, or the date typed again (it may have been wrong)
        await form.state.set_state(Signup.birth)
        return
    await form.ask(rules.first_unanswered(data, form.today))


async def asked_if_known(form: SignupForm) -> bool:
    """A name and birth date typed: if the family has a child with that birth date and a
    similar name, ask whether it is them (True) before the form goes on."""
    data = await form.data()
    if data.get("child") or "name" not in data or "birth" not in data:
        return False
    children = await family_children(form)
    if data.get("relation") == "child":
        # a pupil may be only a record no other account is tied to
        children = [c for c in children if c.user_id in (None, form.user.id)]
    found = kinship.to_ask_about(data["name"], date.fromisoformat(data["birth"]), children,
                                 data.get("apart", ()))
    if not found:
        return False
    await form.update(maybe=found[0].id)
    await ask_same(form, found[0])
    return True


async def ask_same(form: SignupForm, child: Child | None = None, note: str | None = None) -> None:
    """«Это Петров Михаил?», again with a note when something else came."""
    if child is None:
        data = await form.data()
        child = next((c for c in await family_children(form) if c.id == data.get("maybe")),
                     None)
    if child is None:
        await form.stale()
        return
    await form.state.set_state(Signup.same)
    await form.send(screens.same_child_screen(form.t, child, (await form.data())["relation"]),
                    note)


async def same_child(query: CallbackQuery, callback_data: SignupSame, flow: Flow) -> None:
    """«Да»: the record the family has (what was typed this time stays); «Нет»: another child,
    not asked about again."""
    form = SignupForm(flow)
    data = await form.data()
    child = next((c for c in await family_children(form) if c.id == callback_data.child), None)
    if child is None or child.id != data.get("maybe"):
        await ask_same(form, note=form.t("stale-button"))
        return
    if callback_data.same:
        known = {"school": child.school, "grade": child.grade}
        await form.update(child=child.id, name=child.name, birth=child.birth_date.isoformat(),
                          maybe=None, **{k: v for k, v in known.items() if k not in data})
    else:
        await form.update(apart=[*data.get("apart", ()), child.id], maybe=None)
    data = await form.data()
    if data.get("editing"):
        await form.ask(rules.next_step("birth", data, form.today))
    else:
        await form.ask(rules.first_unanswered(data, form.today))
