"""The screens everyone comes back to: main menu, role question, settings, language."""

from __future__ import annotations

from bot.i18n import T
from bot.ui.callbacks import (
    Ask,
    LangChoice,
    Nav,
    NewsFeed,
    PostAdmin,
    QuestionAct,
    ReminderMenu,
    RoleChoice,
    ScheduleWeek,
)
from bot.ui.keyboards import Buttons, Screen, home_button
from storage.users import Role, User

LANGUAGES = {"ru": "🇷🇺 Русский", "en": "🇬🇧 English"}
CHOOSABLE_ROLES: tuple[Role, ...] = ("pupil", "parent")


def role_screen(t: T, *, intro: str | None = None) -> Screen:
    builder = Buttons()
    builder.button(text=t("btn-role-pupil"), callback_data=RoleChoice(role="pupil"))
    builder.button(text=t("btn-role-parent"), callback_data=RoleChoice(role="parent"))
    builder.adjust(2)
    text = t("role-question")
    return (f"{intro}\n\n{text}" if intro else text), builder.as_markup()


def home_screen(t: T, user: User, *, note: str | None = None) -> Screen:
    """The main menu; someone who has not said who they are is asked that first."""
    if user.role is None:
        return role_screen(t, intro=note)
    builder = Buttons()
    builder.button(text=t("btn-catalogue"), callback_data=Nav(to="catalogue"))
    builder.button(text=t("btn-quiz"), callback_data=Nav(to="quiz"))
    sizes = [2]
    if user.role in CHOOSABLE_ROLES:
        builder.button(text=t("btn-schedule"), callback_data=ScheduleWeek(week=0))
        key = "btn-my-applications" if user.role == "pupil" else "btn-children"
        builder.button(text=t(key), callback_data=Nav(to="children"))
        sizes = [2, 2]
    builder.button(text=t("btn-news"), callback_data=NewsFeed(page=0))
    builder.button(text=t("btn-ask"), callback_data=Ask(action="start"))
    builder.button(text=t("btn-settings"), callback_data=Nav(to="settings"))
    sizes.extend([2, 1])
    if user.is_staff:
        builder.button(text=t("btn-broadcast"), callback_data=Nav(to="broadcast"))
        builder.button(text=t("btn-broadcasts"), callback_data=Nav(to="broadcasts"))
        builder.button(text=t("btn-applications"), callback_data=Nav(to="applications"))
        builder.button(text=t("btn-lessons"), callback_data=Nav(to="lessons"))
        builder.button(text=t("btn-posts"), callback_data=PostAdmin(action="list"))
        builder.button(text=t("btn-questions"), callback_data=QuestionAct(action="list"))
        sizes.extend([2, 2, 2])
    if user.role == "admin":
        builder.button(text=t("btn-staff"), callback_data=Nav(to="staff"))
        sizes.append(1)
    builder.adjust(*sizes)
    text = t("menu-text", role=user.role)
    return (f"{note}\n\n{text}" if note else text), builder.as_markup()


def settings_screen(t: T, user: User) -> Screen:
    """Language, role, class reminders and news subscriptions. «🔔 Напоминания» and «📰
    Подписки на новости» are there for everyone (staff may be parents too); for someone with
    no children in a group, their screens say how reminders and news come about."""
    builder = Buttons()
    builder.button(text=t("btn-language"), callback_data=Nav(to="language"))
    if user.role in CHOOSABLE_ROLES:
        builder.button(text=t("btn-change-role"), callback_data=Nav(to="role"))
    builder.button(text=t("btn-reminders"), callback_data=ReminderMenu(action="open"))
    builder.button(text=t("btn-news-subscriptions"), callback_data=Nav(to="subscriptions"))
    home_button(builder, t)
    builder.adjust(*((2, 2, 1) if user.role in CHOOSABLE_ROLES else (1, 2, 1)))
    text = t("settings-text", language=LANGUAGES[t.locale], role=user.role or "none")
    return text, builder.as_markup()


def language_screen(t: T) -> Screen:
    builder = Buttons()
    for code, label in LANGUAGES.items():
        builder.button(text=label, callback_data=LangChoice(code=code))
    builder.adjust(2)
    return t("language-question"), builder.as_markup()
