"""A child's own account in its family: it signs up as its own record, never a second child;
a second child much like one the family has is asked about first; it touches only its own
applications, and a confirmed place only through a parent; a young pupil's sign-up asks the
family's parents at once; an invite opened by a member says so."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bot.i18n import Texts
from bot.local.chat import LocalChat
from bot.ui.callbacks import ConsentReply, FamilyAction, OfferAnswer
from tests.helpers import family_invite, join_by_invite, start_as, toast
from tests.helpers.harness import App
from tests.helpers.signup import born, fill, load_groups, sign_up

MUM, CHILD, DAD, SIBLING = 1001, 1002, 1003, 1004
NAME = "Петров Михаил"


async def count(app: App, sql: str, *params: object) -> int:
    return int(await app.db.fetchval(sql, params))


async def open_group(chat: LocalChat, group: int, lang: str = "ru") -> None:
    """From the Робоквантум card to group `group` of its first programme."""
    await chat.send("/start q_robo")
    await chat.press("✍️ Записаться" if lang == "ru" else "✍️ Sign up")
    await chat.press("1")
    await chat.press(str(group))


async def family_with_own_account(app: App, *, age: int = 10) -> tuple[LocalChat, LocalChat]:
    """A mother signed Михаил up; his own account opened the family's invite (and, the only
    child, is tied to his record at once)."""
    await load_groups(app)
    mum = app.chat(user_id=MUM, first_name="Ольга")
    await sign_up(mum, name=NAME, age=age)
    code = await family_invite(mum)
    child = app.chat(user_id=CHILD, first_name="Миша")
    await join_by_invite(child, code, as_="child")
    return mum, child


async def english_family_with_own_account(app: App) -> tuple[LocalChat, LocalChat]:
    await load_groups(app)
    mum = app.chat(user_id=MUM, language_code="en", first_name="Olga")
    await start_as(mum, "parent", "en")
    await open_group(mum, 1, "en")
    await fill(mum, name="Petrov Mikhail", age=10)
    await mum.press("✅ I consent, photos OK")
    await mum.press("✅ Send application")
    await mum.send("/children")
    await mum.press("🔗 Invite to the family")
    code = mum.last_text().split("fam_")[-1].strip()
    child = app.chat(user_id=CHILD, language_code="en", first_name="Misha")
    await join_by_invite(child, code, as_="child")
    return mum, child


async def enrolment_of(app: App, name: str, group_code: str) -> int:
    return await count(
        app, "SELECT e.id FROM enrolments e JOIN children c ON c.id = e.child_id"
        " JOIN groups g ON g.id = e.group_id WHERE c.name = ? AND g.code = ?", name, group_code,
    )


async def status_of(app: App, enrolment_id: int) -> str:
    return str(await app.db.fetchval("SELECT status FROM enrolments WHERE id = ?",
                                     (enrolment_id,)))


# ---- 1. a child's own account signs up as its own record ---------------------------------


async def test_a_childs_own_account_signs_up_as_its_record(app: App) -> None:
    mum, child = await family_with_own_account(app)
    await open_group(child, 2)
    summary = child.last_text()
    # no name, birth date, school, grade or phone asked again: the summary at once
    assert summary.startswith("📋 Проверь заявку"), summary
    assert f"Кто учится: {NAME}" in summary
    assert "Школа: Школа № 5, 4 класс" in summary
    assert "Телефон: +79123456789" in summary
    assert "✏️ Имя" not in child.labels() and "✏️ Дата рождения" not in child.labels()
    await child.press("✅ Отправить заявку")
    assert await count(app, "SELECT count(*) FROM children") == 1
    assert await count(app, "SELECT count(*) FROM enrolments") == 2
    await mum.send("/children")
    assert mum.last_text().count("Петров") == 1
    assert f"{NAME}, 10 лет" in mum.last_text()


async def test_a_childs_own_account_signs_up_as_its_record_in_english(app: App) -> None:
    mum, child = await english_family_with_own_account(app)
    await open_group(child, 2, "en")
    summary = child.last_text()
    assert summary.startswith("📋 Check the application"), summary
    assert "Petrov Mikhail" in summary and "School: Школа № 5, grade 4" in summary
    assert "✏️ Name" not in child.labels()
    await child.press("✅ Send application")
    assert await count(app, "SELECT count(*) FROM children") == 1


async def test_the_grade_is_asked_again_in_a_new_school_year(app: App) -> None:
    zone = ZoneInfo("Europe/Moscow")
    with time_machine.travel(datetime(2026, 5, 12, 12, 0, tzinfo=zone), tick=False):
        mum, child = await family_with_own_account(app)
    with time_machine.travel(datetime(2026, 9, 14, 12, 0, tzinfo=zone), tick=False):
        await open_group(child, 2)
        assert child.last_text().startswith("В каком ты классе?")
        await child.press("5")
        assert child.last_text().startswith("📋 Проверь заявку")
        assert "Школа: Школа № 5, 5 класс" in child.last_text()
        await child.press("✅ Отправить заявку")
    assert await count(app, "SELECT count(*) FROM children") == 1
    assert await count(app, "SELECT grade FROM children") == 5


# ---- 2. a second child much like one the family has -------------------------------------


async def test_a_similar_child_is_asked_about_and_yes_uses_the_record(app: App) -> None:
    await load_groups(app)
    mum = app.chat(user_id=MUM)
    await sign_up(mum, name=NAME)
    await open_group(mum, 2)
    await mum.send("Петров Миша")
    await mum.send(born(10))
    assert mum.last_text().startswith(f"Это {NAME}?")
    assert mum.labels() == ["✅ Да, тот же ребёнок", "➕ Нет, другой ребёнок"]
    await mum.press("✅ Да, тот же ребёнок")
    # school and grade are the record's, the phone the family's: on to the consent
    assert "✅ Даю согласие, с фото" in mum.labels()
    assert not any(text.startswith("Ваш номер телефона") for text in mum.texts()[-3:])
    await mum.press("✅ Даю согласие, с фото")
    assert "Телефон: +79123456789" in mum.last_text()
    assert f"Ребёнок: {NAME}" in mum.last_text()
    await mum.press("✅ Отправить заявку")
    assert await count(app, "SELECT count(*) FROM children") == 1
    assert await count(app, "SELECT count(*) FROM enrolments") == 2


async def test_a_similar_child_who_is_another_child_is_created(app: App) -> None:
    await load_groups(app)
    mum = app.chat(user_id=MUM)
    await sign_up(mum, name=NAME)
    await open_group(mum, 2)
    await mum.send("Петров Максим")  # a twin brother: same surname, same birthday
    await mum.send(born(10))
    assert mum.last_text().startswith(f"Это {NAME}?")
    await mum.press("➕ Нет, другой ребёнок")
    assert mum.last_text().startswith("В какой школе учится ребёнок?")
    await mum.send("Школа № 5")
    await mum.press("4")
    await mum.press("✅ Даю согласие, без фото")  # the family's phone is not asked again
    await mum.press("✅ Отправить заявку")
    names = {row[0] for row in await app.db.fetchall("SELECT name FROM children")}
    assert names == {NAME, "Петров Максим"}


async def test_a_similar_child_is_asked_about_in_english(app: App) -> None:
    await load_groups(app)
    mum = app.chat(user_id=MUM, language_code="en")
    await start_as(mum, "parent", "en")
    await open_group(mum, 1, "en")
    await fill(mum, name="Petrova Maria")
    await mum.press("✅ I consent, no photos")
    await mum.press("✅ Send application")
    await open_group(mum, 2, "en")
    await mum.send("petrova masha")
    await mum.send(born(10))
    assert mum.last_text().startswith("Is this Petrova Maria?")
    assert mum.labels() == ["✅ Yes, the same child", "➕ No, another child"]
    await mum.press("✅ Yes, the same child")
    assert "✅ I consent, no photos" in mum.labels()  # the family's phone is known


# ---- 3. a child's account and the family's applications ---------------------------------


async def two_children_one_account(app: App) -> tuple[LocalChat, LocalChat, int, int]:
    """Мария (robo-a1, confirmed) and Пётр (robo-a2); Мария's own account is in."""
    await load_groups(app)
    mum = app.chat(user_id=MUM)
    await sign_up(mum, name="Иванова Мария")
    await open_group(mum, 2)
    await fill(mum, name="Иванов Пётр", age=12, grade="6")
    await mum.press("✅ Даю согласие, с фото")
    await mum.press("✅ Отправить заявку")
    maria = await enrolment_of(app, "Иванова Мария", "robo-a1")
    petr = await enrolment_of(app, "Иванов Пётр", "robo-a2")
    assert await app.repos.enrolment.decide(maria, "confirmed") is not None
    code = await family_invite(mum)
    child = app.chat(user_id=CHILD, first_name="Маша")
    await join_by_invite(child, code, as_="child")
    await child.press("Иванова Мария")
    return mum, child, maria, petr


async def test_a_childs_account_cannot_cancel_a_siblings_application(app: App) -> None:
    mum, child, maria, petr = await two_children_one_account(app)
    await child.send("/children")
    assert "✖️ Отменить: Пётр" not in child.labels()
    for action in ("ask-cancel", "cancel"):
        data = FamilyAction(action=action, id=petr)
        await child.press_data(data.pack())
        assert "Это не твоя заявка" in child.last_text(), child.last_text()
        assert child.labels()  # a way on
    assert await status_of(app, petr) == "applied"
    # nor answer a seat offered to him
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE enrolments SET status = 'offered',"
                           " offer_until = '2999-01-01T00:00:00+00:00' WHERE id = ?", (petr,))
    await child.press_data(OfferAnswer(id=petr, accept=False).pack())
    assert "Это не твоя заявка" in child.last_text()
    assert await status_of(app, petr) == "offered"
    # the parent still may
    await mum.press_data(FamilyAction(action="cancel", id=petr).pack())
    assert await status_of(app, petr) == "cancelled"


async def test_a_siblings_news_and_offers_go_to_the_parents_not_to_the_childs_account(
    app: App,
) -> None:
    mum, child, _, petr = await two_children_one_account(app)
    await app.deliver()
    before = len(app.emulator.sent(CHILD))
    assert await app.repos.enrolment.decide(petr, "rejected", "Группа для старших") is not None
    await app.deliver()
    assert any("Иванов Пётр — заявка" in str(m.get("text")) for m in app.emulator.sent(MUM))
    assert len(app.emulator.sent(CHILD)) == before


async def test_a_childs_account_asks_a_parent_to_give_up_a_confirmed_place(app: App) -> None:
    mum, child, maria, petr = await two_children_one_account(app)
    await child.send("/children")
    # its own applications are told apart by their groups, not by its own name
    await child.press("✖️ Отменить: Вт/Чт 15:00")
    assert child.last_text().startswith("Место уже подтверждено")
    assert "попроси родителя" in child.last_text()
    await child.press_data(FamilyAction(action="cancel", id=maria).pack())
    assert child.last_text().startswith("Место уже подтверждено")
    assert await status_of(app, maria) == "confirmed"
    # an application of its own not yet confirmed it may cancel
    await open_group(child, 2)
    await child.press("✅ Отправить заявку")
    waiting = await enrolment_of(app, "Иванова Мария", "robo-a2")
    assert await status_of(app, waiting) == "awaiting_consent"
    await child.send("/children")
    assert child.labels()[:2] == ["✖️ Отменить: Вт/Чт 15:00", "✖️ Отменить: Ср/Пт 16:00"]
    await child.press("✖️ Отменить: Ср/Пт 16:00")  # the waiting one
    await child.press("Да, отменить")
    assert await status_of(app, waiting) == "cancelled"


async def test_a_childs_account_is_told_in_english(app: App) -> None:
    mum, child = await english_family_with_own_account(app)
    enrolment = await count(app, "SELECT id FROM enrolments")
    assert await app.repos.enrolment.decide(enrolment, "confirmed") is not None
    await child.press_data(FamilyAction(action="cancel", id=enrolment).pack())
    assert child.last_text().startswith("Your place is confirmed")
    assert await status_of(app, enrolment) == "confirmed"


# ---- 4. a young pupil's sign-up asks the family's parents ----------------------------------


async def with_dad(app: App, mum: LocalChat, language: str = "ru") -> LocalChat:
    code = await family_invite(mum)
    dad = app.chat(user_id=DAD, first_name="Иван", language_code=language)
    await join_by_invite(dad, code, as_="parent")
    return dad


async def test_a_young_pupils_sign_up_asks_every_parent_and_the_first_answer_counts(
    app: App,
) -> None:
    mum, child = await family_with_own_account(app)
    dad = await with_dad(app, mum)
    await open_group(child, 2)
    assert "Согласие: спросим у родителей" in child.last_text()
    await child.press("✅ Отправить заявку")
    text = child.last_text()
    assert text.startswith("📝 Заявка сохранена"), text
    assert "fam_" not in text and "спросил" in text
    enrolment = await enrolment_of(app, NAME, "robo-a2")
    assert await status_of(app, enrolment) == "awaiting_consent"
    # the requests are written with the application, about the family
    assert await count(app, "SELECT count(*) FROM outbox WHERE chat_id IN (?, ?)"
                            " AND family_id IS NOT NULL AND payload LIKE '%Даю согласие%'",
                       MUM, DAD) == 2
    await app.deliver()
    for parent in (mum, dad):
        assert parent.last_text().startswith("📄 Нужно ваше согласие"), parent.last_text()
        assert f"{NAME} хочет заниматься" in parent.last_text()
        assert "Школа № 5, 4 класс" in parent.last_text()
        assert parent.labels() == ["✅ Даю согласие, с фото", "✅ Даю согласие, без фото",
                                   "✖️ Не даю согласия"]
    await mum.press("✅ Даю согласие, без фото")
    assert mum.last_text().startswith("Спасибо! Согласие получено")
    assert toast(mum) is None  # the screen says it: no toast repeating it
    assert await status_of(app, enrolment) == "applied"
    row = await app.db.fetchone("SELECT given_by, given_as, photo FROM consents"
                                " ORDER BY id DESC LIMIT 1")
    assert row is not None and tuple(row) == (MUM, "parent", 0)
    await dad.press("✖️ Не даю согласия")
    assert dad.last_text().startswith("На эту заявку уже ответили")
    assert toast(dad) is None
    assert await status_of(app, enrolment) == "applied"
    await app.deliver()
    assert any("отправлена в технопарк" in t for t in child.texts()[-2:])


async def test_a_parents_refusal_is_told_kindly_to_the_pupil(app: App) -> None:
    mum, child = await family_with_own_account(app)
    await open_group(child, 2)
    await child.press("✅ Отправить заявку")
    enrolment = await enrolment_of(app, NAME, "robo-a2")
    await app.deliver()
    await mum.press("✖️ Не даю согласия")
    assert mum.last_text().startswith("Хорошо, заявка отменена")
    assert toast(mum) is None
    assert await status_of(app, enrolment) == "cancelled"
    await app.deliver()
    assert child.last_text().startswith("Родители не дали согласия"), child.last_text()
    assert "поговори" in child.last_text()
    # a forged answer from the pupil's own account decides nothing
    await child.press_data(ConsentReply(id=enrolment, answer="p").pack())
    assert "только родитель" in child.last_text()
    assert await count(app, "SELECT count(*) FROM consents") == 1  # the mother's first


async def test_forget_blanks_the_requests_for_consent(app: App) -> None:
    mum, child = await family_with_own_account(app)
    await open_group(child, 2)
    await child.press("✅ Отправить заявку")
    await app.deliver()
    await mum.press("✖️ Не даю согласия")
    await mum.send("/forget")
    await mum.press("🗑 Да, удалить всё")
    rows = await app.db.fetchall("SELECT payload FROM outbox WHERE dedupe_key LIKE 'consent-%'")
    assert [row[0] for row in rows] == ["{}", "{}"]  # the request, the pupil's notice


async def test_the_family_erased_is_told_to_a_parent_and_to_the_child_in_their_voice(
    app: App,
) -> None:
    mum, child = await family_with_own_account(app)
    dad = await with_dad(app, mum, "en")
    await app.repos.users.set_language(CHILD, "en")
    await mum.send("/forget")
    await mum.press("🗑 Да, удалить всё")
    await app.deliver()
    # a parent signs the child up again; the child signs up
    assert dad.last_text() == (
        "🗑 Your family's data was deleted at another parent's request: the children,"
        " applications and consent. You can sign your child up again any time — /start")
    assert child.last_text() == (
        "🗑 Your family's data was deleted at a parent's request: the applications and"
        " consent. You can sign up again any time — /start")


async def test_the_parent_is_asked_in_english(app: App) -> None:
    mum, child = await english_family_with_own_account(app)
    await open_group(child, 2, "en")
    assert "Consent: we'll ask your parents" in child.last_text()
    await child.press("✅ Send application")
    assert "asked" in child.last_text() and "fam_" not in child.last_text()
    await app.deliver()
    assert mum.last_text().startswith("📄 Your consent is needed")
    assert mum.labels() == ["✅ I consent, photos OK", "✅ I consent, no photos",
                            "✖️ I don't consent"]
    await mum.press("✖️ I don't consent")
    assert mum.last_text().startswith("All right, the application is cancelled")
    await app.deliver()
    assert child.last_text().startswith("Your parents didn't consent")


# ---- 5. an invite opened by someone already in the family --------------------------------


async def test_an_invite_opened_by_a_member_says_so(app: App) -> None:
    mum, child = await family_with_own_account(app)
    code = await family_invite(mum)
    await mum.send(f"/start fam_{code}")
    assert mum.last_text().startswith("Вы уже в этой семье")
    assert "👪 Мои дети" in mum.labels()
    await child.send(f"/start fam_{code}")
    assert child.last_text().startswith("Ты уже в этой семье")
    assert "📋 Мои заявки" in child.labels()


async def test_an_invite_opened_by_a_member_says_so_in_english(app: App) -> None:
    mum, child = await english_family_with_own_account(app)
    code = (await app.db.fetchval("SELECT invite_code FROM families"))
    await child.send(f"/start fam_{code}")
    assert child.last_text().startswith("You're already in this family")


# ---- wording --------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_labels_for_people_of_unknown_gender_are_neutral(texts: Texts, locale: str) -> None:
    shown = [texts.get(locale, key) for key in (
        "btn-who-child", "btn-consent-photo", "btn-consent-no-photo", "btn-consent-refuse")]
    shown += [texts.get(locale, "signup-summary", you=you, relation="child", consent=consent,
                        programme="P", group="G", name="N", birth="01.01.2015", age=10,
                        school="S", grade=4, phone="+7", full="no")
              for you in ("ty", "vy") for consent in ("photo", "parent")]
    for text in shown:
        for word in ("Согласен", "Записываюсь сам", "Ученик:", "Agree,", "I don't agree"):
            assert word not in text, text
    assert texts.get("ru", "btn-who-child") == "🧒 Записать себя"
    assert texts.get("ru", "btn-consent-photo") == "✅ Даю согласие, с фото"


async def test_a_parents_cancel_buttons_tell_one_childs_two_groups_apart(app: App) -> None:
    from tests.helpers import schedule

    with time_machine.travel(schedule.NOW, tick=False):
        ids = await schedule.load_timetable(app)
        mum = app.chat(user_id=MUM)
        await start_as(mum, "parent")
        await schedule.enrol(app, MUM, ids["robo-a1"], "Иванова Мария", confirm=False)
        await schedule.enrol(app, MUM, ids["it-a1"], "Иванова Мария", confirm=False)
        await mum.send("/children")
    assert mum.labels()[:2] == ["✖️ Мария · Вт/Чт 15:00", "✖️ Мария · Сб 11:00"]
