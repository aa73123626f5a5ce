"""Events for the staff's tests: one stored through the staff's own use case, and people
registered for it straight in the database (a registration and its children's seats)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.local.chat import LocalChat
from storage.clock import to_db
from storage.events import EventDraft
from tests.helpers import start_as
from tests.helpers.harness import App

SOON = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=20)


def draft(code: str = "robo-mk", **changes: object) -> EventDraft:
    fields: dict[str, object] = {
        "code": code, "kind": "master_class", "title_ru": "Первый робот",
        "title_en": "First robot", "starts_at": SOON, "ends_at": SOON + timedelta(minutes=90),
        "place": "Лаборатория 204", "seats": 10, "age_min": 7, "age_max": 12,
        "quanta": ("robo",), **changes}
    return EventDraft(**fields)  # type: ignore[arg-type]


async def add_event(app: App, **changes: object) -> int:
    saved = await app.services.event_admin.create(draft(**changes), by=0)  # type: ignore[arg-type]
    return saved.event_id


async def family(app: App, user_id: int, lang: str = "ru", name: str = "Ольга") -> LocalChat:
    chat = app.chat(user_id=user_id, language_code=lang, first_name=name)
    await start_as(chat, "parent", lang)
    return chat


async def register(app: App, event_id: int, user_id: int, children: list[tuple[str, str, str]],
                   companions: int = 1, phone: str | None = "+7 900 111-22-33",
                   checked_in: bool = False) -> int:
    """A registration with a seat per child: (name, birth date YYYY-MM-DD, status)."""
    now = to_db(datetime.now(UTC))
    async with app.db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO event_registrations (event_id, user_id, companions, phone, token,"
            " code, created_at, checked_in_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (event_id, user_id, companions, phone, f"tok{user_id}", f"C{user_id}", now,
             now if checked_in else None))
        registration = cursor.lastrowid
        assert registration is not None
        for name, born, status in children:
            await conn.execute(
                "INSERT INTO event_seats (registration_id, event_id, name, birth_date, status,"
                " queued_at) VALUES (?, ?, ?, ?, ?, ?)",
                (registration, event_id, name, born, status, now))
    return registration


async def feedback(app: App, registration: int, event_id: int, stars: int,
                   comment: str | None) -> None:
    async with app.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO event_feedback (registration_id, event_id, stars, comment, created_at)"
            " VALUES (?, ?, ?, ?, ?)", (registration, event_id, stars, comment,
                                        to_db(datetime.now(UTC))))
