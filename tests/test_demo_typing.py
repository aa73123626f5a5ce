"""The offline demo's lines, in this process: a number is a button pressed only when the newest
message has a button of that number (a phone typed in digits is searched), an apostrophe sends
a line as typed, «📱 Отправить мой номер» under the input field sends the person's contact (by
its number or its label), and `:reminders` for someone who switched reminders off."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from aiogram.types import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.local.chat import LocalChat
from bot.local.demo_input import Press, Say, Tap, read
from tests.helpers.demo import SIGN_UP, demo_in, printed_since
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.reminders import family, local
from tests.helpers.signup import load_groups, sign_up

FOUND = {"ru": "🔎 Нашёл 1 семью по телефону", "en": "🔎 1 family found by phone"}
TOO_SHORT = {"ru": "Слишком коротко: нужно хотя бы 2 буквы имени или 4 цифры телефона.",
             "en": "Too short: at least 2 letters of a name or 4 digits of a phone."}
NO_BUTTON = ("Кнопки с номером", "There's no button number")


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_a_phone_in_digits_is_searched_not_pressed(app: App, lang: str) -> None:
    """At /find (one button on screen) a phone typed as digits is a search; a number out of
    range is a message too; `'1` sends «1»; a number in range still presses its button."""
    await load_groups(app)
    await sign_up(app.chat(user_id=1001, first_name="Ирина"), name="Петрова Алёна", age=10)
    demo, people, out = demo_in(app, lang, admin_id=ADMIN_ID)
    await people.start(ADMIN_ID, "Админ")
    await demo.line("/find")
    assert "[1] 🏠 " in printed_since(out)  # its only button
    await demo.line("2")  # no button 2: a message, too short for a search
    printed = printed_since(out)
    assert TOO_SHORT[lang] in printed
    for typed in ("8912345", "89123456789"):
        await demo.line(typed)
        printed = printed_since(out)
        assert FOUND[lang] in printed and "+79123456789" in printed, printed
        assert "Петрова Алёна" in printed
        assert not any(line in printed for line in NO_BUTTON)
    await demo.line("'1")  # a message, though the results have a button 1
    assert TOO_SHORT[lang] in printed_since(out)
    await demo.line("1")  # the search's only button: 🏠 Меню
    assert ("🏠 Меню\n" if lang == "ru" else "🏠 Menu\n") in printed_since(out)
    sent = [m.get("text") for (chat, _), m in app.emulator.messages.items()
            if chat == ADMIN_ID and m["from"]["id"] == ADMIN_ID]
    assert sent == ["/find", "2", "8912345", "89123456789", "1"]


def test_how_a_line_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules on a screen of three buttons, the second a link."""
    from bot.local.chat import Button

    buttons = [Button("✅ Да", "y", None, 7), Button("📤 Поделиться", None, "https://t.me", 7),
               Button("🏠 Меню", "m", None, 7)]
    monkeypatch.setattr(LocalChat, "messages", lambda self: [{"message_id": 7}])
    monkeypatch.setattr(LocalChat, "buttons", lambda self, message_id=None: buttons)
    monkeypatch.setattr(LocalChat, "keys", lambda self: [])
    monkeypatch.setattr(LocalChat, "keyboard_message", lambda self: None)
    chat = LocalChat.__new__(LocalChat)
    assert read("3", chat) == Press(buttons[2], 3)
    assert read(" 1 ", chat) == Press(buttons[0], 1)
    for line in ("4", "0", "03", "-1", "+1", "89123456789", "1.5", "٣"):
        assert read(line, chat) == Say(line), line
    assert read("'3", chat) == Say("3")
    assert read("''3", chat) == Say("'3")
    assert read("':as", chat) == Say(":as")
    assert read("'", chat) == Say("'")
    for label in ("📤 Поделиться", "📤 Поделиться ↗", "📤 Поделиться↗"):
        assert read(label, chat) == Press(buttons[1], 2), label
    assert read("✅ Да ↗", chat) == Say("✅ Да ↗")  # only a link is printed with ↗


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("by", ["number", "label"])
async def test_the_share_my_number_key_sends_the_persons_contact(
    app: App, lang: str, by: str
) -> None:
    ru = lang == "ru"
    key = "📱 Отправить мой номер" if ru else "📱 Share my number"
    await load_groups(app)
    demo, people, out = demo_in(app, lang)
    await people.start(1001, "Аня")
    for line in SIGN_UP[lang][:10]:  # to the phone's question
        await demo.line(line)
    assert f"\n ⌨ [1] {key}\n" in printed_since(out)
    await demo.line("1" if by == "number" else key)
    printed = printed_since(out)
    assert ("📱 Отправлен контакт: Аня, +79000001001" if ru else
            "📱 Contact sent: Аня, +79000001001") in printed
    assert ("✅ Номер записан: +79000001001" if ru else
            "✅ Number saved: +79000001001") in printed
    [contact] = [m["contact"] for (c, _), m in app.emulator.messages.items()
                 if c == 1001 and "contact" in m]
    assert contact == {"phone_number": "79000001001", "first_name": "Аня", "user_id": 1001}
    # the bot took the keyboard away: its label is now a message like any other
    await demo.line(key)
    printed = printed_since(out)
    assert "📱 Отправлен контакт" not in printed and "📱 Contact sent" not in printed
    assert ("Выберите вариант кнопкой ниже 👇" if ru else "Choose with a button below 👇"
            ) in printed
    for line in SIGN_UP[lang][-2:]:
        await demo.line(line)
    phone = await app.db.fetchone("SELECT phone FROM families")
    assert phone is not None and phone["phone"] == "+79000001001"


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_reminders_switched_off_are_said_to_be_off(app: App, lang: str) -> None:
    """`:reminders` for a parent of a confirmed child who switched reminders off says so and
    how to switch them on; done that way, `:reminders` brings them."""
    ru = lang == "ru"
    path = (["/menu", "⚙️ Настройки", "🔔 Напоминания"] if ru else
            ["/menu", "⚙️ Settings", "🔔 Reminders"])
    with time_machine.travel(local(date(2026, 12, 3), 17), tick=False):
        await family(app, lang)
        await app.deliver()  # «✅ Заявка подтверждена!», before the demo starts
        demo, people, out = demo_in(app, lang)
        await people.start(1001, "Аня")
        for line in [*path, "🔕 Выключить все" if ru else "🔕 Turn all off", ":reminders"]:
            await demo.line(line)
        said = printed_since(out).rsplit("\n", 2)[-2].strip()
        assert said == (
            "🔕 Напоминания выключены в настройках, поэтому присылать нечего. Включить: /menu →"
            " ⚙️ Настройки → 🔔 Напоминания → 🔔 Включить." if ru else
            "🔕 Reminders are switched off in the settings, so there is nothing to send. To "
            "switch them on: /menu → ⚙️ Settings → 🔔 Reminders → 🔔 Turn on.")
        for line in [*path, "🔔 Включить" if ru else "🔔 Turn on", ":reminders"]:
            await demo.line(line)
        printed = printed_since(out)
        assert ("🔔 Занятие завтра" if ru else "🔔 Lesson tomorrow") in printed
        assert ("выключены в настройках" if ru else "switched off in the settings"
                ) not in printed


async def test_tap_and_keys_of_a_plain_reply_keyboard(app: App) -> None:
    """A key that asks for nothing sends its text, as Telegram does; the keyboard stays until
    the bot removes it."""
    chat = app.chat()
    keyboard = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="Да"),
                                              KeyboardButton(text="Нет")]])
    await app.bot.send_message(1001, "?", reply_markup=keyboard)
    assert [(k.text, k.contact) for k in LocalChat.keys(chat)] == [("Да", False), ("Нет", False)]
    assert read("2", chat) == Tap(2) and read("Да", chat) == Tap("Да")
    await chat.tap(2)
    assert app.emulator.messages[(1001, 2)]["text"] == "Нет"
    assert read("Да", chat) == Tap("Да")  # under the bot's answer too
    await app.bot.send_message(1001, "!", reply_markup=ReplyKeyboardRemove())
    assert chat.keys() == [] and read("Да", chat) == Say("Да")
