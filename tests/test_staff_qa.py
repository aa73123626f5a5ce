"""What staff see at the edges of their screens: a decline's reason that will not do, a
search's words in both languages, a status's list, the closures' preview, the record in
English."""

from __future__ import annotations

import pytest

from bot.ui.callbacks_staff import GroupRoster
from tests.helpers.harness import App
from tests.helpers.signup import load_groups, sign_up
from tests.helpers.staff import admin_chat


async def one_family(app: App) -> None:
    await load_groups(app)
    await sign_up(app.chat(user_id=1001, first_name="Ирина"), name="Петрова Алёна", age=10)


@pytest.mark.parametrize(("lang", "decline", "cancel", "too_long", "ask"), [
    ("ru", "❌ Отклонить", "✖️ Отмена", "Слишком длинно: не больше 300 символов.",
     "Почему отклоняем?"),
    ("en", "❌ Decline", "✖️ Cancel", "Too long: 300 characters at most.", "Why decline?"),
])
async def test_a_reason_too_long_asks_again_with_its_buttons(
    app: App, lang: str, decline: str, cancel: str, too_long: str, ask: str,
) -> None:
    await one_family(app)
    admin = await admin_chat(app, lang)
    await admin.send("/applications")
    await admin.press(1)
    await admin.press(decline)
    await admin.send("а" * 400)
    assert admin.last_text().startswith(f"{too_long}\n\n{ask}"), lang
    assert admin.labels()[1] == cancel
    await admin.send_sticker()  # not a reason either: the question, its buttons
    assert admin.last_text().startswith(ask), lang
    assert admin.labels()[1] == cancel
    await admin.press(cancel)
    assert admin.last_text().startswith(("📋 Заявка №1", "📋 Application #1")), lang
    assert (await app.repos.enrolment.view(1)).status == "applied"  # type: ignore[union-attr]


async def test_a_search_in_english_reads_english(app: App) -> None:
    await one_family(app)
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE groups SET name_en = 'Tue/Thu 3 pm' WHERE code = 'robo-a1'")
    admin = await admin_chat(app, "en")
    await admin.send("/find Алена")
    assert admin.last_text().startswith(
        "🔎 1 family found by name\n\n1. Parent: Ирина · +79123456789\n"
        "👤 Петрова Алёна, 10 years old\n   #1 · Tue/Thu 3 pm (robo-a1) — under review")
    assert admin.labels() == ["#1 · Петрова Алёна…", "🏠 Menu"]


async def test_one_parent_is_a_parent_two_are_parents(app: App) -> None:
    await one_family(app)
    admin = await admin_chat(app)
    await admin.send("/find Алена")
    assert "1. Родитель: Ирина · +79123456789\n" in admin.last_text()
    family = await app.db.fetchval("SELECT family_id FROM children")
    await app.repos.users.create(1005, language="ru", first_name="Олег", username=None)
    async with app.db.transaction() as conn:
        await conn.execute("INSERT INTO family_members (family_id, user_id, relation, joined_at)"
                           " VALUES (?, 1005, 'parent', '2026-01-01 00:00:00')", (family,))
    await admin.send("/find Алена")
    assert "1. Родители: Олег, Ирина · +79123456789\n" in admin.last_text()


@pytest.mark.parametrize(("lang", "all_statuses", "under_review", "title"), [
    ("ru", "🗂 Все статусы", "📥 На рассмотрении · 1", "🗂 На рассмотрении · 1"),
    ("en", "🗂 All statuses", "📥 To review · 1", "🗂 Under review · 1"),
])
async def test_a_status_list_is_named_as_a_list(
    app: App, lang: str, all_statuses: str, under_review: str, title: str,
) -> None:
    await one_family(app)
    admin = await admin_chat(app, lang)
    await admin.send("/applications")
    await admin.press(all_statuses)
    await admin.press(under_review)
    assert admin.last_text().startswith(f"{title}\n\n")


@pytest.mark.parametrize(("lang", "labels", "nothing", "none_told"), [
    ("ru", ("➕ Добавить", "👁 Проверить", "📅 1–5 августа", "✏️ Изменить", "💬 Причина"),
     "Занятий в эти дни нет — сообщать семьям нечего.", "Новых отмен нет.\nСообщать семьям"
     " нечего."),
    ("en", ("➕ Add", "👁 Review", "📅 1–5 August", "✏️ Change", "💬 Reason"),
     "There are no lessons on these days, so nobody needs to be told.",
     "No more lessons are cancelled.\nNobody needs to be told."),
])
async def test_a_closure_that_changes_no_lesson_promises_no_message(
    app: App, lang: str, labels: tuple[str, ...], nothing: str, none_told: str,
) -> None:
    """A closure with no lesson inside, and a new reason for it, send nothing: the preview
    says so rather than that families will get a message."""
    add, check, closure, change, reason = labels
    admin = await admin_chat(app, lang)
    await admin.send("/closures")
    await admin.press(add)
    await admin.send("01.08–05.08")  # no group has lessons then
    await admin.send("Ремонт")
    await admin.press(check)
    assert admin.last_text().endswith(nothing), admin.last_text()
    await admin.press(1)  # add it
    await admin.send("/closures")
    await admin.press(closure)
    await admin.press(change)
    await admin.press(reason)
    await admin.send("Покраска стен")
    assert admin.last_text().endswith(none_told), admin.last_text()


@pytest.mark.parametrize(("lang", "line"), [
    ("ru", " — 👥 состав группы robo-a1 «Вт/Чт 15:00»: 1"),
    ("en", " — 👥 roster of group robo-a1 “Вт/Чт 15:00”: 1"),
])
async def test_a_roster_in_the_record_is_quoted_in_the_readers_language(
    app: App, lang: str, line: str,
) -> None:
    await one_family(app)
    await app.services.enrolment.decide(1, "confirmed", None)
    group = await app.db.fetchval("SELECT id FROM groups WHERE code = 'robo-a1'")
    admin = await admin_chat(app, lang)
    await admin.press_data(GroupRoster(group=group, page=0).pack())
    await admin.send("/audit")
    assert admin.last_text().split("\n")[3].endswith(line)


async def test_the_status_list_keeps_a_form_and_find_leaves_it_as_ask_does(app: App) -> None:
    await one_family(app)
    admin = await admin_chat(app)
    await admin.send("/applications")
    listing = admin.last()["message_id"]
    await admin.send("/broadcast")
    assert admin.last_text().startswith("📣 Новая рассылка")
    # only reading: the broadcast's text typed after it is still the broadcast's
    await admin.press("🗂 Все статусы", message_id=listing)
    shown = next(m for m in admin.messages() if m["message_id"] == listing)
    assert shown["text"].startswith("🗂 Заявки по статусам")
    await admin.send("Завтра день открытых дверей")
    assert admin.last_text().startswith("👥 Кому отправить?")
    # /find, like /ask and /post, leaves the form: what is typed next is a search
    await admin.send("/find")
    assert admin.last_text().startswith("🔎 Поиск семьи")
    await admin.send("Алена")
    assert admin.last_text().startswith("🔎 Нашёл 1 семью по имени")
    assert await app.db.fetchval("SELECT count(*) FROM broadcasts") == 0
