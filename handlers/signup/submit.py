"""The sign-up form's last press: «✅ Отправить» on the summary writes the application, and
only then is the form spent."""

from __future__ import annotations

from aiogram import html
from aiogram.types import CallbackQuery

from bot.services import enrolment_rules
from bot.services import signup as rules
from handlers.common import invite_link
from handlers.flow import Flow
from handlers.signup import screens
from handlers.signup.form import SignupForm


async def submit(query: CallbackQuery, flow: Flow) -> None:
    form = SignupForm(flow)
    data = await form.data()
    if await form.current_step() != "summary" or not rules.complete(data):
        await form.stale()
        return
    application = rules.application(data, form.user.id, form.today)
    signed = await enrolment_rules.submit(form.services.enrolment, application)
    result = signed.submitted
    # the form is spent only once the application is written (the state is saved after the
    # update, and dropped if it fails): a failed write leaves the form whole for another tap
    await form.state.clear()
    group = await form.openings.group(application.group_id)
    programme = await form.openings.programme(group.programme_id) if group else None
    assert group is not None and programme is not None
    args = {"name": html.quote(application.child_name),
            "programme": html.quote(programme.title(form.t.locale)),
            "group": html.quote(group.title(form.t.locale))}
    if result.duplicate:
        text = form.t("signup-duplicate")
    elif result.status == "awaiting_consent" and signed.parents_asked:
        text = form.t("signup-done-asked", parents=signed.parents_asked)
    elif result.status == "awaiting_consent":
        text = form.t("signup-done-consent",
                      link=await invite_link(form.bot, result.invite_code))
    elif result.status == "waitlisted":
        text = form.t("signup-done-waitlisted", position=result.position or 1, **args)
    else:
        text = form.t("signup-done-applied", **args)
    await form.show(screens.done_screen(form.t, text, application.relation))

