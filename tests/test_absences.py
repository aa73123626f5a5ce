"""«🙅 Не придём» under a class reminder: the family marks a child absent, the teacher (or every
member of staff) is told, the child's further reminders for the lesson stop, and taking it back
puts everything right; forged and late presses change nothing — on a travelling clock."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
import time_machine

from bot.local.chat import LocalChat
from bot.services.group_import import parse_groups_csv, plan_lessons
from bot.services.programme_import import import_programmes
from bot.ui.callbacks import Absence
from tests.helpers import family_invite, join_by_invite, start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.reminders import NOW, deliver_at, family, local, reminder_rows, reminders_to
from tests.helpers.schedule import CSV, enrol

Clock = time_machine.Traveller
MON, TUE = date(2026, 11, 30), date(2026, 12, 1)
TEACHER, OTHER = 2001, 2002

NOTHING_TO_TAKE_BACK = "Отметки «не придёт» и так нет — ждём на занятии."
NOTICE_RU = [
    "🙅 Иванова Мария не придёт",
    "Робототехника: первые шаги, группа «Вт/Чт 15:00»",
    "вт, 1 декабря, 15:00–16:30",
    "Кто сообщил: родитель",
]


@pytest.fixture
def frozen() -> Iterator[Clock]:
    """Monday 30 November 2026, 09:00 in Moscow, and the clock stands still."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


async def staff(app: App, user_id: int, lang: str = "ru") -> LocalChat:
    chat = app.chat(user_id=user_id, language_code=lang, first_name="Елена")
    await start_as(chat, "parent", lang)
    await app.repos.users.set_staff_role(user_id, "staff")
    return chat


async def teach(app: App, group_id: int, user_id: int | None) -> None:
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE groups SET teacher_id = ? WHERE id = ?", (user_id, group_id))


async def reminded(app: App, clock: Clock, lang: str = "ru", user_id: int = 1001
                   ) -> tuple[LocalChat, dict[str, int], int]:
    """A parent with the evening reminder of Tuesday's lesson in the chat; the lesson's id."""
    chat, ids = await family(app, lang, user_id)
    await app.deliver()  # the application confirmed: the reminder comes after it
    await app.services.planner.tick()
    await deliver_at(app, clock, local(MON, 19))
    [lesson] = await app.repos.lessons.of_group(ids["robo-a1"], NOW, 1)
    assert len(reminders_to(app, chat.user_id)) == 1
    return chat, ids, lesson.id


def notices(app: App, user_id: int) -> list[str]:
    """What a member of staff was told of absences."""
    return [str(m.get("text")) for m in app.emulator.sent(user_id)
            if str(m.get("text", "")).startswith(("🙅", "↩️"))]


def toast(chat: LocalChat) -> str:
    return str(chat.answers()[-1].params.get("text"))


def alerted(chat: LocalChat) -> bool:
    return bool(chat.answers()[-1].params.get("show_alert"))


async def count(app: App, sql: str, params: tuple[object, ...] = ()) -> int:
    return int(await app.db.fetchval(sql, params))


async def pending_for(app: App, user_id: int, lesson_id: int) -> list[str]:
    return [r.lead for r in await reminder_rows(app)
            if r.chat_id == user_id and r.lesson_id == lesson_id]


async def child_id(app: App, name: str) -> int:
    return int(await app.db.fetchval("SELECT id FROM children WHERE name = ?", (name,)))


# ---- marking absent and the teacher told ------------------------------------------------------


async def test_the_teacher_hears_and_the_reminders_stop(app: App, frozen: Clock) -> None:
    teacher = await staff(app, TEACHER)
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    chat, ids, lesson = await reminded(app, frozen)
    await teach(app, ids["robo-a1"], TEACHER)
    assert await pending_for(app, chat.user_id, lesson) == ["2h"]
    await chat.press("🙅 Не придём")
    assert toast(chat) == "✅ Записали"  # the reminder's new line says the rest
    assert not alerted(chat)
    # the reminder says so, and its button takes it back
    assert chat.last_text().endswith("\n🙅 Мария не придёт — педагогу сообщили")
    assert chat.last_text().startswith("🔔 Занятие завтра в 15:00")
    assert chat.labels() == ["🗓 Расписание", "↩️ Всё-таки придём"]
    await app.deliver()
    assert notices(app, TEACHER) == ["\n".join(NOTICE_RU)]
    assert notices(app, ADMIN_ID) == []  # the group has a teacher: only they are told
    # a press away from the lesson's card
    await teacher.press("🗓 Занятие")
    card = teacher.last_text()
    assert "🔔 Напоминаний отправлено: 1\n🙅 Не придёт: Иванова Мария" in card
    # no more reminders of this lesson for the child
    await app.services.planner.tick()
    assert await pending_for(app, chat.user_id, lesson) == []
    await deliver_at(app, frozen, local(TUE, 13))
    assert len(reminders_to(app, chat.user_id)) == 1
    assert await count(app, "SELECT count(*) FROM absences") == 1


async def test_in_english(app: App, frozen: Clock) -> None:
    await staff(app, TEACHER, "en")
    chat, ids, _ = await reminded(app, frozen, "en", user_id=1002)
    await teach(app, ids["robo-a1"], TEACHER)
    await chat.press("🙅 We can't come")
    assert toast(chat) == "✅ Noted"
    assert chat.last_text().endswith("\n🙅 Мария won't be there — the teacher has been told")
    assert chat.labels() == ["🗓 Schedule", "↩️ We'll come after all"]
    await app.deliver()
    assert notices(app, TEACHER) == [
        "🙅 Иванова Мария won't be there\nRobotics: first steps, group “Вт/Чт 15:00”\n"
        "Tue, 1 December, 15:00–16:30\nReported by a parent"
    ]
    await chat.press("↩️ We'll come after all")
    assert toast(chat) == "Mark removed: Мария will come."
    assert chat.labels() == ["🗓 Schedule", "🙅 We can't come"]
    await app.deliver()
    assert notices(app, TEACHER)[-1].startswith("↩️ Иванова Мария will come after all\n")


async def test_without_a_teacher_account_every_member_of_staff_hears(
    app: App, frozen: Clock
) -> None:
    await staff(app, TEACHER)
    await staff(app, OTHER, "en")
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    chat, ids, _ = await reminded(app, frozen)
    # a teacher account that is not staff (any more) counts as none
    await teach(app, ids["robo-a1"], chat.user_id)
    await chat.press("🙅 Не придём")
    await app.deliver()
    assert notices(app, TEACHER) == notices(app, ADMIN_ID) == ["\n".join(NOTICE_RU)]
    assert notices(app, OTHER)[0].startswith("🙅 Иванова Мария won't be there\n")
    assert notices(app, chat.user_id) == []
    rows = await app.db.fetchall("SELECT * FROM outbox WHERE kind = 'absence'")
    assert {r["chat_id"] for r in rows} == {TEACHER, OTHER, ADMIN_ID}
    assert all(r["staff_only"] == 1 and r["family_id"] and r["lesson_id"] for r in rows)


async def test_pressing_twice_records_it_once(app: App, frozen: Clock) -> None:
    await staff(app, TEACHER)
    chat, _, lesson = await reminded(app, frozen)
    maria = await child_id(app, "Иванова Мария")
    await chat.press("🙅 Не придём")
    # the same press again (a double tap, a second device)
    await chat.press_data(Absence(lesson=lesson, child=maria).pack())
    assert toast(chat) == "Уже записано: Мария не придёт."
    assert chat.labels() == ["🗓 Расписание", "↩️ Всё-таки придём"]
    assert chat.last_text().count("педагогу сообщили") == 1
    await app.deliver()
    assert len(notices(app, TEACHER)) == 1


# ---- taking it back ----------------------------------------------------------------------------


async def test_taken_back_before_the_notice_went_nobody_is_bothered(
    app: App, frozen: Clock
) -> None:
    await staff(app, TEACHER)
    chat, _, lesson = await reminded(app, frozen)
    await chat.press("🙅 Не придём")
    await app.services.planner.tick()
    assert await pending_for(app, chat.user_id, lesson) == []
    await chat.press("↩️ Всё-таки придём")
    assert toast(chat) == "Отметку сняли: Мария придёт."
    assert chat.labels() == ["🗓 Расписание", "🙅 Не придём"]
    assert "педагогу сообщили" not in chat.last_text()
    await app.deliver()
    assert notices(app, TEACHER) == []
    [row] = await app.db.fetchall("SELECT status, payload FROM outbox WHERE kind = 'absence'")
    assert (row["status"], row["payload"]) == ("cancelled", "{}")
    # the reminders come back
    await app.services.planner.tick()
    assert await pending_for(app, chat.user_id, lesson) == ["2h"]
    await deliver_at(app, frozen, local(TUE, 13))
    assert len(reminders_to(app, chat.user_id)) == 2
    # and taking back what is not there says so
    maria = await child_id(app, "Иванова Мария")
    await chat.press_data(Absence(lesson=lesson, child=maria, undo=True).pack())
    assert toast(chat) == NOTHING_TO_TAKE_BACK


async def test_taken_back_after_the_notice_the_teacher_hears_again(
    app: App, frozen: Clock
) -> None:
    await staff(app, TEACHER)
    chat, _, _ = await reminded(app, frozen)
    await chat.press("🙅 Не придём")
    await app.deliver()
    await chat.press("↩️ Всё-таки придём")
    await app.deliver()
    assert notices(app, TEACHER) == ["\n".join(NOTICE_RU), "\n".join([
        "↩️ Иванова Мария всё-таки придёт", *NOTICE_RU[1:3],
        "Отметку «не придёт» сняли. Кто: родитель"])]
    # a second round tells of the second report only
    await chat.press("🙅 Не придём")
    await app.deliver()
    await chat.press("↩️ Всё-таки придём")
    await app.deliver()
    assert len(notices(app, TEACHER)) == 4
    assert await count(app, "SELECT count(*) FROM absences") == 0


# ---- a pupil's own account ---------------------------------------------------------------------


async def test_a_pupil_reports_themself_but_never_a_sibling(app: App, frozen: Clock) -> None:
    await staff(app, TEACHER)
    parent, ids = await family(app)
    await enrol(app, parent.user_id, ids["robo-a1"], "Иванов Павел", 9)
    code = await family_invite(parent)
    pupil = app.chat(user_id=1002, first_name="Маша")
    await join_by_invite(pupil, code, as_="child")
    await pupil.press("Иванова Мария")
    await app.deliver()  # the applications confirmed: the reminder comes after them
    await app.services.planner.tick()
    await deliver_at(app, frozen, local(TUE, 13))
    assert pupil.labels() == ["🗓 Расписание", "🙅 Не приду"]
    [lesson] = await app.repos.lessons.of_group(ids["robo-a1"], NOW, 1)
    pavel = await child_id(app, "Иванов Павел")
    # a forged press for the brother changes nothing
    await pupil.press_data(Absence(lesson=lesson.id, child=pavel).pack())
    assert toast(pupil) == "Так отметить можно только себя — ничего не изменилось."
    assert alerted(pupil)
    assert pupil.labels() == ["🗓 Расписание", "🙅 Не приду"]
    await pupil.press("🙅 Не приду")
    assert toast(pupil) == "✅ Записали"
    assert pupil.last_text().endswith("\n🙅 Тебя не будет — педагогу сообщили")
    assert pupil.labels() == ["🗓 Расписание", "↩️ Всё-таки приду"]
    await app.deliver()
    [notice] = notices(app, TEACHER)
    assert notice.endswith("\nКто сообщил: ребёнок со своего аккаунта")
    rows = await app.db.fetchall("SELECT child_id, reported_by FROM absences")
    assert [tuple(r) for r in rows] == [(await child_id(app, "Иванова Мария"), pupil.user_id)]
    # the parent's reminder went before: pressed there, it says so and flips
    await parent.press("🙅 Мария не придёт")
    assert toast(parent) == "Уже записано: Мария не придёт."
    assert parent.labels() == ["🗓 Расписание", "↩️ Мария придёт", "🙅 Павел не придёт"]
    # the pupil's account leaves the family: the absence stays with the parents, without
    # the account that reported it, and the account's reminder settings go
    await app.repos.reminders.set_quiet(pupil.user_id, False)
    await pupil.send("/forget")
    await pupil.press(1)
    rows = await app.db.fetchall("SELECT reported_by FROM absences")
    assert [r["reported_by"] for r in rows] == [None]
    assert await count(app, "SELECT count(*) FROM reminder_settings WHERE user_id = ?",
                       (pupil.user_id,)) == 0


# ---- presses that change nothing ---------------------------------------------------------------


async def test_forged_and_out_of_place_presses_change_nothing(app: App, frozen: Clock) -> None:
    chat, ids, lesson = await reminded(app, frozen)
    maria = await child_id(app, "Иванова Мария")
    reminder = chat.messages()[-1]
    stranger = app.chat(user_id=1009)
    await start_as(stranger, "parent")
    await enrol(app, stranger.user_id, ids["robo-a1"], "Петров Пётр", 11)
    nobody = app.chat(user_id=1010)
    await nobody.send("/start")
    [it_lesson] = await app.repos.lessons.of_group(ids["it-a1"], NOW, 1)
    not_yours = "Так отметить можно только своего ребёнка — ничего не изменилось."
    gone = "Такого занятия уже нет — расписание обновили. Загляните в «🗓 Расписание»."
    cases = [
        (stranger, Absence(lesson=lesson, child=maria), not_yours),
        (nobody, Absence(lesson=lesson, child=maria), not_yours),
        (chat, Absence(lesson=999_999, child=maria), gone),
        (chat, Absence(lesson=it_lesson.id, child=maria),
         "Этого занятия нет в вашем расписании — ничего не изменилось."),
        (chat, Absence(lesson=lesson, child=999_999), not_yours),
    ]
    for who, data, answer in cases:
        await who.press_data(data.pack())
        assert (toast(who), alerted(who)) == (answer, True), data
        await who.press_data(Absence(lesson=data.lesson, child=data.child, undo=True).pack())
        assert toast(who) == (NOTHING_TO_TAKE_BACK if data.lesson == it_lesson.id
                              else answer), data
    for who in (chat, stranger, nobody):
        assert not any(text.startswith("⚠️") for text in who.texts())
    assert chat.messages()[-1] == reminder
    # past SQLite's integers: an old button, answered with the menu
    for raw in (f"ab:{lesson}:{10**30}:0", f"ab:{-(10**30)}:{maria}:1"):
        await chat.press_data(raw, message_id=reminder["message_id"])
        assert "text" not in chat.answers()[-1].params  # the menu says it: no toast repeating it
        assert chat.last_text().startswith("Эта кнопка устарела — вот актуальное меню.")
    assert await count(app, "SELECT count(*) FROM absences") == 0
    assert await count(app, "SELECT count(*) FROM outbox WHERE kind = 'absence'") == 0


async def test_a_cancelled_lesson_needs_no_mark(app: App, frozen: Clock) -> None:
    chat, _, lesson = await reminded(app, frozen)
    await app.services.lesson_changes.change(lesson, 0, "cancel", by=ADMIN_ID, reason="Болезнь")
    await chat.press("🙅 Не придём")
    assert toast(chat) == "Это занятие отменено — отмечать ничего не нужно."
    assert await count(app, "SELECT count(*) FROM absences") == 0


async def test_too_late_once_the_lesson_started(app: App, frozen: Clock) -> None:
    await staff(app, TEACHER)
    chat, _, _ = await reminded(app, frozen)
    reminder = chat.messages()[-1]["message_id"]
    frozen.move_to(local(TUE, 15))
    await chat.press("🙅 Не придём", message_id=reminder)
    assert toast(chat) == "Занятие уже началось — отметку уже не изменить."
    assert alerted(chat)
    assert await count(app, "SELECT count(*) FROM absences") == 0
    # marked in time, then taken back too late: it stays
    frozen.move_to(local(MON, 20))
    await chat.press("🙅 Не придём", message_id=reminder)
    frozen.move_to(local(TUE, 15, 5))
    await chat.press("↩️ Всё-таки придём", message_id=reminder)
    assert toast(chat) == "Занятие уже началось — отметку уже не изменить."
    assert chat.labels(reminder) == ["🗓 Расписание", "↩️ Всё-таки придём"]
    assert await count(app, "SELECT count(*) FROM absences") == 1
    await app.deliver()
    assert len(notices(app, TEACHER)) == 1


# ---- the groups file: the teacher's account and what to bring -----------------------------------


def with_teacher_and_note(teacher_id: str, note: str) -> bytes:
    lines = CSV.strip().split("\n")
    rows = [lines[0] + ";teacher_id;note"]
    for line in lines[1:]:
        ours = line.split(";")[8] == "robo-a1"
        rows.append(line + (f';{teacher_id};"{note}"' if ours else ";;"))
    return ("\n".join(rows) + "\n").encode()


async def test_the_groups_file_names_the_teacher_and_what_to_bring(
    app: App, frozen: Clock
) -> None:
    await staff(app, TEACHER)
    chat, _ = await family(app)
    note = "Сменная обувь; ноутбук, если есть"
    result = parse_groups_csv(with_teacher_and_note(str(TEACHER), note), {"robo", "it"})
    assert result.errors == []
    plan_lessons(result.groups, app.settings.zone)
    await import_programmes(app.db, result.programmes, result.groups, NOW.date())
    await app.deliver()  # the application confirmed: the reminder comes after it
    await app.services.planner.tick()
    await deliver_at(app, frozen, local(MON, 19))
    [text] = reminders_to(app, chat.user_id)
    assert text.endswith(f"\n🎒 {note}")
    await chat.press("🙅 Не придём")
    await app.deliver()
    assert notices(app, TEACHER) == ["\n".join(NOTICE_RU)]


# ---- the family's data -------------------------------------------------------------------------


async def test_mydata_has_the_absences_and_forget_leaves_none(app: App, frozen: Clock) -> None:
    await staff(app, TEACHER)
    chat, ids, _ = await reminded(app, frozen)
    await app.repos.reminders.set_quiet(chat.user_id, False)
    await chat.press("🙅 Не придём")
    await app.deliver()  # one notice read
    # and one still queued, for Thursday
    [_, thursday] = await app.repos.lessons.of_group(ids["robo-a1"], NOW, 2)
    await chat.press_data(Absence(lesson=thursday.id, child=await child_id(
        app, "Иванова Мария")).pack())
    await chat.send("/mydata")
    data = json.loads(app.emulator.files[chat.messages()[-2]["document"]["file_id"]])
    assert [(a["child"], a["day"], a["group"]) for a in data["absences"]] == [
        ("Иванова Мария", "2026-12-01", "Вт/Чт 15:00"),
        ("Иванова Мария", "2026-12-03", "Вт/Чт 15:00"),
    ]
    assert data["reminders"]["settings"][0]["quiet"] is False
    await chat.send("/forget")
    await chat.press("🗑 Да, удалить всё")
    assert await count(app, "SELECT count(*) FROM absences") == 0
    rows = await app.db.fetchall("SELECT status, payload FROM outbox WHERE kind = 'absence'")
    assert sorted((r["status"], r["payload"]) for r in rows) == [
        ("cancelled", "{}"), ("sent", "{}")]
    await app.deliver()
    assert len(notices(app, TEACHER)) == 1
