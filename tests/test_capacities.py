"""One person, several capacities: a parent or a pupil on the family side, and staff or admin
on the other. Granting and revoking staff keep the family side; revoking takes the staff
forms and marks with it; a poster's link makes a newcomer a pupil until they say otherwise."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from bot.app import sync_admins
from bot.local.chat import LocalChat
from bot.services.staff_roles import AdminSync
from tests.helpers import family_invite, join_by_invite, start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.reminders import NOW, deliver_at, family, local, reminders_to
from tests.helpers.signup import load_groups, sign_up

Clock = time_machine.Traveller
TEACHER = 2001


@pytest.fixture
def frozen() -> Iterator[Clock]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


async def admin_chat(app: App, lang: str = "ru") -> LocalChat:
    admin = app.chat(user_id=ADMIN_ID, first_name="Админ", language_code=lang)
    await admin.send("/start")
    return admin


async def ask(chat: LocalChat, text: str) -> None:
    await chat.send("/ask")
    await chat.send(text)


async def grant(admin: LocalChat, handle: str, lang: str = "ru") -> None:
    await admin.send("/staff")
    await admin.press("➕ Добавить" if lang == "ru" else "➕ Add")
    await admin.send(handle)


async def revoke(admin: LocalChat, name: str, lang: str = "ru") -> None:
    await admin.send("/staff")
    await admin.press(f"✖️ {name}")
    await admin.press("✖️ Да, снять роль" if lang == "ru" else "✖️ Yes, revoke")


async def test_a_teacher_who_is_a_mother_gets_her_childs_reminders(
    app: App, frozen: Clock
) -> None:
    mother, _ = await family(app, user_id=TEACHER)
    admin = await admin_chat(app)
    await grant(admin, str(TEACHER))
    await app.deliver()
    user = await app.repos.users.get(TEACHER)
    assert user is not None and (user.family_role, user.staff_role) == ("parent", "staff")
    await deliver_at(app, frozen, local(NOW.date(), 19))
    [evening] = reminders_to(app, TEACHER)
    assert evening.startswith("🔔 Занятие завтра в 15:00")
    assert "👤 Иванова Мария" in evening


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_revoked_then_granted_again_her_next_message_is_no_answer(
    app: App, lang: str
) -> None:
    admin = await admin_chat(app, lang)
    olga = app.chat(user_id=TEACHER, first_name="Ольга", language_code=lang,
                    username="olga_teacher")
    await start_as(olga, "parent", lang)
    await grant(admin, "@olga_teacher", lang)
    parent = app.chat(user_id=3001, language_code="ru")
    await start_as(parent, "parent")
    await ask(parent, "Когда родительское собрание?")
    await app.deliver()
    await olga.send("/questions")
    await olga.press(1)
    await olga.press("✍️ Ответить" if lang == "ru" else "✍️ Answer")
    assert await app.db.fetchval("SELECT taken_by FROM questions") == TEACHER

    await revoke(admin, "Ольга", lang)
    # her mark is gone for colleagues, and her half-typed answer with it
    assert await app.db.fetchval("SELECT taken_by FROM questions") is None
    await admin.send("/questions")
    await admin.press(1)
    assert "Ольга" not in admin.last_text()
    await grant(admin, "@olga_teacher", lang)
    await olga.send("Собрание в пятницу в 18:00")
    await app.deliver()
    assert await app.db.fetchval("SELECT status FROM questions") == "open"
    assert "Собрание в пятницу" not in "\n".join(
        str(m.get("text")) for m in app.emulator.sent(parent.user_id))
    # she was told, in her language, each time
    texts = [str(m.get("text")) for m in app.emulator.sent(TEACHER)]
    revoked = ("Роль сотрудника технопарка снята." if lang == "ru"
               else "Your tech park staff role has been revoked.")
    assert any(text.startswith(revoked) for text in texts)


async def test_a_draft_post_does_not_outlive_the_role(app: App) -> None:
    admin = await admin_chat(app)
    olga = app.chat(user_id=TEACHER, first_name="Ольга", username="olga_teacher")
    await start_as(olga, "parent")
    await grant(admin, "@olga_teacher")
    await olga.send("/post")
    await olga.press("➕ Новый пост")
    await olga.send("Наши роботы победили")
    assert olga.last_text().startswith("📝 Новый пост · шаг 2 из 5")
    await revoke(admin, "Ольга")
    await grant(admin, "@olga_teacher")
    await olga.send("Текст поста, который уже не нужен")
    assert not olga.last_text().startswith("📝 Новый пост")
    assert await app.db.fetchval("SELECT count(*) FROM posts") == 0


async def test_a_family_form_survives_revoking(app: App) -> None:
    """What she half-filled as a mother is hers, not the staff's."""
    await load_groups(app)
    admin = await admin_chat(app)
    olga = app.chat(user_id=TEACHER, first_name="Ольга", username="olga_teacher")
    await start_as(olga, "parent")
    await grant(admin, "@olga_teacher")
    await olga.send("/start q_robo")
    await olga.press("✍️ Записаться")
    state = await app.db.fetchval("SELECT state FROM fsm_states WHERE key GLOB ?",
                                  (f"*:{TEACHER}:{TEACHER}:*",))
    assert str(state).startswith("Signup:")
    await revoke(admin, "Ольга")
    assert await app.db.fetchval("SELECT state FROM fsm_states WHERE key GLOB ?",
                                 (f"*:{TEACHER}:{TEACHER}:*",)) == state


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_an_admin_taken_off_the_list_is_told_once_and_stays_a_parent(
    app: App, lang: str
) -> None:
    admin = app.chat(user_id=ADMIN_ID, first_name="Админ", language_code=lang)
    await admin.send("/start")
    await admin.press("⚙️ Настройки" if lang == "ru" else "⚙️ Settings")
    await admin.press("👤 Учусь или родитель" if lang == "ru" else "👤 Pupil or parent")
    await admin.press("👪 Я родитель" if lang == "ru" else "👪 I'm a parent")
    later = app.settings.model_copy(update={"admin_ids": frozenset()})
    assert await sync_admins(app.bot, app.dp["staff_roles"], later) == AdminSync(
        demoted=[ADMIN_ID], promoted=[])
    assert await sync_admins(app.bot, app.dp["staff_roles"], later) == AdminSync(
        demoted=[], promoted=[])
    await app.deliver()
    told = [str(m.get("text")) for m in app.emulator.sent(ADMIN_ID)
            if "ADMIN_IDS" in str(m.get("text"))]
    assert len(told) == 1
    assert told[0].startswith("Вы больше не администратор" if lang == "ru"
                              else "You are no longer an administrator")
    user = await app.repos.users.get(ADMIN_ID)
    assert user is not None and (user.family_role, user.staff_role) == ("parent", None)


@pytest.mark.parametrize(("payload", "lang", "switch", "screen"), [
    ("q_robo", "ru", "👪 Я родитель", "🤖 Робоквантум"),
    ("quiz", "ru", "👪 Я родитель", "🎯 Какой квантум"),  # «твой?», then «подойдёт ребёнку?»
    ("q_robo", "en", "👪 I'm a parent", "🤖 Robo"),
])
async def test_a_poster_link_meets_a_newcomer_as_a_pupil(
    app: App, payload: str, lang: str, switch: str, screen: str
) -> None:
    chat = app.chat(language_code=lang)
    await chat.send(f"/start {payload}")
    # one message: a line saying «ты», the screen they came for, and the switch under it
    [message] = chat.messages()
    note = "Буду говорить с тобой на «ты»" if lang == "ru" else "as to a pupil"
    assert note in chat.last_text() and screen in chat.last_text()
    assert chat.labels()[-1] == switch and len(chat.labels()) > 1
    user = await app.repos.users.get(chat.user_id)
    assert user is not None and user.family_role == "pupil"
    await chat.press(switch)
    user = await app.repos.users.get(chat.user_id)
    assert user is not None and user.family_role == "parent"
    # the same screen again, in place, now without the line and the switch
    assert chat.messages()[-1]["message_id"] == message["message_id"]
    assert screen in chat.last_text() and note not in chat.last_text()
    assert switch not in chat.labels() and chat.labels()


async def test_a_poster_link_leaves_a_known_parent_a_parent(app: App) -> None:
    chat = app.chat()
    await start_as(chat, "parent")
    await chat.send("/start q_robo")
    assert "👪 Я родитель" not in chat.labels()
    user = await app.repos.users.get(chat.user_id)
    assert user is not None and user.family_role == "parent"


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_a_pupil_in_a_family_cannot_make_themself_a_parent(app: App, lang: str) -> None:
    await load_groups(app)
    mum = app.chat(user_id=1001)
    await sign_up(mum, name="Петров Михаил")
    code = await family_invite(mum)
    kid = app.chat(user_id=1002, language_code=lang)
    await join_by_invite(kid, code, as_="child")
    await kid.send("/menu")
    await kid.press("⚙️ Настройки" if lang == "ru" else "⚙️ Settings")
    await kid.press("👤 Учусь или родитель" if lang == "ru" else "👤 Pupil or parent")
    await kid.press("👪 Я родитель" if lang == "ru" else "👪 I'm a parent")
    assert kid.last_text().startswith(
        "Твой аккаунт в семье — аккаунт ребёнка" if lang == "ru"
        else "Your family has you down as a pupil")
    user = await app.repos.users.get(kid.user_id)
    assert user is not None and user.family_role == "pupil"


async def test_the_staff_desk_is_for_staff_only(app: App) -> None:
    chat = app.chat()
    await start_as(chat, "parent")
    await chat.press_data("n:desk")
    assert "📣 Рассылка" not in chat.labels()
    assert "👪 Мои дети" in chat.labels()
