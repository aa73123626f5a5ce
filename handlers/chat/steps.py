"""The chat's handlers: a text typed outside a form, something that is not text, and
«❓ Спросить у сотрудников» under «Не понял»."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from bot.ui.callbacks_chat import ChatAsk
from bot.ui.keyboards import Buttons, home_button
from handlers import fallback
from handlers.chat import advice, screens
from handlers.flow import Flow
from handlers.menu import home_screen
from handlers.quanta import card_for
from handlers.questions import onward, rate_screen


async def typed(message: Message, flow: Flow) -> None:
    """Understood as a quantum (its card), interests (quanta for the ages the bot knows), a
    question every family asks (its answer, and the map's pin for the address), what to
    choose or only an age (the quanta that age fits, and the quiz), or nothing («Не понял»,
    or too long to read here; the text kept for «❓ Спросить у сотрудников»)."""
    t, services = flow.t, flow.services
    reply = await services.chat.reply(flow.user.id, message.text or "", t.locale,
                                      today=flow.today, message_id=message.message_id)
    if reply.kind == "quantum" and reply.quantum is not None:
        await flow.send(await card_for(flow, reply.quantum, screens.CARD_BACK))
    elif reply.kind == "interests":
        await flow.send(screens.interests_screen(t, reply))
    elif reply.kind == "advice":
        await flow.send(advice.advice_screen(t, reply, flow.catalogue))
    elif reply.kind == "faq" and reply.faq is not None:
        await flow.send(screens.faq_screen(t, reply.faq, flow.catalogue, reply.quantum))
    else:
        await flow.send(screens.nothing_screen(t, flow.user, reply))


async def map_pressed(query: CallbackQuery, flow: Flow) -> None:
    """«📍 На карте»: the technopark's pin (sendVenue), with the way home under it."""
    place = flow.services.chat.faq.place
    if place is None:  # the FAQ file lost its [place] since the answer was sent
        await fallback.stale(flow)
        return
    builder = Buttons()
    home_button(builder, flow.t)
    locale = flow.t.locale
    await flow.bot.send_venue(chat_id=flow.user.id, latitude=place.latitude,
                              longitude=place.longitude, title=place.title(locale),
                              address=place.address(locale), reply_markup=builder.as_markup())


async def not_text(message: Message, flow: Flow) -> None:
    """A sticker, a photo, a voice message, a file outside a form: kindly, the menu; an
    album of photos once, not once a photo."""
    if not flow.services.chat.albums.first(flow.user.id, message.media_group_id):
        return
    await flow.send(home_screen(flow.t, flow.user, note=flow.t("chat-not-text")))


async def ask_pressed(query: CallbackQuery, callback_data: ChatAsk, flow: Flow) -> None:
    """The text kept under «Не понял» goes to staff as a question, in one tap."""
    t = flow.t
    asked = await flow.services.chat.ask(flow.user.id, callback_data.id)
    if asked.outcome == "sent":
        flow.toast(t("chat-ask-toast"))
        await flow.send(onward(t, t("ask-sent")))
    elif asked.outcome == "later":
        await flow.send(rate_screen(t, asked.retry_at, flow.settings))
    elif asked.outcome == "refused" and asked.refusal is not None:
        refusal = asked.refusal
        text = (t("chat-ask-too-long", **refusal.kwargs) if refusal.key == "ask-too-long"
                else f"{t(refusal.key, **refusal.kwargs)}\n\n{t('chat-ask-how')}")
        await flow.send(screens.home_only(t, text, ask=True))
    elif asked.outcome == "already":
        await flow.send(screens.home_only(t, t("chat-ask-already")))
    else:  # forged, someone else's, or gone since (/forget, the 30 days)
        flow.toast(t("stale-button"))
        await flow.send(screens.home_only(t, t("chat-ask-gone"), ask=True))
