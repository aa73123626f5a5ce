"""Data is not kept forever: the nightly clean-up deletes what has not changed for
RETENTION_MONTHS — applications closed or never placed, families with nothing in progress, the
traces of people who left — one transaction per family, and keeps the consents as facts
without the person. Time is moved with time-machine."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from apscheduler.triggers.cron import CronTrigger

from bot.app import make_scheduler, retention
from bot.fsm_storage import SQLiteStorage
from bot.services.dates import months_before
from bot.settings import SettingsError, load_settings
from storage import erasure
from storage import retention as retention_rows
from storage.applications import Application, Submitted
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.process import call
from tests.helpers.signup import load_groups

NOW = datetime.now(UTC)
LONG_AGO = months_before(NOW, 13)
RECENT = months_before(NOW, 1)


async def value(app: App, sql: str, *params: object) -> object:
    return await app.db.fetchval(sql, params)


async def rows(app: App, sql: str, *params: object) -> list[tuple[object, ...]]:
    return [tuple(row) for row in await app.db.fetchall(sql, params)]


async def apply(
    app: App, user_id: int, name: str, group: str = "robo-a2", *, years: int = 10,
    relation: str = "parent", consent: bool = True,
) -> Submitted:
    """A sign-up at the time it is (moved or not), by someone new to the bot."""
    await app.repos.users.create(user_id, language="ru", first_name=f"Имя{user_id}",
                                 username=None,
                                 family_role="pupil" if relation == "child" else "parent")
    today = datetime.now(UTC).date()
    group_id = int(await value(app, "SELECT id FROM groups WHERE code = ?", group))  # type: ignore[call-overload]
    return await app.repos.enrolment.submit(Application(
        user_id=user_id, relation="child" if relation == "child" else "parent",
        child_name=name, birth_date=date(today.year - years, 1, 15), school="Школа № 5",
        grade=min(11, years - 6), phone=f"+7912{user_id:07d}", group_id=group_id,
        consent=consent, photo_consent=True, today=today,
    ))


async def family_of(app: App, user_id: int) -> int:
    family = await app.repos.families.family_id(user_id)
    assert family is not None
    return family


def raw_bytes(app: App) -> bytes:
    path = Path(app.settings.database_path)
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@pytest.fixture
async def groups(app: App) -> None:
    await load_groups(app, capacity=1)  # robo-a1 has one seat; robo-a2 twelve
    await app.repos.users.create(ADMIN_ID, language="ru", first_name="Админ", username=None,
                                 staff_role="admin")  # staff hear of every application


async def test_old_closed_and_never_placed_applications_go_with_idle_families(
    app: App, groups: None, caplog: pytest.LogCaptureFixture
) -> None:
    with time_machine.travel(LONG_AGO, tick=False):
        kept = await apply(app, 4106, "Оставлен Фёдор", "robo-a1")  # the one seat
        await app.repos.enrolment.decide(kept.enrolment_id, "confirmed")
        cancelled = await apply(app, 4101, "Отменил Антон")
        await app.repos.enrolment.cancel(cancelled.enrolment_id, await family_of(app, 4101))
        declined = await apply(app, 4102, "Отклонена Бэлла")
        await app.repos.enrolment.decide(declined.enrolment_id, "rejected", "мест нет")
        left = await apply(app, 4103, "Ушёл Вадим")
        await app.repos.enrolment.decide(left.enrolment_id, "confirmed")
        await app.repos.enrolment.cancel(left.enrolment_id, await family_of(app, 4103))
        waiting = await apply(app, 4104, "Ждёт Галина", "robo-a1")
        assert waiting.status == "waitlisted"
        alone = await apply(app, 4105, "Один Дима", relation="child", consent=False)
        assert alone.status == "awaiting_consent"
    gone = ["Отменил Антон", "Отклонена Бэлла", "Ушёл Вадим", "Ждёт Галина", "Один Дима"]
    families = {uid: await family_of(app, uid) for uid in range(4101, 4107)}
    await app.deliver()
    assert await value(app, "SELECT count(*) FROM outbox WHERE payload LIKE '%Ждёт Галина%'")
    # nothing is old enough yet
    with time_machine.travel(months_before(NOW, 2), tick=False):
        assert (await retention(app.repos, app.settings).run()).families == 0
    assert await value(app, "SELECT count(*) FROM enrolments") == 6

    with caplog.at_level(logging.INFO, logger="bot.services.retention"):
        swept = await retention(app.repos, app.settings).run()
    assert (swept.closed, swept.unplaced, swept.families) == (3, 2, 5)
    assert ("Retention (older than 12 months): 3 closed applications, 2 never placed "
            "(waitlist, no consent), 5 families erased, 0 traces of people who left"
            in caplog.text)
    # the confirmed pupil's family stays whole
    assert await rows(app, "SELECT name FROM children") == [("Оставлен Фёдор",)]
    assert await rows(app, "SELECT status FROM enrolments") == [("confirmed",)]
    assert await rows(app, "SELECT id FROM families") == [(families[4106],)]
    # of the others, only the consents, without the person
    assert await rows(
        app, "SELECT family_id, child_id, given_by, given_as, text_version, photo,"
        " withdrawn_at IS NULL FROM consents WHERE given_by IS NOT 4106 ORDER BY id"
    ) == [(None, None, None, "parent", "2026-12-p1", 1, 1)] * 4
    assert await value(app, "SELECT count(*) FROM consents WHERE given_by = 4106") == 1
    # every message about them blanked, the names gone from the files
    erased = [families[uid] for uid in range(4101, 4106)]
    assert await value(
        app, f"SELECT count(*) FROM outbox WHERE payload != '{{}}' AND family_id IN"  # noqa: S608
        f" ({','.join('?' * len(erased))})", *erased,
    ) == 0
    assert await value(app, "SELECT count(*) FROM outbox WHERE payload LIKE '%Фёдор%'")
    for name in gone:
        assert name.encode() not in raw_bytes(app)
    assert await rows(app, "SELECT first_name FROM users WHERE id BETWEEN 4101 AND 4105") == [
        ("",)] * 5
    # a second night finds nothing more
    again = await retention(app.repos, app.settings).run()
    assert (again.closed, again.unplaced, again.families, again.traces) == (0, 0, 0, 0)


async def test_what_is_still_in_use_stays(app: App, groups: None) -> None:
    with time_machine.travel(LONG_AGO, tick=False):
        recent = await apply(app, 4201, "Недавно Евгений")
        both_old = await apply(app, 4202, "Старая Жанна", "robo-a1")
        both_active = await apply(app, 4202, "Старая Жанна")  # the same child, a second group
        await app.repos.enrolment.cancel(both_old.enrolment_id, await family_of(app, 4202))
        visited = await apply(app, 4203, "Заходит Зоя")
        await app.repos.enrolment.cancel(visited.enrolment_id, await family_of(app, 4203))
    with time_machine.travel(RECENT, tick=False):
        await app.repos.enrolment.cancel(recent.enrolment_id, await family_of(app, 4201))
        await app.chat(user_id=4203).send("/menu")  # a member came by: the family is in use
    swept = await retention(app.repos, app.settings).run()
    assert (swept.closed, swept.unplaced, swept.families) == (2, 0, 0)
    # the recent cancellation stays; of the family with an old cancelled and an active
    # application, the active one and the family stay
    assert await rows(app, "SELECT id, status FROM enrolments ORDER BY id") == [
        (recent.enrolment_id, "cancelled"), (both_active.enrolment_id, "applied"),
    ]
    assert await value(app, "SELECT count(*) FROM families") == 3
    assert await value(app, "SELECT count(*) FROM children") == 3
    assert await value(app, "SELECT count(*) FROM consents WHERE given_by IS NOT NULL") == 4


async def test_an_erased_familys_form_kept_in_memory_is_not_written_back(
    app: App, groups: None
) -> None:
    storage = app.dp.fsm.storage
    assert isinstance(storage, SQLiteStorage)
    with time_machine.travel(LONG_AGO, tick=False):
        done = await apply(app, 4501, "Забыта Жанна")
        await app.repos.enrolment.cancel(done.enrolment_id, await family_of(app, 4501))
        # a second sign-up begun and left: its form is in memory as well as on disk
        chat = app.chat(user_id=4501)
        await chat.send("/start q_robo")
        await chat.press("✍️ Записаться")
        await app.repos.users.flush_seen()
    assert await value(app, "SELECT count(*) FROM fsm_states WHERE key GLOB '*:4501:4501:*'")
    swept = await retention(app.repos, app.settings, forms=storage).run()
    assert swept.families == 1
    assert await value(app, "SELECT count(*) FROM fsm_states WHERE key GLOB '*:4501:4501:*'") == 0
    context = app.dp.fsm.get_context(app.bot, chat_id=4501, user_id=4501)
    assert await context.get_state() is None and await context.get_data() == {}


async def test_the_traces_of_someone_who_left_the_family(app: App, groups: None) -> None:
    with time_machine.travel(LONG_AGO, tick=False):
        teen = await apply(app, 4301, "Сам Иван", years=15, relation="child")
        await app.repos.enrolment.decide(teen.enrolment_id, "confirmed")
        await app.repos.users.create(4302, language="ru", first_name="Мама", username=None)
        assert await app.services.families.join(4302, teen.invite_code, "parent") is not None
        left = await app.services.privacy.forget(4301)  # the pupil's own account leaves
        assert left is not None and left.outcome == "left"
    # leaving takes the account's id off what it filed and consented to at once...
    assert await rows(app, "SELECT created_by FROM enrolments") == [(None,)]
    # ...and what a leaver left behind before that is swept after RETENTION_MONTHS
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE enrolments SET created_by = 4301")
    swept = await retention(app.repos, app.settings).run()
    assert (swept.traces, swept.families) == (1, 0)
    assert await rows(app, "SELECT created_by, status FROM enrolments") == [(None, "confirmed")]
    # the pupil's own consent stays, no longer saying who
    assert await rows(app, "SELECT given_by, given_as, text_version, child_id IS NOT NULL"
                           " FROM consents") == [(None, "pupil", "2026-12-s1", 1)]
    assert await value(app, "SELECT count(*) FROM children") == 1


async def test_a_failing_family_is_left_whole_and_the_rest_go_on(
    app: App, groups: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with time_machine.travel(LONG_AGO, tick=False):
        first = await apply(app, 4401, "Первый Кирилл")
        await app.repos.enrolment.cancel(first.enrolment_id, await family_of(app, 4401))
        second = await apply(app, 4402, "Второй Лев")
        await app.repos.enrolment.cancel(second.enrolment_id, await family_of(app, 4402))
    broken = await family_of(app, 4401)
    erase = erasure.erase_family

    async def crash(conn: object, family_id: int, *args: object, **kwargs: object
                    ) -> erasure.Freed:
        if family_id == broken:
            raise RuntimeError("disk went away")
        return await erase(conn, family_id, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(retention_rows, "erase_family", crash)
    swept = await retention(app.repos, app.settings).run()
    assert swept.families == 1
    # its application was deleted before the crash, and is back
    assert await rows(app, "SELECT id, status FROM enrolments") == [
        (first.enrolment_id, "cancelled")]
    assert await rows(app, "SELECT name FROM children") == [("Первый Кирилл",)]


async def test_a_dry_run_from_the_command_line_changes_nothing(app: App, groups: None) -> None:
    with time_machine.travel(LONG_AGO, tick=False):
        done = await apply(app, 4501, "Пробный Миша")
        await app.repos.enrolment.cancel(done.enrolment_id, await family_of(app, 4501))
    folder = Path(app.settings.database_path).parent
    process, _ = await asyncio.to_thread(
        call, ["retention", "--dry-run"], folder,
        DATABASE_PATH=str(app.settings.database_path),
    )
    out, err = process.stdout, process.stderr
    assert process.returncode == 0, err
    assert out == (
        "Older than 12 months, would be deleted: 1 closed applications, 0 never placed "
        "(waitlist, no consent), 1 families; 0 traces of people who left a family.\n"
    )
    assert await value(app, "SELECT count(*) FROM enrolments") == 1
    assert await value(app, "SELECT count(*) FROM families") == 1


def test_retention_months_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RETENTION_MONTHS", "0")
    with pytest.raises(SettingsError, match="RETENTION_MONTHS is invalid"):
        load_settings(require_token=False)
    monkeypatch.setenv("RETENTION_MONTHS", "6")
    assert load_settings(require_token=False).retention_months == 6
    monkeypatch.delenv("RETENTION_MONTHS")
    assert load_settings(require_token=False).retention_months == 12


async def test_the_job_runs_every_night_in_the_technoparks_zone(app: App) -> None:
    settings = app.settings.model_copy(update={"timezone": "Asia/Yekaterinburg"})
    scheduler = make_scheduler(app.repos, app.services, settings, app.db)
    job = {job.id: job for job in scheduler.get_jobs()}["nightly-retention"]
    assert isinstance(job.trigger, CronTrigger)
    assert str(job.trigger.timezone) == "Asia/Yekaterinburg"
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert (fields["hour"], fields["minute"]) == ("4", "0")
    assert job.coalesce and job.max_instances == 1
