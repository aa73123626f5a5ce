"""The screens everyone comes back to: main menu, the family capacity question, the staff
desk, settings, language."""

from __future__ import annotations

from bot.i18n import T
from bot.ui.callbacks import (
    LangChoice,
    Nav,
    NewsFeed,
    PostAdmin,
    ReminderMenu,
    RoleChoice,
    ScheduleWeek,
)
from bot.ui.callbacks_events import EventList
from bot.ui.callbacks_groups import MyGroups
from bot.ui.callbacks_questions import Ask, QuestionAct
from bot.ui.keyboards import Buttons, Screen, ScreenCache, home_button
from storage.users import User

LANGUAGES = {"ru": "🇷🇺 Русский", "en": "🇬🇧 English"}

# the menu and the role question depend only on the reader (language, voice) and on the
# person's capacities: each is rendered once (the note above them is the update's own)
screens = ScreenCache()


def with_note(note: str | None, screen: Screen) -> Screen:
    text, markup = screen
    return (f"{note}\n\n{text}" if note else text), markup


def role_screen(t: T, *, intro: str | None = None) -> Screen:
    return with_note(intro, screens.get(t, ("role",), lambda: render_role(t)))


def render_role(t: T) -> Screen:
    builder = Buttons()
    builder.button(text=t("btn-role-pupil"), callback_data=RoleChoice(role="pupil"))
    builder.button(text=t("btn-role-parent"), callback_data=RoleChoice(role="parent"))
    builder.adjust(2)
    return t("role-question"), builder.as_markup()


def staff_buttons(t: T, user: User, builder: Buttons) -> list[int]:
    """The work of staff (and of admins); returns the rows' sizes. «Мои группы» is there for
    all staff: anyone may be made a group's teacher, and its screen says what to do if not."""
    builder.button(text=t("btn-my-groups"), callback_data=MyGroups(page=0))
    builder.button(text=t("btn-broadcast"), callback_data=Nav(to="broadcast"))
    builder.button(text=t("btn-broadcasts"), callback_data=Nav(to="broadcasts"))
    builder.button(text=t("btn-applications"), callback_data=Nav(to="applications"))
    builder.button(text=t("btn-lessons"), callback_data=Nav(to="lessons"))
    builder.button(text=t("btn-posts"), callback_data=PostAdmin(action="list"))
    builder.button(text=t("btn-questions"), callback_data=QuestionAct(action="list"))
    builder.button(text=t("btn-find"), callback_data=Nav(to="find"))
    if user.is_admin:
        builder.button(text=t("btn-staff"), callback_data=Nav(to="staff"))
        return [2, 2, 2, 2, 1]
    return [2, 2, 2, 2]


def home_screen(t: T, user: User, *, note: str | None = None) -> Screen:
    """The main menu; someone who has not said who they are is asked that first (staff are
    not: they may be nobody's parent). A person who is both a parent (or a pupil) and staff
    finds the work one tap away, under «Для сотрудников», so the screen stays short."""
    if user.family_role is None and not user.is_staff:
        return role_screen(t, intro=note)
    key = ("home", user.family_role, user.staff_role)
    return with_note(note, screens.get(t, key, lambda: render_home(t, user)))


def render_home(t: T, user: User) -> Screen:
    """The menu for a person of this family role and staff role (nothing else of theirs)."""
    builder = Buttons()
    builder.button(text=t("btn-catalogue"), callback_data=Nav(to="catalogue"))
    builder.button(text=t("btn-quiz"), callback_data=Nav(to="quiz"))
    sizes = [2]
    if user.family_role is not None:
        builder.button(text=t("btn-schedule"), callback_data=ScheduleWeek(week=0))
        key = "btn-my-applications" if user.family_role == "pupil" else "btn-children"
        builder.button(text=t(key), callback_data=Nav(to="children"))
        sizes = [2, 2]
    builder.button(text=t("btn-news"), callback_data=NewsFeed(page=0))
    builder.button(text=t("btn-events"), callback_data=EventList(page=0))
    builder.button(text=t("btn-ask"), callback_data=Ask(action="start"))
    builder.button(text=t("btn-settings"), callback_data=Nav(to="settings"))
    sizes.extend([2, 2])
    if user.is_staff and user.family_role is not None:
        builder.button(text=t("btn-staff-desk"), callback_data=Nav(to="desk"))
        sizes.append(1)
    elif user.is_staff:
        sizes.extend(staff_buttons(t, user, builder))
    builder.adjust(*sizes)
    return t("menu-text"), builder.as_markup()


def desk_screen(t: T, user: User) -> Screen:
    """The work of staff, for those who are also a parent or a pupil here."""
    builder = Buttons()
    sizes = staff_buttons(t, user, builder)
    home_button(builder, t)
    builder.adjust(*sizes, 1)
    return t("desk-text"), builder.as_markup()


def settings_screen(t: T, user: User) -> Screen:
    """Language, role, class reminders and news subscriptions. «🔔 Напоминания» and «📰
    Подписки на новости» are there for everyone (staff may be parents too); for someone with
    no children in a group, their screens say how reminders and news come about."""
    builder = Buttons()
    builder.button(text=t("btn-language"), callback_data=Nav(to="language"))
    builder.button(text=t("btn-change-role"), callback_data=Nav(to="role"))
    builder.button(text=t("btn-reminders"), callback_data=ReminderMenu(action="open"))
    builder.button(text=t("btn-news-subscriptions"), callback_data=Nav(to="subscriptions"))
    home_button(builder, t)
    builder.adjust(2, 2, 1)
    text = t("settings-text", language=LANGUAGES[t.locale], family=user.family_role or "none",
             staff=user.staff_role or "none")
    return text, builder.as_markup()


def language_screen(t: T) -> Screen:
    builder = Buttons()
    for code, label in LANGUAGES.items():
        builder.button(text=label, callback_data=LangChoice(code=code))
    builder.adjust(2)
    return t("language-question"), builder.as_markup()
