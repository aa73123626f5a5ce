"""The demo's sample events, on a fresh database, as a family finds them: an open day next
Saturday, a master class in two days with one seat left (the family after it waits) and a
trial lesson of Робоквантум, in Russian and English, with nothing left to deliver."""

from __future__ import annotations

import time_machine

from bot.i18n import Texts
from bot.local.demo_sample import (
    demo_admin,
    import_sample,
    sample_class,
    sample_events,
    sample_teacher,
)
from bot.services.catalogue import Catalogue
from bot.services.event_booking_rules import ChildIn, Request
from tests.helpers.events import MOSCOW, NOW, born
from tests.helpers.harness import App


async def test_a_fresh_demo_has_its_sample_events(app: App, catalogue: Catalogue,
                                                  texts: Texts) -> None:
    with time_machine.travel(NOW, tick=False):  # Monday 30 November 2026
        await demo_admin(app.repos, 1000, "ru", "Ольга")
        await import_sample(app.repos, catalogue, MOSCOW)
        await sample_teacher(app.services, app.repos, 1000)
        await sample_class(app.services, app.repos, 1000, "ru", MOSCOW)
        await sample_events(app.services, app.repos, texts, catalogue, by=1000, locale="ru",
                            zone=MOSCOW)
        pending = await app.db.fetchall("SELECT id FROM outbox WHERE status = 'pending'")
        assert pending == []
        chat = app.chat()
        await chat.send("/events")
        text = chat.last_text()
        assert ("1. Мастер-класс: робот за час\nср, 2 декабря, 12:00–13:30 · Лаборатория"
                " Робоквантума, каб. 204\n7–14 лет · осталось 1 место · 🤖 Робоквантум") in text
        assert ("2. День открытых дверей\nсб, 5 декабря, 11:00–15:00 · Технопарк, главный"
                " вход\n7–17 лет · мест без ограничений") in text
        assert "3. Пробное занятие: Робоквантум\nсб, 5 декабря, 16:00–17:30" in text
        en = app.chat(1002, language_code="en")
        await en.send("/events")
        text = en.last_text()
        assert "Master class: a robot in an hour" in text and "1 seat left" in text
        assert "Open day" in text and "Trial lesson: Robotics" in text
        master = await app.services.event_booking.views.by_code("master")
        assert master is not None and master.taken == 11
        seated: list[str] = []
        waiting: list[str] = []
        for user_id in (1301, 1302):  # the last seat, then the waitlist
            await app.repos.users.create(user_id, language="ru", first_name="Лена",
                                         username=None, family_role="parent")
            booked = await app.services.event_booking.register(Request(
                master.id, user_id, None, (ChildIn(f"Сидоров Петя {user_id}", born(9)),)))
            assert booked.outcome == "booked"
            seated.extend(booked.seated)
            waiting.extend(booked.waiting)
        assert (seated, waiting) == (["Сидоров Петя 1301"], ["Сидоров Петя 1302"])
