"""Groups for sign-up tests and a walk through the form."""

from __future__ import annotations

from datetime import date

from bot.local.chat import LocalChat
from bot.services.group_import import parse_groups_csv
from bot.services.programme_import import import_programmes
from tests.helpers.harness import App

CSV = """programme;quantum;level;title_ru;title_en;age_min;age_max;admission;group;group_name;capacity;teacher;room;starts_on;ends_on
robo-intro;robo;вводный;Робототехника: первые шаги;Robotics: first steps;7;17;open;robo-a1;Вт/Чт 15:00;{capacity};Иванова Е. А.;Каб. 101;{starts};{ends}
robo-intro;robo;вводный;Робототехника: первые шаги;Robotics: first steps;7;17;open;robo-a2;Ср/Пт 16:00;12;Иванова Е. А.;Каб. 101;{starts};{ends}
it-intro;it;вводный;Программирование на Python;Python programming;13;17;open;it-a1;Сб 11:00;10;Ким А. Д.;;{starts};{ends}
"""


def term() -> tuple[str, str]:
    """A group's period running now (on the travelling clock too): from 1 September of this
    school year, for two years less a day (the longest an import takes)."""
    today = date.today()
    year = today.year if today.month >= 9 else today.year - 1
    return f"01.09.{year}", f"31.08.{year + 2}"


def groups_csv(capacity: int = 12) -> str:
    starts, ends = term()
    return CSV.format(capacity=capacity, starts=starts, ends=ends)


async def load_groups(app: App, capacity: int = 12) -> None:
    result = parse_groups_csv(groups_csv(capacity).encode(), {"robo", "it"})
    assert not result.errors, result.errors
    await import_programmes(app.db, result.programmes, result.groups)


def born(years: int) -> str:
    """A birth date that makes a child `years` old now (and for months to come)."""
    today = date.today()
    return f"{today.day if today.day <= 28 else 28:02d}.{today.month:02d}.{today.year - years}"


async def open_form(chat: LocalChat, lang: str = "ru") -> None:
    """From the Робоквантум card to the first group of the first programme."""
    await chat.send("/start q_robo")
    await chat.press("✍️ Записаться" if lang == "ru" else "✍️ Sign up")
    await chat.press("1")
    await chat.press("1")


async def fill(chat: LocalChat, *, name: str = "Иванова Мария", age: int = 10,
               school: str = "Школа № 5", grade: str = "4",
               phone: str = "+7 912 345-67-89") -> None:
    await chat.send(name)
    await chat.send(born(age))
    await chat.send(school)
    await chat.press(grade)
    await chat.send(phone)


async def sign_up(chat: LocalChat, role: str = "parent", **answers: object) -> None:
    """A whole sign-up by a parent (or a pupil of 14+) with photo consent."""
    from tests.helpers import start_as

    await start_as(chat, role)
    await open_form(chat)
    await fill(chat, **answers)  # type: ignore[arg-type]
    await chat.press("✅ Даю согласие, с фото")
    await chat.press("✅ Отправить заявку")
