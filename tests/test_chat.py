"""A message typed outside a form: what a parent and a pupil get for interests, a quantum's
name, a question every family asks and words the bot does not know, in ru and en."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import date

import pytest

from bot.local.chat import LocalChat
from bot.services.understanding import Because, QuantumHit, Understood
from storage import unanswered
from storage.applications import Application
from tests.helpers import family_invite, join_by_invite, start_as
from tests.helpers.harness import App
from tests.helpers.signup import born, load_groups, open_form

SAYS = {
    "ru": {"pupil": "🔎 <b>Вот что тебе может подойти</b>",
           "parent": "🔎 <b>Вот что может подойти</b>",
           "robots": "хочу собирать роботов", "robo": "🤖 Робоквантум",
           "because": "роботов → Робоквантум: Собираем и программируем роботов",
           "signup": "✍️ Записаться", "signup-to": "✍️ Робоквантум", "home": "🏠 Меню",
           "catalogue": "📚 Все квантумы",
           "neuro": "что такое нейроквантум", "neuro-title": "Нейроквантум",
           "cost": "сколько стоит", "free": "<b>бесплатные</b>",
           "cost-pupil": "за них платит государство", "cost-parent": "их оплачивает бюджет",
           "where": "где вы находитесь", "map": "📍 На карте", "title": "Кванториум",
           "nothing": "Не понял 🙂", "ask": "❓ Спросить у сотрудников",
           "schedule": "расписани",
           "more-pupil": "Открой карточку — там всё подробно — или запишись сразу кнопкой «✍️»"
                         " рядом с ней.",
           "more-parent": "Откройте карточку — там всё подробно — или запишите ребёнка сразу"
                          " кнопкой «✍️» рядом с ней."},
    "en": {"pupil": "🔎 <b>Here's what might suit you</b>",
           "parent": "🔎 <b>Here's what might suit</b>",
           "robots": "i like coding games", "robo": "💻 IT Quantum",
           "because": "coding, games → IT Quantum: Write code and make games",
           "signup": "✍️ Sign up", "signup-to": "✍️ IT Quantum", "home": "🏠 Menu",
           "catalogue": "📚 All quanta",
           "neuro": "neuroquantum", "neuro-title": "Neuro",
           "cost": "how much does it cost", "free": "<b>free</b>",
           "cost-pupil": "the state pays for them",
           "cost-parent": "paid for from the public budget",
           "where": "where are you", "map": "📍 On the map", "title": "Kvantorium",
           "nothing": "Sorry, I didn't get that 🙂", "ask": "❓ Ask the staff",
           "schedule": "schedule",
           "more-pupil": "Open a card for the details, or sign up straight away with the “✍️”"
                         " button beside it.",
           "more-parent": "Open a card for the details, or sign your child up straight away with"
                          " the “✍️” button beside it."},
}
LANGS = ["ru", "en"]


async def person(app: App, role: str, lang: str, user_id: int) -> LocalChat:
    chat = app.chat(user_id=user_id, language_code=lang)
    await start_as(chat, role, lang)
    return chat


def html(chat: LocalChat) -> str:
    return str(chat.last().get("html") or "")


@pytest.mark.parametrize("lang", LANGS)
async def test_interests_get_quanta_with_the_words_that_matched(app: App, lang: str) -> None:
    says = SAYS[lang]
    for role, user_id in (("pupil", 6001), ("parent", 6002)):
        chat = await person(app, role, lang, user_id)
        await chat.send(says["robots"])
        assert html(chat).startswith(says[role]), html(chat)
        assert says["because"] in chat.last_text()
        # a parent signs the child up; a pupil signs up
        assert chat.last_text().endswith("\n\n" + says[f"more-{role}"])
        labels = chat.labels()
        # each sign-up says which quantum it is for, within a button's 24 characters
        assert labels[:2] == [says["robo"], says["signup-to"]]
        assert labels[-2:] == [says["catalogue"], says["home"]]
        assert says["signup"] not in labels
        assert len(set(labels)) == len(labels) and max(map(len, labels)) <= 24
        await chat.press(says["robo"])  # its card, as the catalogue shows it
        assert says["signup"] in chat.labels()
        await chat.press(says["signup"])
        assert chat.last_text().startswith("✍️")


@pytest.mark.parametrize("lang", LANGS)
async def test_a_quantum_named_opens_its_card(app: App, lang: str) -> None:
    says = SAYS[lang]
    chat = await person(app, "pupil", lang, 6010)
    await chat.send(says["neuro"])
    assert says["neuro-title"] in chat.last_text().split("\n")[0]
    assert says["signup"] in chat.labels() and says["home"] in chat.labels()


@pytest.mark.parametrize("lang", LANGS)
async def test_a_question_every_family_asks_is_answered_in_the_persons_voice(
    app: App, lang: str
) -> None:
    says = SAYS[lang]
    pupil = await person(app, "pupil", lang, 6020)
    parent = await person(app, "parent", lang, 6021)
    for chat, voice in ((pupil, "cost-pupil"), (parent, "cost-parent")):
        await chat.send(says["cost"])
        assert says["free"] in html(chat)
        assert says[voice] in chat.last_text()
        assert chat.labels()[-2:] == [says["ask"], says["home"]]  # a wrong guess: to staff
    assert says["cost-parent"] not in pupil.last_text()
    assert says["cost-pupil"] not in parent.last_text()


@pytest.mark.parametrize("lang", LANGS)
async def test_where_are_you_gets_the_address_and_the_pin(app: App, lang: str) -> None:
    says = SAYS[lang]
    chat = await person(app, "parent", lang, 6030)
    await chat.send(says["where"])
    assert chat.labels() == [says["map"], says["ask"], says["home"]]
    await chat.press(says["map"])
    [venue] = chat.calls("sendVenue")
    assert says["title"] in venue.params["title"]
    assert 56 < float(venue.params["latitude"]) < 57
    assert chat.labels() == [says["home"]]  # the pin has its way on
    assert len(chat.answers()) == 1


async def test_an_age_in_the_text_leaves_out_quanta_too_old_for_it(app: App) -> None:
    chat = await person(app, "parent", "ru", 6040)
    await chat.send("моему сыну 8 лет хочу программирование")
    text = chat.last_text()
    assert text.startswith("🔎 Вот что подойдёт в 8 лет"), text
    assert "🤖 Робоквантум" in chat.labels()
    assert "💻 IT-квантум" not in chat.labels()  # from 10
    assert "IT-квантум" not in text
    en = await person(app, "parent", "en", 6041)
    await en.send("my son is 8 and likes to code")
    assert en.last_text().startswith("🔎 Here's what suits an 8-year-old"), en.last_text()
    assert "💻 IT Quantum" not in en.labels()


async def children(app: App, user_id: int, kids: list[tuple[str, int]]) -> None:
    """A family with these children (name, age), each applied for the robotics group."""
    await load_groups(app)
    group = int(await app.db.fetchval("SELECT id FROM groups WHERE code = 'robo-a1'"))
    for name, years in kids:
        await app.repos.enrolment.submit(Application(
            user_id=user_id, relation="parent", child_name=name,
            birth_date=date.fromisoformat("-".join(reversed(born(years).split(".")))),
            school="Школа № 5", grade=max(1, years - 6), phone="+79120000000",
            group_id=group, consent=True, photo_consent=True, today=date.today(),
        ))


async def test_a_family_of_two_ages_gets_an_answer_for_each_child(app: App) -> None:
    chat = await person(app, "parent", "ru", 6050)
    await children(app, 6050, [("Иванов Миша", 8), ("Иванова Лена", 13)])
    await chat.send("хочу программировать")
    text = chat.last_text()
    assert "Миша (8 лет):" in text and "Лена (13 лет):" in text, text
    misha, lena = text.split("Лена (13 лет):")
    assert "IT-квантум" not in misha and "IT-квантум" in lena
    assert "💻 IT-квантум" in chat.labels()
    # children of one age: one answer, for that age
    twins = await person(app, "parent", "ru", 6051)
    await children(app, 6051, [("Петров Иван", 13), ("Петрова Аня", 13)])
    await twins.send("хочу программировать")
    assert twins.last_text().startswith("🔎 Вот что подойдёт в 13 лет")
    assert "Иван" not in twins.last_text()


NOT_YET = {
    ("ru", "pupil"): ("мне 6 хочу программировать", "Тебе 6 лет — по возрасту пока не подходит:",
                      "• IT-квантум — с 10 лет"),
    ("ru", "parent"): ("сыну 6 хочу программировать", "В 6 лет по возрасту пока не подходит:",
                       "• IT-квантум — с 10 лет"),
    ("en", "pupil"): ("i'm 6 and i like programming", "At 6, these aren't for you yet:",
                      "• IT Quantum — from age 10"),
    ("en", "parent"): ("my son is 6 and loves programming", "At 6, these aren't open yet:",
                       "• IT Quantum — from age 10"),
}


@pytest.mark.parametrize("lang", LANGS)
async def test_nothing_fits_anybodys_age_says_so_with_the_ages(app: App, lang: str) -> None:
    for user_id, role in ((6060, "pupil"), (6061, "parent")):
        typed, first, line = NOT_YET[lang, role]
        chat = await person(app, role, lang, user_id)
        await chat.send(typed)
        text = chat.last_text()
        assert text.startswith(first + "\n"), text
        assert line in text.split("\n")
        assert "ничего из этого" not in text and "none of these" not in text
        assert chat.labels()[-3:] == [{"ru": "🎯 Пройти тест", "en": "🎯 Take the quiz"}[lang],
                                      SAYS[lang]["catalogue"], SAYS[lang]["home"]]


async def test_a_child_nothing_fits_is_told_in_one_line_with_the_ages(app: App) -> None:
    chat = await person(app, "parent", "ru", 6062)
    await children(app, 6062, [("Иванов Миша", 8), ("Иванова Лена", 13)])
    await chat.send("хочу изучать космос")  # the space quantum: from 11
    text = chat.last_text()
    assert "Миша (8 лет) — по возрасту пока не подходит: Космоквантум с 11 лет" in text, text
    assert "<b>Лена (13 лет):</b>" in html(chat)
    en = await person(app, "parent", "en", 6063)
    await children(app, 6063, [("Ivanov Misha", 8), ("Ivanova Lena", 13)])
    await en.send("i like stars and planets")
    assert "Misha (8 years old) — not for this age yet: Space Quantum, from age 11" in (
        en.last_text()), en.last_text()


async def test_a_pupils_age_is_said_the_english_way(app: App) -> None:
    chat = await person(app, "pupil", "en", 6064)
    await chat.send("i'm 12 and i like coding")
    assert chat.last_text().startswith("🔎 Here's what suits you at 12\n"), chat.last_text()


@pytest.mark.parametrize("lang", LANGS)
async def test_words_the_bot_does_not_know_go_to_staff_in_one_tap(app: App, lang: str) -> None:
    says = SAYS[lang]
    staff = app.chat(user_id=6099, language_code=lang, first_name="Елена")
    await staff.send("/start")
    await app.repos.users.set_staff_role(6099, "staff")
    chat = await person(app, "parent", lang, 6070)
    await chat.send("ывапр <b>")
    assert chat.last_text().startswith(says["nothing"])
    # the text promises what everybody can reach (a schedule only comes with a family)
    assert says["schedule"] not in chat.last_text().casefold()
    assert chat.labels()[0] == says["ask"] and chat.labels()[-1] == says["home"]
    not_understood = chat.last()["message_id"]
    await app.deliver()
    assert not [t for t in staff.texts() if "ывапр" in t]  # nothing without the tap
    await chat.press(says["ask"])
    assert chat.last_text().startswith("✅")
    await app.deliver()
    assert "ывапр &lt;b&gt;" in staff.last()["html"]
    asked = int(await app.db.fetchval("SELECT count(*) FROM unanswered WHERE asked_at IS NOT"
                                      " NULL"))
    assert asked == 1
    # pressed again: the question is already with staff
    await chat.press(says["ask"], message_id=not_understood)
    assert "уже у сотрудников" in chat.last_text() or "already" in chat.last_text()
    assert int(await app.db.fetchval("SELECT count(*) FROM questions")) == 1
    # a forged id, someone else's
    other = await person(app, "pupil", lang, 6071)
    row = int(await app.db.fetchval("SELECT id FROM unanswered"))
    for data in (f"ca:{row}", "ca:999999", "ca:-1"):
        await other.press_data(data)
        assert other.answers()[-1].params.get("text")
        assert other.labels()[-1] == says["home"]
    assert int(await app.db.fetchval("SELECT count(*) FROM questions")) == 1


async def test_a_failed_ask_leaves_nothing_half_written_and_a_second_tap_works(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff = app.chat(user_id=6098, first_name="Елена")
    await staff.send("/start")
    await app.repos.users.set_staff_role(6098, "staff")
    chat = await person(app, "parent", "ru", 6072)
    await chat.send("ывапр парковка")

    async def failing(*args: object, **kwargs: object) -> bool:
        raise sqlite3.OperationalError("disk I/O error")

    # the question and its notice are written, then marking the text fails: all rolled back
    monkeypatch.setattr(unanswered, "mark_asked", failing)
    await chat.press("❓ Спросить у сотрудников")
    assert chat.last_text().startswith("⚠️ Не получилось сохранить")
    assert int(await app.db.fetchval("SELECT count(*) FROM questions")) == 0
    assert int(await app.db.fetchval("SELECT count(*) FROM outbox WHERE kind = 'question'")) == 0
    assert await app.db.fetchval("SELECT asked_at FROM unanswered") is None
    monkeypatch.undo()
    await chat.press("🔁 Ещё раз")  # the same press again, once the fault is gone
    assert chat.last_text().startswith("✅")
    assert int(await app.db.fetchval("SELECT count(*) FROM questions")) == 1
    await app.deliver()
    assert "ывапр парковка" in staff.last_text()
    # two presses at once: one question
    await chat.send("ывапр шлагбаум")
    row = int(await app.db.fetchval("SELECT max(id) FROM unanswered"))
    both = await asyncio.gather(*(app.services.chat.ask(6072, row) for _ in range(2)))
    assert sorted(asked.outcome for asked in both) == ["already", "sent"]
    assert int(await app.db.fetchval("SELECT count(*) FROM questions")) == 2


TOO_LONG = {  # (language, role): how the answer starts, the button to ask a shorter one
    ("ru", "parent"): ("Напишите, пожалуйста, короче: здесь 3\xa0995 символов, а я читаю до 300,"
                       " и даже сотрудникам можно отправить не больше 3\xa0500.",
                       "❓ Задать вопрос", "❓ Спросить у сотрудников"),
    ("ru", "pupil"): ("Напиши, пожалуйста, короче: здесь 3\xa0995 символов", "❓ Задать вопрос",
                      "❓ Спросить у сотрудников"),
    ("en", "parent"): ("Please make it shorter: that's 3,995 characters, I read up to 300, and"
                       " even the staff can take at most 3,500.", "❓ Ask a question",
                       "❓ Ask the staff"),
    ("en", "pupil"): ("Please make it shorter: that's 3,995 characters", "❓ Ask a question",
                      "❓ Ask the staff"),
}


@pytest.mark.parametrize("lang", LANGS)
async def test_a_text_too_long_for_a_question_says_so_up_front(app: App, lang: str) -> None:
    """Past the question limit there is no «❓ Спросить у сотрудников» that would only refuse:
    the answer says to write shorter, and offers «❓ Задать вопрос» for it."""
    for user_id, role in ((6080, "parent"), (6081, "pupil")):
        starts, ask, not_offered = TOO_LONG[lang, role]
        chat = await person(app, role, lang, user_id)
        await chat.send("ывапр " * 666)
        assert chat.last_text().startswith(starts), chat.last_text()
        assert chat.labels()[0] == ask and not_offered not in chat.labels()
        assert chat.labels()[-1] == SAYS[lang]["home"]
        await chat.press(ask)  # the question's own prompt, to type a shorter one
        assert chat.last_text().startswith("❓")
    assert int(await app.db.fetchval("SELECT count(*) FROM unanswered")) == 0  # not kept
    assert int(await app.db.fetchval("SELECT count(*) FROM questions")) == 0


async def test_a_refused_gone_or_already_asked_tap_writes_nothing(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text kept before the limits changed (or grown since): refused by reading alone, with
    how to ask a shorter one; so are a gone text and one asked already."""
    chat = await person(app, "parent", "ru", 6082)
    await chat.send("ывапр")
    row = int(await app.db.fetchval("SELECT id FROM unanswered"))
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE unanswered SET text = ?", ("ывапр " * 666,))

    def no_writes() -> None:
        raise AssertionError("a write transaction opened")

    chat_service = app.services.chat
    with monkeypatch.context() as patch:
        patch.setattr(app.db, "transaction", no_writes)
        assert (await chat_service.ask(6082, row)).outcome == "refused"
        assert (await chat_service.ask(6083, row)).outcome == "gone"  # someone else's
        assert (await chat_service.ask(6082, row + 1)).outcome == "gone"
    await chat.press("❓ Спросить у сотрудников")
    assert chat.last_text().startswith("Для вопроса это слишком длинно: 3\xa0995 символов")
    assert chat.labels() == ["❓ Задать вопрос", "🏠 Меню"]
    assert int(await app.db.fetchval("SELECT count(*) FROM questions")) == 0
    assert await app.db.fetchval("SELECT asked_at FROM unanswered") is None
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE unanswered SET text = 'ывапр', asked_at = created_at")
    with monkeypatch.context() as patch:
        patch.setattr(app.db, "transaction", no_writes)
        assert (await chat_service.ask(6082, row)).outcome == "already"


async def test_the_question_limit_holds_for_a_tap_too(app: App) -> None:
    chat = await person(app, "pupil", "ru", 6085)
    for n in range(4):
        await chat.send(f"ывапр {n}")
        await chat.press("❓ Спросить у сотрудников")
    assert chat.last_text().startswith("⏳ За 15 минут можно задать не больше 3 вопросов")
    assert int(await app.db.fetchval("SELECT count(*) FROM questions")) == 3
    waiting = "SELECT count(*) FROM unanswered WHERE asked_at IS NULL"
    assert int(await app.db.fetchval(waiting)) == 1


async def test_only_emoji_a_sticker_a_photo_a_voice_or_a_file_get_a_kind_answer(app: App) -> None:
    chat = await person(app, "pupil", "ru", 6090)
    await chat.send("🤖🚀🧬")
    assert chat.last_text().startswith("Не понял 🙂")
    assert "❓ Спросить у сотрудников" not in chat.labels()  # nothing worth asking
    emulator = app.emulator
    for update in (emulator.sticker_update(6090), emulator.photo_update(6090, "роботы"),
                   emulator._incoming(6090, voice={"file_id": "v", "file_unique_id": "v",
                                                   "duration": 3}),
                   emulator._incoming(6090, document={"file_id": "d", "file_unique_id": "d",
                                                      "file_name": "a.pdf"})):
        await chat.feed(update)
        assert chat.last_text().startswith("Такое я пока не разбираю 🙂")
        assert "📚 Все квантумы" in chat.labels()
    assert int(await app.db.fetchval("SELECT count(*) FROM unanswered")) == 0


async def test_the_persons_words_are_escaped_where_echoed(app: App) -> None:
    """A word the engine kept as typed, markup and all (forced: the engine splits words)."""
    chat = await person(app, "pupil", "ru", 6095)

    class Echo:
        async def understand(self, text: str, locale: str) -> Understood:
            return Understood("interests", (QuantumHit("robo", 1.0, (
                Because("<b>роботов</b>&", "робот"),)),))

    app.services.chat.understanding = Echo()  # type: ignore[assignment]
    await chat.send("хочу <b>роботов</b>&")
    assert "&lt;b&gt;роботов&lt;/b&gt;&amp; → Робоквантум" in html(chat)


async def test_text_during_a_form_goes_to_the_form(app: App) -> None:
    await load_groups(app)
    chat = await person(app, "parent", "ru", 6100)
    await open_form(chat)
    await chat.send("хочу собирать роботов")  # the child's name, as far as the form knows
    assert "Не понял" not in chat.last_text() and "Вот что" not in chat.last_text()
    assert int(await app.db.fetchval("SELECT count(*) FROM unanswered")) == 0


async def test_a_pupils_own_account_is_answered_for_their_own_age(app: App) -> None:
    """A pupil's account in a family of two children: only the pupil's own record counts."""
    mum = await person(app, "parent", "ru", 6052)
    await children(app, 6052, [("Иванов Миша", 8), ("Иванова Лена", 13)])
    code = await family_invite(mum)
    lena = app.chat(user_id=6053, first_name="Лена")
    await join_by_invite(lena, code, as_="child")
    await lena.press("Иванова Лена")
    await lena.send("хочу программировать")
    text = lena.last_text()
    assert text.startswith("🔎 Вот что подойдёт тебе в 13 лет\n"), text
    assert "Миша" not in text and "IT-квантум" in text
    await mum.send("хочу программировать")
    assert "Миша (8 лет):" in mum.last_text() and "Лена (13 лет):" in mum.last_text()
