"""/post and the staff menu's «📝 Посты»: the list of posts, a post's card and its buttons —
a new post, change, publish now, schedule, unpublish, preview; one handler each. Every write
is checked against the version the card showed: a post changed meanwhile is shown again, not
overwritten."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from bot.ui.callbacks import PostAdmin
from handlers.flow import Flow
from handlers.staff.posts.draft import PostDraft
from handlers.staff.posts.newsroom import Newsroom
from storage.news import Post, PostGone, PostStale


async def posts_list(event: Message | CallbackQuery, flow: Flow,
                     callback_data: PostAdmin | None = None) -> None:
    """/post, «📝 Посты» and the list's pages: the form is left, the list shown."""
    room = Newsroom(flow)
    await room.leave()
    await room.list(callback_data.page if callback_data else 0)


async def new_post(query: CallbackQuery, flow: Flow) -> None:
    room = Newsroom(flow)
    await room.leave()
    await room.ask(PostDraft(), "title")


async def open_card(query: CallbackQuery, callback_data: PostAdmin, flow: Flow) -> None:
    room = Newsroom(flow)
    post = await room.news.get(callback_data.id)
    if post is None:
        await room.gone(callback_data.page)
        return
    await room.leave()
    await room.card(post, page=callback_data.page)


async def preview(query: CallbackQuery, callback_data: PostAdmin, flow: Flow) -> None:
    """The post as readers see it (a scheduled one with its coming date), then its card."""
    room = Newsroom(flow)
    post = await room.news.get(callback_data.id)
    if post is None:
        await room.gone(callback_data.page)
        return
    await room.show_post(post, post.publish_at.astimezone(room.zone).date()
                         if post.publish_at else None)
    await room.leave()
    await room.card(post, room.t("post-preview-card"), page=callback_data.page, new=True)


async def unknown(query: CallbackQuery, flow: Flow) -> None:
    """A forged action: as a closed form's button."""
    await Newsroom(flow).form_gone()


# ---- the card's writes: each on the version the card showed --------------------------------


async def as_shown(room: Newsroom, callback_data: PostAdmin) -> Post | None:
    """The post if it is as its card showed it; otherwise say why not and return None."""
    post = await room.news.get(callback_data.id)
    if post is None:
        await room.gone(callback_data.page)
        return None
    seen = await room.seen(post.id)
    if seen is None:
        # a card this conversation no longer knows (its memory went with another form): the
        # post as it is now, to check and press again
        await room.leave()
        await room.card(post, room.t("post-recheck"), page=callback_data.page, new=True)
        return None
    if seen != post.version:
        await room.stale(post, callback_data.page)
        return None
    return post


async def edit(query: CallbackQuery, callback_data: PostAdmin, flow: Flow) -> None:
    room = Newsroom(flow)
    post = await as_shown(room, callback_data)
    if post is not None:
        await room.ask(PostDraft.of(post), "fields")


async def publish(query: CallbackQuery, callback_data: PostAdmin, flow: Flow) -> None:
    room, page = Newsroom(flow), callback_data.page
    post = await as_shown(room, callback_data)
    if post is None:
        return
    if post.status == "published":  # a button the card no longer offers: the card as it is
        await room.card(post, page=page)
        return
    announce = post.published_at is None and post.quantum_code is not None
    reach = 0
    if announce and post.quantum_code is not None:
        reach = await room.news.audience(post.quantum_code, room.today)
    try:
        done = await room.news.publish(post.id, post.version, today=room.today)
    except (PostGone, PostStale):
        await room.changed_meanwhile(post.id, page)
        return
    await room.leave()
    if announce:
        note = room.t("post-published", count=reach)
    elif post.published_at is None:
        note = room.t("post-published-quiet")
    else:
        note = room.t("post-republished")
    await room.card(done, note, page=page)


async def schedule(query: CallbackQuery, callback_data: PostAdmin, flow: Flow) -> None:
    room = Newsroom(flow)
    post = await as_shown(room, callback_data)
    if post is None:
        return
    if post.status == "published":
        await room.card(post, page=callback_data.page)
        return
    await room.ask(PostDraft.of(post), "when")


async def unpublish(query: CallbackQuery, callback_data: PostAdmin, flow: Flow) -> None:
    room, page = Newsroom(flow), callback_data.page
    post = await as_shown(room, callback_data)
    if post is None:
        return
    if post.status not in ("published", "scheduled"):
        await room.card(post, page=page)
        return
    try:
        done = await room.news.unpublish(post.id, post.version)
    except (PostGone, PostStale):
        await room.changed_meanwhile(post.id, page)
        return
    await room.leave()
    await room.card(done, room.t("post-unpublished"), page=page)
