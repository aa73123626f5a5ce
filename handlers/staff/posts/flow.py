"""What every handler of the posts works with, in one object: the conversation's state, the
translator, the news repository, the catalogue and the clock, and the moves all steps share —
the list, a post's card, a question, the preview, and saying that a post is gone or was
changed meanwhile."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.i18n import Texts
from bot.services.catalogue import Catalogue
from bot.services.news import shown, too_long
from bot.services.sender import send_payload
from bot.services.telegram_text import Refused
from bot.ui.keyboards import clamp_page
from handlers.staff.desk import Desk as BaseDesk
from handlers.staff.posts import screens
from handlers.staff.posts.draft import PostDraft
from handlers.staff.posts.states import PostForm
from storage.clock import utcnow
from storage.news import NewsRepo, Post

REMEMBERED = 20  # cards whose version is kept, for their buttons


@dataclass(kw_only=True)
class Desk(BaseDesk):
    news: NewsRepo
    catalogue: Catalogue
    texts: Texts
    bot: Bot

    # ---- the form ----------------------------------------------------------------------

    async def step(self) -> str | None:
        """The question open now, if the form is ours."""
        return await self.open_step(PostForm)

    async def draft(self) -> PostDraft | None:
        if await self.step() is None:
            return None
        return PostDraft.load(await self.state.get_data())

    async def leave(self) -> None:
        """Drop the post being written or changed — after it was written, or to write nothing
        of it. The cards shown stay known."""
        if await self.step() is not None:
            cards = await self.cards()
            await self.state.clear()
            if cards:
                await self.state.update_data(post_cards=cards)

    async def keep(self, draft: PostDraft, step: str) -> None:
        cards = await self.cards()
        await self.state.set_state(getattr(PostForm, step))
        await self.state.set_data({**draft.dump(), "post_cards": cards})

    async def ask(self, draft: PostDraft, step: str, note: str | None = None, *,
                  page: int = 0, new: bool = False) -> None:
        """The question `step`: in place of the message pressed, or a new message after a
        typed answer (or when `new`)."""
        await self.keep(draft, step)
        if step == "quantum":
            screen = screens.quantum_screen(self.t, draft, self.catalogue, page, note)
        elif step == "partner":
            partners = await self.news.partners()
            screen = screens.partner_screen(self.t, draft, partners, page, note)
        elif step == "fields":
            screen = screens.fields_screen(self.t, draft, note)
        else:
            screen = screens.question_screen(self.t, draft, step, self.zone, note)
        await (self.send(screen) if new else self.show(screen))

    async def as_post(self, draft: PostDraft) -> tuple[PostDraft, Post]:
        """The draft as the post it would be; a partner deleted meanwhile is dropped."""
        partner = await self.news.partner(draft.partner) if draft.partner else None
        if partner is None and draft.partner:
            draft = draft.with_(partner=None)
        return draft, draft.as_post(partner.name if partner else None)

    async def length_problem(self, draft: PostDraft) -> str | None:
        """Why the post would not fit a message (or a photo's caption), or None."""
        draft, post = await self.as_post(draft)
        try:
            over = too_long(self.texts, post, self.catalogue, self.zone)
        except Refused as exc:
            return self.t(exc.key, **exc.kwargs)
        if over is None:
            return None
        limit, length = over
        return self.t("post-too-long", limit=limit, length=length,
                      photo="yes" if post.photo else "no")

    async def preview(self, draft: PostDraft) -> None:
        """The post exactly as readers will see it, then what to do with it. Over the limit,
        it is not shown: staff choose what to shorten."""
        problem = await self.length_problem(draft)
        if problem is not None:
            await self.ask(draft.with_(editing=True), "fields", problem)
            return
        draft, post = await self.as_post(draft)
        await self.keep(draft, "preview")
        # dated as it will be: a post that exists keeps its day
        before = None if draft.is_new else await self.news.get(draft.post)
        moment = (before.published_at or before.publish_at) if before is not None else None
        when = moment.astimezone(self.zone).date() if moment else self.today
        view = shown(self.t, post, self.catalogue, self.zone, when)
        await send_payload(self.bot, self.user.id, {"text": view.html, "photo": view.photo})
        audience = None
        if draft.is_new and draft.quantum:
            audience = await self.news.audience(draft.quantum, self.today)
        announced = before is not None and before.published_at is not None
        await self.send(screens.preview_screen(self.t, draft, audience, announced))

    # ---- the posts as they stand ---------------------------------------------------------

    async def list(self, page: int = 0, note: str | None = None, *, new: bool = False
                   ) -> None:
        page = clamp_page(page, await self.news.staff_count(), screens.PAGE)
        found = await self.news.by_staff(page * screens.PAGE, screens.PAGE)
        screen = screens.list_screen(self.t, found, page, self.zone, note)
        await (self.send(screen) if new or note else self.show(screen))

    async def card(self, post: Post, note: str | None = None, *, page: int = 0,
                   new: bool = False) -> None:
        """A post's card; its buttons act on the version shown here."""
        cards = {k: v for k, v in (await self.cards()).items() if k != str(post.id)}
        cards[str(post.id)] = post.version
        await self.state.update_data(post_cards=dict(list(cards.items())[-REMEMBERED:]))
        screen = screens.card_screen(self.t, post, self.catalogue, self.zone, page, note)
        await (self.send(screen) if new else self.show(screen))

    async def cards(self) -> dict[str, int]:
        """The posts whose cards this person was shown, and the version each showed."""
        cards = (await self.state.get_data()).get("post_cards")
        if not isinstance(cards, dict):
            return {}
        return {str(k): v for k, v in cards.items() if isinstance(v, int)}

    async def seen(self, post_id: int) -> int | None:
        """The version of the post its card showed, if one did."""
        return (await self.cards()).get(str(post_id))

    async def gone(self, page: int = 0) -> None:
        """A post that is not there (a forged or very old button): back to the list."""
        await self.leave()
        self.toast(self.t("post-gone"))
        await self.list(page, self.t("post-gone"))

    async def stale(self, post: Post, page: int = 0) -> None:
        """The post was changed since it was shown: it as it is now, nothing overwritten."""
        await self.leave()
        self.toast(self.t("post-stale-toast"))
        await self.card(post, self.t("post-stale"), page=page, new=True)

    async def form_gone(self) -> None:
        """A button of a form already closed (written, or cancelled)."""
        await self.leave()
        self.toast(self.t("stale-button"))
        await self.list(0, self.t("post-form-gone"))


class DeskMiddleware(BaseMiddleware):
    """Hands the posts' handlers one `desk` instead of the things it is made of."""

    async def __call__(
        self, handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject, data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Message | CallbackQuery):
            data["desk"] = Desk(
                event=event, state=data["state"], t=data["t"], user=data["user"],
                news=data["news"], catalogue=data["catalogue"], texts=data["texts"],
                zone=data["settings"].zone, bot=data["bot"],
                answer=data.get("callback_answer"), now=utcnow(),
            )
        return await handler(event, data)
