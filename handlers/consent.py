"""A parent's consent for a young pupil's application: asked in the bot when the pupil signs
up in a family a parent is in (the first parent to answer decides), or when a parent opens the
invite a pupil signing up alone forwarded."""

from __future__ import annotations

from aiogram import Router, html
from aiogram.types import CallbackQuery

from bot.i18n import T
from bot.services import consent_texts, enrolment_rules
from bot.ui.callbacks import ConsentGive, ConsentReply, FamilyAction
from bot.ui.keyboards import Buttons, Screen, onward_screen
from handlers.consent_renewal import consent_body
from handlers.flow import Flow
from storage.enrolments import EnrolmentView


def onward(t: T, text: str) -> Screen:
    """An outcome, with the way to the family's page and home."""
    return onward_screen(t, text, "btn-children", FamilyAction(action="list"))


def invite_screen(t: T, view: EnrolmentView) -> Screen:
    """For a parent who opened the invite: an application waiting for their consent."""
    builder = Buttons()
    builder.button(text=t("btn-consent-photo"),
                   callback_data=ConsentGive(child=view.child_id, photo=True))
    builder.button(text=t("btn-consent-no-photo"),
                   callback_data=ConsentGive(child=view.child_id, photo=False))
    builder.adjust(2)
    text = (
        t("consent-needed", name=html.quote(view.child_name),
          programme=html.quote(view.programme_title(t.locale)),
          group=html.quote(view.group_title(t.locale)))
        + "\n\n" + consent_body(t, consent_texts.current("parent"))
    )
    return text, builder.as_markup()


async def consent_given(query: CallbackQuery, callback_data: ConsentGive, flow: Flow) -> None:
    # the parent's wording: the text under the invite's buttons
    t = flow.t
    version = consent_texts.current("parent").version
    placed = await flow.services.families.consent(flow.user.id, callback_data.child,
                                                  callback_data.photo, version)
    if placed is None:
        text = t("consent-parent-only")
    else:
        text = t("consent-done") if placed else t("offer-gone")
    await flow.show(onward(t, text))  # the screen says it: no toast repeating it


async def consent_reply(query: CallbackQuery, callback_data: ConsentReply, flow: Flow) -> None:
    """A parent's answer to the request a young pupil's sign-up sent: the first one counts."""
    t = flow.t
    done = await enrolment_rules.answer_consent(flow.services.enrolment, flow.user.id,
                                                callback_data.id, callback_data.answer)
    if done.result == "not-parent":
        text = t("consent-parent-only")
    elif done.result == "decided":
        text = t("consent-decided", status=done.how)
    elif done.result == "refused" and done.view is not None:
        text = t("consent-refused-done", name=html.quote(done.view.child_name))
    else:
        text = t("consent-done")
    await flow.show(onward(t, text))  # the screen says it: no toast repeating it


def router() -> Router:
    r = Router(name="consent")
    r.callback_query.register(consent_given, ConsentGive.filter())
    r.callback_query.register(consent_reply, ConsentReply.filter())
    return r
