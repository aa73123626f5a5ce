"""/find by the words of a name in any order, and the way back from an application opened
out of the results to those results."""

from __future__ import annotations

import pytest

from tests.helpers.harness import App
from tests.helpers.signup import load_groups, sign_up
from tests.helpers.staff import admin_chat


async def families(app: App) -> None:
    """Петров Михаил (mum Анна) and Петрова Алёна (mum Ирина), both applied."""
    await load_groups(app)
    await sign_up(app.chat(user_id=1001, first_name="Анна"), name="Петров Михаил", age=10)
    await sign_up(app.chat(user_id=1002, first_name="Ирина"), name="Петрова Алёна", age=12,
                  phone="8 (900) 111-22-33")


async def kinds(app: App) -> list[tuple[object, ...]]:
    return [tuple(r) for r in await app.db.fetchall(
        "SELECT kind, found FROM staff_access ORDER BY id")]


async def test_the_words_of_a_name_are_found_in_any_order(app: App) -> None:
    await families(app)
    admin = await admin_chat(app)
    await admin.send("/find")
    assert "(слова — в любом порядке)" in admin.last_text()
    for typed in ("Михаил Петров", "петров михаил", "МИХ  петр", "михаил, петров"):
        await admin.send(typed)
        text = admin.last_text()
        assert text.startswith("🔎 Нашёл 1 семью по имени\n\n1. Родитель: Анна"), typed
        assert "👤 Петров Михаил, 10 лет" in text and "Алёна" not in text, typed
    # every word counts: one that no name holds finds nobody
    await admin.send("Михаил Сидоров")
    assert admin.last_text().startswith("🔎 Никого не нашёл по имени")
    # each word a part of a name, case and ё aside
    await admin.send("алена петр")
    assert "👤 Петрова Алёна, 12 лет" in admin.last_text()
    await admin.send("петров")
    assert admin.last_text().startswith("🔎 Нашёл 2 семьи по имени")
    # a parent's name is searched the same way; the words are in one name, not spread over
    # a family's (a parent's surname is not known)
    await admin.send("ирина")
    assert "👤 Петрова Алёна" in admin.last_text()
    await admin.send("Ирина Петрова")
    assert admin.last_text().startswith("🔎 Никого не нашёл по имени")
    # wildcards typed are characters
    await admin.send("Пет* Мих")
    assert admin.last_text().startswith("🔎 Никого не нашёл по имени")


async def test_english_staff_find_a_name_typed_first_name_first(app: App) -> None:
    await families(app)
    admin = await admin_chat(app, "en")
    await admin.send("/find")
    assert "(its words in any order)" in admin.last_text()
    await admin.send("Михаил Петров")
    assert admin.last_text().startswith("🔎 1 family found by name\n\n1. Parent: Анна")


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_an_application_opened_from_the_results_leads_back_to_them(
    app: App, lang: str,
) -> None:
    says = {"ru": ("⬅️ К результатам", "⬅️ К заявкам", "✅ Подтвердить", "№1 · Петров Михаил",
                   "Результатов того поиска уже нет.\n\n🔎 Поиск семьи"),
            "en": ("⬅️ Back to results", "⬅️ Applications", "✅ Confirm", "#1 · Петров Михаил",
                   "Those search results are gone.\n\n🔎 Find a family")}[lang]
    back, applications, confirm, first, gone = says
    await families(app)
    admin = await admin_chat(app, lang)
    await admin.send("/find петров")
    results, buttons = admin.last_text(), admin.labels()
    assert len(buttons) == 3  # two applications and the menu
    await admin.press(next(label for label in buttons if label.startswith(first)))
    card = admin.last()["message_id"]
    assert back in admin.labels() and applications not in admin.labels()
    await admin.press(back)
    # the same results, in place of the card, and a name typed next is a search again
    assert admin.last()["message_id"] == card
    assert (admin.last_text(), admin.labels()) == (results, buttons)
    await admin.send("алена")
    assert "Петрова Алёна" in admin.last_text() and "Петров Михаил" not in admin.last_text()
    # a decided application's card leads back too, and the results show it decided
    await admin.press(admin.labels()[0])
    await admin.press(confirm)
    await admin.send("петров")
    assert admin.labels()[0].startswith(first[0] + "2 · Петрова Алёна")
    await admin.press(admin.labels()[0])  # Алёна's family is the newer: it comes first
    assert admin.labels()[1:] == [back, "🏠 Меню" if lang == "ru" else "🏠 Menu"]
    await admin.press(back)
    assert admin.last_text().startswith("🔎")
    assert ("подтверждена" if lang == "ru" else "confirmed") in admin.last_text()
    # each showing of the results is recorded, never what was typed
    assert [kind for kind, _ in await kinds(app)] == ["search_name"] * 5
    state = await app.db.fetchval("SELECT group_concat(data) FROM fsm_states")
    assert "петров" not in str(state).casefold() and "алена" not in str(state).casefold()
    # another command since: the card's button asks for the search again
    await admin.press(admin.labels()[1])
    card = admin.last()["message_id"]
    await admin.send("/applications")
    await admin.press(back, message_id=card)
    assert app.emulator.messages[(admin.user_id, card)]["text"].startswith(gone)
    await admin.send("Михаил Петров")
    assert "👤 Петров Михаил" in admin.last_text()


async def test_the_way_back_is_for_staff_only(app: App) -> None:
    await families(app)
    parent = app.chat(user_id=1001, first_name="Анна")
    await parent.press_data("n:found")
    await parent.press_data("xf:1")
    assert parent.last_text().startswith("Эта кнопка устарела — вот актуальное меню.")
    assert "Петров" not in parent.last_text()
    assert await kinds(app) == []
