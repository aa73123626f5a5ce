"""The offline demo, in this process: several people in one run (`:as`), what one sends
reaching another (in one run and across runs on one database), link buttons, a line that
fails, the files it saves, the sample news, and `:reminders` for a lesson days ahead."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine

from bot.local.chat import LocalChat
from bot.local.demo_reminders import reminders_now
from bot.local.emulator import Emulator
from bot.local.session import DEMO_TOKEN, LocalSession
from storage.demo import names_taken
from tests.helpers import start_as
from tests.helpers.demo import CONFIRM, SIGN_UP, after, demo, demo_in
from tests.helpers.harness import App
from tests.helpers.reminders import deliver_at, family, local, reminders_to
from tests.helpers.schedule import enrol


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_parent_and_the_admin_meet_in_one_run(tmp_path: Path, lang: str) -> None:
    ru = lang == "ru"
    out = demo(tmp_path, [*SIGN_UP[lang], ":as admin", *CONFIRM[lang], ":as 1001", ":as",
                          ":as bob"], "--lang", lang)
    assert ("Сейчас пишет Аня (id 1001)." if ru else "Writing now: Anna (id 1001).") in out
    # the staff notice of the new application waits for the admin, told under the parent's
    sent = after(out, SIGN_UP[lang][-1])
    assert ("📨 Ольга (id 1000): 1 новое сообщение — прочитать: :as 1000" if ru else
            "📨 Olga (id 1000): 1 new message — to read: :as 1000") in sent
    switched = after(out, ":as admin")
    assert ("── Теперь пишет Ольга (id 1000, администратор)" if ru else
            "── Now writing: Olga (id 1000, administrator)") in switched
    assert ("1 новое сообщение:" if ru else "1 new message:") in switched
    # the sample class holds the first five applications
    assert ("📥 Новая заявка №6" if ru else "📥 New application #6") in switched
    # confirmed by the admin: the parent reads it on switching back
    back = after(out, ":as 1001")
    assert ("── Теперь пишет Аня (id 1001)" if ru else "── Now writing: Anna (id 1001)") in back
    assert ("✅ Заявка подтверждена!" if ru else "✅ Application confirmed!") in back
    people = after(out, ":as")
    assert ("1000 — Ольга, администратор" if ru else "1000 — Olga, administrator") in people
    assert ("1001 — Аня, родитель ← пишет сейчас" if ru else
            "1001 — Anna, parent ← writing now") in people
    assert ("Так: :as admin, :as <id> (число) или :as new." if ru else
            "Like this: :as admin, :as <id> (a number) or :as new.") in after(out, ":as bob")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_news_link_buttons_new_people_and_a_failing_line(
    tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo starts with posts of several quanta (one with a partner); a link button,
    by number or label (with the ↗ it is printed with, or without), shows its address;
    `:as new` is someone new; a line that fails is told and the next line is carried out."""
    ru = lang == "ru"
    real_send = LocalChat.send

    async def send(chat: LocalChat, text: str) -> None:
        if text == "boom":
            raise RuntimeError("the bot fell over")
        await real_send(chat, text)

    monkeypatch.setattr(LocalChat, "send", send)
    share = "📤 Поделиться" if ru else "📤 Share"
    where, pin = ("где вы находитесь", "📍 На карте") if ru else ("where are you",
                                                             "📍 On the map")
    out = demo(tmp_path, ["/news", "1", "2", share, f"{share} ↗", "boom", ":as new", "/start",
                          where, pin], "--lang", lang)
    feed = after(out, "/news")
    for quantum in ("🤖", "💻", "🛩️"):
        assert quantum in feed
    assert "🤝" in feed  # the hackathon's partner
    assert (f"[2] {share} ↗") in after(out, "1")
    for line in ("2", share, f"{share} ↗"):  # the label as printed, or without its ↗
        link = after(out, line)
        assert (f"🔗 «{share}» — ссылка, в Telegram она открыла бы https://t.me/share/url?"
                if ru else f"🔗 “{share}” is a link; in Telegram it would open "
                "https://t.me/share/url?") in link
        assert "https://t.me/kvantorium_demo_bot?start=news_" in link  # readable, not %3F
    assert ("⚠️ Эту строку выполнить не удалось (RuntimeError: the bot fell over). Демо "
            "продолжается" if ru else "⚠️ This line could not be carried out (RuntimeError: "
            "the bot fell over). The demo goes on") in after(out, "boom")
    assert ("── Теперь пишет Борис (id 1002)" if ru else "── Now writing: Ben (id 1002)"
            ) in after(out, ":as new")
    assert ("👋 Привет, Борис!" if ru else "👋 Hi, Ben!") in after(out, "/start")
    # the technopark's pin is drawn, not an empty message
    assert ("📍 Точка на карте: Детский технопарк «Кванториум», Екатеринбург, ул. Малышева, 58"
            if ru else "📍 A pin on the map: Kvantorium children's tech park, 58 Malysheva St"
            ) in after(out, pin)


def test_people_of_an_earlier_run_are_reached_and_files_are_saved(tmp_path: Path) -> None:
    """One run signs a parent up; the next, on the same database, is the admin: the
    confirmation reaches the parent (not «chat not found»). /mydata's file is saved beside
    the database."""
    database = tmp_path / "demo.sqlite3"
    out = demo(tmp_path, [*SIGN_UP["ru"], "/mydata"], "--database", str(database))
    folder = tmp_path / "demo-files"
    assert f"Файлы, которые присылает бот, демо сохраняет в папку {folder}" in out
    [saved] = folder.iterdir()
    assert f"💾 сохранён: {saved}" in after(out, "/mydata")
    assert "Иванова Мария" in json.dumps(json.loads(saved.read_text("utf-8")),
                                         ensure_ascii=False)

    out = demo(tmp_path, CONFIRM["ru"], "--database", str(database), "--admin")
    assert "📨 Аня (id 1001): 1 новое сообщение — прочитать: :as 1001" in out
    with sqlite3.connect(database) as conn:
        statuses = dict(conn.execute(
            "SELECT kind, status FROM outbox WHERE chat_id = 1001 AND kind != 'reminder'"))
        posts = conn.execute("SELECT count(*) FROM posts").fetchone()[0]
    assert "failed" not in statuses.values() and "sent" in statuses.values(), statuses
    assert posts == 3  # the sample posts are written once, with the first run's database


async def test_the_local_telegram_meets_whom_the_directory_knows() -> None:
    emulator = Emulator()
    known = {2002: ("Лена", "ru")}

    async def directory(chat_id: int) -> tuple[str, str] | None:
        return known.get(chat_id)

    session = LocalSession(emulator, directory)
    from aiogram import Bot
    from aiogram.exceptions import TelegramBadRequest

    bot = Bot(DEMO_TOKEN, session=session)
    await bot.send_message(2002, "привет")
    assert [m["text"] for m in emulator.sent(2002)] == ["привет"]
    assert emulator.chats[2002].user["first_name"] == "Лена"
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(2003, "никого")


NEXT_TUESDAY = date(2026, 12, 8)


@pytest.fixture
def evening() -> Iterator[time_machine.Traveller]:
    """Thursday 3 December 2026, 17:00 in Moscow, after the lesson: the next is on Tuesday."""
    with time_machine.travel(local(NEXT_TUESDAY - timedelta(days=5), 17), tick=False) as clock:
        yield clock


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_reminders_now_for_a_lesson_days_ahead(
    app: App, evening: time_machine.Traveller, lang: str
) -> None:
    chat, _ = await family(app, lang)
    await app.services.planner.tick()
    assert reminders_to(app, chat.user_id) == []
    brought = await reminders_now(chat.user_id, app.repos.reminders, app.repos.family_lessons,
                                  app.services.planner, app.repos.lessons)
    assert brought.count == 2  # the evening before and two hours before, as they will read
    assert brought.early is not None and brought.early.day == NEXT_TUESDAY
    await app.deliver()
    texts = reminders_to(app, chat.user_id)
    assert len(texts) == 2
    assert all(("вт, 8 декабря, 15:00–16:30" if lang == "ru" else "Tue, 8 December") in t
               for t in texts), texts
    # when the lesson comes near, the planner does not send them again
    await deliver_at(app, evening, local(NEXT_TUESDAY, 14))
    assert len(reminders_to(app, chat.user_id)) == 2


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_reminders_brought_forward_say_when_the_lesson_really_is(
    app: App, evening: time_machine.Traveller, lang: str
) -> None:
    """«Занятие завтра» from a lesson five days ahead: the demo says the reminders came
    early, when the lesson is and when the first would have come; a reminder due anyway is
    not counted as early."""
    ru = lang == "ru"
    chat, ids = await family(app, lang)
    demo, people, out = demo_in(app, lang)
    await people.start(chat.user_id, "Аня")
    await demo.line(":reminders")
    printed = out.getvalue()
    assert ("Занятие завтра" if ru else "Lesson tomorrow") in printed
    assert printed.rstrip().endswith(
        "⏩ Демо прислало напоминания раньше срока: занятие — вт, 8 декабря, 15:00–16:30; без "
        "демо первое из них пришло бы пн, 7 декабря, 19:00." if ru else
        "⏩ The demo sent these reminders early: the lesson is on Tue, 8 December, "
        "15:00–16:30; without the demo the first of them would come on Mon, 7 December, "
        "19:00."), printed
    assert printed.count("⏩") == 1
    # another parent at 19:00 the evening before: that reminder is due; the one two hours
    # before the lesson is the one brought forward
    evening.move_to(local(NEXT_TUESDAY - timedelta(days=1), 18))
    other = app.chat(user_id=1002, language_code=lang)
    await start_as(other, "parent", lang)
    await enrol(app, other.user_id, ids["robo-a1"], "Петров Пётр", 10)
    await app.services.planner.tick()
    evening.move_to(local(NEXT_TUESDAY - timedelta(days=1), 19, 1))
    await people.switch("1002")
    out.seek(0)
    out.truncate(0)
    await demo.line(":reminders")
    assert out.getvalue().rstrip().endswith(
        "первое из них пришло бы вт, 8 декабря, 13:00." if ru else
        "the first of them would come on Tue, 8 December, 13:00.")
    assert ("Занятие завтра" if ru else "Lesson tomorrow") in out.getvalue()


def test_a_file_sent_twice_is_kept_twice(tmp_path: Path) -> None:
    from bot.local.demo_view import Files

    emulator = Emulator()
    emulator.files.update({"doc1": b"one", "doc2": b"two"})
    files = Files(emulator, tmp_path / "files")
    first = files.save({"file_id": "doc1", "file_name": "../schedule.ics"})
    second = files.save({"file_id": "doc2", "file_name": "schedule.ics"})
    assert files.save({"file_id": "doc1", "file_name": "schedule.ics"}) == first
    assert files.save({"file_id": "doc3", "file_name": "gone.ics"}) is None  # bytes unknown
    assert first == tmp_path / "files" / "schedule.ics" and first.read_bytes() == b"one"
    assert second == tmp_path / "files" / "schedule-2.ics" and second.read_bytes() == b"two"


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_many_people_with_news_are_counted_not_listed(lang: str) -> None:
    import io

    from bot.i18n import Texts
    from bot.local.demo_people import People
    from bot.local.demo_view import Files, View

    emulator = Emulator()
    out = io.StringIO()
    view = View(Texts(), lang, out, False, Files(emulator))

    class NoOne:
        async def get(self, user_id: int) -> None:
            return None

    people = People(None, None, emulator, view, NoOne(), admin_id=1000,  # type: ignore[arg-type]
                    after_action=lambda: None)  # type: ignore[arg-type,return-value]
    emulator.add_user(1001)
    people._current = await people.person(1001, "Аня")  # noqa: SLF001
    for user_id in range(2000, 2005):
        emulator.add_user(user_id, f"U{user_id}")
        emulator.call("sendMessage", {"chat_id": user_id, "text": "📣"})
    people.elsewhere()
    lines = out.getvalue().splitlines()
    assert len(lines) == 4
    assert lines[0].strip() == ("📨 U2000 (id 2000): 1 новое сообщение — прочитать: :as 2000"
                                if lang == "ru" else
                                "📨 U2000 (id 2000): 1 new message — to read: :as 2000")
    assert lines[3].strip() == ("📨 …и ещё 2 человека с новыми сообщениями" if lang == "ru"
                                else "📨 …and 2 more people with new messages")
    people.elsewhere()  # told once
    assert len(out.getvalue().splitlines()) == 4


def test_the_english_sample_posts_name_the_quanta_as_the_catalogue_does() -> None:
    from bot.i18n import Texts
    texts = Texts()
    robo = texts.get("en", "demo-post-robo-body")
    assert robo.startswith("Robotics Quantum pupils")  # the quantum's English name
    assert "tech park" in robo and "technopark" not in robo


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_a_new_person_gets_a_name_no_one_has(app: App, lang: str) -> None:
    """The demo's own names skip the ones the database knows (from an earlier run on a kept
    database) and the ones given in this run."""
    ru = lang == "ru"
    first, second, third = ("Борис", "Вера", "Глеб") if ru else ("Ben", "Clara", "Dan")
    await app.repos.users.create(1500, language=lang, first_name=first, username=None)
    demo, people, out = demo_in(app, lang)
    await people.start(1001, "Аня")
    await demo.line(":as new")
    assert (f"── Теперь пишет {second} (id 1002)" if ru else
            f"── Now writing: {second} (id 1002)") in out.getvalue()
    await demo.line(":as new")
    assert f"{third} (id 1003)" in out.getvalue()
    assert await people.fresh_name() != third  # given in this run, though not yet in the db
    assert await names_taken(app.db, [first, second]) == {first}


def test_lang_on_a_kept_database_is_the_language_read(tmp_path: Path) -> None:
    """A database kept from a Russian run, then `--lang en`: the person the demo starts as
    reads English (and Russian again with `--lang ru`)."""
    database = tmp_path / "demo.sqlite3"
    demo(tmp_path, ["/start", "👪 Я родитель"], "--database", str(database))
    out = demo(tmp_path, ["/menu"], "--database", str(database), "--lang", "en")
    assert "Writing now: Аня (id 1001)." in out
    assert "🏠 Menu\nWhere would you like to start?" in after(out, "/menu")
    out = demo(tmp_path, ["/menu"], "--database", str(database), "--lang", "ru")
    assert "Сейчас пишет Аня (id 1001)." in out and "🏠 Меню\n" in after(out, "/menu")
