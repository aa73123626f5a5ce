"""What staff see at the edges of their screens: a decline's reason that will not do, a
search's words in both languages, a status's list, the closures' preview, the record in
English."""

from __future__ import annotations

import pytest

from tests.helpers.harness import App
from tests.helpers.signup import load_groups, sign_up
from tests.helpers.staff import admin_chat


async def one_family(app: App) -> None:
    await load_groups(app)
    await sign_up(app.chat(user_id=1001, first_name="Ирина"), name="Петрова Алёна", age=10)


@pytest.mark.parametrize(("lang", "decline", "cancel", "too_long", "ask"), [
    ("ru", "❌ Отклонить", "✖️ Отмена", "Слишком длинно: не больше 300 символов.",
     "Почему отклоняем?"),
    ("en", "❌ Decline", "✖️ Cancel", "Too long: 300 characters at most.", "Why decline?"),
])
async def test_a_reason_too_long_asks_again_with_its_buttons(
    app: App, lang: str, decline: str, cancel: str, too_long: str, ask: str,
) -> None:
    await one_family(app)
    admin = await admin_chat(app, lang)
    await admin.send("/applications")
    await admin.press(1)
    await admin.press(decline)
    await admin.send("а" * 400)
    assert admin.last_text().startswith(f"{too_long}\n\n{ask}"), lang
    assert admin.labels()[1] == cancel
    await admin.send_sticker()  # not a reason either: the question, its buttons
    assert admin.last_text().startswith(ask), lang
    assert admin.labels()[1] == cancel
    await admin.press(cancel)
    assert admin.last_text().startswith(("📋 Заявка №1", "📋 Application #1")), lang
    assert (await app.repos.enrolment.view(1)).status == "applied"  # type: ignore[union-attr]
