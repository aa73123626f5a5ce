"""Consent texts and their versions: a pupil of 14+ reads a text worded for themself, a parent
one worded for their child, and each records its own version; a newer version is put to a
family once, at their next visit, and until they accept it the older scope holds."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.services import consent_texts
from bot.services.consent_texts import DATA, PHOTOS, ConsentText, Wording
from bot.ui.callbacks import ConsentRenew
from tests.helpers import family_invite, join_by_invite, start_as, toast
from tests.helpers.crawl import crawl
from tests.helpers.harness import App
from tests.helpers.signup import fill, load_groups, open_form, sign_up

NEW_SCOPE = "group_photos"  # lesson photos shared with the group's families, say
PARENT_V2 = "2027-03-p2"
SELF_V2 = "2027-03-s2"


async def consent_rows(app: App) -> list[tuple[object, ...]]:
    rows = await app.db.fetchall(
        "SELECT given_by, given_as, text_version, photo, withdrawn_at FROM consents ORDER BY id"
    )
    return [tuple(row) for row in rows]


async def child_id(app: App, name: str) -> int:
    return int(await app.db.fetchval("SELECT id FROM children WHERE name = ?", (name,)))


def renewals(chat: object) -> list[str]:
    texts: list[str] = chat.texts()  # type: ignore[attr-defined]
    return [t for t in texts if t.startswith("📝 Новая версия согласия")]


Release = Callable[[], None]


@pytest.fixture
def release(monkeypatch: pytest.MonkeyPatch) -> Release:
    """A later release, when called: both wordings get a version covering one more thing,
    which asks again."""

    versions: tuple[tuple[Wording, str], ...] = (("parent", PARENT_V2), ("self", SELF_V2))

    def bump() -> None:
        for wording, version in versions:
            history = consent_texts.HISTORY[wording]
            text = ConsentText(version, frozenset({DATA, PHOTOS, NEW_SCOPE}),
                               history[-1].text_key)
            monkeypatch.setitem(consent_texts.HISTORY, wording, (*history, text))

    return bump


# ---- the wording and its version -----------------------------------------------------------


async def test_a_pupil_of_fourteen_reads_a_text_worded_for_themself(app: App) -> None:
    await load_groups(app)
    teen = app.chat(user_id=3101)
    await start_as(teen, "pupil")
    await open_form(teen)
    await fill(teen, name="Кузнецова Вера", age=15, grade="9")
    text = teen.last_text()
    assert text.startswith("📄 Согласие на обработку персональных данных (версия 2026-12-s1)")
    assert "мои фамилия и имя" in text and "Можно ли меня фотографировать" in text
    assert "ребёнка" not in text and "законный представитель" not in text
    await teen.press("✅ Даю согласие, с фото")
    await teen.press("✅ Отправить заявку")
    assert await consent_rows(app) == [(3101, "pupil", "2026-12-s1", 1, None)]


async def test_a_parent_reads_the_text_worded_for_their_child(app: App) -> None:
    await load_groups(app)
    mum = app.chat(user_id=3102)
    await start_as(mum, "parent")
    await open_form(mum)
    await fill(mum, name="Кузнецов Олег", age=10)
    text = mum.last_text()
    assert text.startswith("📄 Согласие на обработку персональных данных (версия 2026-12-p1)")
    assert "Я, законный представитель ребёнка" in text and "фамилии и имени ребёнка" in text
    assert "мои фамилия и имя" not in text
    await mum.press("✅ Даю согласие, без фото")
    await mum.press("✅ Отправить заявку")
    assert await consent_rows(app) == [(3102, "parent", "2026-12-p1", 0, None)]


async def test_in_english_too(app: App) -> None:
    await load_groups(app)
    teen = app.chat(user_id=3103, language_code="en")
    await start_as(teen, "pupil", "en")
    await open_form(teen, "en")
    await fill(teen, name="Smith Anna", age=15, grade="9")
    text = teen.last_text()
    assert text.startswith("📄 Consent to personal data processing (version 2026-12-s1)")
    assert "my personal data" in text and "May I be photographed" in text
    assert "the child" not in text
    dad = app.chat(user_id=3104, language_code="en")
    await start_as(dad, "parent", "en")
    await open_form(dad, "en")
    await fill(dad, name="Smith Tom", age=9, grade="3")
    assert dad.last_text().startswith(
        "📄 Consent to personal data processing (version 2026-12-p1)"
    )
    assert "I, the child's legal representative" in dad.last_text()


async def test_a_parent_consenting_through_the_invite_reads_the_parents_text(app: App) -> None:
    await load_groups(app)
    pupil = app.chat(user_id=3105)
    await start_as(pupil, "pupil")
    await open_form(pupil)
    await fill(pupil, name="Сидоров Миша", age=11)
    await pupil.press("✅ Отправить заявку")
    code = pupil.last_text().split("fam_")[-1].split()[0]
    mum = app.chat(user_id=3106)
    await join_by_invite(mum, code)
    assert "(версия 2026-12-p1)" in mum.last_text()
    assert "Я, законный представитель ребёнка" in mum.last_text()
    await mum.press("✅ Даю согласие, с фото")
    assert mum.last_text().startswith("Спасибо! Согласие получено")
    assert toast(mum) is None  # the screen says it: no toast repeating it
    assert await consent_rows(app) == [(3106, "parent", "2026-12-p1", 1, None)]


def test_the_registry_is_whole() -> None:
    """Every wording's current text is in both languages, every scope has a label, versions
    are unique within a wording, and the first texts cover what the form asks about."""
    from bot.i18n import Texts

    texts = Texts()
    for history in consent_texts.HISTORY.values():
        assert len({text.version for text in history}) == len(history)
        current = history[-1]
        assert current.text_key is not None and current.scope >= {DATA, PHOTOS}
        for locale in ("ru", "en"):
            assert texts.has(locale, current.text_key)
            for scope in consent_texts.SCOPES:
                assert texts.has(locale, f"consent-scope-{scope}")
    # nothing asks again yet: a visit costs no query
    assert consent_texts.outdated_versions() == frozenset()


# ---- a newer version: asked once at the next visit, the older scope holds meanwhile --------


async def request_rows(app: App) -> list[tuple[object, ...]]:
    rows = await app.db.fetchall(
        "SELECT child_id, text_version, asked_user, answer, answered_by FROM consent_requests"
        " ORDER BY id"
    )
    return [tuple(row) for row in rows]


async def test_a_newer_version_is_put_to_the_family_once(app: App, release: Release) -> None:
    await load_groups(app)
    mum = app.chat(user_id=3201)
    await sign_up(mum, name="Иванова Мария")  # photos allowed
    dad = app.chat(user_id=3202)
    await join_by_invite(dad, await family_invite(mum))
    child = await child_id(app, "Иванова Мария")
    consents = app.services.consents
    await mum.send("/menu")
    assert renewals(mum) == []  # nothing newer yet

    release()
    assert await consents.covers(child, DATA) and await consents.covers(child, PHOTOS)
    assert not await consents.covers(child, NEW_SCOPE)
    await mum.send("/menu")
    # the visit is answered first, then the newer version is put to her
    assert "Выберите, с чего начать" in mum.texts()[-2]
    asked = mum.last_text()
    assert asked.startswith("📝 Новая версия согласия на обработку данных")
    assert "Иванова Мария — сейчас действует согласие версии 2026-12-p1 от " in asked
    assert "Пока вы не ответите, действует прежнее согласие." in asked
    assert f"(версия {PARENT_V2})" in asked and "Я, законный представитель ребёнка" in asked
    assert "Больше сам не напомню" in asked
    assert mum.labels() == ["✅ Даю, фото можно", "✅ Даю, без фото", "✖️ Не даю"]
    assert await request_rows(app) == [(child, PARENT_V2, 3201, None, None)]

    # once: not at her next visits (a message or a press), nor at the other parent's
    await mum.send("/menu")
    await mum.press("⚙️ Настройки")
    await dad.send("/menu")
    await dad.press("👪 Мои дети")
    assert len(renewals(mum)) == 1 and renewals(dad) == []
    assert not await consents.covers(child, NEW_SCOPE)  # the older scope holds meanwhile

    # answered later from «Мои дети»: the state, the newer text and its buttons
    await mum.send("/children")
    await mum.press("📝 Согласие на обработку")
    screen = mum.last_text()
    assert "Иванова Мария — версия 2026-12-p1 от " in screen and "фото можно" in screen
    assert f"🆕 Есть новая версия {PARENT_V2}." in screen
    assert f"(версия {PARENT_V2})" in screen
    await mum.press("✅ Даю, без фото")
    assert mum.last_text() == f"✅ Спасибо! Согласие версии {PARENT_V2} записано."
    assert toast(mum) is None  # the screen says it: no toast repeating it
    assert await consent_rows(app) == [
        (3201, "parent", "2026-12-p1", 1, None), (3201, "parent", PARENT_V2, 0, None),
    ]
    assert await request_rows(app) == [(child, PARENT_V2, 3201, "accepted", 3201)]
    assert await consents.covers(child, NEW_SCOPE)
    assert not await consents.covers(child, PHOTOS)  # she chose no photos this time
    await dad.send("/children")
    await dad.press("📝 Согласие на обработку")
    assert f"Иванова Мария — версия {PARENT_V2} от " in dad.last_text()
    assert "🆕" not in dad.last_text()


async def test_a_refusal_keeps_the_older_consent_and_is_recorded(
    app: App, release: Release
) -> None:
    await load_groups(app)
    mum = app.chat(user_id=3301)
    await sign_up(mum, name="Петрова Аня")
    child = await child_id(app, "Петрова Аня")
    release()
    await mum.send("/menu")
    await mum.press("✖️ Не даю")
    assert mum.last_text().startswith("Хорошо, новую версию не принимаем. Прежнее согласие"
                                      " (версия 2026-12-p1) остаётся в силе")
    assert toast(mum) is None
    assert await consent_rows(app) == [(3301, "parent", "2026-12-p1", 1, None)]
    assert await request_rows(app) == [(child, PARENT_V2, 3301, "refused", 3301)]
    consents = app.services.consents
    assert await consents.covers(child, PHOTOS) and not await consents.covers(child, NEW_SCOPE)
    await mum.send("/menu")
    assert mum.last_text().startswith("🏠 Меню")  # not asked again
    # it can still be given later
    await mum.send("/children")
    await mum.press("📝 Согласие на обработку")
    assert "Новую версию отклонили — действует прежняя." in mum.last_text()
    await mum.press("✅ Даю, фото можно")
    assert await request_rows(app) == [(child, PARENT_V2, 3301, "accepted", 3301)]
    assert await consents.covers(child, NEW_SCOPE)


async def test_a_pupils_own_consent_is_put_to_the_pupil(app: App, release: Release) -> None:
    await load_groups(app)
    teen = app.chat(user_id=3401)
    await sign_up(teen, "pupil", name="Орлова Ника", age=15, grade="9")
    mum = app.chat(user_id=3402)
    await join_by_invite(mum, await family_invite(teen))
    release()
    await mum.send("/menu")
    assert renewals(mum) == []  # not hers to answer
    await mum.send("/children")
    await mum.press("📝 Согласие на обработку")
    assert "Ответить на неё может сам ученик." in mum.last_text()
    await teen.send("/menu")
    asked = teen.last_text()
    assert asked.startswith("📝 Новая версия согласия")
    assert "мои фамилия и имя" in asked and "Пока ты не ответишь" in asked
    await teen.press("✅ Даю, фото можно")
    assert (3401, "pupil", SELF_V2, 1, None) in await consent_rows(app)
    assert await app.services.consents.covers(await child_id(app, "Орлова Ника"), NEW_SCOPE)


async def test_not_in_the_middle_of_a_form(app: App, release: Release) -> None:
    await load_groups(app)
    mum = app.chat(user_id=3501)
    await sign_up(mum, name="Белова Соня")
    await open_form(mum)
    release()
    await mum.send("Белов Коля")
    assert renewals(mum) == [] and mum.last_text().startswith("Дата рождения")
    await mum.send("/cancel")
    assert len(renewals(mum)) == 1


async def test_forged_and_stale_answers_change_nothing(app: App, release: Release) -> None:
    await load_groups(app)
    mum = app.chat(user_id=3601)
    await sign_up(mum, name="Зуева Катя")
    child = await child_id(app, "Зуева Катя")
    # nothing newer yet
    await mum.press_data(ConsentRenew(child=child, choice="photo").pack())
    assert mum.last_text().startswith(
        "Здесь уже действует последняя версия согласия — отвечать не нужно."
    )
    release()
    stranger = app.chat(user_id=3602)
    await sign_up(stranger, name="Чужой Ребёнок")
    for choice in ("photo", "no", "open"):
        await stranger.press_data(ConsentRenew(child=child, choice=choice).pack())
        assert stranger.last_text().startswith("Это согласие больше не ждёт ответа")
        assert stranger.labels()  # a way on
    assert [row[2] for row in await consent_rows(app)] == ["2026-12-p1", PARENT_V2]
    assert (await consent_rows(app))[0][0] == 3601
    assert not await app.services.consents.covers(child, NEW_SCOPE)


async def test_forget_keeps_the_answers_without_the_person(app: App, release: Release) -> None:
    await load_groups(app)
    mum = app.chat(user_id=3701)
    await sign_up(mum, name="Лисина Ева")
    release()
    await mum.send("/menu")
    await mum.press("✅ Даю, без фото")
    family = await app.repos.families.family_id(mum.user_id)
    assert family is not None
    data = await app.services.privacy.export(family)  # what /mydata sends
    assert [(r["text_version"], r["answer"]) for r in data["consent_requests"]] == [
        (PARENT_V2, "accepted")]
    await mum.send("/forget")
    await mum.press("🗑 Да, удалить всё")
    assert await request_rows(app) == [(None, PARENT_V2, None, "accepted", None)]
    assert [row[:3] for row in await consent_rows(app)] == [
        (None, "parent", "2026-12-p1"), (None, "parent", PARENT_V2),
    ]


async def test_a_family_asked_again_meets_no_dead_end(app: App, release: Release) -> None:
    await load_groups(app)
    mum = app.chat(user_id=3801)
    await sign_up(mum, name="Первая Дочь")
    await open_form(mum)
    await fill(mum, name="Второй Сын", age=8, grade="2")
    await mum.press("✅ Даю согласие, с фото")
    await mum.press("✅ Отправить заявку")
    release()
    await mum.send("/menu")
    assert len(renewals(mum)) == 2  # one for each child, at the one visit
    await mum.send("/children")
    await mum.press("📝 Согласие на обработку")
    assert mum.labels()[:2] == ["🆕 Первая Дочь", "🆕 Второй Сын"]
    presses, _ = await crawl(app, mum)
    assert presses >= 6
    assert await app.db.fetchval(
        "SELECT count(*) FROM consents WHERE text_version = ?", (PARENT_V2,)
    ) == 2
