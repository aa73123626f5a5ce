"""What the posts' handlers share, around the one `Flow`: the post being written (kept in the
conversation's state), the news service, and the moves all steps make — the list, a post's
card, a question, the preview, and saying that a post is gone or was changed meanwhile.
A handler builds it from its `flow`: `Newsroom(flow)`."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.i18n import T
from bot.services.news import News, shown, too_long
from bot.services.payloads import send_payload
from bot.services.telegram_text import Refused
from handlers.flow import Flow
from handlers.staff.posts import screens
from handlers.staff.posts.draft import PostDraft
from handlers.staff.posts.states import PostForm
from storage.news import Post

REMEMBERED = 20  # cards whose version is kept, for their buttons


class Newsroom:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow

    @property
    def t(self) -> T:
        return self.flow.t

    @property
    def news(self) -> News:
        return self.flow.services.news

    @property
    def zone(self) -> ZoneInfo:
        return self.flow.zone

    @property
    def today(self) -> date:
        return self.flow.today

    @property
    def now(self) -> datetime:
        return self.flow.now

    def toast(self, text: str) -> None:
        self.flow.toast(text)

    # ---- the form ----------------------------------------------------------------------

    async def step(self) -> str | None:
        """The question open now, if the form is ours."""
        return await self.flow.open_step(PostForm)

    async def draft(self) -> PostDraft | None:
        if await self.step() is None:
            return None
        return PostDraft.load(await self.flow.state.get_data())

    async def pressed(self) -> PostDraft | None:
        """The draft a button under a question belongs to; if it is gone, the list."""
        draft = await self.draft()
        if draft is None:
            await self.form_gone()
        return draft

    async def typed(self) -> PostDraft | None:
        """The draft a typed answer belongs to; if it is gone, the list."""
        draft = await self.draft()
        if draft is None:
            await self.leave()
            await self.list(0, self.t("post-form-gone"))
        return draft

    async def leave(self) -> None:
        """Drop the post being written or changed — after it was written, or to write nothing
        of it. The cards shown stay known."""
        if await self.step() is not None:
            cards = await self.cards()
            await self.flow.state.clear()
            if cards:
                await self.flow.state.update_data(post_cards=cards)

    async def keep(self, draft: PostDraft, step: str) -> None:
        cards = await self.cards()
        await self.flow.state.set_state(getattr(PostForm, step))
        await self.flow.state.set_data({**draft.dump(), "post_cards": cards})

    async def ask(self, draft: PostDraft, step: str, note: str | None = None, *,
                  page: int = 0, new: bool = False) -> None:
        """The question `step`: in place of the message pressed, or a new message after a
        typed answer (or when `new`)."""
        await self.keep(draft, step)
        if step == "quantum":
            screen = screens.quantum_screen(self.t, draft, self.flow.catalogue, page, note)
        elif step == "partner":
            partners = await self.news.partners()
            screen = screens.partner_screen(self.t, draft, partners, page, note)
        elif step == "fields":
            screen = screens.fields_screen(self.t, draft, note)
        else:
            screen = screens.question_screen(self.t, draft, step, self.zone, note)
        await (self.flow.send(screen) if new else self.flow.show(screen))

    async def again(self, draft: PostDraft) -> None:
        """An older question's button: the question open now, again."""
        self.toast(self.t("stale-button"))
        step = await self.step()
        if step == "preview":
            await self.preview(draft)
        elif step is not None:
            await self.ask(draft, step, new=True)

    async def answered(self, draft: PostDraft, step: str) -> None:
        """After an answer: the next question, or the preview when one thing was changed or
        the last question answered."""
        following = screens.ORDER.index(step) + 1
        if draft.editing or following >= len(screens.ORDER):
            await self.preview(draft.with_(editing=True))
            return
        await self.ask(draft, screens.ORDER[following])

    async def as_post(self, draft: PostDraft) -> tuple[PostDraft, Post]:
        """The draft as the post it would be; a partner deleted meanwhile is dropped."""
        partner = await self.news.partner(draft.partner) if draft.partner else None
        if partner is None and draft.partner:
            draft = draft.with_(partner=None)
        if partner is None:
            return draft, draft.as_post(None)
        return draft, draft.as_post(partner.name, partner.name_en)

    async def length_problem(self, draft: PostDraft) -> str | None:
        """Why the post would not fit a message (or a photo's caption), or None."""
        draft, post = await self.as_post(draft)
        try:
            over = too_long(self.flow.texts, post, self.flow.catalogue, self.zone)
        except Refused as exc:
            return self.t(exc.key, **exc.kwargs)
        if over is None:
            return None
        limit, length = over
        return self.t("post-too-long", limit=limit, length=length,
                      photo="yes" if post.photo else "no")

    async def fits(self, draft: PostDraft) -> bool:
        """Whether the post fits its message; if not, what to shorten is asked, with why."""
        problem = await self.length_problem(draft)
        if problem is not None:
            await self.ask(draft, "fields", problem)
        return problem is None

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
        await self.show_post(post, when)
        audience = None
        if draft.is_new and draft.quantum:
            audience = await self.news.audience(draft.quantum, self.today)
        announced = before is not None and before.published_at is not None
        await self.flow.send(screens.preview_screen(self.t, draft, audience, announced))

    async def show_post(self, post: Post, when: date | None) -> None:
        """The post as readers see it, dated `when`, as a message of its own."""
        view = shown(self.t, post, self.flow.catalogue, self.zone, when)
        await send_payload(self.flow.bot, self.flow.user.id,
                           {"text": view.html, "photo": view.photo})

    # ---- the posts as they stand ---------------------------------------------------------

    async def list(self, page: int = 0, note: str | None = None) -> None:
        """The staff's list: in place of the message pressed, or new with a note (and after
        a typed command)."""
        page, found = await self.news.by_staff(page, screens.PAGE)
        screen = screens.list_screen(self.t, found, page, self.zone, note)
        await (self.flow.send(screen) if note else self.flow.show(screen))

    async def card(self, post: Post, note: str | None = None, *, page: int = 0,
                   new: bool = False) -> None:
        """A post's card; its buttons act on the version shown here."""
        cards = {k: v for k, v in (await self.cards()).items() if k != str(post.id)}
        cards[str(post.id)] = post.version
        await self.flow.state.update_data(post_cards=dict(list(cards.items())[-REMEMBERED:]))
        screen = screens.card_screen(self.t, post, self.flow.catalogue, self.zone, page, note)
        await (self.flow.send(screen) if new else self.flow.show(screen))

    async def cards(self) -> dict[str, int]:
        """The posts whose cards this person was shown, and the version each showed."""
        cards = (await self.flow.state.get_data()).get("post_cards")
        if not isinstance(cards, dict):
            return {}
        return {str(k): v for k, v in cards.items() if isinstance(v, int)}

    async def seen(self, post_id: int) -> int | None:
        """The version of the post its card showed, if one did."""
        return (await self.cards()).get(str(post_id))

    async def gone(self, page: int = 0) -> None:
        """A post that is not there (a forged or very old button): back to the list."""
        await self.leave()  # the list says why: no toast repeating it
        await self.list(page, self.t("post-gone"))

    async def stale(self, post: Post, page: int = 0) -> None:
        """The post was changed since it was shown: it as it is now, nothing overwritten."""
        await self.leave()  # the card says why: no toast repeating it
        await self.card(post, self.t("post-stale"), page=page, new=True)

    async def changed_meanwhile(self, post_id: int, page: int = 0) -> None:
        """The write found the post changed (or gone) since it was read: it as it is now."""
        post = await self.news.get(post_id)
        if post is None:
            await self.gone(page)
        else:
            await self.stale(post, page)

    async def form_gone(self) -> None:
        """A button of a form already closed (written, or cancelled)."""
        await self.leave()
        self.toast(self.t("stale-button"))
        await self.list(0, self.t("post-form-gone"))
