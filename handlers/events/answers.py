"""A family's answers after registering: «🙅 Не придём» (confirmed first), «✅ Приду» or «🙅 Не
придём» to a seat offered from the waitlist, and a parent's consent to a young pupil's
registration."""

from __future__ import annotations

from aiogram.types import CallbackQuery

from bot.ui.callbacks_event_booking import EbCancel, EbConsent, EbOffer
from handlers.events import screens
from handlers.flow import Flow


async def cancel_pressed(query: CallbackQuery, callback_data: EbCancel, flow: Flow) -> None:
    booking = flow.services.event_booking
    found = await booking.views.registration(callback_data.registration)
    if not callback_data.sure and found is not None and found[1]:
        reg, seats = found
        if reg.user_id == flow.user.id or reg.family_id == await flow.services.families.family_id(
                flow.user.id):
            await flow.send(screens.cancel_confirm(flow.t, reg, seats))
            return
    if not callback_data.sure:
        await flow.send(screens.back_screen(flow.t, flow.t("eb-gone")))
        return
    done = await booking.cancel(flow.user.id, callback_data.registration, callback_data.seat,
                                flow.now)
    key = "eb-cancelled" if done.outcome == "cancelled" else "eb-gone"
    await flow.show(screens.back_screen(flow.t, flow.t(key), found[0].event_id if found else None))


async def offer_pressed(query: CallbackQuery, callback_data: EbOffer, flow: Flow) -> None:
    done = await flow.services.event_booking.answer_offer(
        flow.user.id, callback_data.seat, callback_data.come, flow.now)
    key = {"seat": "eb-offer-taken", "declined": "eb-offer-declined",
           "late": "eb-offer-late"}.get(done.outcome, "eb-gone")
    await flow.send(screens.back_screen(flow.t, flow.t(key)))


async def consent_answered(query: CallbackQuery, callback_data: EbConsent, flow: Flow) -> None:
    done = await flow.services.event_booking.consent(
        flow.user.id, callback_data.registration, callback_data.agree, flow.now)
    key = {"agreed": "eb-consent-thanks", "refused": "eb-consent-refused"}.get(
        done.outcome, "eb-gone")
    await flow.send(screens.back_screen(flow.t, flow.t(key)))
