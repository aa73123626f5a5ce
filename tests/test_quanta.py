"""The catalogue, cards and deep links."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine

from bot.services.catalogue import Catalogue, CatalogueError, load_catalogue
from bot.settings import DEFAULT_CATALOGUE
from tests.helpers import start_as
from tests.helpers.events import NOW, add_event, local
from tests.helpers.harness import App


async def test_catalogue_pages_through_all_quanta(app: App, catalogue: Catalogue) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.press("📚 Все квантумы")
    assert chat.last_text().startswith("📚 Квантумы — 13 направлений · стр. 1 из 2")
    first = chat.labels()
    assert first[:2] == ["🤖 Робоквантум", "💻 IT-квантум"]
    assert first[-2:] == ["Дальше ▶️", "🏠 Меню"]
    assert len(first) <= 10
    await chat.press("Дальше ▶️")
    assert "стр. 2 из 2" in chat.last_text()
    second = chat.labels()
    assert second[-2:] == ["◀️ Назад", "🏠 Меню"]
    names = [label for label in first + second if label not in
             ("Дальше ▶️", "◀️ Назад", "🏠 Меню")]
    assert names == [q.title("ru") for q in catalogue.quanta]
    assert len(chat.messages()) == 1  # browsing edits one message in place


async def test_card_shows_description_age_and_back(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.press("📚 Все квантумы")
    await chat.press("🤖 Робоквантум")
    text = chat.last_text()
    assert text.startswith("🤖 Робоквантум\n")
    assert "Чем займёшься" in text and "Примеры проектов" in text
    assert text.rstrip().endswith("Возраст: 7–17 лет")
    assert "<b>🤖 Робоквантум</b>" in chat.last()["html"]
    assert chat.labels() == ["✍️ Записаться", "🗓 Расписание групп", "🔔 Новости квантума",
                             "⬅️ Все квантумы", "🏠 Меню"]
    await chat.press("⬅️ Все квантумы")
    assert "стр. 1 из 2" in chat.last_text()


@pytest.mark.parametrize(("role", "lang", "expected", "absent"), [
    ("pupil", "ru", "Ты соберёшь своего первого робота", "Ребёнок"),
    ("parent", "ru", "Ребёнок соберёт своего первого робота", "Ты "),
    ("pupil", "en", "You'll build your first robot", "Your child"),
    ("parent", "en", "Your child will build their first robot", "You'll"),
])
async def test_card_speaks_to_its_reader(
    app: App, role: str, lang: str, expected: str, absent: str
) -> None:
    chat = app.chat(language_code=lang)
    await start_as(chat, role, lang=lang)
    await chat.send("/start q_robo")
    assert expected in chat.last_text()
    assert absent not in chat.last_text()


def test_every_card_has_a_parents_text_without_ty(catalogue: Catalogue) -> None:
    pupil_words = re.compile(r"\b(ты|тебе|тебя|твой|твоя|твоё|твои|твоим)\b", re.IGNORECASE)
    for quantum in catalogue.quanta:
        for lang in ("ru", "en"):
            text = quantum.text(lang)
            assert text.description_parent, (quantum.code, lang)
            assert not pupil_words.search(text.description_for("vy")), quantum.code


async def test_back_from_a_card_returns_to_its_page(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.press("📚 Все квантумы")
    await chat.press("Дальше ▶️")
    await chat.press("🔬 Наноквантум")
    await chat.press("⬅️ Все квантумы")
    assert "стр. 2 из 2" in chat.last_text()


async def test_card_in_english_speaks_to_parents(app: App) -> None:
    chat = app.chat(language_code="en")
    await start_as(chat, "parent", lang="en")
    await chat.send("/quanta")
    await chat.press("🛩️ Aero Quantum")
    text = chat.last_text()
    assert text.startswith("🛩️ Aero Quantum\n")
    assert "What your child will do" in text
    assert "Ages 10–17" in text
    assert chat.labels() == ["✍️ Sign up", "🗓 Group timetable", "🔔 Quantum news",
                             "⬅️ All quanta", "🏠 Menu"]


async def test_deep_link_opens_a_card_directly(app: App) -> None:
    chat = app.chat()
    await chat.send("/start q_aero")
    assert chat.last_text().startswith("🛩️ Аэроквантум")
    await chat.press("🏠 Меню")
    # someone who came from a poster is a pupil until they say otherwise: the pupil's menu
    assert "📋 Мои заявки" in chat.labels()
    assert chat.last_text().startswith("🏠 Меню\nВыбирай, с чего начнём")


async def test_deep_link_in_english(app: App) -> None:
    chat = app.chat(language_code="en")
    await chat.send("/start q_it")
    assert chat.last_text().startswith("💻 IT Quantum")


@pytest.mark.parametrize("payload", ["q_mars", "q_", "promo2026", "QUIZ", "q_robo_extra"])
async def test_unknown_deep_link_falls_back_to_welcome(app: App, payload: str) -> None:
    chat = app.chat()
    await chat.send(f"/start {payload}")
    assert chat.last_text().startswith("👋 Привет, Аня!")
    assert chat.labels() == ["🧒 Я учусь", "👪 Я родитель"]


async def test_forged_quantum_button_is_treated_as_stale(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.press_data("q:mars:c0")
    assert "text" not in chat.answers()[-1].params  # the message says it: no toast
    assert chat.last_text().startswith("Эта кнопка устарела")
    assert "📚 Все квантумы" in chat.labels()


async def test_page_out_of_range_shows_the_nearest_page(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.press_data("c:99")
    assert "стр. 2 из 2" in chat.last_text()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_catalogue_has_the_thirteen_quanta(catalogue: Catalogue) -> None:
    assert [q.code for q in catalogue.quanta] == [
        "robo", "it", "vrar", "aero", "space", "geo", "design", "bio", "neuro", "auto",
        "energy", "laser", "nano",
    ]
    for quantum in catalogue.quanta:
        for locale in ("ru", "en"):
            assert len(quantum.title(locale)) <= 24


def test_invalid_catalogue_names_file_and_field(tmp_path: Path) -> None:
    source = DEFAULT_CATALOGUE.read_text(encoding="utf-8")
    broken = source.replace('name = "Аэроквантум"', 'name = "Аэроквантум и ещё очень длинное"')
    path = write(tmp_path, broken)
    with pytest.raises(CatalogueError) as error:
        load_catalogue(path)
    message = str(error.value)
    assert str(path) in message
    assert "quantum[4] (code 'aero').ru.name" in message
    assert "21 characters" in message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("version = 1\nquantum = []\n", "field quantum"),
        ("version = 2\n[[quantum]]\ncode='x'\n", "field version"),
        ("this is = not toml [", "not valid TOML"),
        ('version = 1\n[[quantum]]\ncode = "Robo!"\n', "code 'Robo!')"),
    ],
)
def test_catalogue_errors(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(CatalogueError, match="my.toml") as error:
        load_catalogue(write(tmp_path, text))
    assert fragment in str(error.value)


def test_unknown_tag_and_bad_ages_are_rejected(tmp_path: Path) -> None:
    source = DEFAULT_CATALOGUE.read_text(encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"quantum\[1\] \(code 'robo'\)\.tags"):
        load_catalogue(write(tmp_path, source.replace('["build", "code"]', '["lego"]', 1)))
    with pytest.raises(CatalogueError, match="age_min is greater than age_max"):
        load_catalogue(write(tmp_path, source.replace("age_min = 7", "age_min = 18", 1)))


def test_missing_catalogue_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="file not found"):
        load_catalogue(tmp_path / "nope.toml")


async def test_card_shows_the_quantums_coming_events(app: App) -> None:
    """The catalogue's card, the quiz result's and a poster's link each list the quantum's
    next three events (soonest first, none of another quantum, none cancelled or past), and
    each opens the event's card."""
    with time_machine.travel(NOW, tick=False):
        await add_event(app, "past", start=NOW - timedelta(days=1))
        await add_event(app, "late", start=local(date(2026, 12, 20), 11))
        soon = await add_event(app, "soon", start=local(date(2026, 12, 1), 16))
        await add_event(app, "mid", start=local(date(2026, 12, 5), 11))
        await add_event(app, "mid2", start=local(date(2026, 12, 6), 12))
        await add_event(app, "air", start=local(date(2026, 12, 2), 12), quanta=("aero",))
        gone = await add_event(app, "gone", start=local(date(2026, 12, 3), 12))
        async with app.db.transaction() as conn:
            await conn.execute("UPDATE events SET status = 'cancelled' WHERE id = ?", (gone,))
        chat = app.chat()
        await start_as(chat)
        await chat.press("📚 Все квантумы")
        await chat.press("🤖 Робоквантум")
        text = chat.last_text()
        assert ("🎪 Ближайшие события\n"
                "• Мастер-класс: роботы — вт, 1 декабря, 16:00\n"
                "• Мастер-класс: роботы — сб, 5 декабря, 11:00\n"
                "• Мастер-класс: роботы — вс, 6 декабря, 12:00") in text
        assert "20 декабря" not in text and "3 декабря" not in text
        assert chat.labels() == ["✍️ Записаться", "🗓 Расписание групп", "🔔 Новости квантума",
                                 *["🎪 Мастер-класс: роботы"] * 3, "⬅️ Все квантумы", "🏠 Меню"]
        assert chat.buttons()[3].data == f"eo:{soon}"
        await chat.press_data(f"eo:{soon}")
        assert "вт, 1 декабря, 16:00" in chat.last_text()
        assert "✍️ Записаться" in chat.labels()
        await chat.press_data("q:robo:r")  # the quiz result's card
        assert "🎪 Ближайшие события" in chat.last_text()
        assert chat.labels()[-2:] == ["⬅️ К результату", "🏠 Меню"]
        await chat.press_data("q:nano:c1")  # a quantum without events: the card as it was
        assert "Ближайшие события" not in chat.last_text()
        en = app.chat(2002, language_code="en")
        await en.send("/start q_robo")
        text = en.last_text()
        assert ("🎪 Coming events\n• Master class: robots — Tue, 1 December, 16:00") in text
        assert en.labels().count("🎪 Master class: robots") == 3


async def test_a_quantum_named_in_words_shows_its_coming_events(app: App) -> None:
    """Typing what one likes opens the same card as the catalogue, events included."""
    with time_machine.travel(NOW, tick=False):
        soon = await add_event(app, "soon", start=local(date(2026, 12, 1), 16))
        chat = app.chat()
        await start_as(chat)
        await chat.send("Робоквантум")
        assert "🎪 Ближайшие события\n• Мастер-класс: роботы — вт, 1 декабря, 16:00" in (
            chat.last_text())
        assert "🎪 Мастер-класс: роботы" in chat.labels()
        await chat.press("🎪 Мастер-класс: роботы")
        assert "вт, 1 декабря, 16:00" in chat.last_text() and soon
