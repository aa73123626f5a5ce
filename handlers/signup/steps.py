"""The sign-up form's handlers: one per question for typed answers, one per kind of button.
Each parses, stores through the form and moves on; the rules live in bot.services.signup."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove

from bot.services import signup as rules
from bot.services.telegram_text import Refused
from bot.services.validators import parse_birth_date, parse_name, parse_phone, parse_school
from bot.ui.callbacks import (
    SignupConsent,
    SignupEdit,
    SignupGrade,
    SignupPage,
    SignupPick,
    SignupStart,
    SignupWho,
)
from bot.ui.keyboards import Buttons, Screen, home_button
from handlers.chat import steps as chat
from handlers.flow import Flow
from handlers.signup import records, screens
from handlers.signup.form import SignupForm
from handlers.signup.records import misfit
from handlers.signup.states import Signup

# ---- choosing: programme, group, who -------------------------------------------------------


async def start(query: CallbackQuery, callback_data: SignupStart, flow: Flow) -> None:
    """«✍️ Записаться» on a card: the quantum's programmes open for sign-up."""
    form = SignupForm(flow)
    if form.catalogue.get(callback_data.code) is None:
        await form.stale()
        return
    await form.state.set_state(Signup.choosing)
    await form.state.set_data({"quantum": callback_data.code})
    await form.send(await programmes_screen(form, callback_data.code))


async def programmes_screen(form: SignupForm, code: str, page: int = 0) -> Screen:
    quantum = form.catalogue.get(code)
    assert quantum is not None
    found = await form.openings.open_programmes(form.user.id, code, form.today)
    return screens.programmes_screen(form.t, quantum, found, page)


async def pick_programme(query: CallbackQuery, callback_data: SignupPick, flow: Flow) -> None:
    form = SignupForm(flow)
    data = await form.data()
    programme = await form.openings.programme(callback_data.id)
    if programme is None or programme.quantum_code != data.get("quantum") or not (
        programme.open_on(form.today)
    ):
        await form.stale()
        return
    await form.update(programme=programme.id)
    await form.show(await screens.groups_screen(form.t, programme, form.openings, form.today))


async def pick_group(query: CallbackQuery, callback_data: SignupPick, flow: Flow) -> None:
    form = SignupForm(flow)
    data = await form.data()
    # a parent goes on to the child's name, under the children the family signed up before
    role = form.user.family_role
    relation = data.get("relation") or (rules.relation_for(role) if role else None)
    group = await form.group(callback_data.id, with_family=relation == "parent")
    if group is None or group.programme_id != data.get("programme"):
        await form.stale()
        return
    data = await form.update(group=group.id)
    if data.get("birth") and await misfit(form, group, data):
        # another group, or the date typed again
        await form.state.set_state(Signup.birth)
        return
    if data.get("editing"):
        await form.ask("summary")
    elif "relation" in data:
        # chosen again mid-form (the age did not fit): the answers given so far are kept
        await form.ask(rules.first_unanswered(data, form.today))
    elif form.user.family_role is None:
        await form.show(screens.who_screen(form.t))
    else:
        await form.update(relation=rules.relation_for(form.user.family_role))
        await records.begin(form)


async def pick_out_of_turn(query: CallbackQuery, flow: Flow) -> None:
    """A list button pressed when another question is open: ask that one again."""
    form = SignupForm(flow)
    await again(form)


async def turn_page(query: CallbackQuery, callback_data: SignupPage, flow: Flow) -> None:
    """◀️/▶️ under the programmes or the groups: another page of the same list, in place."""
    form = SignupForm(flow)
    data = await form.data()
    code = data.get("quantum")
    screen: Screen | None = None
    if isinstance(code, str) and form.catalogue.get(code) is not None:
        if callback_data.kind == "p":
            screen = await programmes_screen(form, code, callback_data.page)
        else:
            programme = await form.openings.programme(int(data.get("programme") or 0))
            if programme is not None and programme.quantum_code == code:
                screen = await screens.groups_screen(
                    form.t, programme, form.openings, form.today, callback_data.page
                )
    if screen is None:
        await form.state.clear()
        screen = screens.stale_screen(form.t)
    await form.show(screen)


async def choose_who(query: CallbackQuery, callback_data: SignupWho, flow: Flow) -> None:
    form = SignupForm(flow)
    if "group" not in await form.data():
        # an old «who» button before a group is chosen: the list that is open, again
        await again(form)
        return
    relation = "child" if callback_data.relation == "child" else "parent"
    updated = await form.services.families.set_role(
        form.user.id, "pupil" if relation == "child" else "parent"
    )
    if updated is not None:
        form.speak_as(updated)
    await form.update(relation=relation)
    await records.begin(form)


# ---- typed answers: one handler per question ---------------------------------------------


async def name_typed(message: Message, flow: Flow) -> None:
    form = SignupForm(flow)
    try:
        name = parse_name(message.text or "")
    except Refused as exc:
        await form.ask("name", note=problem(form, exc))
        return
    await form.update(name=name)
    # a typed name is the form's own, not the record it chose
    data = await form.drop("child", "own")
    if data.get("editing") and await records.asked_if_known(form):
        return
    await form.advance("name")


async def birth_typed(message: Message, flow: Flow) -> None:
    form = SignupForm(flow)
    try:
        born = parse_birth_date(message.text or "", form.today)
    except Refused as exc:
        await form.ask("birth", note=problem(form, exc))
        return
    await form.update(birth=born.isoformat())
    data = await form.drop("child", "own")
    group = await form.openings.group(int(data.get("group") or 0))
    if group is not None and await misfit(form, group, data):
        return  # kept: another group may fit it, or another date is typed
    if await records.asked_if_known(form):
        return
    if data.get("editing"):
        await form.advance("birth")
    else:
        # on to the first question without an answer (a known child's school is known)
        await form.ask(rules.first_unanswered(data, form.today))


async def school_typed(message: Message, flow: Flow) -> None:
    form = SignupForm(flow)
    await answered(form, "school", lambda: {"school": parse_school(message.text or "")})


async def grade_typed(message: Message, flow: Flow) -> None:
    form = SignupForm(flow)
    def parse() -> dict[str, Any]:
        value = (message.text or "").strip()
        if not value.isdigit() or not 1 <= int(value) <= 11:
            raise Refused("form-grade")
        return {"grade": int(value)}

    await answered(form, "grade", parse)


async def phone_typed(message: Message, flow: Flow) -> None:
    form = SignupForm(flow)
    typed = message.contact.phone_number if message.contact else message.text or ""
    try:
        phone = parse_phone(typed)
    except Refused as exc:
        await form.ask("phone", note=problem(form, exc))
        return
    await form.update(phone=phone)
    await message.answer(form.t("signup-phone-saved", phone=phone),
                         reply_markup=ReplyKeyboardRemove())
    await form.advance("phone")


async def typed_for_buttons(message: Message, flow: Flow) -> None:
    """Text where a button is expected: the same question again, with a note; at the lists,
    before any answer is typed, words understood as something go as outside a form."""
    form = SignupForm(flow)
    if message.text and await form.untouched():
        understood = await flow.services.understanding.understand(message.text, flow.t.locale)
        if understood.kind != "nothing" or understood.advice:
            await flow.state.clear()
            await chat.typed(message, flow)
            return
    await again(form)


async def answered(form: SignupForm, step: str, parse: Callable[[], dict[str, Any]]) -> None:
    """Store a typed answer that parses, else explain and ask the same question again."""
    try:
        update = parse()
    except Refused as exc:
        await form.ask(step, note=problem(form, exc))
        return
    await form.update(**update)
    await form.advance(step)


def problem(form: SignupForm, exc: Refused) -> str:
    return "⚠️ " + form.t(exc.key, **exc.kwargs)


async def again(form: SignupForm) -> None:
    """Ask the open question again under «choose with the buttons below»."""
    step = await form.current_step()
    note = form.t("form-use-buttons")
    if step == "same":
        await records.ask_same(form, note=note)
        return
    if step in rules.STEPS:
        await form.ask(step, note=note)
        return
    # choosing: the list that is open, the groups once a programme is chosen
    data = await form.data()
    programme = await form.openings.programme(int(data.get("programme") or 0))
    if programme is not None:
        screen = await screens.groups_screen(
            form.t, programme, form.openings, form.today, around=data.get("group")
        )
    elif isinstance(data.get("quantum"), str) and form.catalogue.get(data["quantum"]):
        screen = await programmes_screen(form, data["quantum"])
    else:
        await form.stale()
        return
    await form.send(screen, note)


# ---- buttons of the later questions ---------------------------------------------------------


async def grade_pressed(query: CallbackQuery, callback_data: SignupGrade, flow: Flow) -> None:
    form = SignupForm(flow)
    if not 1 <= callback_data.grade <= 11:
        await form.ask("grade", note=form.t("form-grade"))
        return
    await form.update(grade=callback_data.grade)
    await form.advance("grade")


async def consent_pressed(query: CallbackQuery, callback_data: SignupConsent, flow: Flow) -> None:
    form = SignupForm(flow)
    if callback_data.choice == "refuse":
        await form.state.clear()
        await form.show(home_screen(form, "signup-consent-refused"))
        return
    data = await form.data()
    # the version of the text on the screen, recorded with the consent when the form is sent
    await form.update(consent="photo" if callback_data.choice == "photo" else "nophoto",
                      consent_version=rules.consent_text(data).version)
    await form.ask("summary")


def home_screen(form: SignupForm, key: str) -> Screen:
    builder = Buttons()
    home_button(builder, form.t)
    return form.t(key), builder.as_markup()


async def cancel(query: CallbackQuery, flow: Flow) -> None:
    form = SignupForm(flow)
    await form.state.clear()
    await form.show(home_screen(form, "form-cancelled"))


async def edit(query: CallbackQuery, callback_data: SignupEdit, flow: Flow) -> None:
    """✏️ on the summary: that one question again, then back to the summary. «Другая группа»
    (the age did not fit) works from any question."""
    form = SignupForm(flow)
    field = callback_data.field
    current = await form.current_step()
    data = await form.data()
    if field == "group" and "programme" in data:
        if current == "summary":
            await form.update(editing=True)
        programme = await form.openings.programme(int(data["programme"]))
        if programme is None:
            await form.stale()
            return
        await form.state.set_state(Signup.choosing)
        await form.send(await screens.groups_screen(
            form.t, programme, form.openings, form.today, around=data.get("group")
        ))
    elif field in rules.editable(data) and current == "summary":
        await form.update(editing=True)
        await form.ask(field)
    else:
        await again(form)
