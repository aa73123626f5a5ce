"""The sign-up form: programme → group → who → name → birth date → school → grade → phone →
consent → summary → send. One question at a time; a wrong answer is explained and asked again;
/cancel leaves; the form lives in the FSM storage and survives a restart."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any, TypeVar

from aiogram import Bot, F, Router, html
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.catalogue import Catalogue
from bot.i18n import T, Texts, voice
from bot.notices import short_date
from bot.settings import Settings
from bot.validators import (
    Invalid,
    age_on,
    parse_birth_date,
    parse_name,
    parse_phone,
    parse_school,
)
from handlers.callbacks import (
    FamilyAction,
    SignupConsent,
    SignupEdit,
    SignupGrade,
    SignupPage,
    SignupPick,
    SignupStart,
    SignupWho,
)
from handlers.common import Buttons, Screen, home_button, pager, send, show
from storage.families import CONSENT_VERSION, Application, FamilyRepo
from storage.programmes import Group, Programme, ProgrammeRepo
from storage.quiz import QuizRepo
from storage.users import User, UserRepo

CONSENT_AGE = 14
PAGE_SIZE = 8  # programmes or groups on one screen: two rows of four numbered buttons
FORM_FIELDS = ("group", "relation", "name", "birth", "school", "grade", "phone")
EDITABLE = ("name", "birth", "school", "grade", "phone", "group")


class Signup(StatesGroup):
    choosing = State()  # programme, group, who: buttons
    name = State()
    birth = State()
    school = State()
    grade = State()
    phone = State()
    consent = State()
    summary = State()


def today(settings: Settings) -> date:
    return datetime.now(settings.zone).date()


def relation_of(user: User) -> str:
    return "child" if user.role == "pupil" else "parent"


# ---- screens ---------------------------------------------------------------------------


Item = TypeVar("Item")


def page_of(items: list[Item], page: int) -> tuple[list[Item], int, int]:
    """The items on `page` (clamped to the pages there are), that page and the page count."""
    pages = max(1, math.ceil(len(items) / PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    return items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE], page, pages


def pick_keyboard(
    t: T, kind: str, ids: list[int], first: int, page: int, pages: int
) -> InlineKeyboardMarkup:
    """A button per line of the list, numbered as the lines are; ◀️/▶️ to the neighbouring
    pages; home."""
    builder = Buttons()
    for n, item_id in enumerate(ids, start=first):
        builder.button(text=str(n), callback_data=SignupPick(kind=kind, id=item_id))
    sizes = [4] * math.ceil(len(ids) / 4)
    nav = pager(builder, t, page, pages, lambda n: SignupPage(kind=kind, page=n))
    if nav:
        sizes.append(nav)
    home_button(builder, t)
    sizes.append(1)
    builder.adjust(*sizes)
    return builder.as_markup()


async def programmes_screen(
    t: T, quantum_code: str, catalogue: Catalogue, programmes: ProgrammeRepo,
    quiz_repo: QuizRepo, user: User, settings: Settings, page: int = 0,
) -> Screen:
    quantum = catalogue.get(quantum_code)
    assert quantum is not None
    day = today(settings)
    latest = await quiz_repo.latest(user.id)
    band = None
    if latest is not None and latest.age_min is not None and latest.age_max is not None:
        band = (latest.age_min, latest.age_max)
    found = [p for p in await programmes.for_quantum(quantum_code) if p.open_on(day)]
    fitting = [
        p for p in found if band is None or (p.age_min <= band[1] and band[0] <= p.age_max)
    ]
    shown = fitting or found
    chunk, page, pages = page_of(shown, page)
    first = page * PAGE_SIZE + 1
    lines = [t("signup-title", quantum=quantum.title(t.locale), page=page + 1, pages=pages), ""]
    if not shown:
        lines.append(t("signup-closed"))
        for p in await programmes.for_quantum(quantum_code):
            if p.navigator_url:
                lines.append(t("signup-navigator", url=html.quote(p.navigator_url)))
                break
    else:
        lines.append(t("signup-pick-programme"))
        for n, p in enumerate(chunk, start=first):
            lines.append(t(
                "signup-programme-line", n=n, title=html.quote(p.title(t.locale)),
                level=p.level, min=p.age_min, max=p.age_max,
                interview="yes" if p.admission == "interview" else "no",
            ))
    markup = pick_keyboard(t, "p", [p.id for p in chunk], first, page, pages)
    return "\n".join(lines), markup


def group_label_args(t: T, n: int, group: Group) -> dict[str, Any]:
    return {
        "n": n, "name": html.quote(group.name), "teacher": html.quote(group.teacher or "—"),
        "room": html.quote(group.room) if group.room else "none",
        "start": short_date(group.starts_on, t.locale), "free": group.free,
        "waiting": group.waiting,
    }


async def groups_screen(
    t: T, programme: Programme, programmes: ProgrammeRepo, settings: Settings,
    page: int = 0, *, around: int | None = None,
) -> Screen:
    """The programme's running groups, `page` of them or the page with the group `around`."""
    day = today(settings)
    groups = await programmes.groups(programme.id, running_on=day)
    if around is not None:
        page = next((i // PAGE_SIZE for i, g in enumerate(groups) if g.id == around), page)
    chunk, page, pages = page_of(groups, page)
    first = page * PAGE_SIZE + 1
    title = html.quote(programme.title(t.locale))
    lines = [t("signup-pick-group", programme=title, page=page + 1, pages=pages), ""]
    if not groups:
        lines.append(t("signup-no-groups"))
    for n, group in enumerate(chunk, start=first):
        lines.append(t("signup-group-line", **group_label_args(t, n, group)))
    markup = pick_keyboard(t, "g", [g.id for g in chunk], first, page, pages)
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
    builder = Buttons()
    builder.button(text=t("btn-consent-photo"), callback_data=SignupConsent(choice="photo"))
    builder.button(text=t("btn-consent-no-photo"),
                   callback_data=SignupConsent(choice="nophoto"))
    builder.button(text=t("btn-consent-refuse"), callback_data=SignupConsent(choice="refuse"))
    builder.adjust(2, 1)
    return t("signup-consent", version=CONSENT_VERSION, relation=relation), builder.as_markup()


async def summary_screen(
    t: T, data: dict[str, Any], programmes: ProgrammeRepo, day: date
) -> Screen:
    group = await programmes.group(int(data["group"]))
    programme = await programmes.get(group.programme_id) if group else None
    assert group is not None and programme is not None
    born = date.fromisoformat(data["birth"])
    consent = data.get("consent") or "parent"
    text = t(
        "signup-summary", programme=html.quote(programme.title(t.locale)),
        group=html.quote(group.name), relation=data["relation"],
        name=html.quote(data["name"]), birth=born.strftime("%d.%m.%Y"),
        age=age_on(born, day), school=html.quote(data["school"]),
        grade=data["grade"], phone=data["phone"], consent=consent,
        full="yes" if group.free == 0 else "no",
    )
    builder = Buttons()
    for field in ("name", "birth", "school", "grade", "phone", "group"):
        builder.button(text=t(f"btn-edit-{field}"), callback_data=SignupEdit(field=field))
    builder.button(text=t("btn-submit"), callback_data=SignupEdit(field="submit"))
    builder.button(text=t("btn-cancel-form"), callback_data=SignupEdit(field="cancel"))
    builder.adjust(2, 2, 2, 1, 1)
    return text, builder.as_markup()


# ---- moving through the form -------------------------------------------------------------


async def ask(
    event: Message | CallbackQuery, state: FSMContext, t: T, step: str,
    programmes: ProgrammeRepo, families: FamilyRepo, user: User, settings: Settings, *,
    note: str | None = None,
) -> None:
    """Show the question for `step` (or the summary when editing is done)."""
    data = await state.get_data()
    relation = data.get("relation", "parent")
    if data.get("editing") and step not in ("name", "birth", "school", "grade", "phone"):
        step = "summary"
    screen: Screen
    if step == "name":
        await state.set_state(Signup.name)
        builder = Buttons()
        text = t("signup-ask-name", relation=relation)
        family_id = await families.family_id(user.id) if relation == "parent" else None
        if family_id is not None:
            children = await families.children(family_id)
            if children:
                text += "\n\n" + t("signup-known-children")
                for child in children[:6]:
                    builder.button(text=child.name[:24],
                                   callback_data=SignupPick(kind="c", id=child.id))
                builder.adjust(2)
        screen = (text, builder.as_markup() if family_id else None)
    elif step == "birth":
        await state.set_state(Signup.birth)
        screen = (t("signup-ask-birth", relation=relation), None)
    elif step == "school":
        await state.set_state(Signup.school)
        screen = (t("signup-ask-school", relation=relation), None)
    elif step == "grade":
        await state.set_state(Signup.grade)
        screen = grade_screen(t, relation)
    elif step == "phone":
        await state.set_state(Signup.phone)
        if relation == "parent":
            question = t("signup-ask-phone-parent")
            await send(event, ((f"{note}\n\n{question}" if note else question), None))
            if isinstance(event, Message):
                await event.answer(t("btn-share-phone"), reply_markup=phone_keyboard(t))
            elif event.bot is not None:
                await event.bot.send_message(
                    event.from_user.id, t("btn-share-phone"), reply_markup=phone_keyboard(t)
                )
            return
        screen = (t("signup-ask-phone-child"), None)
    elif step == "consent":
        await state.set_state(Signup.consent)
        screen = consent_screen(t, relation)
    else:
        if any(key not in data for key in FORM_FIELDS):
            # a button from elsewhere asked for the summary before the form was filled
            await state.clear()
            await send(event, (t("signup-stale"), None))
            return
        await state.set_state(Signup.summary)
        await state.update_data(editing=False)
        screen = await summary_screen(t, await state.get_data(), programmes, today(settings))
    text, markup = screen
    await send(event, ((f"{note}\n\n{text}" if note else text), markup))


def next_after(step: str, data: dict[str, Any], day: date) -> str:
    order = ["name", "birth", "school", "grade", "phone", "consent", "summary"]
    following = order[order.index(step) + 1]
    if following == "consent" and not needs_consent_now(data, day):
        return "summary"
    return following


def needs_consent_now(data: dict[str, Any], day: date) -> bool:
    """Parents consent in the form; so do pupils of 14 and over. Younger pupils' parents
    consent through the invite link."""
    if data.get("relation") != "child":
        return True
    born = date.fromisoformat(data["birth"])
    return age_on(born, day) >= CONSENT_AGE


# ---- handlers ----------------------------------------------------------------------------


async def start_signup(
    query: CallbackQuery, callback_data: SignupStart, state: FSMContext, t: T, user: User,
    catalogue: Catalogue, programmes: ProgrammeRepo, quiz_repo: QuizRepo, settings: Settings,
) -> None:
    if catalogue.get(callback_data.code) is None:
        await show(query, (t("signup-stale"), None))
        return
    await state.set_state(Signup.choosing)
    await state.set_data({"quantum": callback_data.code})
    await send(query, await programmes_screen(
        t, callback_data.code, catalogue, programmes, quiz_repo, user, settings
    ))


async def pick(
    query: CallbackQuery, callback_data: SignupPick, state: FSMContext, t: T, user: User,
    programmes: ProgrammeRepo, families: FamilyRepo, users: UserRepo, settings: Settings,
    texts: Texts,
) -> None:
    data = await state.get_data()
    if callback_data.kind == "p":
        programme = await programmes.get(callback_data.id)
        if programme is None or programme.quantum_code != data.get("quantum") or not (
            programme.open_on(today(settings))
        ):
            await show(query, (t("signup-stale"), None))
            await state.clear()
            return
        await state.update_data(programme=programme.id)
        await show(query, await groups_screen(t, programme, programmes, settings))
    elif callback_data.kind == "g":
        group = await programmes.group(callback_data.id)
        if group is None or group.programme_id != data.get("programme"):
            await show(query, (t("signup-stale"), None))
            await state.clear()
            return
        await state.update_data(group=group.id)
        if data.get("editing") and data.get("birth"):
            # a new group: its ages must fit too
            misfit = age_misfit(t, group, data, today(settings))
            if misfit:
                await send(query, misfit)
                return
        if data.get("editing"):
            await ask(query, state, t, "summary", programmes, families, user, settings)
        elif user.role is None:
            await show(query, who_screen(t))
        else:
            await state.update_data(relation=relation_of(user))
            await ask(query, state, t, "name", programmes, families, user, settings)
    elif callback_data.kind == "c" and await state.get_state() == Signup.name.state:
        family_id = await families.family_id(user.id)
        known = await families.children(family_id) if family_id else []
        child = next((c for c in known if c.id == callback_data.id), None)
        if child is None:
            await send(query, (t("stale-button"), None))
            return
        await state.update_data(name=child.name, birth=child.birth_date.isoformat(),
                                school=child.school, grade=child.grade)
        group = await programmes.group(int(data["group"]))
        known_child = {**data, "name": child.name, "birth": child.birth_date.isoformat()}
        misfit = age_misfit(t, group, known_child, today(settings)) if group else None
        if misfit:
            await send(query, misfit)
            return
        await ask(query, state, t, "phone", programmes, families, user, settings)
    else:
        await send(query, (t("form-use-buttons"), None))


async def turn_page(
    query: CallbackQuery, callback_data: SignupPage, state: FSMContext, t: T, user: User,
    catalogue: Catalogue, programmes: ProgrammeRepo, quiz_repo: QuizRepo, settings: Settings,
) -> None:
    """◀️/▶️ under the programmes or the groups: another page of the same list, in place."""
    data = await state.get_data()
    code = data.get("quantum")
    screen: Screen | None = None
    if isinstance(code, str) and catalogue.get(code) is not None:
        if callback_data.kind == "p":
            screen = await programmes_screen(
                t, code, catalogue, programmes, quiz_repo, user, settings, callback_data.page
            )
        else:
            programme = await programmes.get(int(data.get("programme") or 0))
            if programme is not None and programme.quantum_code == code:
                screen = await groups_screen(
                    t, programme, programmes, settings, callback_data.page
                )
    if screen is None:
        await state.clear()
        builder = Buttons()
        home_button(builder, t)
        screen = (t("signup-stale"), builder.as_markup())
    await show(query, screen)


async def choose_who(
    query: CallbackQuery, callback_data: SignupWho, state: FSMContext, t: T, user: User,
    users: UserRepo, programmes: ProgrammeRepo, families: FamilyRepo, texts: Texts,
    settings: Settings,
) -> None:
    relation = "child" if callback_data.relation == "child" else "parent"
    updated = await users.set_role(user.id, "pupil" if relation == "child" else "parent")
    if updated is not None:
        t = texts.bind(updated.language, you=voice(updated.role))
    await state.update_data(relation=relation)
    await ask(query, state, t, "name", programmes, families, updated or user, settings)


def age_misfit(t: T, group: Group, data: dict[str, Any], day: date) -> Screen | None:
    born = date.fromisoformat(data["birth"])
    on = max(group.starts_on, day)
    age = age_on(born, on)
    if group.age_min <= age <= group.age_max:
        return None
    builder = Buttons()
    builder.button(text=t("btn-other-group"), callback_data=SignupEdit(field="group"))
    text = t("form-age-misfit", min=group.age_min, max=group.age_max,
             name=html.quote(data.get("name", "")), age=age)
    return text, builder.as_markup()


async def typed(
    message: Message, state: FSMContext, t: T, user: User, programmes: ProgrammeRepo,
    families: FamilyRepo, settings: Settings,
) -> None:
    """A typed answer to the current question."""
    current = await state.get_state()
    data = await state.get_data()
    value = message.text or ""
    step = (current or "").split(":")[-1]
    try:
        if step == "name":
            update: dict[str, Any] = {"name": parse_name(value)}
        elif step == "birth":
            born = parse_birth_date(value, today(settings))
            update = {"birth": born.isoformat()}
            group = await programmes.group(int(data["group"]))
            if group is not None:
                misfit = age_misfit(t, group, {**data, **update}, today(settings))
                if misfit:
                    await send(message, misfit)
                    return
        elif step == "school":
            update = {"school": parse_school(value)}
        elif step == "grade":
            if not value.strip().isdigit() or not 1 <= int(value.strip()) <= 11:
                raise Invalid("form-grade")
            update = {"grade": int(value.strip())}
        elif step == "phone":
            phone = message.contact.phone_number if message.contact else value
            update = {"phone": parse_phone(phone)}
        elif step in ("consent", "summary"):
            await ask(message, state, t, step, programmes, families, user, settings,
                      note=t("form-use-buttons"))
            return
        else:  # a programme or group is to be chosen with the buttons above
            await send(message, (t("form-use-buttons"), None))
            return
    except Invalid as exc:
        await ask(message, state, t, step, programmes, families, user, settings,
                  note="⚠️ " + t(exc.key, **exc.kwargs))
        return
    await state.update_data(**update)
    if step == "phone":
        await message.answer(t("signup-phone-saved", phone=update["phone"]),
                             reply_markup=ReplyKeyboardRemove())
    data = await state.get_data()
    following = "summary" if data.get("editing") else next_after(step, data, today(settings))
    if data.get("editing") and step == "birth" and data.get("relation") == "child" and (
        needs_consent_now(data, today(settings)) and not data.get("consent")
    ):
        following = "consent"
    await ask(message, state, t, following, programmes, families, user, settings)


async def grade_pressed(
    query: CallbackQuery, callback_data: SignupGrade, state: FSMContext, t: T, user: User,
    programmes: ProgrammeRepo, families: FamilyRepo, settings: Settings,
) -> None:
    if not 1 <= callback_data.grade <= 11:
        await send(query, (t("form-grade"), None))
        return
    await state.update_data(grade=callback_data.grade)
    data = await state.get_data()
    following = "summary" if data.get("editing") else next_after("grade", data, today(settings))
    await ask(query, state, t, following, programmes, families, user, settings)


async def consent_pressed(
    query: CallbackQuery, callback_data: SignupConsent, state: FSMContext, t: T, user: User,
    programmes: ProgrammeRepo, families: FamilyRepo, settings: Settings,
) -> None:
    if callback_data.choice == "refuse":
        await state.clear()
        builder = Buttons()
        home_button(builder, t)
        await show(query, (t("signup-consent-refused"), builder.as_markup()))
        return
    await state.update_data(consent="photo" if callback_data.choice == "photo" else "nophoto")
    await ask(query, state, t, "summary", programmes, families, user, settings)


async def edit_or_submit(
    query: CallbackQuery, callback_data: SignupEdit, state: FSMContext, t: T, user: User,
    programmes: ProgrammeRepo, families: FamilyRepo, bot: Bot, settings: Settings,
) -> None:
    field = callback_data.field
    data = await state.get_data()
    if field == "cancel":
        await state.clear()
        builder = Buttons()
        home_button(builder, t)
        await show(query, (t("form-cancelled"), builder.as_markup()))
        return
    if field == "submit":
        await submit(query, state, t, user, data, programmes, families, bot)
        return
    if field not in EDITABLE or await state.get_state() != Signup.summary.state:
        await send(query, (t("form-use-buttons"), None))
        return
    await state.update_data(editing=True)
    if field == "group":
        programme = await programmes.get(int(data["programme"]))
        if programme is None:
            await state.clear()
            await send(query, (t("signup-stale"), None))
            return
        await state.set_state(Signup.choosing)
        await send(query, await groups_screen(
            t, programme, programmes, settings, around=data.get("group")
        ))
        return
    await ask(query, state, t, field, programmes, families, user, settings)


async def submit(
    query: CallbackQuery, state: FSMContext, t: T, user: User, data: dict[str, Any],
    programmes: ProgrammeRepo, families: FamilyRepo, bot: Bot,
) -> None:
    if await state.get_state() != Signup.summary.state or any(
        k not in data for k in FORM_FIELDS
    ):
        await send(query, (t("signup-stale"), None))
        return
    consent = data.get("consent")
    application = Application(
        user_id=user.id, relation="child" if data["relation"] == "child" else "parent",
        child_name=data["name"], birth_date=date.fromisoformat(data["birth"]),
        school=data["school"], grade=int(data["grade"]), phone=data["phone"],
        group_id=int(data["group"]), consent=consent in ("photo", "nophoto"),
        photo_consent=consent == "photo",
    )
    result = await families.submit(application)
    # the form is spent only once the application is written; a write that fails leaves it
    # whole for another tap (and a second tap of a sent form is answered as a duplicate)
    await state.clear()
    group = await programmes.group(application.group_id)
    programme = await programmes.get(group.programme_id) if group else None
    assert group is not None and programme is not None
    args = {"name": html.quote(application.child_name),
            "programme": html.quote(programme.title(t.locale)), "group": html.quote(group.name)}
    builder = Buttons()
    mine = "btn-my-applications" if application.relation == "child" else "btn-children"
    builder.button(text=t(mine), callback_data=FamilyAction(action="list"))
    home_button(builder, t)
    builder.adjust(2)
    if result.duplicate:
        text = t("signup-duplicate")
    elif result.status == "awaiting_consent":
        me = await bot.me()
        link = f"https://t.me/{me.username}?start=fam_{result.invite_code}"
        text = t("signup-done-consent", link=link)
    elif result.status == "waitlisted":
        text = t("signup-done-waitlisted", position=result.position or 1, **args)
    else:
        text = t("signup-done-applied", **args)
    await show(query, (text, builder.as_markup()))


def router() -> Router:
    r = Router(name="signup")
    r.callback_query.register(start_signup, SignupStart.filter())
    in_form = StateFilter(*Signup.__states__)
    r.callback_query.register(pick, SignupPick.filter(), in_form)
    r.callback_query.register(turn_page, SignupPage.filter(F.kind.in_({"p", "g"})), in_form)
    r.callback_query.register(choose_who, SignupWho.filter(), in_form)
    r.callback_query.register(grade_pressed, SignupGrade.filter(), StateFilter(Signup.grade))
    r.callback_query.register(consent_pressed, SignupConsent.filter(),
                              StateFilter(Signup.consent))
    r.callback_query.register(edit_or_submit, SignupEdit.filter(), in_form)
    r.message.register(typed, in_form, ~F.text.startswith("/"))
    return r
