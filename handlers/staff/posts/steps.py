"""Writing a post, one question at a time: title → text → photo → quantum → partner (or a new
one: its name, then a few words about it) → the preview → publish now, schedule, or change one
thing. A post that exists is changed the same way and saved over the version staff began
with. The form is dropped only once the write has committed."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from bot.services.telegram_text import Refused, photo_of, read_staff
from bot.ui.callbacks import PostStep
from bot.ui.keyboards import page_number
from handlers.staff.posts import screens
from handlers.staff.posts.draft import (
    FIELDS,
    PostDraft,
    parse_partner_about,
    parse_partner_name,
    parse_title,
    parse_when,
)
from handlers.staff.posts.flow import Desk
from storage.news import PostGone, PostStale, name_key

# what each question takes, for a message of another kind
TYPED = ("title", "text", "partner_name", "partner_about", "when")


def number(value: str) -> int | None:
    """An id from a button (forged ones included): digits only, SQLite-sized."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def body_of(message: Message) -> tuple[str, str | None]:
    """A post's text as Telegram HTML (staff's text as `read_staff` reads it, as a
    broadcast's is), and a photo if it came with one as its caption. Raises Refused with what
    is wrong; the length is the whole post's (`Desk.length_problem`)."""
    typed = read_staff(message, "bc")
    if typed is None:
        raise Refused("post-text-need")
    if typed.blank is not None:  # nothing shows: empty, or only invisible characters
        raise Refused(f"post-text-{typed.blank}")
    return typed.html, photo_of(message)


async def resume(desk: Desk) -> PostDraft | None:
    """The draft a typed answer belongs to; if it is gone, the list."""
    draft = await desk.draft()
    if draft is None:
        await desk.leave()
        await desk.list(0, desk.t("post-form-gone"))
    return draft


async def next_question(desk: Desk, draft: PostDraft, answered: str) -> None:
    """After an answer: the next question, or the preview when one thing was changed or the
    last question answered."""
    following = screens.ORDER.index(answered) + 1
    if draft.editing or following >= len(screens.ORDER):
        await desk.preview(draft.with_(editing=True))
        return
    await desk.ask(draft, screens.ORDER[following])


# ---- typed answers: one handler per question ------------------------------------------------


async def title_typed(message: Message, desk: Desk) -> None:
    draft = await resume(desk)
    if draft is None:
        return
    try:
        title = parse_title(message.text or "")
    except Refused as exc:
        await desk.ask(draft, "title", desk.t(exc.key, **exc.kwargs))
        return
    await next_question(desk, draft.with_(title=title), "title")


async def text_sent(message: Message, desk: Desk) -> None:
    draft = await resume(desk)
    if draft is None:
        return
    try:
        body, photo = body_of(message)
    except Refused as exc:
        await desk.ask(draft, "text", desk.t(exc.key, **exc.kwargs))
        return
    changed = draft.with_(body=body, photo=photo or draft.photo)
    problem = await desk.length_problem(changed)
    if problem is not None:  # refused with the limit and the length, never cut
        await desk.ask(draft, "text", problem)
        return
    # a photo with the text as its caption answers the photo's question too
    await next_question(desk, changed, "photo" if photo else "text")


async def photo_sent(message: Message, desk: Desk) -> None:
    draft = await resume(desk)
    if draft is None or not message.photo:
        return
    changed = draft.with_(photo=photo_of(message))
    problem = await desk.length_problem(changed)
    if problem is not None:
        await desk.ask(draft, "photo", problem)
        return
    await next_question(desk, changed, "photo")


async def partner_name_typed(message: Message, desk: Desk) -> None:
    draft = await resume(desk)
    if draft is None:
        return
    try:
        name = parse_partner_name(message.text or "")
    except Refused as exc:
        await desk.ask(draft, "partner_name", desk.t(exc.key, **exc.kwargs))
        return
    known = next((p for p in await desk.news.partners() if name_key(p.name) == name_key(name)),
                 None)
    if known is not None:  # already there: chosen, its description left as it is
        await next_question(desk, draft.with_(partner=known.id, partner_new=""), "partner")
        return
    await desk.ask(draft.with_(partner_new=name), "partner_about")


async def partner_about_typed(message: Message, desk: Desk) -> None:
    draft = await resume(desk)
    if draft is None:
        return
    try:
        about = parse_partner_about(message.text or "")
    except Refused as exc:
        await desk.ask(draft, "partner_about", desk.t(exc.key, **exc.kwargs))
        return
    await add_partner(desk, draft, about)


async def add_partner(desk: Desk, draft: PostDraft, about: str) -> None:
    """The new partner is written at once (one of that name already there is taken, its
    description kept unless one was given), and chosen for the post."""
    if not draft.partner_new:
        await desk.ask(draft, "partner")
        return
    partner = await desk.news.add_partner(draft.partner_new, about)
    await next_question(desk, draft.with_(partner=partner.id, partner_new=""), "partner")


async def when_typed(message: Message, desk: Desk) -> None:
    draft = await resume(desk)
    if draft is None:
        return
    try:
        moment = parse_when(message.text or "", desk.now, desk.zone)
    except Refused as exc:
        await desk.ask(draft, "when", desk.t(exc.key, **exc.kwargs))
        return
    if draft.is_new:
        problem = await desk.length_problem(draft)
        if problem is not None:
            await desk.ask(draft.with_(editing=True), "fields", problem)
            return
        post = await desk.news.create(draft.content(), by=desk.user.id, publish_at=moment,
                                      today=desk.today)
    else:
        try:
            post = await desk.news.publish(draft.post, draft.version, at=moment,
                                           today=desk.today)
        except (PostGone, PostStale):
            await stale(desk, draft)
            return
    # written: only now is the form spent
    await desk.leave()
    await desk.card(post, desk.t("post-scheduled"))


async def unexpected(message: Message, desk: Desk) -> None:
    """A sticker where a title is typed, text where a photo or a button is awaited: the same
    question again, with what it takes."""
    draft = await resume(desk)
    step = await desk.step()
    if draft is None or step is None:
        return
    if step == "preview":
        await desk.preview(draft)
        return
    key = ("post-need-text" if step in TYPED else "post-need-photo" if step == "photo"
           else "post-use-buttons")
    await desk.ask(draft, step, desk.t(key))


async def stale(desk: Desk, draft: PostDraft) -> None:
    """The post changed (or went) while it was being changed: it as it is now."""
    post = await desk.news.get(draft.post)
    if post is None:
        await desk.gone()
    else:
        await desk.stale(post)


# ---- buttons under the questions and the preview ---------------------------------------------


async def pressed(query: CallbackQuery, callback_data: PostStep, desk: Desk) -> None:
    draft = await desk.draft()
    step = await desk.step()
    if draft is None or step is None:
        await desk.form_gone()
        return
    action, value = callback_data.step, callback_data.value
    handler = BUTTONS.get(action)
    allowed = ALLOWED.get(action, ())
    if handler is None or (allowed and step not in allowed) or (
            action in NEW_ONLY and not draft.is_new) or (action == "save" and draft.is_new):
        # an older question's button: the question open now, again
        desk.toast(desk.t("stale-button"))
        if step == "preview":
            await desk.preview(draft)
        else:
            await desk.ask(draft, step, new=True)
        return
    await handler(desk, draft, value)


async def cancel(desk: Desk, draft: PostDraft, value: str) -> None:
    await desk.leave()
    if draft.is_new:
        desk.toast(desk.t("post-cancelled-toast"))
        await desk.show(screens.cancelled_screen(desk.t))
        return
    post = await desk.news.get(draft.post)
    if post is None:
        await desk.gone()
        return
    await desk.card(post, desk.t("post-nothing-changed"))


async def no_photo(desk: Desk, draft: PostDraft, value: str) -> None:
    await next_question(desk, draft.with_(photo=None), "photo")


async def quantum(desk: Desk, draft: PostDraft, value: str) -> None:
    if value and desk.catalogue.get(value) is None:
        desk.toast(desk.t("stale-button"))
        await desk.ask(draft, "quantum")
        return
    await next_question(desk, draft.with_(quantum=value or None), "quantum")


async def quanta_page(desk: Desk, draft: PostDraft, value: str) -> None:
    await desk.ask(draft, "quantum", page=page_number(value))


async def partner(desk: Desk, draft: PostDraft, value: str) -> None:
    chosen = None
    if value:
        partner_id = number(value)
        found = await desk.news.partner(partner_id) if partner_id is not None else None
        if found is None:
            await desk.ask(draft, "partner", desk.t("post-partner-gone"))
            return
        chosen = found.id
    await next_question(desk, draft.with_(partner=chosen), "partner")


async def partners_page(desk: Desk, draft: PostDraft, value: str) -> None:
    await desk.ask(draft.with_(partner_new=""), "partner", page=page_number(value))


async def new_partner(desk: Desk, draft: PostDraft, value: str) -> None:
    await desk.ask(draft, "partner_name")


async def skip_about(desk: Desk, draft: PostDraft, value: str) -> None:
    await add_partner(desk, draft, "")


async def fields(desk: Desk, draft: PostDraft, value: str) -> None:
    await desk.ask(draft.with_(editing=True), "fields")


async def field(desk: Desk, draft: PostDraft, value: str) -> None:
    if value not in FIELDS:
        await desk.ask(draft.with_(editing=True), "fields")
        return
    await desk.ask(draft.with_(editing=True), value)


async def preview(desk: Desk, draft: PostDraft, value: str) -> None:
    await desk.preview(draft.with_(editing=True))


async def publish(desk: Desk, draft: PostDraft, value: str) -> None:
    problem = await desk.length_problem(draft)
    if problem is not None:
        await desk.ask(draft, "fields", problem)
        return
    reach = await desk.news.audience(draft.quantum, desk.today) if draft.quantum else 0
    post = await desk.news.create(draft.content(), by=desk.user.id, today=desk.today)
    # published, its notifications queued with it: only now is the form spent
    await desk.leave()
    desk.toast(desk.t("post-published-toast"))
    note = desk.t("post-published", count=reach) if draft.quantum else desk.t(
        "post-published-quiet")
    await desk.card(post, note)


async def schedule(desk: Desk, draft: PostDraft, value: str) -> None:
    await desk.ask(draft, "when")


async def save(desk: Desk, draft: PostDraft, value: str) -> None:
    problem = await desk.length_problem(draft)
    if problem is not None:
        await desk.ask(draft, "fields", problem)
        return
    try:
        post = await desk.news.edit(draft.post, draft.version, draft.content())
    except (PostGone, PostStale):
        await stale(desk, draft)
        return
    await desk.leave()
    desk.toast(desk.t("post-saved-toast"))
    await desk.card(post, desk.t("post-saved"))


BUTTONS = {
    "cancel": cancel, "photo": no_photo, "quantum": quantum, "quanta": quanta_page,
    "partner": partner, "partners": partners_page, "new-partner": new_partner,
    "about": skip_about, "fields": fields, "field": field, "preview": preview,
    "publish": publish, "schedule": schedule, "save": save,
}
NEW_ONLY = ("publish", "schedule")  # a post that exists is saved, then published from its card
# the questions each button answers (empty: any)
ALLOWED: dict[str, tuple[str, ...]] = {
    "cancel": (), "photo": ("photo",), "quantum": ("quantum",), "quanta": ("quantum",),
    "partner": ("partner",), "partners": ("partner", "partner_name", "partner_about"),
    "new-partner": ("partner",), "about": ("partner_about",), "fields": (),
    "field": ("fields",), "preview": (), "publish": ("preview",), "schedule": ("preview",),
    "save": ("preview",),
}
