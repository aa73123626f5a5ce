"""Staff notices (they carry children's names) reach only current staff: ADMIN_IDS is re-read at
start, a revocation cancels what was queued, and the sender checks the role before sending."""

from __future__ import annotations

import json

import pytest

from bot.app import sync_admins
from bot.commands import set_staff_commands
from bot.i18n import Texts
from bot.local.chat import LocalChat
from bot.services.staff_roles import AdminSync
from storage.outbox import enqueue
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.signup import load_groups, sign_up
from tests.helpers.staff import admin_chat, chat_commands, known_user

CHILD = "Иванова Мария"


async def staff_rows(app: App, user_id: int) -> list[tuple[str, str]]:
    rows = await app.db.fetchall(
        "SELECT status, payload FROM outbox WHERE chat_id = ? AND staff_only = 1 ORDER BY id",
        (user_id,),
    )
    return [(row["status"], row["payload"]) for row in rows]


def received(app: App, user_id: int) -> str:
    return "\n".join(m.get("text") or m.get("caption") or "" for m in app.emulator.sent(user_id))


async def an_application(app: App) -> LocalChat:
    """A parent signs a child up: every member of staff gets a notice with the child's name."""
    await load_groups(app)
    parent = app.chat(user_id=1001)
    await sign_up(parent, name=CHILD)
    return parent


async def test_an_admin_taken_off_admin_ids_gets_nothing_after_a_restart(
    app: App, texts: Texts,
) -> None:
    await admin_chat(app)
    admin = await app.repos.users.get(ADMIN_ID)
    assert admin is not None and admin.staff_role == "admin"
    await set_staff_commands(app.bot, texts, admin)
    newcomer = app.chat(user_id=9002, first_name="Новый")
    await start_as(newcomer, "parent")
    await an_application(app)
    [(status, payload)] = await staff_rows(app, ADMIN_ID)
    assert status == "pending" and "Мари" in payload

    # the bot restarts with ADMIN_IDS changed: 9001 taken off, 9002 added
    later = app.settings.model_copy(update={"admin_ids": frozenset({9002})})
    changes = await sync_admins(app.bot, app.dp["staff_roles"], later)
    assert changes == AdminSync(demoted=[ADMIN_ID], promoted=[9002])
    assert await staff_rows(app, ADMIN_ID) == [("cancelled", "{}")]
    former = await app.repos.users.get(ADMIN_ID)
    assert former is not None and former.staff_role is None and former.family_role is None
    assert chat_commands(app, ADMIN_ID) is None
    promoted = await app.repos.users.get(9002)
    assert promoted is not None and promoted.staff_role == "admin"

    await app.deliver()
    assert "Мари" not in received(app, ADMIN_ID)
    # a second start changes nothing
    again = await sync_admins(app.bot, app.dp["staff_roles"], later)
    assert again == AdminSync(demoted=[], promoted=[])


async def test_revoking_staff_cancels_and_blanks_their_queued_notices(app: App) -> None:
    olga = await known_user(app)
    admin = await admin_chat(app)
    await admin.send("/staff")
    await admin.press("➕ Добавить")
    await admin.send("@olga_teacher")
    await app.deliver()
    await an_application(app)
    [(status, payload)] = await staff_rows(app, olga.user_id)
    assert status == "pending" and "Мари" in payload

    await admin.press("✖️ Ольга")
    await admin.press("✖️ Да, снять роль")
    # cancelled with the role, before the sender has any say
    assert await staff_rows(app, olga.user_id) == [("cancelled", "{}")]
    [(admin_status, _)] = await staff_rows(app, ADMIN_ID)
    assert admin_status == "pending"

    await app.deliver()
    assert olga.last_text() == "Роль сотрудника технопарка снята. Меню команд обновлено."
    assert "Мари" not in received(app, olga.user_id)
    assert "Мари" in received(app, ADMIN_ID)


async def test_the_sender_drops_a_staff_notice_to_someone_no_longer_staff(app: App) -> None:
    for user_id in (2001, 2002):
        await known_user(app, user_id, username=None)
        await app.repos.users.set_staff_role(user_id, "staff")
    async with app.db.transaction() as conn:
        for user_id in (2001, 2002):
            await enqueue(conn, kind="notice", chat_id=user_id, staff_only=True,
                          payload={"text": f"Новая заявка: {CHILD}"},
                          dedupe_key=f"app-new:1:applied:{user_id}")
        await enqueue(conn, kind="notice", chat_id=2001, payload={"text": "Обычное сообщение"},
                      dedupe_key="plain:2001")
    # the role changed behind the repository's back (no revocation hook ran)
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE users SET staff_role = NULL WHERE id = 2001")

    await app.deliver()
    assert CHILD not in received(app, 2001)
    assert "Обычное сообщение" in received(app, 2001)
    assert CHILD in received(app, 2002)
    rows = list(await app.db.fetchall(
        "SELECT chat_id, status, payload FROM outbox WHERE staff_only = 1 ORDER BY chat_id"
    ))
    assert [(r["chat_id"], r["status"]) for r in rows] == [(2001, "cancelled"), (2002, "sent")]
    assert rows[0]["payload"] == "{}"
    assert json.loads(rows[1]["payload"])["text"].endswith(CHILD)



async def test_a_staff_notice_waiting_its_turn_is_dropped_if_the_role_goes(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    await known_user(app, 2003, username=None)
    await app.repos.users.set_staff_role(2003, "staff")
    async with app.db.transaction() as conn:
        await enqueue(conn, kind="notice", chat_id=2003, staff_only=True,
                      payload={"text": f"Новая заявка: {CHILD}"},
                      dedupe_key="app-new:1:applied:2003")
    sender = app.services.sender
    pace = sender.pace

    async def slow_turn(chat_id: int | None = None) -> None:
        # while the notice waits for its sending slot, the person stops being staff
        async with app.db.transaction() as conn:
            await conn.execute("UPDATE users SET staff_role = NULL WHERE id = 2003")
        await pace(chat_id)

    monkeypatch.setattr(sender, "pace", slow_turn)
    await app.deliver()
    assert CHILD not in received(app, 2003)
    row = await app.db.fetchone("SELECT status, payload FROM outbox WHERE chat_id = 2003")
    assert row is not None and tuple(row) == ("cancelled", "{}")
