"""The offline demo's chats outlast a run on a kept database: what was delivered to someone
not on screen is counted and shown in the next run (its buttons still work, and once read it is
not new again), `:as` lists everyone the database knows (with their roles, the newest first,
bounded), and a kept file that cannot be read or written does not stop the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.local.demo_keep import KEPT, Kept, kept_path, load, save
from bot.local.emulator import Emulator
from tests.helpers.demo import CONFIRM, SIGN_UP, after, demo, demo_in, printed_since
from tests.helpers.harness import App


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_what_one_run_delivered_is_read_in_the_next(tmp_path: Path, lang: str) -> None:
    ru = lang == "ru"
    database = tmp_path / "demo.sqlite3"
    demo(tmp_path, [*SIGN_UP[lang], ":as admin", *CONFIRM[lang]], "--database", str(database),
         "--lang", lang)
    assert kept_path(database).exists()

    out = demo(tmp_path, [":as", ":as 1001", "1"], "--database", str(database), "--lang", lang,
               "--admin")
    started = out.split("\n> ", 1)[0]
    assert ("📨 Аня (id 1001): 1 новое сообщение — прочитать: :as 1001" if ru else
            "📨 Anna (id 1001): 1 new message — to read: :as 1001") in started
    people = after(out, ":as").splitlines()
    assert people[1:4] == [
        "    1000 — Ольга, администратор ← пишет сейчас" if ru else
        "    1000 — Olga, administrator ← writing now",
        "    1001 — Аня, родитель" if ru else "    1001 — Anna, parent",
        # the sample class's parents, met when the first run began
        "    1203 — Татьяна, родитель" if ru else "    1203 — Татьяна, parent"]
    switched = after(out, ":as 1001")
    assert ("1 новое сообщение:" if ru else "1 new message:") in switched
    assert ("✅ Заявка подтверждена! Иванова Мария" if ru else
            "✅ Application confirmed! Ivanova Maria") in switched
    assert "[1] 🗓 " in switched
    # a button of the message kept from the earlier run works
    assert ("🗓 Расписание занятий" if ru else "🗓 Class schedule") in after(out, "1")

    out = demo(tmp_path, [":as 1001"], "--database", str(database), "--lang", lang, "--admin")
    assert ("Новых сообщений нет." if ru else "No new messages.") in after(out, ":as 1001")
    assert "📨" not in out


def test_a_kept_file_that_cannot_be_read_is_set_aside(tmp_path: Path) -> None:
    database = tmp_path / "demo.sqlite3"
    kept_path(database).write_text("{not json", "utf-8")
    out = demo(tmp_path, ["/start"], "--database", str(database))
    bad = tmp_path / "demo-telegram.json.bad"
    assert (f"⚠️ Чаты прошлых запусков прочитать не удалось: демо начинает с пустых чатов, а"
            f" файл отложен как {bad}.") in out
    assert bad.read_text("utf-8") == "{not json"
    assert "👋" in after(out, "/start")  # the demo went on
    assert json.loads(kept_path(database).read_text("utf-8"))["version"] == 1


def test_chats_that_cannot_be_saved_are_told_and_the_demo_goes_on(tmp_path: Path) -> None:
    database = tmp_path / "demo.sqlite3"
    (tmp_path / "demo-telegram.json.part").mkdir()  # where the chats would be written first
    out = demo(tmp_path, ["/start", "/menu"], "--database", str(database))
    assert "⚠️ Чаты не удалось сохранить (" in after(out, "/start")
    assert "── Бот ──" in after(out, "/menu")  # the next line was carried out


def test_a_chat_keeps_its_newest_messages_and_the_files_not_yet_seen(tmp_path: Path) -> None:
    emulator = Emulator()
    emulator.add_user(1001, "Аня")
    for n in range(KEPT + 50):
        emulator.call("sendMessage", {"chat_id": 1001, "text": f"№{n}"})
    emulator.call("sendDocument", {"chat_id": 1001, "document": "attach://x",
                                   "document_name": "schedule.ics", "document_data": b"ICS"})
    path = tmp_path / "kept.json"
    save(path, emulator, Kept({1001: {}}, [1001]))
    again = Emulator()
    assert load(path, again) == Kept({1001: {}}, [1001])
    texts = [m.get("text") for m in again.sent(1001)]
    assert len(texts) == KEPT and texts[0] == "№51" and texts[-1] is None
    [document] = [m["document"] for m in again.sent(1001) if "document" in m]
    assert again.files[document["file_id"]] == b"ICS"
    # what is sent next takes new ids and file numbers, not the kept ones'
    sent = again.call("sendDocument", {"chat_id": 1001, "document": "attach://y",
                                       "document_name": "b.csv", "document_data": b"CSV"})
    assert sent["message_id"] == KEPT + 52
    assert sent["document"]["file_id"] != document["file_id"]
    assert again.files[document["file_id"]] == b"ICS"


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_as_lists_the_newest_people_and_counts_the_rest(app: App, lang: str) -> None:
    ru = lang == "ru"
    for user_id in range(2001, 2021):  # twenty people of earlier runs
        await app.repos.users.create(user_id, language=lang, first_name=f"U{user_id}",
                                     username=None)
        await app.repos.users.set_family_role(user_id, "pupil" if user_id % 2 else "parent")
    demo, people, out = demo_in(app, lang)
    await people.start(1001, "Аня")
    printed_since(out)
    await demo.line(":as")
    lines = printed_since(out).splitlines()
    assert lines[0].strip() == ("Люди в демо, сначала новые:" if ru else
                                "People in the demo, the newest first:")
    assert lines[1].strip() == ("1001 — Аня ← пишет сейчас" if ru else
                                "1001 — Аня ← writing now")
    assert lines[2].strip() == ("2020 — U2020, родитель" if ru else "2020 — U2020, parent")
    assert lines[3].strip() == ("2019 — U2019, ученик" if ru else "2019 — U2019, pupil")
    assert len(lines) == 1 + 15 + 2
    assert lines[-2].strip() == ("…и ещё 6 человек: :as <id> пишет от имени любого из них"
                                 if ru else "…and 6 more people: :as <id> writes as any of them")
