"""/post and the staff menu's «📝 Посты»: the list of posts, a post's card and its buttons —
a new post, change, publish now, schedule, unpublish, preview. Every write is checked against
the version the card showed: a post changed meanwhile is shown again, not overwritten."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from bot.services.news import shown
from bot.services.sender import send_payload
from bot.ui.callbacks import PostAdmin
from handlers.staff.posts.draft import PostDraft
from handlers.staff.posts.flow import Desk
from storage.news import Post, PostGone, PostStale


async def post_command(message: Message, desk: Desk) -> None:
    await desk.leave()
    await desk.list(new=True)


async def admin(query: CallbackQuery, callback_data: PostAdmin, desk: Desk) -> None:
    action = callback_data.action
    if action == "list":
        await desk.leave()
        await desk.list(callback_data.page)
    elif action == "new":
        await desk.leave()
        await desk.ask(PostDraft(), "title")
    elif action == "open":
        await open_card(desk, callback_data)
    elif action == "preview":
        await preview(desk, callback_data)
    elif action in ("edit", "publish", "schedule", "unpublish"):
        post = await current(desk, callback_data)
        if post is not None:
            await ACTIONS[action](desk, post, callback_data.page)
    else:
        await desk.form_gone()


async def open_card(desk: Desk, callback_data: PostAdmin) -> None:
    post = await desk.news.get(callback_data.id)
    if post is None:
        await desk.gone(callback_data.page)
        return
    await desk.leave()
    await desk.card(post, page=callback_data.page)


async def current(desk: Desk, callback_data: PostAdmin) -> Post | None:
    """The post if it is as its card showed it; otherwise say why not and return None."""
    post = await desk.news.get(callback_data.id)
    if post is None:
        await desk.gone(callback_data.page)
        return None
    seen = await desk.seen(post.id)
    if seen is None:
        # a card this conversation no longer knows (its memory went with another form): the
        # post as it is now, to check and press again
        await desk.leave()
        desk.toast(desk.t("post-recheck"))
        await desk.card(post, desk.t("post-recheck"), page=callback_data.page, new=True)
        return None
    if seen != post.version:
        await desk.stale(post, callback_data.page)
        return None
    return post


async def edit(desk: Desk, post: Post, page: int) -> None:
    await desk.ask(PostDraft.of(post), "fields")


async def publish(desk: Desk, post: Post, page: int) -> None:
    if post.status == "published":  # a button the card no longer offers: the card as it is
        await desk.card(post, page=page)
        return
    announce = post.published_at is None and post.quantum_code is not None
    reach = 0
    if announce and post.quantum_code is not None:
        reach = await desk.news.audience(post.quantum_code, desk.today)
    try:
        done = await desk.news.publish(post.id, post.version, today=desk.today)
    except PostStale:
        await stale_again(desk, post.id, page)
        return
    except PostGone:
        await desk.gone(page)
        return
    await desk.leave()
    if announce:
        note = desk.t("post-published", count=reach)
    elif post.published_at is None:
        note = desk.t("post-published-quiet")
    else:
        note = desk.t("post-republished")
    desk.toast(desk.t("post-published-toast"))
    await desk.card(done, note, page=page)


async def schedule(desk: Desk, post: Post, page: int) -> None:
    if post.status == "published":
        await desk.card(post, page=page)
        return
    await desk.ask(PostDraft.of(post), "when")


async def unpublish(desk: Desk, post: Post, page: int) -> None:
    if post.status not in ("published", "scheduled"):
        await desk.card(post, page=page)
        return
    try:
        done = await desk.news.unpublish(post.id, post.version)
    except PostStale:
        await stale_again(desk, post.id, page)
        return
    except PostGone:
        await desk.gone(page)
        return
    await desk.leave()
    desk.toast(desk.t("post-unpublished-toast"))
    await desk.card(done, desk.t("post-unpublished"), page=page)


async def stale_again(desk: Desk, post_id: int, page: int) -> None:
    """Changed between the check and the write: it as it is now."""
    post = await desk.news.get(post_id)
    if post is None:
        await desk.gone(page)
    else:
        await desk.stale(post, page)


async def preview(desk: Desk, callback_data: PostAdmin) -> None:
    """The post as readers see it (a scheduled one with its coming date), then its card."""
    post = await desk.news.get(callback_data.id)
    if post is None:
        await desk.gone(callback_data.page)
        return
    when = post.publish_at.astimezone(desk.zone).date() if post.publish_at else None
    view = shown(desk.t, post, desk.catalogue, desk.zone, when)
    await send_payload(desk.bot, desk.user.id, {"text": view.html, "photo": view.photo})
    await desk.leave()
    await desk.card(post, desk.t("post-preview-card"), page=callback_data.page, new=True)


ACTIONS = {"edit": edit, "publish": publish, "schedule": schedule, "unpublish": unpublish}
