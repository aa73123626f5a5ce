"""An event's screen for staff, shown after the form saves it and from the list: what it is,
its people, and the feedback left."""

from __future__ import annotations

from handlers.flow import Flow
from handlers.staff.events import screens


async def show_event(flow: Flow, event_id: int, *, page: int = 0, note: str | None = None,
                     new: bool = False) -> None:
    view = await flow.services.event_admin.view(event_id)
    if view is None:
        flow.toast(flow.t("stale-button"))
        await flow.send(screens.gone_screen(flow.t, flow.t("eva-gone")))
        return
    me = await flow.bot.me()  # the poster link names the bot
    reading = screens.Reading(flow.zone, flow.catalogue, me.username or "", flow.now)
    screen = screens.event_screen(flow.t, view, reading, page, note)
    await (flow.send(screen) if new else flow.show(screen))
