"""Staff send an application to Навигатор («📨 Навигатор»): the family is told in the words the
other screens use («ждём заявку в Навигаторе»), a pupil as «ты» about their own application, a
parent as «вы» about the child, with the way on — the programme in Навигатор when the
technopark gave its link, the schedule and the applications, each opening as a new message."""

from __future__ import annotations

from bot.local.chat import LocalChat
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.signup import load_groups, sign_up

LINK = "https://navigator.example/robo"


async def to_navigator(app: App, lang: str = "ru") -> None:
    admin = app.chat(user_id=ADMIN_ID, language_code=lang)
    await admin.send("/start")
    await admin.send("/applications")
    await admin.press(admin.labels()[0])
    await admin.press("📨 Навигатор" if lang == "ru" else "📨 Navigator")
    await app.deliver()


async def test_a_pupil_is_told_as_ty_with_the_way_on(app: App) -> None:
    await load_groups(app)
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE programmes SET navigator_url = ?", (LINK,))
    pupil = app.chat(user_id=1201, first_name="Олег")
    await sign_up(pupil, "pupil", name="Сидоров Олег", age=15)
    await to_navigator(app)
    notice = pupil.last()
    assert notice["text"] == (
        "📨 Ждём твою заявку в Навигаторе\n"
        "«Робототехника: первые шаги», группа «Вт/Чт 15:00». Технопарк рассмотрел заявку: чтобы"
        " записаться, подай её ещё и в Навигаторе дополнительного образования (можно вместе с"
        " родителями). Там технопарк её и подтвердит.")
    assert "одобрена" not in notice["text"] and "Сидоров" not in notice["text"]
    [link, schedule, mine] = pupil.buttons()
    assert (link.text, link.url) == ("🔗 Открыть в Навигаторе", LINK)
    assert (schedule.text, mine.text) == ("🗓 Расписание", "📋 Мои заявки")
    # each opens as a new message: the notice stays as it was
    await pupil.press("📋 Мои заявки")
    assert pupil.last_text().startswith("📋 Мои заявки")
    assert "ждём заявку в Навигаторе" in pupil.last_text()
    shown = len(pupil.messages())
    await pupil.press("🗓 Расписание", message_id=notice["message_id"])
    assert len(pupil.messages()) == shown + 1
    assert pupil.last_text().startswith("🗓 Твоё расписание")
    assert app.emulator.messages[(pupil.user_id, notice["message_id"])]["text"] == notice["text"]


async def test_a_parent_is_told_as_vy_about_the_child(app: App) -> None:
    await load_groups(app)
    mum = app.chat(user_id=1202)
    await sign_up(mum, name="Петрова Алёна", age=10)
    await to_navigator(app)
    assert mum.last_text() == (
        "📨 Ждём заявку в Навигаторе\n"
        "Петрова Алёна: «Робототехника: первые шаги», группа «Вт/Чт 15:00». Технопарк рассмотрел"
        " заявку: чтобы записать ребёнка, подайте её ещё и в Навигаторе дополнительного"
        " образования. Там технопарк её и подтвердит.")
    # no link given for the programme: the schedule and the children
    assert mum.labels() == ["🗓 Расписание", "👪 Мои дети"]
    await mum.press("👪 Мои дети")
    assert mum.last_text().startswith("👪 Мои дети")
    assert "ждём заявку в Навигаторе" in mum.last_text()


async def english(app: App, role: str, name: str, age: int) -> LocalChat:
    chat = app.chat(user_id=1203)
    await sign_up(chat, role, name=name, age=age)  # in Russian, then read in English
    await app.repos.users.set_language(1203, "en")
    await to_navigator(app, "en")
    return chat


async def test_in_english_for_a_parent(app: App) -> None:
    await load_groups(app)
    dad = await english(app, "parent", "Smith Tom", 10)
    assert dad.last_text() == (
        "📨 Waiting for the Navigator application\n"
        "Smith Tom: “Robotics: first steps”, group “Вт/Чт 15:00”. The tech park has reviewed the"
        " application: to sign your child up, also apply in Navigator, the region's portal for"
        " clubs. The tech park will confirm it there.")
    assert dad.labels() == ["🗓 Schedule", "👪 My children"]


async def test_in_english_for_a_pupil(app: App) -> None:
    await load_groups(app)
    pupil = await english(app, "pupil", "Smith Tom", 15)
    assert pupil.last_text().startswith("📨 Waiting for your Navigator application\n"
                                        "“Robotics: first steps”, group “Вт/Чт 15:00”.")
    assert pupil.labels() == ["🗓 Schedule", "📋 My applications"]
