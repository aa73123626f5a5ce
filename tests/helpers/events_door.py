"""Events at the door for the tests: an event saved as staff save it, a family registered for
it with SQL (names, birth dates, seats' statuses, its ticket's token and code), a member of
staff, and the QR code of a ticket photo read back."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.local.chat import LocalChat
from bot.services.event_tickets import new_code, new_token
from storage.clock import to_db
from storage.events import EventDraft, Kind, save
from tests.helpers import start_as
from tests.helpers.harness import App
from tests.helpers.reminders import local

DAY = date(2026, 12, 5)  # a Saturday; the tests' clock stands at 30 November
STARTS = local(DAY, 11)  # 11:00–13:00 Moscow
ENDS = local(DAY, 13)
AT_THE_DOOR = local(DAY, 10, 50)  # the event's day, ten minutes before its start
STAFF = 2001
LINK = "https://t.me/kvantorium_demo_bot?start=in_"  # a ticket's QR code, before its token


async def an_event(app: App, kind: Kind = "open_day", code: str = "dod-dec",
                   starts: datetime = STARTS, ends: datetime = ENDS) -> int:
    async with app.db.transaction() as conn:
        event_id, _ = await save(conn, EventDraft(
            code=code, kind=kind, title_ru="День открытых дверей", title_en="Open day",
            starts_at=starts, ends_at=ends, place="Кванториум, ул. Ленина, 1", seats=20,
            age_min=7, age_max=17), by=None, now=datetime(2026, 11, 1, tzinfo=UTC))
    return event_id


@dataclass
class Ticket:
    registration: int
    token: str
    code: str
    family: int


async def register(app: App, event_id: int, user_id: int,
                   children: list[tuple[str, date, str]], *, companions: int = 1,
                   family: int | None = None, code: str | None = None) -> Ticket:
    """A registration (in a family of its own unless `family` is given, the person its
    parent) with a seat per child: (name, birth date, status)."""
    token, code = new_token(), code or new_code()
    now = to_db(datetime(2026, 11, 20, tzinfo=UTC))
    async with app.db.transaction() as conn:
        if family is None:
            cursor = await conn.execute(
                "INSERT INTO families (invite_code, created_at) VALUES (?, ?)",
                (f"inv{user_id}", now))
            family = cursor.lastrowid
            await conn.execute(
                "INSERT INTO family_members (family_id, user_id, relation, joined_at)"
                " VALUES (?, ?, 'parent', ?)", (family, user_id, now))
        cursor = await conn.execute(
            "INSERT INTO event_registrations (event_id, user_id, family_id, companions, token,"
            " code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (event_id, user_id, family, companions, token, code, now))
        registration = cursor.lastrowid
        assert registration is not None and family is not None
        for name, born, status in children:
            await conn.execute(
                "INSERT INTO event_seats (registration_id, event_id, name, birth_date, status,"
                " queued_at) VALUES (?, ?, ?, ?, ?, ?)",
                (registration, event_id, name, born.isoformat(), status, now))
    return Ticket(registration, token, code, family)


async def join(app: App, family: int, user_id: int) -> None:
    """Another parent of the family."""
    async with app.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO family_members (family_id, user_id, relation, joined_at)"
            " VALUES (?, ?, 'parent', ?)", (family, user_id, to_db(datetime.now(UTC))))


async def person(app: App, user_id: int, lang: str = "ru", role: str = "parent") -> LocalChat:
    chat = app.chat(user_id=user_id, language_code=lang,
                    first_name="Anna" if lang == "en" else "Аня")
    await start_as(chat, role, lang)
    return chat


async def staff(app: App, lang: str = "ru", user_id: int = STAFF) -> LocalChat:
    chat = await person(app, user_id, lang)
    await app.repos.users.set_staff_role(user_id, "staff")
    return chat


def born(years: int) -> date:
    """Someone `years` old on the event's day."""
    return DAY.replace(year=DAY.year - years) - timedelta(days=30)


def read_qr(app: App, message: dict[str, object]) -> str:
    """The text a ticket photo's QR code holds, read back from its PNG bytes."""
    import zxingcpp
    from PIL import Image

    photo = message["photo"]
    assert isinstance(photo, list)
    data = app.emulator.files[photo[-1]["file_id"]]
    assert data.startswith(b"\x89PNG")
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))
    assert len(found) == 1
    return str(found[0].text)
