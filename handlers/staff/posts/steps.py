"""Writing a post, one question at a time: title → text → photo → quantum → partner (or a new
one: its name, then a few words about it) → the preview → publish now, schedule, or change one
thing. A post that exists is changed the same way and saved over the version staff began
with. The form is dropped only once the write has committed.

This module: the typed answers, one handler per question; `presses`: the buttons under the
questions and the preview."""

from __future__ import annotations

from aiogram.types import Message

from bot.services.telegram_text import Refused, photo_of, read_staff
from handlers.flow import Flow
from handlers.staff.posts.draft import (
    PostDraft,
    parse_partner_about,
    parse_partner_name,
    parse_title,
    parse_when,
)
from handlers.staff.posts.newsroom import Newsroom
from storage.news import PostGone, PostStale, name_key

# what each question takes, for a message of another kind
TYPED = ("title", "text", "partner_name", "partner_about", "when")


def body_of(message: Message) -> tuple[str, str | None]:
    """A post's text as Telegram HTML (staff's text as `read_staff` reads it, as a
    broadcast's is), and a photo if it came with one as its caption. Raises Refused with what
    is wrong; the length is the whole post's (`Newsroom.length_problem`)."""
    typed = read_staff(message, "bc")
    if typed is None:
        raise Refused("post-text-need")
    if typed.blank is not None:  # nothing shows: empty, or only invisible characters
        raise Refused(f"post-text-{typed.blank}")
    return typed.html, photo_of(message)


# ---- typed answers: one handler per question ------------------------------------------------


async def title_typed(message: Message, flow: Flow) -> None:
    room = Newsroom(flow)
    draft = await room.typed()
    if draft is None:
        return
    try:
        title = parse_title(message.text or "")
    except Refused as exc:
        await room.ask(draft, "title", room.t(exc.key, **exc.kwargs))
        return
    await room.answered(draft.with_(title=title), "title")


async def text_sent(message: Message, flow: Flow) -> None:
    room = Newsroom(flow)
    draft = await room.typed()
    if draft is None:
        return
    try:
        body, photo = body_of(message)
    except Refused as exc:
        await room.ask(draft, "text", room.t(exc.key, **exc.kwargs))
        return
    changed = draft.with_(body=body, photo=photo or draft.photo)
    problem = await room.length_problem(changed)
    if problem is not None:  # refused with the limit and the length, never cut
        await room.ask(draft, "text", problem)
        return
    # a photo with the text as its caption answers the photo's question too
    await room.answered(changed, "photo" if photo else "text")


async def photo_sent(message: Message, flow: Flow) -> None:
    room = Newsroom(flow)
    draft = await room.typed()
    if draft is None or not message.photo:
        return
    changed = draft.with_(photo=photo_of(message))
    problem = await room.length_problem(changed)
    if problem is not None:
        await room.ask(draft, "photo", problem)
        return
    await room.answered(changed, "photo")


async def partner_name_typed(message: Message, flow: Flow) -> None:
    room = Newsroom(flow)
    draft = await room.typed()
    if draft is None:
        return
    try:
        name = parse_partner_name(message.text or "")
    except Refused as exc:
        await room.ask(draft, "partner_name", room.t(exc.key, **exc.kwargs))
        return
    known = next((p for p in await room.news.partners() if name_key(p.name) == name_key(name)),
                 None)
    if known is not None:  # already there: chosen, its description left as it is
        await room.answered(draft.with_(partner=known.id, partner_new=""), "partner")
        return
    await room.ask(draft.with_(partner_new=name), "partner_about")


async def partner_about_typed(message: Message, flow: Flow) -> None:
    room = Newsroom(flow)
    draft = await room.typed()
    if draft is None:
        return
    try:
        about = parse_partner_about(message.text or "")
    except Refused as exc:
        await room.ask(draft, "partner_about", room.t(exc.key, **exc.kwargs))
        return
    await add_partner(room, draft, about)


async def add_partner(room: Newsroom, draft: PostDraft, about: str) -> None:
    """The new partner is written at once (one of that name already there is taken, its
    description kept unless one was given), and chosen for the post."""
    if not draft.partner_new:
        await room.ask(draft, "partner")
        return
    partner = await room.news.add_partner(draft.partner_new, about)
    await room.answered(draft.with_(partner=partner.id, partner_new=""), "partner")


async def when_typed(message: Message, flow: Flow) -> None:
    room = Newsroom(flow)
    draft = await room.typed()
    if draft is None:
        return
    try:
        moment = parse_when(message.text or "", room.now, room.zone)
    except Refused as exc:
        await room.ask(draft, "when", room.t(exc.key, **exc.kwargs))
        return
    if draft.is_new:
        problem = await room.length_problem(draft)
        if problem is not None:
            await room.ask(draft.with_(editing=True), "fields", problem)
            return
        post = await room.news.create(draft.content(), by=room.flow.user.id, publish_at=moment,
                                      today=room.today)
    else:
        try:
            post = await room.news.publish(draft.post, draft.version, at=moment,
                                           today=room.today)
        except (PostGone, PostStale):
            await room.changed_meanwhile(draft.post)
            return
    # written: only now is the form spent
    await room.leave()
    await room.card(post, room.t("post-scheduled"))


async def unexpected(message: Message, flow: Flow) -> None:
    """A sticker where a title is typed, text where a photo or a button is awaited: the same
    question again, with what it takes."""
    room = Newsroom(flow)
    draft = await room.typed()
    step = await room.step()
    if draft is None or step is None:
        return
    if step == "preview":
        await room.preview(draft)
        return
    key = ("post-need-text" if step in TYPED else "post-need-photo" if step == "photo"
           else "post-use-buttons")
    await room.ask(draft, step, room.t(key))
