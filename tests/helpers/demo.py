"""The offline demo for the tests: a run as a call in this process (its output as text), what
it printed after one input line, a parent's whole sign-up as lines, and the demo's loop on a
test's bot (what it prints goes to a buffer)."""

from __future__ import annotations

import io
from pathlib import Path

from bot.i18n import Texts
from bot.local.demo import Demo
from bot.local.demo_people import People
from bot.local.demo_view import Files, View
from storage.demo import known_people, names_taken
from tests.helpers.harness import App
from tests.helpers.process import call
from tests.helpers.signup import born

# a parent's whole sign-up for the first robotics group (7–9 years), from the first /start
SIGN_UP = {
    "ru": ["/start", "👪 Я родитель", "/start q_robo", "✍️ Записаться", "1", "1",
           "Иванова Мария", born(8), "Школа № 5", "2", "+7 912 345-67-89",
           "✅ Даю согласие, с фото", "✅ Отправить заявку"],
    "en": ["/start", "👪 I'm a parent", "/start q_robo", "✍️ Sign up", "1", "1",
           "Ivanova Maria", born(8), "School No. 5", "2", "+7 912 345-67-89", "1",
           "✅ Send application"],
}
CONFIRM = {"ru": ["/applications", "1", "✅ Подтвердить"],
           "en": ["/applications", "1", "✅ Confirm"]}


def demo(tmp_path: Path, lines: list[str], *args: str) -> str:
    result, _ = call(["demo", *args], tmp_path, stdin="".join(f"{line}\n" for line in lines))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return result.stdout


def after(out: str, line: str) -> str:
    """What the demo printed after this input line (its last occurrence)."""
    return out.rsplit(f"\n> {line}\n", 1)[1].split("\n> ", 1)[0]


def demo_in(app: App, lang: str, admin_id: int = 1000) -> tuple[Demo, People, io.StringIO]:
    """The demo's loop on the test's bot: what it prints goes to the returned buffer."""
    out = io.StringIO()
    view = View(Texts(), lang, out, False, Files(app.emulator))
    people = People(app.dp, app.bot, app.emulator, view, app.repos.users, admin_id=admin_id,
                    after_action=app.deliver,
                    names_taken=lambda names: names_taken(app.db, names),
                    known=lambda limit: known_people(app.db, limit))
    return Demo(people, view, app.repos, app.services), people, out


def printed_since(out: io.StringIO) -> str:
    """What the demo printed since the last call (the buffer is emptied)."""
    text = out.getvalue()
    out.seek(0)
    out.truncate(0)
    return text
