"""Children's data: consent only from a parent, /forget that leaves no byte behind and only
a parent may use for the whole family, and writes that fail without losing the form."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from aiogram.fsm.storage.base import StorageKey

from bot.fsm_storage import SQLiteStorage
from bot.local.chat import LocalChat
from bot.services import consents
from bot.ui.callbacks import ConsentGive
from tests.helpers import family_invite, join_by_invite, start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.signup import born, fill, load_groups, open_form, sign_up

NAME = "Заболоцкая Евфросинья"
SIBLING = "Заболоцкий Тимофей"
SCHOOL = "Гимназия № 1543"
PHONE = "+7 912 345-67-89"


async def count(app: App, sql: str, *params: object) -> int:
    return int(await app.db.fetchval(sql, params))


async def young_pupil_alone(app: App, chat: LocalChat, name: str = NAME) -> str:
    """A 10-year-old signs up alone; returns the family's invite code."""
    await start_as(chat, "pupil")
    await open_form(chat)
    await fill(chat, name=name, age=10, school=SCHOOL)
    await chat.press("✅ Отправить заявку")
    assert "fam_" in chat.last_text()
    return chat.last_text().split("fam_")[-1].split()[0]


async def test_a_young_pupil_cannot_consent_with_a_forged_button(app: App) -> None:
    await load_groups(app)
    pupil = app.chat(user_id=2101)
    await young_pupil_alone(app, pupil)
    child_id = await count(app, "SELECT id FROM children WHERE name = ?", NAME)
    await pupil.press_data(ConsentGive(child=child_id, photo=True).pack())
    assert pupil.last_text().startswith("Согласие за ребёнка младше 14 лет может дать только")
    assert pupil.labels()  # a way on
    assert await count(app, "SELECT count(*) FROM consents") == 0
    waiting = "SELECT count(*) FROM enrolments WHERE status = 'awaiting_consent'"
    assert await count(app, waiting) == 1


async def test_a_pupil_calling_themself_a_parent_cannot_consent(app: App) -> None:
    await load_groups(app)
    pupil = app.chat(user_id=2102)
    code = await young_pupil_alone(app, pupil)
    # the role in the settings says «parent» now
    await pupil.send("/menu")
    await pupil.press("⚙️ Настройки")
    await pupil.press("👤 Учусь или родитель")
    await pupil.press("👪 Я родитель")
    # the family's record decides: the button changes nothing
    assert pupil.last_text().startswith("Твой аккаунт в семье — аккаунт ребёнка")
    await pupil.send(f"/start fam_{code}")
    assert not any("Нужно ваше согласие" in text for text in pupil.texts())
    child_id = await count(app, "SELECT id FROM children WHERE name = ?", NAME)
    await pupil.press_data(ConsentGive(child=child_id, photo=False).pack())
    assert "только родитель" in pupil.last_text()
    # nor by signing up again: the form is the pupil's own record, and a parent consents
    await open_form(pupil)
    assert pupil.last_text().startswith("📋 Проверь заявку")
    assert f"Кто учится: {NAME}" in pupil.last_text()
    assert "Согласие: даст родитель по ссылке" in pupil.last_text()
    await pupil.press("✅ Отправить заявку")
    assert await count(app, "SELECT count(*) FROM consents") == 0
    assert await count(app, "SELECT count(*) FROM enrolments WHERE status = 'applied'") == 0


async def test_a_parent_consents_and_the_record_says_who_and_as_what(app: App) -> None:
    await load_groups(app)
    pupil = app.chat(user_id=2103)
    code = await young_pupil_alone(app, pupil)
    mum = app.chat(user_id=2104)
    await join_by_invite(mum, code)
    assert mum.last_text().startswith("📄 Нужно ваше согласие")
    await mum.press("✅ Даю согласие, с фото")
    assert mum.last_text().startswith("Спасибо! Согласие получено")
    row = await app.db.fetchone("SELECT given_by, given_as FROM consents")
    assert row is not None and tuple(row) == (2104, "parent")
    assert await count(app, "SELECT count(*) FROM enrolments WHERE status = 'applied'") == 1


async def test_a_pupil_of_fourteen_consents_as_a_pupil(app: App) -> None:
    await load_groups(app)
    teen = app.chat(user_id=2105)
    await start_as(teen, "pupil")
    await open_form(teen)
    await fill(teen, age=15, grade="9")
    await teen.press(teen.labels()[0])  # consent with photos
    await teen.press("✅ Отправить заявку")
    row = await app.db.fetchone("SELECT given_by, given_as FROM consents")
    assert row is not None and tuple(row) == (2105, "pupil")


def raw_bytes(app: App) -> bytes:
    path = Path(app.settings.database_path)
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


async def test_forget_leaves_no_byte_of_the_child_behind(app: App) -> None:
    await load_groups(app)
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    mum = app.chat(user_id=2201)
    await sign_up(mum, name=NAME, school=SCHOOL, phone=PHONE)
    await app.deliver()  # staff got «new application» with the name; mum got her notices
    await admin.send("/applications")
    await admin.press(admin.labels()[0])
    await admin.press("❌ Отклонить")
    await admin.send(f"Не та группа для {NAME}")
    await app.deliver()
    # a second parent joins and leaves a form half-filled with a sibling's details
    code = await family_invite(mum)
    dad = app.chat(user_id=2202)
    await join_by_invite(dad, code)
    await open_form(dad)
    await dad.send(SIBLING)
    await dad.send(born(9))
    await dad.send("Лицей Вторая школа")
    assert SIBLING.encode() in raw_bytes(app)

    await mum.send("/forget")
    await mum.press("🗑 Да, удалить всё")
    assert mum.last_text() == "Данные семьи удалены, согласие отозвано."
    data = raw_bytes(app)
    for secret in (NAME, SIBLING, "Заболоцк", SCHOOL, "Лицей Вторая школа", "+79123456789",
                   born(10), born(9)):
        assert secret.encode() not in data, secret
    # the outbox rows stay (counts), blank
    assert await count(app, "SELECT count(*) FROM outbox WHERE payload = '{}'") == 2
    # the other parent is told, and their half-filled form is gone
    await app.deliver()
    assert dad.last_text() == (
        "🗑 Данные вашей семьи удалены по просьбе другого родителя: дети, заявки и согласие."
        " Записать ребёнка снова можно в любой момент — /start")
    await dad.send("Гимназия")
    assert SIBLING not in dad.last_text()
    assert await count(app, "SELECT count(*) FROM fsm_states WHERE data LIKE '%Заболоц%'") == 0


async def test_a_childs_account_leaves_the_family_instead_of_erasing_it(app: App) -> None:
    await load_groups(app)
    pupil = app.chat(user_id=2301, first_name="Ева")
    code = await young_pupil_alone(app, pupil)
    mum = app.chat(user_id=2302)
    await join_by_invite(mum, code)
    await mum.press("✅ Даю согласие, с фото")
    # a sibling with a seat of their own
    await open_form(mum)
    await fill(mum, name=SIBLING, age=9)
    await mum.press("✅ Даю согласие, с фото")
    await mum.press("✅ Отправить заявку")
    await pupil.send("/forget")
    assert pupil.last_text().startswith("🚪 Выйти из семьи?")
    await pupil.press("🚪 Да, выйти")
    assert pupil.last_text().startswith("Готово: ты больше не в семье")
    assert await count(app, "SELECT count(*) FROM children") == 2
    assert await count(app, "SELECT count(*) FROM enrolments WHERE status = 'applied'") == 2
    assert await count(app, "SELECT count(*) FROM family_members WHERE user_id = 2301") == 0
    assert await count(app, "SELECT count(*) FROM children WHERE user_id = 2301") == 0
    await app.deliver()
    assert mum.last_text().startswith("🚪 Аккаунт «Ева» вышел из семьи")


async def test_a_pupil_alone_may_erase_their_own_family(app: App) -> None:
    await load_groups(app)
    pupil = app.chat(user_id=2303, first_name="Евфросинья", username="efrosinya_z")
    await young_pupil_alone(app, pupil)
    await pupil.send("/forget")
    await pupil.press(pupil.labels()[0])
    assert await count(app, "SELECT count(*) FROM children") == 0
    data = raw_bytes(app)
    for secret in (NAME, "Евфросинья", "efrosinya_z"):
        assert secret.encode() not in data, secret
    # they write again: the bot knows them by their Telegram name once more
    await pupil.send("/menu")
    assert await count(app, "SELECT count(*) FROM users WHERE first_name = 'Евфросинья'") == 1


async def fail_writes(app: App, on: bool) -> None:
    """Make every write fail as on a full or read-only disk (SQLite refuses it)."""
    await app.db.writer.execute(f"PRAGMA query_only = {int(on)}")


async def test_a_failed_submit_keeps_the_form_and_a_retap_sends_it(app: App) -> None:
    await load_groups(app)
    mum = app.chat(user_id=2401)
    await start_as(mum, "parent")
    await open_form(mum)
    await fill(mum)
    await mum.press("✅ Даю согласие, с фото")
    summary = mum.last()["message_id"]
    await fail_writes(app, True)
    await mum.press("✅ Отправить заявку")
    assert mum.last_text().startswith("⚠️ Не получилось сохранить — попробуйте ещё раз")
    assert mum.labels() == ["🔁 Ещё раз", "🏠 Меню"]
    await fail_writes(app, False)
    assert await count(app, "SELECT count(*) FROM enrolments") == 0
    await mum.press("🔁 Ещё раз")
    assert mum.last_text().startswith("📨 Заявка отправлена") or "отправлена" in mum.last_text()
    assert await count(app, "SELECT count(*) FROM enrolments WHERE status = 'applied'") == 1
    # the form is spent now: another tap is no second application
    await mum.press("✅ Отправить заявку", message_id=summary)
    assert await count(app, "SELECT count(*) FROM enrolments") == 1


async def test_a_new_user_on_a_full_disk_is_answered(app: App) -> None:
    await fail_writes(app, True)
    for chat, expected in ((app.chat(user_id=2402), "⚠️ Не получилось сохранить"),
                           (app.chat(user_id=2403, language_code="en"),
                            "⚠️ Couldn't save that")):
        await chat.send("/start")
        assert chat.last_text().startswith(expected)
        assert len(chat.labels()) == 1  # the way home
    await fail_writes(app, False)
    assert await count(app, "SELECT count(*) FROM users WHERE id IN (2402, 2403)") == 0


async def test_a_rejection_reason_survives_a_failed_write(app: App) -> None:
    await load_groups(app)
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    await sign_up(app.chat(user_id=2404), name=NAME)
    await admin.send("/applications")
    await admin.press(admin.labels()[0])
    await admin.press("❌ Отклонить")
    await fail_writes(app, True)
    await admin.send("Группа набрана")
    assert admin.last_text().startswith("⚠️ Не получилось сохранить")
    await fail_writes(app, False)
    await admin.send("Группа набрана")
    assert admin.last_text().startswith("❌ Заявка №1 отклонена")
    assert await count(app, "SELECT count(*) FROM enrolments WHERE reason = 'Группа набрана'") == 1


async def test_seats_that_appear_go_to_the_waitlist_before_a_newcomer(app: App) -> None:
    await load_groups(app, capacity=1)
    await sign_up(app.chat(user_id=2501), name="Белова Катя")
    waiting = app.chat(user_id=2502)
    await sign_up(waiting, name="Орлов Дима")
    assert "в очереди" in waiting.last_text() or "лист" in waiting.last_text()
    # a seat appears (a capacity raised) and, before its offer goes out, a newcomer signs up
    await app.db.writer.execute("UPDATE groups SET capacity = 2 WHERE code = 'robo-a1'")
    newcomer = app.chat(user_id=2503)
    await sign_up(newcomer, name="Соколова Вера")
    statuses = {row[0]: row[1] for row in await app.db.fetchall(
        "SELECT c.name, e.status FROM enrolments e JOIN children c ON c.id = e.child_id"
    )}
    assert statuses["Соколова Вера"] == "waitlisted"
    group_id = await count(app, "SELECT id FROM groups WHERE code = 'robo-a1'")
    await app.repos.enrolment.offer_seats([group_id])
    await app.deliver()
    assert waiting.last_text().startswith("🎟 Освободилось место!")


async def test_a_childs_new_account_joins_as_a_child_not_a_parent(app: App) -> None:
    await load_groups(app)
    mum = app.chat(user_id=2601)
    await sign_up(mum, name=NAME)
    code = await family_invite(mum)
    child = app.chat(user_id=2602, first_name="Ева")
    await child.send(f"/start fam_{code}")
    # a new account is asked who it is before it joins: never a parent by default
    assert child.labels() == ["👪 Я родитель", "🧒 Я учусь"]
    assert await count(app, "SELECT count(*) FROM family_members WHERE user_id = 2602") == 0
    await child.press("🧒 Я учусь")
    assert any(t.startswith("👪 Ты в семье!") for t in child.texts())
    row = await app.db.fetchone("SELECT relation FROM family_members WHERE user_id = 2602")
    assert row is not None and row[0] == "child"
    await child.send("/forget")
    assert child.last_text().startswith("🚪 Выйти из семьи?")
    # an unknown invite is said so at once, with a way home
    stranger = app.chat(user_id=2603)
    await stranger.send("/start fam_nonsense")
    assert stranger.last_text().startswith("Ссылка-приглашение не подошла")
    assert stranger.labels() == ["🏠 Меню"]


async def test_a_form_being_answered_during_forget_is_not_written_back(app: App) -> None:
    await load_groups(app)
    mum = app.chat(user_id=2701)
    await sign_up(mum, name=NAME)
    code = await family_invite(mum)
    dad = app.chat(user_id=2702)
    await join_by_invite(dad, code)
    storage = app.dp.storage
    assert isinstance(storage, SQLiteStorage)
    key = StorageKey(bot_id=app.bot.id, chat_id=dad.user_id, user_id=dad.user_id)
    answering, go_on = asyncio.Event(), asyncio.Event()

    async def dads_update() -> None:
        # the dad types the sibling's name; his update is still sending the next question
        async with storage.collecting():
            await storage.set_state(key, "Signup:birth")
            await storage.update_data(key, {"name": SIBLING})
            answering.set()
            await go_on.wait()

    task = asyncio.create_task(dads_update())
    await answering.wait()
    await mum.send("/forget")
    await mum.press("🗑 Да, удалить всё")
    go_on.set()
    await task
    assert SIBLING.encode() not in raw_bytes(app)
    assert await count(app, "SELECT count(*) FROM fsm_states WHERE key GLOB '*:2702:2702:*'") == 0


async def test_a_parents_form_for_a_waiting_application_gives_the_consent(app: App) -> None:
    await load_groups(app)
    pupil = app.chat(user_id=2801)
    code = await young_pupil_alone(app, pupil)
    mum = app.chat(user_id=2802)
    await join_by_invite(mum, code)  # she does not press the consent buttons there
    await open_form(mum)
    await mum.press(NAME[:24])  # the child the family already has
    await mum.send(PHONE)
    await mum.press("✅ Даю согласие, с фото")
    await mum.press("✅ Отправить заявку")
    # the same application, now consented: no «такая заявка уже есть» with consent dropped
    assert mum.last_text().startswith("🎉 Заявка отправлена")
    row = await app.db.fetchone("SELECT given_by, given_as FROM consents")
    assert row is not None and tuple(row) == (2802, "parent")
    assert await count(app, "SELECT count(*) FROM enrolments") == 1
    assert await count(app, "SELECT count(*) FROM enrolments WHERE status = 'applied'") == 1


def test_the_age_of_consent_counts_in_the_technoparks_day() -> None:
    born = date(2012, 3, 10)

    def capacity(filled_as: str, member: str, today: date) -> str | None:
        return consents.capacity(consented=True, filled_as=filled_as, member=member,
                                 born=born, today=today)

    # 01:30 in Moscow on the 14th birthday is still the 9th in UTC
    assert capacity("child", "child", date(2026, 3, 10)) == "pupil"
    assert capacity("child", "child", date(2026, 3, 9)) is None
    # a parent member who fills the form as the pupil consents as a pupil, not a parent
    assert capacity("child", "parent", date(2026, 3, 10)) == "pupil"
    assert capacity("parent", "parent", date(2026, 3, 9)) == "parent"
    assert capacity("parent", "child", date(2026, 3, 9)) is None
