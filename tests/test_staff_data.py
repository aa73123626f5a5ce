"""Staff reading children's data: /find and «🔎 Найти», a group's roster, applications by
status, the words of a decision, and the record admins read with /audit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.local.chat import LocalChat
from bot.ui.callbacks import Nav
from bot.ui.callbacks_closures import Undelivered
from bot.ui.callbacks_staff import AppStatus, AuditPage, GroupRoster
from storage import audit
from storage.applications import Application
from storage.clock import to_db
from tests.helpers import said_once
from tests.helpers.broadcast import compose
from tests.helpers.harness import App
from tests.helpers.signup import born, load_groups, sign_up
from tests.helpers.staff import admin_chat, staff_chat


async def families(app: App) -> None:
    """Алёна (mum Ирина, +7 912 345-67-89), applied; Пётр (dad Сергей, 8 900 111-22-33)."""
    await load_groups(app)
    await sign_up(app.chat(user_id=1001, first_name="Ирина"), name="Петрова Алёна", age=10)
    await sign_up(app.chat(user_id=1002, first_name="Сергей"), name="Сидоров Пётр", age=12,
                  phone="8 (900) 111-22-33")


async def accesses(app: App) -> list[tuple[object, ...]]:
    return [tuple(r) for r in await app.db.fetchall(
        "SELECT staff_id, kind, found FROM staff_access ORDER BY id")]


async def test_staff_find_a_family_by_a_name_or_a_phone(app: App) -> None:
    await families(app)
    admin = await admin_chat(app)
    await admin.press("🔎 Найти")
    assert admin.last_text().startswith("🔎 Поиск семьи\nНапишите часть имени")
    assert admin.labels() == ["🏠 Меню"]

    await admin.send("АЛЕНА")  # case and ё aside
    text = admin.last_text()
    assert text.startswith("🔎 Нашёл 1 семью по имени\n\n1. Родитель: Ирина · +79123456789\n"
                           "👤 Петрова Алёна, 10 лет\n   №1 · Вт/Чт 15:00 (robo-a1) —"
                           " на рассмотрении")
    assert text.endswith("Напишите другое имя или телефон, чтобы искать ещё.")
    assert admin.labels() == ["№1 · Петрова Алёна…", "🏠 Меню"]
    # a parent's name, a phone as people type it, a part of one: the same form stays open
    await admin.send("серг")
    assert "👤 Сидоров Пётр, 12 лет" in admin.last_text()
    for typed in ("+7 900 111 22 33", "89001112233", "2233", "8900111", "8 900 11"):
        await admin.send(typed)
        assert admin.last_text().startswith("🔎 Нашёл 1 семью по телефону"), typed
        assert "Сидоров Пётр" in admin.last_text()
    await admin.send("8912345")  # a part typed from the trunk prefix 8, kept as +7
    assert admin.last_text().startswith("🔎 Нашёл 1 семью по телефону")
    assert "Петрова Алёна" in admin.last_text()
    await admin.send("Кузнечик")
    assert admin.last_text().startswith("🔎 Никого не нашёл по имени\n\nНи ребёнка")
    # the application opens from the result
    await admin.send("/find петрова")
    await admin.press("№1 · Петрова Алёна…")
    assert admin.last_text().startswith("📋 Заявка №1")
    assert "✅ Подтвердить" in admin.labels()
    # what was looked for is not kept, only its kind and how many families it found
    assert await accesses(app) == [
        (9001, "search_name", 1), (9001, "search_name", 1), *[(9001, "search_phone", 1)] * 6,
        (9001, "search_name", 0), (9001, "search_name", 1)]
    raw = [tuple(r) for r in await app.db.fetchall("SELECT * FROM staff_access")]
    assert "серг" not in repr(raw) and "2233" not in repr(raw)


async def test_hostile_queries_get_a_polite_answer(app: App) -> None:
    await families(app)
    admin = await admin_chat(app)
    await admin.send("/find")
    for typed, answer in (("я", "Слишком коротко"), ("12", "Слишком коротко"),
                          ("Петров" * 900, "Слишком длинно: не больше 100 символов."),
                          ("%", "Слишком коротко"), ("_", "Слишком коротко")):
        await admin.send(typed)
        assert admin.last_text().startswith(answer), typed
        assert "Напишите часть имени" in admin.last_text()
    await admin.send_sticker()
    assert admin.last_text().startswith("Нужен текст: имя или телефон.")
    await admin.send("%ов")  # no wildcard: a percent sign is only a character
    assert admin.last_text().startswith("🔎 Никого не нашёл")
    await admin.send("/cancel")
    await admin.send("Петрова")
    assert "Нашёл" not in admin.last_text()
    assert [r[1] for r in await accesses(app)] == ["search_name"]


async def test_a_search_shows_ten_families_and_says_there_are_more(app: App) -> None:
    await load_groups(app)
    group = int(await app.db.fetchval("SELECT id FROM groups"))
    async with app.db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO users (id, language, first_seen, last_seen) VALUES (?, 'ru', ?, ?)",
            [(5000 + n, to_db(datetime.now(UTC)), to_db(datetime.now(UTC))) for n in range(12)])
    for number in range(12):
        await app.repos.enrolment.submit(Application(
            user_id=5000 + number, relation="parent", child_name=f"Кузнецов Ян {number}",
            birth_date=datetime.strptime(born(10), "%d.%m.%Y").date(), school="Школа",
            grade=4, phone="+79000000000", group_id=group, consent=True, photo_consent=True))
    admin = await admin_chat(app, "en")
    await admin.send("/find kuz")
    assert admin.last_text().startswith("🔎 Nobody found by name")
    await admin.send("/find Кузнецов")
    text = admin.last_text()
    assert text.startswith("🔎 10 families found by name\nShowing the first 10 — narrow the"
                           " search.\n\n1. Parents: — · +79000000000\n👤 Кузнецов Ян 11, 10"
                           " years old")
    assert len(admin.labels()) == 9 and admin.labels()[-1] == "🏠 Menu"
    for typed in ("+7 900 000-00-00", "8 900 000"):
        await admin.send(typed)
        assert admin.last_text().startswith("🔎 10 families found by phone"), typed


async def test_only_staff_find_and_only_admins_read_the_record(app: App) -> None:
    await families(app)
    parent = app.chat(user_id=1001, first_name="Ирина")
    await parent.send("/find Сидоров")
    assert parent.last_text().startswith("Такой команды я не знаю.")
    for data in (Nav(to="find").pack(), GroupRoster(group=1).pack(), AuditPage(page=0).pack(),
                 AppStatus(status="confirmed").pack()):
        await parent.press_data(data)
        assert said_once(parent).startswith("Эта кнопка устарела — вот актуальное меню.")
    await parent.send("/audit")
    assert parent.last_text().startswith("Такой команды я не знаю.")
    teacher = await staff_chat(app, 2001, "Ольга")
    await teacher.send("/find Сидоров")
    assert "Сидоров Пётр" in teacher.last_text()
    await teacher.send("/audit")
    assert teacher.last_text().startswith("Такой команды я не знаю.")
    assert await accesses(app) == [(2001, "search_name", 1)]


async def roster_of_a_full_group(app: App) -> LocalChat:
    """One seat: Алёна confirmed, Пётр and Вера on the waitlist."""
    await load_groups(app, capacity=1)
    await sign_up(app.chat(user_id=1001, first_name="Ирина"), name="Петрова Алёна", age=10)
    await sign_up(app.chat(user_id=1002), name="Сидоров Пётр", age=11, phone="8 900 111-22-33")
    await sign_up(app.chat(user_id=1003), name="Белова Вера", age=9, phone="+7 900 222-33-44")
    first = int(await app.db.fetchval("SELECT min(id) FROM enrolments"))
    assert await app.repos.enrolment.decide(first, "confirmed")
    return await admin_chat(app)


async def test_a_groups_roster_lists_who_is_in_and_who_waits(app: App) -> None:
    admin = await roster_of_a_full_group(app)
    await admin.send("/lessons")
    await admin.press("robo-a1 · Вт/Чт 15:00")
    assert "👥 Состав" in admin.labels()  # on the group's screen (back to it: tests/test_groups)
    await admin.press("🗓 Занятия")
    await admin.press("👥 Состав группы")  # under the group's lessons
    assert admin.last_text() == (
        "👥 Состав группы\nРобототехника: первые шаги · группа «Вт/Чт 15:00» (robo-a1)\n\n"
        "Записаны: 1 из 1\n1. Петрова Алёна, 10 лет · +79123456789\n\n"
        "⏳ Лист ожидания: 2\n1. Сидоров Пётр, 11 лет · +79001112233\n"
        "2. Белова Вера, 9 лет · +79002223344"
    )
    assert admin.labels() == ["⬅️ Занятия группы", "🏠 Меню"]
    await admin.press("⬅️ Занятия группы")
    assert admin.last_text().startswith("🗓 Робототехника: первые шаги")
    group = int(await app.db.fetchval("SELECT id FROM groups"))
    assert await accesses(app) == [(9001, "roster", 3)]
    assert int(await app.db.fetchval(
        "SELECT group_id FROM staff_access")) == group
    # a group that is no more
    await admin.press_data(GroupRoster(group=group + 99).pack())
    assert admin.last_text().startswith("Такой группы уже нет. Вот актуальный список.")


async def test_the_roster_in_english(app: App) -> None:
    await roster_of_a_full_group(app)
    admin = await staff_chat(app, 2002, "Kate", "en")
    await admin.send("/lessons")
    await admin.press("robo-a1 · Вт/Чт 15:00")
    await admin.press("👥 Roster")
    assert admin.last_text().startswith(
        "👥 Group roster\nRobotics: first steps · group “Вт/Чт 15:00” (robo-a1)\n\n"
        "Enrolled: 1 of 1\n1. Петрова Алёна, 10 · +79123456789\n\n⏳ Waitlist: 2\n")


async def test_applications_of_any_status_by_status(app: App) -> None:
    admin = await roster_of_a_full_group(app)
    await admin.send("/applications")
    assert admin.last_text() == "📥 Заявки на рассмотрении\n\nНовых заявок нет."
    await admin.press("🗂 Все статусы")
    assert admin.last_text() == "🗂 Заявки по статусам\nВыберите статус."
    assert admin.labels() == ["✅ Подтверждены · 1", "⏳ Лист ожидания · 2", "⬅️ К заявкам",
                              "🏠 Меню"]
    await admin.press("⏳ Лист ожидания · 2")
    assert admin.last_text() == ("🗂 Лист ожидания · 2\n\n№3 · Белова Вера · Вт/Чт 15:00"
                                 "\n№2 · Сидоров Пётр · Вт/Чт 15:00")
    await admin.press("⬅️ Статусы")
    await admin.press("✅ Подтверждены · 1")
    await admin.press("№1 · Петрова Алёна…")
    assert "Статус: подтверждена" in admin.last_text()
    assert admin.labels() == ["⬅️ Подтверждены", "⬅️ К заявкам", "🏠 Меню"]
    await admin.press("⬅️ Подтверждены")
    assert admin.last_text().startswith("🗂 Подтверждённые заявки · 1")
    # a forged status is the choice again; a page past the end, the last page
    await admin.press_data(AppStatus(status="zzz").pack())
    assert admin.last_text().startswith("🗂 Заявки по статусам")
    await admin.press_data(AppStatus(status="confirmed", page=99).pack())
    assert admin.last_text().startswith("🗂 Подтверждённые заявки · 1")


async def test_declining_can_be_given_up_and_navigator_reads_passed(app: App) -> None:
    await families(app)
    admin = await admin_chat(app)
    await admin.send("/applications")
    await admin.press("№1 · Петрова Алёна…")
    await admin.press("❌ Отклонить")
    assert admin.labels() == ["Без причины", "✖️ Отмена"]
    await admin.press("✖️ Отмена")
    assert admin.last_text().startswith("📋 Заявка №1")
    await admin.send("Передумали")  # no longer a reason: nothing is declined
    assert (await app.repos.enrolment.view(1)).status == "applied"  # type: ignore[union-attr]
    await admin.send("/applications")
    await admin.press("№1 · Петрова Алёна…")
    await admin.press("📨 Навигатор")
    assert admin.last_text().startswith(
        "📨 Заявка №1 передана в Навигатор, семья получит уведомление.")
    await admin.press("№1 · Петрова Алёна…")
    assert "Статус: передана в Навигатор" in admin.last_text()


async def test_admins_read_who_looked_newest_first_a_page_at_a_time(app: App) -> None:
    await families(app)
    teacher = await staff_chat(app, 2001, "Ольга")
    await teacher.send("/find Петрова")
    await teacher.send("/export")
    admin = await admin_chat(app)
    await admin.send("/audit")
    lines = admin.last_text().split("\n")
    assert lines[:3] == ["🕵️ Журнал доступа к данным детей",
                         "Выгрузки, поиск, составы групп, «кому не доставлено» — за последний год,"
                         " новые сверху.", ""]
    assert lines[3].endswith(" · Ольга — 📄 выгрузка заявок: 2")
    assert lines[4].endswith(" · Ольга — 🔎 поиск по имени, семей: 1")
    assert admin.labels() == ["🏠 Меню"]
    async with app.db.transaction() as conn:
        for minute in range(20):
            await audit.record(conn, 2001, "search_phone", to_db(
                datetime(2020, 1, 1, tzinfo=UTC) + timedelta(minutes=minute)), found=1)
    await admin.send("/audit")
    assert admin.last_text().endswith("Страница 1 из 2")
    assert admin.labels() == ["Дальше ▶️", "🏠 Меню"]
    await admin.press("Дальше ▶️")
    assert "01.01.2020 03:00 · Ольга — 🔎 поиск по телефону, семей: 1" in admin.last_text()
    assert admin.labels() == ["◀️ Назад", "🏠 Меню"]
    await admin.press_data(AuditPage(page=10**6).pack())
    assert admin.last_text().endswith("Страница 2 из 2")


async def test_the_record_in_english(app: App) -> None:
    await families(app)
    admin = await admin_chat(app, "en")
    await admin.send("/audit")
    assert admin.last_text() == ("🕵️ Access to children's data\nExports, searches, group"
                                 " rosters, “not reached” lists — the last year, newest first."
                                 "\n\nNobody has looked at anything yet.")
    await admin.send("/find 2233")
    await admin.send("/audit")
    assert admin.last_text().endswith(" · Админ — 🔎 search by phone, families: 1")


async def test_the_record_is_kept_a_year(app: App) -> None:
    from bot.app import retention

    await load_groups(app)
    now = datetime.now(UTC)
    async with app.db.transaction() as conn:
        for days in (400, 300, 1):
            await audit.record(conn, 2001, "export", to_db(now - timedelta(days=days)),
                               found=days)
    await retention(app.repos, app.settings).run()
    assert [r[2] for r in await accesses(app)] == [300, 1]


async def test_each_page_of_not_reached_families_is_in_the_record(app: App) -> None:
    await families(app)
    app.emulator.block(1001)  # Ирина, Алёна's mum
    admin = await admin_chat(app)
    await compose(admin, "Завтра занятий нет")
    await admin.press("👁 Предпросмотр")
    await admin.press(next(label for label in admin.labels() if label.startswith("✅")))
    progress = admin.last()["message_id"]
    await app.deliver()
    await admin.press("📭 Кому не доставлено", message_id=progress)
    shown = next(m["text"] for m in admin.messages() if m["message_id"] == progress)
    assert "1. Петрова Алёна, 10 лет\nРодитель: Ирина · +79123456789" in shown
    family = await app.db.fetchval("SELECT family_id FROM children WHERE name = 'Петрова Алёна'")
    assert await accesses(app) == [(9001, "undelivered", 1)]
    assert [tuple(r) for r in await app.db.fetchall(
        "SELECT family_id FROM staff_access_families")] == [(family,)]
    await admin.send("/audit")
    assert admin.last_text().endswith(" · Админ — 📭 «кому не доставлено», семей на странице: 1")
    await app.repos.users.set_language(9001, "en")
    await admin.send("/audit")
    assert admin.last_text().endswith(" · Админ — 📭 “not reached” list, families on the"
                                        " page: 1")


async def test_families_still_queued_are_told_as_in_the_queue(app: App) -> None:
    await families(app)
    admin = await admin_chat(app)
    await compose(admin, "Завтра занятий нет")
    await admin.press("👁 Предпросмотр")
    await admin.press(next(label for label in admin.labels() if label.startswith("✅")))
    for lang, families_line, alone_line in (
        ("ru", "Семьи: получили 0, ещё в очереди — 2, не получили 0.",
         "Не из семей (квиз, сотрудники): получили 0, ещё в очереди — 1, не получили 0."),
        ("en", "Families reached: 0, still in the queue: 2, not reached: 0.",
         "People in no family (quiz, staff) reached: 0, still in the queue: 1, not reached: 0."),
    ):
        await app.repos.users.set_language(9001, lang)
        await admin.send("/broadcasts")  # nothing delivered yet: the report from the list
        await admin.press_data(Undelivered(kind="b", id=1).pack())
        lines = admin.last_text().split("\n")
        assert lines[1:3] == [families_line, alone_line], lang
