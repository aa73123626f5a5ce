"""A family's answers after registering: «🙅 Не придём» (confirmed first), «✅ Приду» or «🙅 Не
придём» to a seat offered from the waitlist, and a parent's consent to a young pupil's
registration."""

from __future__ import annotations

from aiogram import html
from aiogram.types import CallbackQuery

from bot.ui.callbacks_event_booking import EbCancel, EbConsent, EbOffer
from handlers.events import screens
from handlers.flow import Flow


async def cancel_pressed(query: CallbackQuery, callback_data: EbCancel, flow: Flow) -> None:
    """«🙅 Не придём»: the seats to choose from (the owner's only), then the cancellation."""
    booking = flow.services.event_booking
    preview = await booking.cancel_preview(flow.user.id, callback_data.registration, flow.now)
    event_id = preview.registration.event_id if preview.registration else None
    if preview.outcome == "late":
        await flow.send(screens.back_screen(flow.t, flow.t("eb-cancel-late"), event_id))
        return
    if preview.outcome != "ok" or preview.registration is None:
        await flow.send(screens.back_screen(flow.t, flow.t("eb-gone")))
        return
    if not callback_data.sure:
        await flow.send(screens.cancel_confirm(flow.t, preview.registration, preview.seats))
        return
    done = await booking.cancel(flow.user.id, callback_data.registration, callback_data.seat,
                                flow.now)
    promoted = "yes" if done.promoted else "no"
    freed = [s.name for s in preview.seats if s.id == callback_data.seat]
    staying = [s.name for s in preview.seats if s.id != callback_data.seat]
    if done.outcome == "cancelled" and freed and staying:
        text = flow.t("eb-cancelled-one", child=html.quote(freed[0]),
                      staying=html.quote(", ".join(staying)), promoted=promoted)
    else:
        key = {"cancelled": "eb-cancelled", "late": "eb-cancel-late"}.get(done.outcome,
                                                                          "eb-gone")
        text = flow.t(key, promoted=promoted)
    await flow.show(screens.back_screen(flow.t, text, event_id))


async def offer_pressed(query: CallbackQuery, callback_data: EbOffer, flow: Flow) -> None:
    done = await flow.services.event_booking.answer_offer(
        flow.user.id, callback_data.seat, callback_data.come, flow.now)
    key = {"seat": "eb-offer-taken", "declined": "eb-offer-declined",
           "late": "eb-offer-late"}.get(done.outcome, "eb-gone")
    await flow.send(screens.back_screen(flow.t, flow.t(
        key, promoted="yes" if done.promoted else "no")))


async def consent_answered(query: CallbackQuery, callback_data: EbConsent, flow: Flow) -> None:
    done = await flow.services.event_booking.consent(
        flow.user.id, callback_data.registration, callback_data.agree, flow.now)
    key = {"agreed": "eb-consent-thanks", "refused": "eb-consent-refused"}.get(
        done.outcome, "eb-gone")
    await flow.send(screens.back_screen(flow.t, flow.t(key)))


async def ask_joined(flow: Flow) -> bool:
    """A parent who just joined the family by its invite: asked to agree to each of a young
    pupil's registrations waiting for it (True if any was asked)."""
    waiting = await flow.services.event_booking.views.awaiting(flow.user.id, flow.now)
    for event, reg, seats in waiting:
        await flow.send(screens.consent_screen(flow.t, event, reg, [s.name for s in seats],
                                               flow.zone))
    return bool(waiting)
