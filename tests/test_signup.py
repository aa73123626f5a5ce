"""The sign-up form, families, consent, waitlist and staff decisions."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable
from datetime import date, timedelta

import pytest
import time_machine

from bot.local.chat import LocalChat
from bot.services.group_import import parse_groups_csv
from bot.services.programme_import import import_programmes
from bot.ui.callbacks import SignupWho
from storage.applications import Application
from storage.clock import utcnow
from tests.helpers import family_invite, join_by_invite, start_as, toast
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.signup import born, fill, load_groups, open_form, sign_up, term


async def count(app: App, sql: str) -> int:
    return int(await app.db.fetchval(sql))


async def test_a_parent_signs_a_child_up(app: App) -> None:
    await load_groups(app)
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    chat = app.chat()
    await start_as(chat, "parent")
    await chat.send("/start q_robo")
    await chat.press("✍️ Записаться")
    assert "1. Робототехника: первые шаги — вводный модуль, 7–17 лет" in chat.last_text()
    await chat.press("1")
    assert ("1. Вт/Чт 15:00 · Иванова Е. А., Каб. 101 · идёт с 1 сентября, можно"
            " присоединиться — 12 мест") in chat.last_text()
    await chat.press("1")
    assert chat.last_text().startswith("Фамилия и имя ребёнка?")
    await chat.send("иванова  мария")
    assert chat.last_text().startswith("Дата рождения ребёнка?\nНапример: 12.05.2014")
    await chat.send(born(10))
    assert chat.last_text().startswith("В какой школе учится ребёнок?")
    await chat.send("Школа № 5")
    assert chat.labels()[:4] == ["1", "2", "3", "4"] and len(chat.labels()) == 11
    await chat.press("4")
    assert chat.last_text().startswith("📱 Отправить мой номер")
    keyboard = chat.calls("sendMessage")[-1].params["reply_markup"]["keyboard"]
    assert keyboard == [[{"text": "📱 Отправить мой номер", "request_contact": True}]]
    await chat.send("8 (912) 345-67-89")
    assert "✅ Номер записан: +79123456789" in chat.texts()
    assert chat.last_text().startswith("📄 Согласие на обработку персональных данных")
    await chat.press("✅ Даю согласие, с фото")
    summary = chat.last_text()
    assert summary.startswith("📋 Проверьте заявку")
    for line in ("Группа: Вт/Чт 15:00", "Ребёнок: Иванова Мария", "Школа: Школа № 5, 4 класс",
                 "Телефон: +79123456789", "Согласие: дано, фото можно", "(10 лет)"):
        assert line in summary
    await chat.press("✅ Отправить заявку")
    assert chat.last_text().startswith("🎉 Заявка отправлена!")
    assert "Иванова Мария — Робототехника: первые шаги, группа «Вт/Чт 15:00»" in (
        chat.last_text()
    )
    assert await count(app, "SELECT count(*) FROM enrolments WHERE status = 'applied'") == 1
    assert await count(app, "SELECT count(*) FROM consents WHERE photo = 1") == 1
    assert await count(app, "SELECT count(*) FROM family_members WHERE relation='parent'") == 1
    await app.deliver()
    assert admin.last_text().startswith("📥 Новая заявка №1")
    assert admin.labels() == ["📋 Открыть заявку"]


async def test_sign_up_in_english(app: App) -> None:
    await load_groups(app)
    chat = app.chat(language_code="en")
    await start_as(chat, "parent", "en")
    await open_form(chat, "en")
    await chat.send("Smith John")
    await chat.send(born(9))
    await chat.send("School No. 5")
    await chat.press("3")
    await chat.send("+7 912 345 67 89")
    await chat.press("✅ I consent, no photos")
    assert "Consent: given, no photos" in chat.last_text()
    await chat.press("✅ Send application")
    assert chat.last_text().startswith("🎉 Application sent!")


@pytest.mark.parametrize(
    ("step", "answer", "problem"),
    [
        ("name", "Маша🚀", "В имени могут быть только буквы"),
        ("name", "М", "Напишите имя полностью"),
        ("name", "Я" * 200, "Слишком длинно: не больше 80 символов."),
        ("birth", "31.02.2014", "Такого дня нет в календаре."),
        ("birth", "завтра", "Не понял дату."),
        ("birth", "01.01.2999", "Эта дата ещё не наступила."),
        ("birth", "31.02.2015", "Такого дня нет в календаре."),
        ("school", "🏫🏫", "Напишите название или номер школы."),
        ("school", "Школа 🏫", "Без эмодзи"),
        ("grade", "12", "Класс — число от 1 до 11."),
        ("phone", "позвоните маме", "Не похоже на номер телефона."),
        ("phone", "12345", "Не похоже на номер телефона."),
        ("name", "\u3164\u3164", "В имени одни невидимые символы."),
        ("name", "\u2800 \u200b\u2800", "В имени одни невидимые символы."),
        ("school", "\u3164\u3164\u3164", "В названии школы одни невидимые символы."),
        ("phone", "+7 912 345-67-8", "после +7 или 8 идут 10 цифр, а здесь 9."),
        ("phone", "+89123456789", "У России код +7, а восьмёрка пишется без плюса"),
        ("phone", "+٧ ٩١٢ ٣٤٥ ٦٧ ٨٩", "Напишите номер обычными цифрами 0–9"),
        ("phone", "+７９１２３４５６７８９", "Напишите номер обычными цифрами 0–9"),
    ],
)
async def test_a_wrong_answer_is_explained_and_asked_again(
    app: App, step: str, answer: str, problem: str
) -> None:
    await load_groups(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await open_form(chat)
    answers = {"name": "Иванова Мария", "birth": born(10), "school": "Школа № 5",
               "grade": "4", "phone": "+79123456789"}
    questions = {"name": "Фамилия и имя ребёнка?", "birth": "Дата рождения ребёнка?",
                 "school": "В какой школе учится ребёнок?", "grade": "В каком классе?",
                 "phone": "Ваш номер телефона"}
    for current, good in answers.items():
        if current == step:
            await chat.send(answer)
            text = next(t for t in reversed(chat.texts()) if problem in t)
            assert text.startswith("⚠️ " + problem) or problem in text
            assert questions[step] in text
            break
        if current == "grade":
            await chat.press(good)
        else:
            await chat.send(good)
    await chat.send("/cancel")
    assert await count(app, "SELECT count(*) FROM children") == 0


async def test_age_must_fit_the_group(app: App) -> None:
    await load_groups(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await chat.send("/start q_it")
    await chat.press("✍️ Записаться")
    await chat.press("1")
    await chat.press("1")
    await chat.send("Петров Иван")
    await chat.send(born(9))
    # the group has started: the age now, not «к началу занятий»
    assert chat.last_text().startswith("Эта группа для 13–17 лет. Петров Иван — 9 лет. Проверьте")
    assert chat.labels() == ["↩️ Другая группа"]
    await chat.send(born(14))
    assert chat.last_text().startswith("В какой школе учится ребёнок?")


async def test_phone_from_the_contact_button(app: App) -> None:
    await load_groups(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await open_form(chat)
    await chat.send("Иванова Мария")
    await chat.send(born(10))
    await chat.send("Гимназия 1")
    await chat.press("4")
    await chat.send_contact("79001234567")
    assert "✅ Номер записан: +79001234567" in chat.texts()
    await chat.press("✅ Даю согласие, с фото")
    await chat.press("✏️ Телефон")
    await chat.send_contact("+79001234568")
    assert "✅ Номер записан: +79001234568" in chat.texts()


async def test_invisible_characters_never_reach_the_application(app: App) -> None:
    await load_groups(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await open_form(chat)
    await fill(chat, name="\u3164Иванова\u200b Мария\u2800", school="Школа\u00ad № 5",
               phone="\u200e+7\u00a0912\u00a0345-67-89\u200f")
    assert "✅ Номер записан: +79123456789" in chat.texts()
    await chat.press("✅ Даю согласие, с фото")
    assert "Ребёнок: Иванова Мария\n" in chat.last_text()
    assert "Школа: Школа № 5, 4 класс" in chat.last_text()
    await chat.press("✅ Отправить заявку")
    assert await app.db.fetchval("SELECT name FROM children") == "Иванова Мария"
    assert await app.db.fetchval("SELECT school FROM children") == "Школа № 5"


async def test_a_pupil_is_told_what_to_fix_as_ty(app: App) -> None:
    await load_groups(app)
    pupil = app.chat(user_id=1104)
    await start_as(pupil, "pupil")
    await open_form(pupil)
    await pupil.send("\u3164\u3164")
    assert pupil.last_text().startswith(
        "⚠️ В имени одни невидимые символы. Напиши фамилию и имя буквами."
    )
    await fill(pupil, name="Кузнецова Вера", age=15, phone="+7 912 345-67-8")
    assert pupil.last_text().startswith(
        "⚠️ В российском номере после +7 или 8 идут 10 цифр, а здесь 9. Проверь номер."
    )
    assert "Телефон родителя" in pupil.last_text()
    await pupil.send("+7 912 345-67-80")
    assert "✅ Номер записан: +79123456780" in pupil.texts()


async def test_editing_from_the_summary(app: App) -> None:
    await load_groups(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await open_form(chat)
    await fill(chat)
    await chat.press("✅ Даю согласие, без фото")
    await chat.press("✏️ Имя")
    await chat.send("Петрова Анна")
    assert chat.last_text().startswith("📋 Проверьте заявку")
    assert "Ребёнок: Петрова Анна" in chat.last_text()
    await chat.press("✏️ Группа")
    await chat.press("2")
    assert "Группа: Ср/Пт 16:00" in chat.last_text()


async def test_cancel_leaves_nothing(app: App) -> None:
    await load_groups(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await open_form(chat)
    await chat.send("Иванова Мария")
    await chat.send("/cancel")
    assert chat.last_text().startswith("Отменено, ничего не сохранено.")
    await chat.send(born(10))  # no longer the form's: a text the bot does not understand
    assert chat.last_text().startswith("Не понял 🙂")
    assert await count(app, "SELECT count(*) FROM families") == 0


async def test_the_form_survives_a_restart(app: App, catalogue: object, texts: object) -> None:
    from tests.helpers.harness import make_app

    await load_groups(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await open_form(chat)
    await chat.send("Иванова Мария")
    restarted = make_app(app.db, app.settings, catalogue, texts,  # type: ignore[arg-type]
                         emulator=app.emulator)
    again = restarted.chat(user_id=chat.user_id)
    await again.send(born(10))
    assert again.last_text().startswith("В какой школе учится ребёнок?")


async def test_consent_refused_saves_nothing(app: App) -> None:
    await load_groups(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await open_form(chat)
    await fill(chat)
    await chat.press("✖️ Не даю согласия")
    assert chat.last_text().startswith("Без согласия мы не можем принять заявку.")
    assert await count(app, "SELECT count(*) FROM children") == 0


async def test_a_young_pupil_needs_a_parent_through_the_invite(app: App) -> None:
    await load_groups(app)
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    pupil = app.chat(user_id=1101, first_name="Миша")
    await start_as(pupil, "pupil")
    await open_form(pupil)
    assert pupil.last_text().startswith("Как тебя зовут?")
    await fill(pupil, name="Сидоров Миша", age=11)
    assert pupil.last_text().startswith("📋 Проверь заявку")
    assert "Согласие: даст родитель по ссылке" in pupil.last_text()
    await pupil.press("✅ Отправить заявку")
    text = pupil.last_text()
    assert text.startswith("📝 Заявка сохранена")
    link = text.split("\n")[-1]
    assert link.startswith("https://t.me/kvantorium_demo_bot?start=fam_")
    assert await count(app, "SELECT count(*) FROM enrolments WHERE status='awaiting_consent'") == 1
    await app.deliver()
    assert not admin.last_text().startswith("📥")  # nothing for staff yet

    parent = app.chat(user_id=1102, first_name="Ольга")
    await parent.send("/start " + link.split("start=")[1])
    # someone new says who they are in the family before joining it
    assert parent.last_text() == "👪 Это приглашение в семью. Кто вы в ней?"
    await parent.press("👪 Я родитель")
    assert any(t.startswith("👪 Вы в семье!") for t in parent.texts())
    assert parent.last_text().startswith("📄 Нужно ваше согласие")
    assert "Сидоров Миша хочет заниматься" in parent.last_text()
    await parent.press("✅ Даю согласие, без фото")
    assert parent.last_text() == "Спасибо! Согласие получено, заявка ушла в технопарк."
    assert await count(app, "SELECT count(*) FROM enrolments WHERE status='applied'") == 1
    await app.deliver()
    assert admin.last_text().startswith("📥 Новая заявка №1")
    assert pupil.last_text().startswith("📨 Сидоров Миша — заявка")
    await parent.send("/children")
    assert "⏳ на рассмотрении" in parent.last_text()


async def test_a_pupil_of_fourteen_consents_alone(app: App) -> None:
    await load_groups(app)
    pupil = app.chat(user_id=1103)
    await start_as(pupil, "pupil")
    await open_form(pupil)
    await fill(pupil, name="Кузнецова Вера", age=15)
    assert pupil.last_text().startswith("📄 Согласие на обработку")
    await pupil.press("✅ Даю согласие, с фото")
    await pupil.press("✅ Отправить заявку")
    assert pupil.last_text().startswith("🎉 Заявка отправлена!")


async def test_full_group_waitlist_offer_and_accept(app: App) -> None:
    await load_groups(app, capacity=1)
    first, second = app.chat(user_id=1201), app.chat(user_id=1202)
    await sign_up(first, name="Первая Аня")
    await sign_up(second, name="Второй Боря")
    assert second.last_text().startswith("📝 Заявка в листе ожидания")
    assert "вы на 1-м месте в очереди" in second.last_text()
    # the first family cancels: the seat is offered to the second
    await first.send("/children")
    await first.press("✖️ Отменить: Аня")
    # the way out of a cancellation is not a second «cancel»
    assert first.labels() == ["Да, отменить", "↩️ Не отменять"]
    await first.press("Да, отменить")
    assert first.answers()[-1].params["text"] == "Заявка отменена."
    await app.deliver()
    offer = second.last()
    assert offer["text"].startswith("🎟 Освободилось место! Второй Боря")
    assert second.labels() == ["✅ Беру место", "✖️ Отказаться"]
    await second.press("✅ Беру место")
    assert second.last_text().startswith("Отлично, место за вами!")
    assert toast(second) is None  # the screen says it: no toast repeating it
    assert await count(app, "SELECT count(*) FROM enrolments WHERE status='applied'") == 1


async def test_a_seat_declined_in_english_is_said_once(app: App) -> None:
    await load_groups(app, capacity=1)
    first, second = app.chat(user_id=1211), app.chat(user_id=1212)
    await sign_up(first, name="Первая Аня")
    await sign_up(second, name="Второй Боря")
    await app.repos.users.set_language(1212, "en")
    await first.send("/children")
    await first.press("✖️ Отменить: Аня")
    await first.press("Да, отменить")
    await app.deliver()
    assert second.labels()[:2] == ["✅ Take the place", "✖️ Decline"]
    await second.press("✖️ Decline")
    assert second.last_text() == "All right, the place goes to the next in line."
    assert toast(second) is None  # the screen says it: no toast repeating it
    assert await count(app, "SELECT count(*) FROM enrolments WHERE status='cancelled'") == 2


async def test_an_unanswered_offer_passes_to_the_next(app: App) -> None:
    await load_groups(app, capacity=1)
    chats = [app.chat(user_id=1300 + n) for n in range(3)]
    for n, chat in enumerate(chats):
        await sign_up(chat, name=f"Ребёнок Номер{'абв'[n]}")
    await chats[0].send("/children")
    await chats[0].press("✖️ Отменить: Номера")
    await chats[0].press("Да, отменить")
    await app.deliver()
    offer_message = chats[1].last()["message_id"]
    assert chats[1].last_text().startswith("🎟 Освободилось место!")
    with time_machine.travel(utcnow() + timedelta(hours=25)):
        assert await app.repos.enrolment.expire_offers() == 1
        await app.deliver()
    assert chats[1].last_text().startswith("Время ответа на предложение места истекло")
    assert chats[2].last_text().startswith("🎟 Освободилось место! Ребёнок Номерв")
    # the expired offer's button no longer works
    await chats[1].press("✅ Беру место", message_id=offer_message)
    assert toast(chats[1]) is None  # the screen says it: no toast repeating it
    shown = app.emulator.messages[(chats[1].user_id, offer_message)]
    assert shown["text"].startswith("Это предложение уже неактуально.")


async def test_expiry_survives_a_restart(app: App) -> None:
    """The offer's deadline is in the database: a new process expires it just the same."""
    await load_groups(app, capacity=1)
    a, b = app.chat(user_id=1401), app.chat(user_id=1402)
    await sign_up(a, name="Один Ребёнок")
    await sign_up(b, name="Два Ребёнок")
    family = await app.repos.families.family_id(a.user_id)
    assert family is not None
    enrolment = (await app.repos.enrolments.family_enrolments(family))[0]
    await app.repos.enrolment.cancel(enrolment.id, family)
    from bot.dispatcher import Repos

    fresh = Repos.create(app.db, settings=app.settings)
    with time_machine.travel(utcnow() + timedelta(hours=24, minutes=1)):
        assert await fresh.enrolment.expire_offers() == 1


async def test_twenty_families_race_for_the_last_seat(app: App) -> None:
    await load_groups(app, capacity=1)
    group_id = int(await app.db.fetchval("SELECT id FROM groups WHERE code = 'robo-a1'"))
    for n in range(20):
        await app.repos.users.create(2000 + n, language="ru", first_name="P", username=None,
                                     family_role="parent")

    def application(user_id: int) -> Application:
        return Application(
            user_id=user_id, relation="parent", child_name=f"Ребёнок {user_id}",
            birth_date=date(2015, 1, 1), school="Школа", grade=5, phone="+79000000000",
            group_id=group_id, consent=True, photo_consent=False,
        )

    results = await asyncio.gather(
        *(app.repos.enrolment.submit(application(2000 + n)) for n in range(20)),
        app.repos.enrolment.submit(application(2000)),  # a double tap
    )
    statuses = [r.status for r in results if not r.duplicate]
    assert statuses.count("applied") == 1
    assert await count(app, "SELECT count(*) FROM enrolments") == 20
    assert await count(app, "SELECT count(*) FROM enrolments WHERE status='waitlisted'") == 19
    assert sum(r.duplicate for r in results) == 1


async def test_double_tap_on_send(app: App) -> None:
    await load_groups(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await open_form(chat)
    await fill(chat)
    await chat.press("✅ Даю согласие, с фото")
    summary = chat.last()["message_id"]
    send = chat.find("✅ Отправить заявку")
    await chat.press_data(str(send.data), message_id=summary)
    await chat.press_data(str(send.data), message_id=summary)
    assert await count(app, "SELECT count(*) FROM enrolments") == 1


async def test_staff_confirm_and_reject_with_reason(app: App) -> None:
    await load_groups(app)
    families = [app.chat(user_id=1501, first_name="Ира"), app.chat(user_id=1502)]
    await sign_up(families[0], name="Белова Катя")
    await sign_up(families[1], name="Орлов Дима")
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/applications")
    assert admin.last_text().startswith("📥 Заявки на рассмотрении")
    assert admin.labels()[:2] == ["№1 · Белова Катя…", "№2 · Орлов Дима · Вт/Чт…"]
    await admin.press("№1 · Белова Катя…")
    assert admin.last_text().startswith("📋 Заявка №1")
    assert "Телефон: +79123456789" in admin.last_text()
    await admin.press("✅ Подтвердить")
    assert admin.last_text().startswith("✅ Заявка №1 подтверждена")
    await admin.press(admin.labels()[0])  # the remaining one
    await admin.press("❌ Отклонить")
    assert admin.last_text().startswith("Почему отклоняем?")
    await admin.send("Группа для <младших> детей")
    assert admin.last_text().startswith("❌ Заявка №2 отклонена")
    await app.deliver()
    assert families[0].last_text().startswith("✅ Заявка подтверждена! Белова Катя")
    assert families[0].labels() == ["🗓 Расписание"]  # the lessons it has just given
    await families[0].press("🗓 Расписание")
    assert families[0].texts()[-2].startswith("✅ Заявка подтверждена!")  # the notice stays
    assert families[1].last_text().endswith("Причина: Группа для <младших> детей")
    # a decision on an application already decided
    await admin.press_data("ad:1:rejected")
    await admin.press_data("ad:1:reject-now")
    assert admin.last_text().startswith("Заявка №1 уже обработана.")


async def test_pupils_cannot_review_applications(app: App) -> None:
    chat = app.chat()
    await start_as(chat, "pupil")
    await chat.send("/applications")
    assert chat.last_text().startswith("Такой команды я не знаю.")
    await chat.press_data("ad:1:confirmed")
    assert toast(chat) is None  # the message says it: no toast repeating it
    assert chat.last_text().startswith("Эта кнопка устарела")


async def test_a_second_parent_joins_and_sees_the_children(app: App) -> None:
    await load_groups(app)
    mum = app.chat(user_id=1601)
    await sign_up(mum, name="Смирнова Лиза")
    code = await family_invite(mum)
    dad = app.chat(user_id=1602)
    await join_by_invite(dad, code)
    assert any(t.startswith("👪 Вы в семье!") for t in dad.texts())
    assert "Смирнова Лиза" in dad.last_text()
    stranger = app.chat(user_id=1603)
    await stranger.send("/start fam_nonsense")
    assert stranger.last_text().startswith("Ссылка-приглашение не подошла")


async def test_mydata_and_forget(app: App) -> None:
    await load_groups(app, capacity=1)
    chat = app.chat(user_id=1701)
    await sign_up(chat, name="Зайцева Оля")
    waiting = app.chat(user_id=1702)
    await sign_up(waiting, name="Волков Петя")
    await chat.send("/mydata")
    document = chat.messages()[-2]
    assert document["document"]["file_name"] == "kvantorium-family-data.json"
    assert document["caption"] == "📄 Всё, что бот хранит о вашей семье."
    # the file is not a dead end: the menu comes after it
    assert chat.last_text().startswith("Чтобы удалить эти данные, отправьте /forget.")
    assert "🗓 Расписание" in chat.labels()
    await chat.send("/forget")
    assert chat.last_text().startswith("🗑 Удалить данные семьи?")
    await chat.press("🗑 Да, удалить всё")
    assert chat.last_text() == "Данные семьи удалены, согласие отозвано."
    for table in ("children", "family_members"):
        rows = await app.db.fetchall(
            f"SELECT * FROM {table} WHERE family_id IN"  # noqa: S608
            " (SELECT family_id FROM family_members WHERE user_id = 1701)"
        )
        assert list(rows) == []
    assert await count(app, "SELECT count(*) FROM children WHERE name = 'Зайцева Оля'") == 0
    assert await count(app, "SELECT count(*) FROM consents WHERE given_by = 1701") == 0
    assert await count(app, "SELECT count(*) FROM consents WHERE withdrawn_at IS NOT NULL") == 1
    # the freed seat went to the waitlist
    await app.deliver()
    assert waiting.last_text().startswith("🎟 Освободилось место!")
    await chat.send("/mydata")
    assert chat.last_text().startswith("Бот не хранит данных о вашей семье")


async def test_mydata_export_is_complete(app: App) -> None:
    await load_groups(app)
    chat = app.chat(user_id=1801)
    await sign_up(chat, name="Лебедев Гоша")
    family = await app.repos.families.family_id(chat.user_id)
    assert family is not None
    data = await app.services.privacy.export(family)
    assert data["children"][0]["name"] == "Лебедев Гоша"
    assert data["family"]["phone"] == "+79123456789"
    assert data["consents"][0]["photo"] == 1
    assert data["applications"][0]["status"] == "applied"
    json.dumps(data)


async def test_broadcast_to_families_of_a_group(app: App) -> None:
    await load_groups(app)
    parent = app.chat(user_id=1901)
    await sign_up(parent, name="Соколова Ника")
    other = app.chat(user_id=1902)
    await start_as(other, "parent")
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/broadcast")
    await admin.send("Занятие переносится")
    await admin.press("🎓 Записаны: —")
    await admin.press("🤖 Робоквантум")
    await admin.press("✅ Готово")
    assert "Получателей: 1" in admin.last_text()
    await admin.press("Их родители")  # members of those families: parents only
    assert "только родители" in admin.last_text()
    await admin.press("👁 Предпросмотр")
    await admin.press("✅ Отправить (1)")
    await app.deliver()
    assert parent.last_text() == "Занятие переносится"
    assert "Занятие переносится" not in other.texts()


async def test_a_name_in_capitals_is_the_same_child(app: App) -> None:
    await load_groups(app)
    chat = app.chat(user_id=2101)
    await sign_up(chat, name="иванова мария")
    await open_form(chat)
    await fill(chat, name="ИВАНОВА МАРИЯ")
    await chat.press("✅ Даю согласие, с фото")
    assert "Ребёнок: Иванова Мария" in chat.last_text()
    await chat.press("✅ Отправить заявку")
    assert chat.last_text() == "Такая заявка уже есть — посмотрите в «Мои дети»."
    assert await count(app, "SELECT count(*) FROM children") == 1


async def test_waiting_for_consent_holds_no_seat(app: App) -> None:
    await load_groups(app, capacity=1)
    pupil = app.chat(user_id=2201)
    await start_as(pupil, "pupil")
    await open_form(pupil)
    await fill(pupil, name="Юный Вася", age=10)
    await pupil.press("✅ Отправить заявку")
    parent = app.chat(user_id=2202)
    await sign_up(parent, name="Другой Ребёнок")
    # the seat went to the family that consented first
    assert parent.last_text().startswith("🎉 Заявка отправлена!")


async def test_a_closed_sign_up_window_says_so(app: App) -> None:
    from bot.services.group_import import parse_groups_csv

    starts, ends = term()
    data = (
        "programme;quantum;level;title_ru;age_min;age_max;signup_from;signup_until;"
        "navigator_url;group;group_name;capacity;starts_on;ends_on\n"
        "aero-1;aero;intro;Дроны;10;17;01.01.2020;31.01.2020;https://navigator.example/7;"
        f"a1;Пн 15:00;10;{starts};{ends}\n"
    ).encode()
    result = parse_groups_csv(data, {"aero"})
    await import_programmes(app.db, result.programmes, result.groups)
    chat = app.chat()
    await start_as(chat, "parent")
    await chat.send("/start q_aero")
    await chat.press("✍️ Записаться")
    assert "Сейчас запись сюда закрыта" in chat.last_text()
    assert "Программа в Навигаторе: https://navigator.example/7" in chat.last_text()
    assert chat.labels() == ["⬅️ К квантуму", "🏠 Меню"]
    # a programme button kept from before the window closed leads nowhere
    await chat.press_data("sp:p:1")
    assert await count(app, "SELECT count(*) FROM enrolments") == 0


async def test_applications_filtered_by_quantum_and_group(app: App) -> None:
    await load_groups(app)
    robo = app.chat(user_id=2301)
    await sign_up(robo, name="Робо Ребёнок")
    it = app.chat(user_id=2302)
    await start_as(it, "parent")
    await it.send("/start q_it")
    await it.press("✍️ Записаться")
    await it.press("1")
    await it.press("1")
    await fill(it, name="Айти Ребёнок", age=14)
    await it.press("✅ Даю согласие, с фото")
    await it.press("✅ Отправить заявку")
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/applications")
    assert "Робо Ребёнок" in admin.last_text() and "Айти Ребёнок" in admin.last_text()
    await admin.press("💻 IT-квантум" if "💻 IT-квантум" in admin.labels() else "IT-квантум")
    assert "Айти Ребёнок" in admin.last_text() and "Робо Ребёнок" not in admin.last_text()
    assert admin.last_text().startswith("📥 Заявки на рассмотрении · 💻 IT-квантум")
    await admin.press("Сб 11:00")
    assert "· Сб 11:00" in admin.last_text().split("\n")[0]
    await admin.press("Все")
    assert "Робо Ребёнок" in admin.last_text()


FORGED = ["se:xyz", "se:name", "se:submit", "se:group", "sg:99", "sg:0", "sc:weird", "sp:g:999",
          "sp:c:5", "sp:p:999", "sw:alien", "s:mars", "s:robo", "sl:p:5", "sl:g:-1", "sl:x:0"]


@pytest.mark.parametrize("steps_done", range(7))
async def test_forged_form_buttons_at_every_step(app: App, steps_done: int) -> None:
    """At each step of the form, every kind of forged or stale form button is answered
    politely and never breaks anything."""
    await load_groups(app)
    for n, data in enumerate(FORGED):
        chat = app.chat(user_id=3000 + n)
        await start_as(chat, "parent")
        await open_form(chat)
        steps = [("send", "Иванова Мария"), ("send", born(10)), ("send", "Школа 1"),
                 ("press", "4"), ("send", "+79123456789"),
                 ("press", "✅ Даю согласие, с фото")]
        for action, value in steps[:steps_done]:
            await (chat.send(value) if action == "send" else chat.press(value))
        await chat.press_data(data)
        assert len(chat.answers()) == 1, data  # answered, never a crash or silence
        assert chat.calls("sendMessage") or chat.calls("editMessageText"), data
    assert await count(app, "SELECT count(*) FROM enrolments") <= len(FORGED)


# ---- long lists ------------------------------------------------------------------------

LONG_HEADER = ("programme;quantum;level;title_ru;title_en;age_min;age_max;signup_from;"
               "signup_until;group;group_name;capacity;teacher;room;starts_on;ends_on\n")


def long_lists_csv() -> bytes:
    """One robotics programme with 60 groups and 70 IT programmes: unpaged, either list is
    twice Telegram's 4096 characters."""
    starts, ends = term()
    rows = [
        f"robo-big;robo;вводный;Робототехника для всех;Robotics for everyone;7;17;01.01.2020;"
        f"31.12.2099;rb-{n:02d};Группа {n:02d} · Пн/Ср 15:00;12;"
        f"Константинопольская Елизавета Александровна;Каб. 1{n:02d};{starts};{ends}\n"
        for n in range(1, 61)
    ] + [
        f"it-{n:02d};it;проектный;Программирование на Python, поток {n:02d} для продолжающих;"
        f"Python programming, stream {n:02d};7;17;01.01.2020;31.12.2099;it-g{n:02d};"
        f"Сб 11:00;10;Ким А. Д.;;{starts};{ends}\n"
        for n in range(1, 71)
    ]
    return (LONG_HEADER + "".join(rows)).encode()


async def screen_after(chat: LocalChat, action: Awaitable[None]) -> str:
    """Do `action`; the person must get a screen (new or edited) within Telegram's limits."""
    await action
    shown = [call.params for call in chat.calls()
             if call.method in ("sendMessage", "editMessageText")]
    assert shown, "the person got nothing"
    for params in shown:
        assert len(params["text"]) < 4096
        for row in params.get("reply_markup", {}).get("inline_keyboard", []):
            assert len(row) <= 4
            assert all(len(b["callback_data"].encode()) <= 64 for b in row)
    return chat.last_text()


async def test_long_lists_in_the_form_are_paged(app: App) -> None:
    result = parse_groups_csv(long_lists_csv(), {"robo", "it"})
    assert not result.errors, result.errors
    await import_programmes(app.db, result.programmes, result.groups)
    chat = app.chat()
    await start_as(chat, "parent")
    await chat.send("/start q_it")
    text = await screen_after(chat, chat.press("✍️ Записаться"))
    assert text.startswith("✍️ Запись: 💻 IT-квантум · стр. 1 из 9\n")
    assert "1. Программирование на Python, поток 01" in text and "9." not in text
    assert chat.labels() == [*map(str, range(1, 9)), "Дальше ▶️", "⬅️ К квантуму", "🏠 Меню"]
    form = chat.last()["message_id"]
    for page in range(2, 10):
        text = await screen_after(chat, chat.press("Дальше ▶️"))
        assert f"стр. {page} из 9" in text
        assert chat.last()["message_id"] == form  # turned in place
    assert chat.labels() == [*map(str, range(65, 71)), "◀️ Назад", "⬅️ К квантуму", "🏠 Меню"]
    assert "70. Программирование на Python, поток 70" in text
    text = await screen_after(chat, chat.press("◀️ Назад"))
    assert "стр. 8 из 9" in text and "64. " in text
    # a page out of range, as an old or forged button brings it, is the nearest page
    assert "стр. 9 из 9" in await screen_after(chat, chat.press_data("sl:p:99"))
    assert "стр. 1 из 9" in await screen_after(chat, chat.press_data("sl:p:-3"))
    await chat.press_data("sl:p:8")
    text = await screen_after(chat, chat.press("70"))
    assert "Python, поток 70" in text and "1. Сб 11:00" in text
    assert chat.labels() == ["1", "⬅️ Программы", "🏠 Меню"]
    # a step back: the programmes again, and from them the quantum's card
    assert "стр. 1 из 9" in await screen_after(chat, chat.press("⬅️ Программы"))
    await chat.press("⬅️ К квантуму")
    assert chat.last_text().startswith("💻 IT-квантум")

    robo = app.chat(user_id=1009)
    await start_as(robo, "parent")
    await robo.send("/start q_robo")
    await robo.press("✍️ Записаться")
    text = await screen_after(robo, robo.press("1"))
    assert text.startswith("Робототехника для всех · стр. 1 из 8\nВыберите группу:")
    assert robo.labels() == [*map(str, range(1, 9)), "Дальше ▶️", "⬅️ Программы", "🏠 Меню"]
    for page in range(2, 9):
        text = await screen_after(robo, robo.press("Дальше ▶️"))
        assert f"стр. {page} из 8" in text
    assert robo.labels() == ["57", "58", "59", "60", "◀️ Назад", "⬅️ Программы", "🏠 Меню"]
    assert "60. Группа 60 · Пн/Ср 15:00" in text
    await screen_after(robo, robo.press("60"))
    await fill(robo)
    await robo.press("✅ Даю согласие, с фото")
    assert "Группа: Группа 60 · Пн/Ср 15:00" in robo.last_text()
    # changing the group opens the page the chosen one is on
    text = await screen_after(robo, robo.press("✏️ Группа"))
    assert "стр. 8 из 8" in text
    await screen_after(robo, robo.press("◀️ Назад"))
    await screen_after(robo, robo.press("51"))
    assert "Группа: Группа 51 · Пн/Ср 15:00" in robo.last_text()
    await robo.press("✅ Отправить заявку")
    assert robo.last_text().startswith("🎉 Заявка отправлена!")
    assert await app.db.fetchval(
        "SELECT g.code FROM enrolments e JOIN groups g ON g.id = e.group_id"
    ) == "rb-51"


async def test_page_buttons_of_a_form_that_is_gone(app: App) -> None:
    result = parse_groups_csv(long_lists_csv(), {"robo", "it"})
    await import_programmes(app.db, result.programmes, result.groups)
    chat = app.chat()
    await start_as(chat, "parent")
    await chat.send("/start q_it")
    await chat.press("✍️ Записаться")
    page = chat.find("Дальше ▶️")
    await chat.send("/cancel")
    await chat.press_data(str(page.data), message_id=page.message_id)
    assert toast(chat) is None  # the message says it: no toast repeating it
    assert chat.last_text().startswith("Эта кнопка устарела")
    assert chat.labels()  # the menu, never a dead end


async def form_state(app: App, chat: LocalChat) -> str | None:
    context = app.dp.fsm.get_context(app.bot, chat_id=chat.user_id, user_id=chat.user_id)
    return await context.get_state()


async def test_an_old_who_button_before_a_group_shows_the_open_list(app: App) -> None:
    await load_groups(app)
    chat = app.chat()
    await chat.send("/start q_robo")
    await chat.press("✍️ Записаться")
    await chat.press("1")  # a programme; no group yet
    await chat.press_data(SignupWho(relation="parent").pack())
    # the groups of the chosen programme again, not questions without a group
    assert chat.last_text().startswith("Выбери вариант кнопкой ниже")
    assert "Робототехника: первые шаги" in chat.last_text()
    assert await form_state(app, chat) == "Signup:choosing"
    await chat.press("1")
    # a newcomer by a poster's link is a pupil until they say otherwise: no «who» question
    assert chat.last_text().startswith("Как тебя зовут?")


async def test_a_known_child_who_does_not_fit_can_have_the_date_typed_again(app: App) -> None:
    await load_groups(app)
    mum = app.chat()
    await sign_up(mum, name="Петрова Ева", age=8)
    await mum.send("/start q_it")
    await mum.press("✍️ Записаться")
    await mum.press("1")
    await mum.press("1")
    await mum.press("Петрова Ева")
    assert mum.last_text().startswith("Эта группа для 13–17 лет")
    await mum.send(born(14))
    # the date is taken as a date, and the form goes on to what it does not know yet (the
    # family's phone it knows from the first sign-up)
    assert await form_state(app, mum) == "Signup:consent"


async def test_a_pupil_who_turns_out_to_be_fourteen_is_asked_to_consent(app: App) -> None:
    await load_groups(app)
    pupil = app.chat()
    await start_as(pupil, "pupil")
    await open_form(pupil)
    await fill(pupil, age=13, grade="7")
    assert "Согласие: даст родитель по ссылке" in pupil.last_text()
    await pupil.press("✏️ Дата рождения")
    await pupil.send(born(15))
    assert await form_state(app, pupil) == "Signup:consent"
    await pupil.press(pupil.labels()[0])
    assert pupil.last_text().startswith("📋 Проверь заявку")
    assert "Согласие: даст родитель по ссылке" not in pupil.last_text()
