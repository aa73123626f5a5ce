"""Every column that refers to a person or a child is classified here: how /forget treats it and
where /mydata exports it. A column a migration adds fails the schema test until someone decides
for it; the behaviour tests fill a family with everything a family can leave (and a person with
no family with everything they can), then check /mydata and /forget column by column."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

import pytest
import time_machine

from bot.local.chat import LocalChat
from bot.services import consent_texts
from bot.services.broadcast_compose import new_broadcast
from bot.services.event_booking_rules import ChildIn, Request
from bot.ui.callbacks import Absence
from storage import consents
from storage.applications import Application
from storage.audience import Audience
from storage.db import Database
from tests.helpers import family_invite, join_by_invite, raw_bytes, start_as
from tests.helpers.attendance import correct, held, mark, quiet
from tests.helpers.events import add_event
from tests.helpers.harness import App
from tests.helpers.schedule import NOW, load_timetable
from tests.helpers.signup import born, open_form, sign_up

Holds = Literal["user", "child", "family"]
# deleted: no row refers to them afterwards; nulled: the row stays without them; blanked: the
# row stays with its content emptied; account: the users row stays with the Telegram name
# blanked; staff: not the family's data (staff work or authorship), kept
Forget = Literal["deleted", "nulled", "blanked", "account", "staff"]


@dataclass(frozen=True)
class Ref:
    holds: Holds
    forget: Forget
    exported: str | None  # where /mydata puts its values ("a[].b"); None: not exported
    why: str


PERSON_COLUMNS: dict[str, Ref] = {
    "users.id": Ref("user", "account", "members[].user_id",
                    "the account (language, capacities) stays for a person who may go on using"
                    " the bot; the Telegram name and username are blanked"),
    "fsm_states.key": Ref("user", "deleted", "forms[].user_id",
                          "half-filled forms (bot:chat:user:… in the key); staff drafts are"
                          " deleted too but exported only as the family side's forms"),
    "quiz_results.user_id": Ref("user", "deleted", "quiz_results[].user_id", "a member's own"),
    "quiz_result_quanta.user_id": Ref("user", "deleted", "quiz_results[].user_id",
                                      "the quanta of a quiz result, with it"),
    "subscriptions.user_id": Ref("user", "deleted", "subscriptions[].user_id",
                                 "a member's news subscriptions"),
    "reminder_settings.user_id": Ref("user", "deleted", "reminders.settings[].user_id",
                                     "a member's reminder settings"),
    "reminder_leads.user_id": Ref("user", "deleted", "reminders.lead_times[].user_id",
                                  "a member's lead times for a child"),
    "reminder_leads.child_id": Ref("child", "deleted", "reminders.lead_times[].child_id",
                                   "with the child"),
    "families.id": Ref("family", "deleted", "family.id", "the family itself"),
    "children.id": Ref("child", "deleted", "children[].id", "the child"),
    "children.family_id": Ref("family", "deleted", "family.id", "with the child"),
    "children.user_id": Ref("user", "deleted", "children[].user_id",
                            "the child's own account: deleted with the child, nulled when the"
                            " account leaves the family"),
    "family_members.family_id": Ref("family", "deleted", "family.id", "the membership"),
    "family_members.user_id": Ref("user", "deleted", "members[].user_id", "the membership"),
    "family_members.child_id": Ref("child", "deleted", "members[].child_id",
                                   "which child a child's account is"),
    "consents.family_id": Ref("family", "nulled", "family.id",
                              "the consent stays as a fact (given, withdrawn) without the person"),
    "consents.child_id": Ref("child", "nulled", "consents[].child_id", "as family_id"),
    "consents.given_by": Ref("user", "nulled", "consents[].given_by",
                             "as family_id; also when the pupil who gave it leaves the family"),
    "consent_requests.child_id": Ref("child", "nulled", "consent_requests[].child_id",
                                     "a newer consent text put to the family and the answer"
                                     " stay as facts, without the child"),
    "consent_requests.asked_user": Ref("user", "nulled", "consent_requests[].asked_user",
                                       "as child_id"),
    "consent_requests.answered_by": Ref("user", "nulled", "consent_requests[].answered_by",
                                        "as child_id"),
    "enrolments.child_id": Ref("child", "deleted", "applications[].child_id",
                               "the applications go with the child (seats to the waitlist)"),
    "enrolments.created_by": Ref("user", "deleted", "applications[].created_by",
                                 "with the application; nulled when its author leaves the family"),
    "absences.child_id": Ref("child", "deleted", "absences[].child_id", "with the child"),
    "absences.reported_by": Ref("user", "deleted", "absences[].reported_by",
                                "with the child's absence; nulled when the reporter leaves"),
    "unanswered.user_id": Ref("user", "deleted", "unanswered[].user_id",
                              "texts typed that the bot did not understand (staff's"
                              " /unanswered shows them without the person); kept 30 days"),
    "questions.user_id": Ref("user", "deleted", "questions[].asked_by",
                             "the question, its answer and the messages it caused"),
    "questions.family_id": Ref("family", "deleted", "family.id", "as user_id"),
    "outbox.chat_id": Ref("user", "blanked", None,
                          "every message to a member is blanked (unsent ones cancelled); the row"
                          " stays so broadcasts keep their counts. Not exported: the messages are"
                          " in the person's own chat"),
    "outbox.family_id": Ref("family", "nulled", None,
                            "a message about the family, to anyone (staff too), is blanked and no"
                            " longer says which family it was about"),
    "outbox.dedupe_key": Ref("user", "blanked", None,
                             "ids (no names) in the key of a blanked message, which keeps it"
                             " from being queued twice"),
    "questions.taken_by": Ref("user", "staff", None, "staff's «answering now» mark"),
    "questions.answered_by": Ref("user", "staff", None, "the member of staff who answered"),
    "broadcasts.author_id": Ref("user", "staff", None, "staff authorship of an announcement"),
    "posts.author_id": Ref("user", "staff", None, "staff authorship of a post"),
    "closures.created_by": Ref("user", "staff", None, "staff who added a closure"),
    "lessons.changed_by": Ref("user", "staff", None, "staff who changed a lesson"),
    "groups.teacher": Ref("user", "staff", None, "the teacher's name, from the groups file"),
    "groups.teacher_id": Ref("user", "staff", None, "the teacher's account"),
    "staff_access.staff_id": Ref("user", "staff", None,
                                 "who of staff looked at children's data (/audit), kept a year;"
                                 " what was looked at is kinds and ids, never the text typed"),
    "broadcast_unreached.family_id": Ref(
        "family", "deleted", None, "a family a broadcast could not be sent to at all (its"
        " audience's members in it had blocked the bot): deleted with the family, the"
        " broadcast's count of them less one; not exported: staff work"),
    "staff_access_families.family_id": Ref(
        "family", "deleted", None, "the families a staff search or roster showed: deleted with"
        " the family, so the record keeps only that a look found so many; not exported: staff"
        " work, not the family's data"),
    "attendance.child_id": Ref("child", "nulled", "attendance[].child_id",
                               "a child's marks: the name goes with the child; the journal keeps"
                               " the counts as «выбыл»"),
    "attendance.pupil": Ref("child", "staff", None,
                            "the child's id as it was when marked: /forget moves it to a negative"
                            " number of its own (never a child's id), which only keeps one"
                            " «выбыл» row per child in the journal"),
    "attendance.marked_by": Ref("user", "staff", None, "staff who marked"),
    "attendance_changes.child_id": Ref("child", "nulled", "attendance_changes[].child_id",
                                       "a correction of a mark: the name goes with the child"),
    "attendance_changes.pupil": Ref("child", "staff", None, "as attendance.pupil"),
    "attendance_changes.changed_by": Ref("user", "staff", None, "staff who corrected a mark"),
    "attendance_changes.by_was": Ref("user", "staff", None,
                                     "staff who had set the mark a correction replaced"),
    "roll_calls.done_by": Ref("user", "staff", None, "staff who finished a register"),
    "attendance_quiet.user_id": Ref("user", "deleted", "attendance_quiet[].user_id",
                                    "a member's «не пришёл» notices turned off for a child"),
    "attendance_quiet.child_id": Ref("child", "deleted", "attendance_quiet[].child_id",
                                     "with the child"),
    "lesson_notes.author_id": Ref("user", "staff", None,
                                  "staff who wrote what a group did at a lesson (names no child)"),
    "lesson_notes.edited_by": Ref("user", "staff", None, "staff who changed a lesson note"),
    "lesson_notes.removed_by": Ref("user", "staff", None,
                                   "staff who took a lesson note off the schedule"),
    "events.created_by": Ref("user", "staff", None, "staff who created an event"),
    "event_registrations.user_id": Ref(
        "user", "deleted", "events[].user_id", "who registered for an event (the adults coming,"
        " the phone, the ticket, the check-in): deleted with its seats and feedback, the seats"
        " offered to the waitlist, its tickets and reminders cancelled and blanked"),
    "event_registrations.family_id": Ref("family", "deleted", "family.id", "as user_id"),
    "event_registrations.consent_by": Ref(
        "user", "deleted", "events[].consent_by",
        "who consented to a registration of a child new to the technopark (the registering"
        " person or the parent who agreed): goes with the registration"),
    "event_registrations.checked_in_by": Ref("user", "staff", None,
                                             "staff who checked a family in at the door"),
    "event_seats.child_id": Ref("child", "deleted", "events[].seats[].child_id",
                                "a known child's seat at an event (its name and birth date are"
                                " kept beside it, for a child new to the technopark): deleted"
                                " with the registration"),
}

# looked at and not a person's: listed so that a change to them is looked at again
NOT_PERSONAL = {
    "kv.value": "the webhook secret and alert states: no person's id or data",
    "questions.message_id": "a message's id in the asker's chat: deleted with the question",
    "outbox.message_id": "Telegram's id of a sent message: means nothing without the chat",
    "unanswered.message_id": "a message's id in the typist's chat: deleted with the text",
}

PERSON_NAME = re.compile(
    r"(^|_)(user|child|family|chat|author|teacher|staff|parent|pupil|member|person|asker"
    r"|owner|admin|guardian)(_ids?)?$|_by$"
)
PERSON_TABLES = {"users", "children", "families"}


async def schema(db: Database) -> dict[str, set[str]]:
    """Every table's columns after all migrations."""
    tables = [str(r[0]) for r in await db.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )]
    return {t: {str(r[0]) for r in await db.fetchall(
        "SELECT name FROM pragma_table_info(?)", (t,))} for t in tables}


async def person_columns(db: Database) -> set[str]:
    """Columns that refer to a person or a child: by name, by a foreign key to the users,
    children or families, or as those tables' own keys."""
    found = set()
    for table, columns in (await schema(db)).items():
        for column in columns:
            if PERSON_NAME.search(column):
                found.add(f"{table}.{column}")
        for row in await db.fetchall(
            "SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?)", (table,)
        ):
            if row[0] in PERSON_TABLES:
                found.add(f"{table}.{row[1]}")
        if table in PERSON_TABLES:
            found.add(f"{table}.id")
    return found


async def test_every_column_that_refers_to_a_person_is_classified(db: Database) -> None:
    unclassified = await person_columns(db) - set(PERSON_COLUMNS)
    assert not unclassified, (
        "these columns refer to a person or a child, but nobody has decided how /forget treats"
        " them and whether /mydata exports them — classify each in PERSON_COLUMNS"
        " (tests/test_privacy_coverage.py) and make storage do it: " + ", ".join(
            sorted(unclassified))
    )
    existing = {f"{t}.{c}" for t, columns in (await schema(db)).items() for c in columns}
    gone = (set(PERSON_COLUMNS) | set(NOT_PERSONAL)) - existing
    assert not gone, "classified columns that no longer exist: " + ", ".join(sorted(gone))
    assert all(ref.why for ref in PERSON_COLUMNS.values())
    assert not [c for c, ref in PERSON_COLUMNS.items() if ref.forget == "staff" and ref.exported]


# ---- checking a database against the classification ------------------------------------------


def refers(column: str, ids: list[int]) -> tuple[str, list[Any]]:
    """The SQL condition that a row's column refers to one of these ids."""
    name = column.split(".")[1]
    if not ids:
        return "0", []
    if column == "fsm_states.key":
        return " OR ".join("key GLOB ?" for _ in ids), [f"*:{i}:{i}:*" for i in ids]
    if column == "outbox.dedupe_key":
        return (" OR ".join("(':' || dedupe_key || ':') GLOB ?" for _ in ids),
                [f"*:{i}:*" for i in ids])
    return f"\"{name}\" IN ({','.join('?' * len(ids))})", list(ids)


def value_of(column: str, value: Any) -> Any:
    return int(str(value).split(":")[2]) if column == "fsm_states.key" else value


def values_at(data: Any, path: str) -> set[Any]:
    nodes = [data]
    for part in path.split("."):
        key = part.removesuffix("[]")
        nodes = [n[key] for n in nodes]
        if part.endswith("[]"):
            nodes = [item for n in nodes for item in n]
    return set(nodes)


@dataclass(frozen=True)
class People:
    users: list[int]
    children: list[int]
    family: list[int]

    def ids(self, holds: Holds) -> list[int]:
        return {"user": self.users, "child": self.children, "family": self.family}[holds]


async def rows_referring(app: App, column: str, ids: list[int], extra: str = "") -> list[Any]:
    table, name = column.split(".")
    where, params = refers(column, ids)
    return list(await app.db.fetchall(
        f"SELECT \"{name}\", * FROM {table} WHERE ({where}){extra}", params,  # noqa: S608
    ))


async def check_export(app: App, data: dict[str, Any], people: People, *,
                       every: bool = True, paths: dict[str, str] | None = None) -> None:
    """Each exported column's values for these people are where the classification says
    (and, with `every`, each such column has some: the scenario covers it)."""
    problems = []
    for column, ref in PERSON_COLUMNS.items():
        if ref.exported is None or ref.forget == "staff":
            continue
        values = {value_of(column, r[0]) for r in await rows_referring(
            app, column, people.ids(ref.holds)) if r[0] is not None}
        path = (paths or {}).get(ref.exported, ref.exported)
        if not values:
            if every:
                problems.append(f"the scenario leaves nothing in {column}")
            continue
        try:
            exported = values_at(data, path)
        except (KeyError, TypeError):
            problems.append(f"/mydata has no {path} for {column}")
            continue
        if not values <= exported:
            problems.append(f"/mydata lacks {column} {values - exported} at {path}")
    assert not problems, "\n".join(problems)


FORGET_NOTICES = " AND dedupe_key NOT GLOB 'forgotten:*' AND dedupe_key NOT GLOB 'left:*'"


async def check_forgotten(app: App, people: People, *, before: bool = False,
                          only: Collection[str] = (), skip: Collection[str] = ()) -> None:
    """After /forget, column by column: nothing refers to these people but the documented
    leftovers. With `before`, that there is something of them to forget in each column (or in
    `only` these, or in all but `skip`)."""
    problems = []
    for column, ref in PERSON_COLUMNS.items():
        ids = people.ids(ref.holds)
        if ref.forget == "staff" or not ids or (before and only and column not in only) or (
                before and column in skip):
            continue
        if before:
            if not await rows_referring(app, column, ids):
                problems.append(f"nothing of them in {column} to forget")
            continue
        extra = {
            "blanked": " AND payload != '{}'" + FORGET_NOTICES,
            "account": " AND (first_name != '' OR username IS NOT NULL)",
        }.get(ref.forget, "")
        left = await rows_referring(app, column, ids, extra)
        if left:
            problems.append(f"{column} ({ref.forget}) still refers to them: "
                            f"{[dict(r) for r in left]}")
    assert not problems, "\n".join(problems)


# ---- a family with everything a family can leave ----------------------------------------------

MUM, DAD, TIM, STAFF = 3001, 3002, 3003, 3100
GIRL, BOY, SISTER = "Заболоцкая Евфросинья", "Заболоцкий Тимофей", "Заболоцкая Ксения"
SCHOOL, PHONE = "Гимназия № 1543", "+79150001122"
QUESTION, ANSWER = "Можно ли прийти с ноутбуком Заболоцким?", "Да, Заболоцким можно"
TYPED = "ывапр Заболоцкая фывф"  # typed outside a form: the bot understands nothing of it
REASON = "Группа набрана для Заболоцкой"
LUKA, EVENT_PHONE = "Заболоцкий Лука", "+79160003344"  # a brother known only at an event
COMMENT = "Роботы Заболоцким понравились"
QUIZ = ["🔧 Что-то соберу", "🔍 Видеть атомы", "🧪 Опыты в лаборатории", "🧭 Разведчик",
        "🚁 Дрон-картограф"]


def secrets() -> list[str]:
    """What the family's files must not keep: names, usernames, school, phone, birth dates,
    the question, its answer and the reason staff gave, a half-filled form's answers."""
    return [GIRL, BOY, SISTER, "Заболоцк", SCHOOL, PHONE, QUESTION, ANSWER, REASON, TYPED,
            "Ефросинья", "Тимофей", "efrosinya_zab", "petr_zab", "timofey_zab",
            *(born_on(years).isoformat() for years in (8, 9, 10, 15)), "Лицей на Ленинском",
            LUKA, EVENT_PHONE, COMMENT]


@pytest.fixture(autouse=True)
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


async def count(app: App, sql: str, *params: object) -> int:
    return int(await app.db.fetchval(sql, params))


async def take_quiz(chat: LocalChat, answers: int = len(QUIZ)) -> None:
    await chat.send("/quiz")
    if "🔁 Пройти заново" in chat.labels():
        await chat.press("🔁 Пройти заново")
    # a parent is asked about the child: the first answers read «собирать», not «соберу»
    quiz = QUIZ if QUIZ[0] in chat.labels() else ["🔧 Что-то собирать", *QUIZ[1:]]
    for label in quiz[:answers]:
        await chat.press(label)
    if answers == len(QUIZ):
        await chat.press("13–15")
        assert "квантум" in chat.last_text()


def born_on(years: int) -> date:
    """The birth date the sign-up form is given for someone `years` old."""
    return datetime.strptime(born(years), "%d.%m.%Y").date()


async def apply(app: App, user_id: int, name: str, years: int, group_id: int,
                relation: Literal["parent", "child"] = "parent") -> int:
    done = await app.repos.enrolment.submit(Application(
        user_id=user_id, relation=relation, child_name=name, birth_date=born_on(years),
        school=SCHOOL, grade=years - 6, phone=PHONE, group_id=group_id, consent=True,
        photo_consent=True, today=NOW.date(),
    ))
    return done.enrolment_id


async def a_family_with_everything(app: App) -> tuple[LocalChat, LocalChat, LocalChat]:
    """Mum, dad and the boy's own account; the girl with applications confirmed, rejected and
    waiting; consent, reminders and their settings, an absence, a question answered by staff,
    quiz results, news subscriptions, half-filled forms, notices sent and queued."""
    groups = await load_timetable(app)
    staff = app.chat(user_id=STAFF, first_name="Елена")
    await staff.send("/start")
    await app.repos.users.set_staff_role(STAFF, "staff")
    mum = app.chat(user_id=MUM, first_name="Ефросинья", username="efrosinya_zab")
    await sign_up(mum, name=GIRL, school=SCHOOL, phone="+7 915 000-11-22")
    assert await count(app, "SELECT count(*) FROM enrolments WHERE status = 'applied'") == 1
    girl = await count(app, "SELECT id FROM children WHERE name = ?", GIRL)
    [first] = [r[0] for r in await app.db.fetchall("SELECT id FROM enrolments")]
    assert await app.repos.enrolment.decide(first, "confirmed")
    second = await apply(app, MUM, GIRL, 10, groups["robo-a2"])
    assert await app.repos.enrolment.decide(second, "rejected", REASON)
    await apply(app, MUM, GIRL, 10, groups["robo-a3"])
    await apply(app, MUM, BOY, 15, groups["it-a1"])
    code = await family_invite(mum)
    dad = app.chat(user_id=DAD, first_name="Пётр", username="petr_zab")
    await join_by_invite(dad, code)
    tim = app.chat(user_id=TIM, first_name="Тимофей", username="timofey_zab")
    await join_by_invite(tim, code, as_="child")
    await tim.press(BOY)
    # the boy, 15, signs himself up for one more group, consenting as a pupil, and is taken
    own = await apply(app, TIM, BOY, 15, groups["robo-a2"], relation="child")
    assert await app.repos.enrolment.decide(own, "confirmed")
    boy = await count(app, "SELECT id FROM children WHERE name = ?", BOY)
    for person, child, leads in ((MUM, girl, ["evening", "1h"]), (TIM, boy, ["3h"])):
        await app.repos.reminders.set_quiet(person, person == TIM)
        assert await app.services.reminder_settings.set_leads(person, child, leads)
    [_, thursday] = await app.repos.lessons.of_group(groups["robo-a1"], NOW, 2)
    await mum.press_data(Absence(lesson=thursday.id, child=girl).pack())
    [wednesday] = await app.repos.lessons.of_group(groups["robo-a2"], NOW, 1)
    await tim.press_data(Absence(lesson=wednesday.id, child=boy).pack())
    for chat, question, answer in ((mum, QUESTION, ANSWER), (tim, "Что взять с собой?", "Ничего")):
        await chat.send("/ask")
        await chat.send(question)
        await app.deliver()
        await staff.press("✍️ Ответить")
        await staff.send(answer)
    await take_quiz(tim)
    await take_quiz(dad)
    for chat in (mum, tim):
        await chat.send(TYPED)
        assert chat.last_text().startswith("Не понял")
    await take_quiz(tim, answers=2)  # and starts again (its buttons hold the answers)
    await tim.send("/ask")  # a question begun, not yet typed: the boy's form half-filled
    assert tim.last_text().startswith("❓ Вопрос технопарку")
    await app.services.news.subscribe(DAD, "it", True)
    await app.services.news.subscribe(TIM, "robo", False)
    await app.deliver()
    await app.services.planner.tick()  # the girl's reminders, queued
    await open_form(dad)  # a sister's sign-up, half-filled
    await dad.send(SISTER)
    await dad.send(born(8))
    await dad.send("Лицей на Ленинском")
    # a newer consent text put to the family: dad answered for the girl, the boy for himself
    stamp = NOW.isoformat()
    async with app.db.transaction() as conn:
        assert await consents.mark_asked(conn, girl, "2099-01-p9", MUM, stamp)
        await consents.record_answer(conn, girl, "2099-01-p9", DAD, "accepted", stamp)
        await consents.record_answer(conn, boy, "2099-01-s9", TIM, "refused", stamp)
    # staff looked the family up, by a name and by the phone: the record keeps no text
    await staff.send("/find заболоцкая")
    assert "Нашёл 1 семью по имени" in staff.last_text()
    await staff.send("8 (915) 000-11-22")
    assert "Нашёл 1 семью по телефону" in staff.last_text()
    await staff.send("/cancel")
    # marks in the register: the girl came, then missed (corrected from late), the boy too;
    # mum and the boy turned the «не пришёл» notices off
    for group, child in ((groups["robo-a1"], girl), (groups["robo-a2"], boy)):
        first, second = (await held(app, group))[:2]
        await mark(app, first, child, "present", STAFF)
        await mark(app, second, child, "late", STAFF)
        await correct(app, second, child, "late", "absent", STAFF)
    await quiet(app, MUM, girl)
    await quiet(app, TIM, boy)
    await at_an_event(app, girl, boy)
    return mum, dad, tim


async def at_an_event(app: App, girl: int, boy: int) -> None:
    """Mum registers the girl (the one seat) and a brother new to the technopark (waitlisted),
    with the phone for the event; the boy registers himself (waitlisted); mum is checked in
    at the door and leaves stars and a comment."""
    event = await add_event(app, "zab-mk", seats=1, ages=(7, 17))
    family = await count(app, "SELECT family_id FROM family_members WHERE user_id = ?", MUM)
    now = NOW.astimezone(UTC)
    booking, door = app.services.event_booking, app.services.event_door
    booked = await booking.register(Request(
        event, MUM, family, (ChildIn(GIRL, born_on(10), girl), ChildIn(LUKA, born_on(9))),
        companions=1, phone=EVENT_PHONE, mode="split",
        consent_version=consent_texts.version_for("parent")), now)
    assert booked.seated == (GIRL,) and booked.waiting == (LUKA,)
    own = await booking.register(Request(event, TIM, family, (ChildIn(BOY, born_on(15), boy),),
                                         mode="wait"), now)
    assert own.waiting == (BOY,)
    staff, mum = await app.repos.users.get(STAFF), await app.repos.users.get(MUM)
    assert staff is not None and mum is not None
    assert (await door.check_in(staff, booked.registration_id, now)).outcome == "done"
    assert await door.rate(mum, booked.registration_id, 4, now) is not None
    assert await door.comment(mum, booked.registration_id, COMMENT) == "ok"
    await app.deliver()  # the ticket sent


async def the_family(app: App) -> People:
    family = await count(app, "SELECT family_id FROM family_members WHERE user_id = ?", MUM)
    children = [int(r[0]) for r in await app.db.fetchall(
        "SELECT id FROM children WHERE family_id = ?", (family,))]
    return People([MUM, DAD, TIM], children, [family])


async def exported(app: App, chat: LocalChat) -> dict[str, Any]:
    await chat.send("/mydata")
    return dict(json.loads(app.emulator.files[chat.messages()[-2]["document"]["file_id"]]))


async def test_mydata_gives_and_forget_takes_every_column_of_a_family(app: App) -> None:
    mum, dad, tim = await a_family_with_everything(app)
    people = await the_family(app)
    assert len(people.children) == 2
    data = await exported(app, mum)
    await check_export(app, data, people)
    text = json.dumps(data, ensure_ascii=False)
    for value in (GIRL, BOY, SCHOOL, PHONE, QUESTION, ANSWER, REASON, SISTER, "petr_zab",
                  LUKA, EVENT_PHONE, COMMENT):
        assert value in text, value
    tickets = "SELECT count(*) FROM outbox WHERE instr(payload, 'qr_token') > 0"
    assert await count(app, tickets) == 1
    # a broadcast to the parents whose quiz pointed where dad's did (dad alone), queued while
    # he had blocked the bot: the family is one it could not reach
    quantum = await app.db.fetchval(
        "SELECT quantum_code FROM quiz_result_quanta WHERE user_id = ? AND rank = 1", (DAD,))
    await app.repos.users.set_blocked(DAD, True)
    sent = await new_broadcast(app.db, STAFF, "Новость", None,
                               Audience(role="parent", quanta=(str(quantum),)))
    await app.repos.users.set_blocked(DAD, False)
    assert (sent.total, sent.stats.unreached) == (0, 1)
    await check_forgotten(app, people, before=True)
    for secret in secrets():
        assert secret.encode() in raw_bytes(app), secret
    statuses = {str(r[0]) for r in await app.db.fetchall(
        "SELECT status FROM outbox WHERE chat_id IN (?, ?, ?)", (MUM, DAD, TIM))}
    assert {"pending", "sent"} <= statuses
    about = [int(r[0]) for r in await app.db.fetchall(
        "SELECT id FROM outbox WHERE family_id = ? AND chat_id = ?", (people.family[0], STAFF))]
    assert about  # staff were told of the applications

    await mum.send("/forget")
    await mum.press("🗑 Да, удалить всё")
    assert mum.last_text() == "Данные семьи удалены, согласие отозвано."
    await check_forgotten(app, people)
    assert await count(app, tickets) == 0
    assert await count(app, "SELECT count(*) FROM event_seats") == 0
    assert await count(app, f"SELECT count(*) FROM outbox WHERE payload != '{{}}' AND id IN"
                            f" ({','.join(map(str, about))})") == 0  # noqa: S608
    data_on_disk = raw_bytes(app)
    for secret in secrets():
        assert secret.encode() not in data_on_disk, secret
    # what stays: that consent was given and withdrawn, without the person; staff's account
    assert await count(app, "SELECT count(*) FROM consents WHERE withdrawn_at IS NOT NULL"
                            " AND given_by IS NULL AND child_id IS NULL") == 6
    assert await count(app, "SELECT count(*) FROM consents") == 6
    assert await count(app, "SELECT count(*) FROM users WHERE id = ? AND first_name = 'Елена'"
                            " AND staff_role = 'staff'", STAFF) == 1
    await app.deliver()
    assert dad.last_text().startswith("🗑 Данные вашей семьи удалены")
    assert tim.last_text().startswith("🗑 Данные твоей семьи удалены")


async def test_a_childs_own_account_leaving_takes_all_of_its_own(app: App) -> None:
    mum, _, tim = await a_family_with_everything(app)
    people = People([TIM], [], [])
    # the boy's consent to his own registration is a consents row (his record is known), not
    # the registration's consent_by, which is for children new to the technopark
    await check_forgotten(app, people, before=True, skip={"event_registrations.consent_by"})
    await tim.send("/forget")
    await tim.press("🚪 Да, выйти")
    assert tim.last_text().startswith("Готово: ты больше не в семье")
    await check_forgotten(app, people)
    # the children's records and applications stay with the parents
    family = await the_family(app)
    assert len(family.children) == 2
    assert await count(app, "SELECT count(*) FROM enrolments WHERE status = 'applied'") == 2
    assert await count(app, "SELECT count(*) FROM enrolments WHERE status = 'confirmed'") == 2
    # the boy's own registration for the event went; mum's for the girl and her brother stays
    assert await count(app, "SELECT count(*) FROM event_seats WHERE name IN (?, ?)",
                       GIRL, LUKA) == 2
    assert await count(app, "SELECT count(*) FROM event_seats WHERE name = ?", BOY) == 0
    await app.deliver()
    assert mum.last_text().startswith("🚪 Аккаунт «Тимофей» вышел из семьи")


LONER = 3200
LONER_SECRETS = ("Одинцова Вера", "odintsova_v", "Вопрос Одинцовой", "Школа Одинцовой",
                 "ывапр Одинцовой", "+79260005566")


async def test_a_person_with_no_family_gets_and_erases_their_own(app: App) -> None:
    await load_timetable(app)
    staff = app.chat(user_id=STAFF, first_name="Елена")
    await staff.send("/start")
    await app.repos.users.set_staff_role(STAFF, "staff")
    person = app.chat(user_id=LONER, first_name="Одинцова Вера", username="odintsova_v")
    await start_as(person, "pupil")
    await take_quiz(person)
    await person.send("ывапр Одинцовой")
    await person.send("/ask")
    await person.send("Вопрос Одинцовой")
    await app.deliver()
    await staff.press("✍️ Ответить")
    await staff.send("Ответ")
    await app.services.news.subscribe(LONER, "robo", True)
    await app.repos.reminders.set_quiet(LONER, False)
    await open_form(person)  # a sign-up of their own, half-filled
    await person.send("Одинцова Вера")
    await person.send(born(13))
    await person.send("Школа Одинцовой")
    event = await add_event(app, "odin-mk", ages=(7, 17))
    booked = await app.services.event_booking.register(Request(
        event, LONER, None, (ChildIn("Одинцова Вера", born_on(15)),), phone="+79260005566",
        consent_version=consent_texts.version_for("parent")),
        NOW.astimezone(UTC))
    assert booked.seated == ("Одинцова Вера",)
    await app.deliver()
    people = People([LONER], [], [])
    data = await exported(app, person)
    assert person.messages()[-2]["caption"] == "📄 Всё, что бот хранит о тебе."
    for column in ("subscriptions", "quiz_results", "forms", "questions", "unanswered",
                   "events"):
        assert data[column], column
    assert data["events"][0]["seats"][0]["status"] == "seat"
    assert "Школа Одинцовой" in json.dumps(data, ensure_ascii=False)
    await check_export(app, data, people, every=False,
                       paths={"members[].user_id": "account.user_id"})
    await check_forgotten(app, people, before=True, only=(
        "users.id", "fsm_states.key", "quiz_results.user_id", "quiz_result_quanta.user_id",
        "subscriptions.user_id", "reminder_settings.user_id", "questions.user_id",
        "unanswered.user_id", "outbox.chat_id", "event_registrations.user_id"))

    await person.send("/forget")
    assert person.last_text().startswith("🗑 Удалить твои данные?")
    await person.press("🗑 Да, удалить")
    assert person.last_text().startswith("Твои данные удалены")
    await check_forgotten(app, people)
    for secret in LONER_SECRETS:
        assert secret.encode() not in raw_bytes(app), secret
    await person.send("/forget")
    assert person.last_text().startswith("Удалять нечего")


async def test_a_quiz_alone_is_data_of_ones_own(app: App) -> None:
    person = app.chat(user_id=LONER, language_code="en", first_name="Vera")
    await start_as(person, "parent", "en")
    await person.send("/mydata")
    assert person.last_text().startswith("The bot keeps no data")
    await person.send("/quiz")
    for label in ("🎮 Games, making them too", "🦅 Flying", "🕶 A VR headset review",
                  "⌨️ The code boss", "🚁 A mapping drone"):
        await person.press(label)
    await person.press("10–12")
    data = await exported(app, person)
    assert [r["user_id"] for r in data["quiz_results"]] == [LONER]
    assert data["quiz_results"][0]["quanta"][0]["quantum"] == "it"
    await person.send("/forget")
    assert person.last_text().startswith("🗑 Delete your data?")
    await person.press("🗑 Yes, delete")
    assert await count(app, "SELECT count(*) FROM quiz_results") == 0
