"""Every paged list, pressed with a forged page as large (or as small) as a button may carry,
shows its nearest page with the buttons of that page — never an error. (The news feed and the
posts' and questions' lists have their own tests beside their features.)"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.services.dates import today
from bot.ui.callbacks import (
    BcEnrolled,
    BcEnrolQuantum,
    BcQuanta,
    CataloguePage,
    ClosureStep,
    LessonGroups,
    LessonList,
    NewsFilter,
    Partners,
    PostStep,
)
from bot.ui.keyboards import clamp_page, page_count, page_number
from storage.news import PostContent
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.lessons import load_timetable

LARGEST = 2**63 - 1  # the largest page a button's data accepts
SMALLEST = -(2**63)


@given(st.integers(SMALLEST, LARGEST), st.integers(0, 10**6), st.integers(1, 50))
def test_a_clamped_page_exists(page: int, total: int, size: int) -> None:
    clamped = clamp_page(page, total, size)
    assert 0 <= clamped < page_count(total, size)
    assert clamped * size <= max(total - 1, 0)  # an offset SQLite takes, inside the list
    if 0 <= page < page_count(total, size):
        assert clamped == page


@given(st.text(max_size=60))
def test_a_page_from_text_is_digits_or_the_first(text: str) -> None:
    number = page_number(text)
    assert number == (int(text) if text.isascii() and text.isdigit() else 0)
    assert number >= 0


async def test_the_catalogue(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.press_data(CataloguePage(page=LARGEST).pack())
    assert "стр. 2 из 2" in chat.last_text()
    assert chat.labels()[-2:] == ["◀️ Назад", "🏠 Меню"]
    await chat.press_data(CataloguePage(page=SMALLEST).pack())
    assert "стр. 1 из 2" in chat.last_text()


async def test_the_news_filter_and_the_partners(app: App) -> None:
    await app.services.news.create(PostContent("Пост", "Текст", quantum_code="robo"), by=ADMIN_ID,
                                   today=today(app.settings.zone))
    chat = app.chat()
    await start_as(chat)
    await chat.press_data(NewsFilter(page=LARGEST).pack())
    assert chat.last_text().startswith("🔎 Новости квантума")
    assert "🤖 Робоквантум" in chat.labels()
    await chat.press_data(Partners(page=LARGEST).pack())
    assert chat.labels()[-1] == "🏠 Меню"


async def test_the_groups_and_a_groups_lessons(app: App) -> None:
    groups = await load_timetable(app)
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    await admin.press_data(LessonGroups(page=LARGEST).pack())
    assert admin.last_text().startswith("🗓 Занятия групп")
    assert admin.labels() == ["it-l1 · Сб 11:00", "robo-l1 · Вт/Чт 15:00", "aa-old · Весна",
                              "🏠 Меню"]
    for page in (LARGEST, SMALLEST):
        await admin.press_data(LessonList(group=groups["robo-l1"], page=page).pack())
        assert admin.last_text().startswith("🗓 Робототехника: первые шаги")
        assert admin.labels()[-2:] == ["⬅️ К группе", "🏠 Меню"]
    assert "◀️ Назад" not in admin.labels()  # the smallest page is the first
    await admin.press_data(LessonList(group=groups["robo-l1"], page=LARGEST).pack())
    assert "◀️ Назад" in admin.labels() and "Дальше ▶️" not in admin.labels()


async def test_a_broadcasts_audience(app: App) -> None:
    await load_timetable(app)
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    await admin.send("/broadcast")
    await admin.send("Завтра день открытых дверей")
    for data in (BcQuanta(page=LARGEST), BcEnrolled(page=LARGEST),
                 BcEnrolQuantum(code="robo", page=LARGEST)):
        await admin.press_data(data.pack())
        assert "Дальше ▶️" not in admin.labels()
        assert admin.labels()[-1] == "✅ Готово"
    await admin.press_data(BcQuanta(page=LARGEST).pack())
    assert "◀️ Назад" in admin.labels()


async def test_a_posts_quanta(app: App) -> None:
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    await admin.send("/post")
    await admin.press("➕ Новый пост")
    await admin.send("Заголовок")
    await admin.send("Текст поста")
    await admin.press("Без фото")
    for value in (str(LARGEST), "9" * 50):
        await admin.press_data(PostStep(step="quanta", value=value).pack())
        assert "шаг 4 из 5" in admin.last_text()
        assert "◀️ Назад" in admin.labels() and "Дальше ▶️" not in admin.labels()


async def test_a_closures_quanta(app: App) -> None:
    await load_timetable(app)
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    await admin.send("/closures")
    await admin.press("➕ Добавить")
    await admin.send("04.12")
    await admin.send("Хакатон")
    await admin.press_data(ClosureStep(action=f"p-{LARGEST}").pack())
    assert admin.last_text().startswith("🎯 Для кого закрытие?")
    assert "◀️ Предыдущие" in admin.labels() and "Ещё квантумы ▶️" not in admin.labels()
