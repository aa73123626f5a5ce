"""What staff see of the posts: the list, a post's card, the questions of writing one (with
the pickers of quanta and partners), the choice of what to change, and the decision under the
preview. They read, never write."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import T
from bot.services import dates
from bot.services.catalogue import Catalogue
from bot.services.news import TITLE_LIMIT
from bot.ui.callbacks import PostAdmin, PostStep
from bot.ui.keyboards import (
    Buttons,
    Screen,
    button_label,
    clamp_page,
    home_button,
    page_count,
    pager,
)
from handlers.staff.posts.draft import (
    FIELDS,
    PARTNER_ABOUT_LIMIT,
    PARTNER_NAME_LIMIT,
    PostDraft,
)
from storage.news import Page, Partner, Post

PAGE = 6  # posts on one screen of the list
QUANTA_PAGE = 8
PARTNERS_PAGE = 6
MARKS = {"draft": "📝", "scheduled": "⏰", "published": "✅", "unpublished": "🙈"}
# the questions in the order a new post asks them (the partner's two come from its picker)
ORDER = ("title", "text", "photo", "quantum", "partner")


def pairs(count: int) -> list[int]:
    """Rows of two buttons, the odd one alone (so the pager does not join it)."""
    return [2] * (count // 2) + [1] * (count % 2)



def status_line(t: T, post: Post, zone: ZoneInfo) -> str:
    """«⏰ Запланирован на чт, 28 ноября, 18:00», «✅ Опубликован …», «📝 Черновик» ..."""
    moment = post.publish_at if post.status == "scheduled" else post.published_at
    when = dates.weekday_and_time(moment, zone, t.locale) if moment else ""
    return t("post-status", status=post.status, when=when)


def quantum_name(t: T, catalogue: Catalogue, code: str | None) -> str:
    quantum = catalogue.get(code) if code else None
    if quantum is not None:
        return html.quote(quantum.title(t.locale))
    return html.quote(code) if code else t("post-none")


# ---- the list and a post's card -----------------------------------------------------------


def list_screen(t: T, found: Page, page: int, zone: ZoneInfo, note: str | None = None
                ) -> Screen:
    pages = page_count(found.total, PAGE)
    lines = [note, ""] if note else []
    lines += [t("post-list-title", count=found.total)]
    builder = Buttons()
    if not found.posts:
        lines += ["", t("post-list-empty")]
    else:
        lines.append("")
    for post in found.posts:
        moment = post.publish_at if post.status == "scheduled" else post.published_at
        when = dates.weekday_and_time(moment, zone, t.locale) if moment else ""
        lines.append(t("post-list-line", mark=MARKS[post.status], title=html.quote(post.title),
                       status=post.status, when=when))
        builder.button(text=button_label(f"{MARKS[post.status]} {post.title}"),
                       callback_data=PostAdmin(action="open", id=post.id, page=page))
    sizes = [1] * len(found.posts)
    nav = pager(builder, t, page, pages, lambda n: PostAdmin(action="list", page=n))
    if nav:
        sizes.append(nav)
    builder.button(text=t("btn-post-new"), callback_data=PostAdmin(action="new", page=page))
    home_button(builder, t)
    sizes.append(2)
    builder.adjust(*sizes)
    return "\n".join(lines), builder.as_markup()


def card_screen(t: T, post: Post, catalogue: Catalogue, zone: ZoneInfo, page: int,
                note: str | None = None) -> Screen:
    lines = [note, ""] if note else []
    lines += [
        f"<b>{html.quote(post.title)}</b>",
        status_line(t, post, zone),
        "",
        t("post-card-quantum", quantum=quantum_name(t, catalogue, post.quantum_code)),
        t("post-card-partner", partner=html.quote(partner) if (
            partner := post.partner_in(t.locale)) else t("post-none")),
        t("post-card-photo", photo="yes" if post.photo else "no"),
    ]
    builder = Buttons()

    def act(key: str, action: str) -> None:
        builder.button(text=t(key), callback_data=PostAdmin(action=action, id=post.id,
                                                            page=page))

    act("btn-post-edit", "edit")
    act("btn-post-preview", "preview")
    if post.status != "published":
        act("btn-post-publish", "publish")
    if post.status in ("draft", "unpublished"):
        act("btn-post-schedule", "schedule")
    elif post.status == "scheduled":
        act("btn-post-reschedule", "schedule")
    if post.status == "published":
        act("btn-post-unpublish", "unpublish")
    elif post.status == "scheduled":  # not out yet: nothing to take down, only to call off
        act("btn-post-unschedule", "unpublish")
    builder.button(text=t("btn-post-all"), callback_data=PostAdmin(action="list", page=page))
    home_button(builder, t)
    builder.adjust(2)
    return "\n".join(lines), builder.as_markup()


# ---- writing: the questions ----------------------------------------------------------------


def heading(t: T, draft: PostDraft, step: str) -> str:
    if draft.editing:
        return t("post-head-edit" if not draft.is_new else "post-head-fix")
    number = ORDER.index(step) + 1 if step in ORDER else len(ORDER)
    return t("post-head-new", step=number, steps=len(ORDER))


def form_buttons(builder: Buttons, t: T, draft: PostDraft) -> None:
    """Under every question: back to the choice of what to change (when changing one thing),
    and «✖️ Отмена»."""
    if draft.editing:
        builder.button(text=t("btn-post-back-fields"), callback_data=PostStep(step="fields"))
    builder.button(text=t("btn-post-cancel"), callback_data=PostStep(step="cancel"))


def question_screen(t: T, draft: PostDraft, step: str, zone: ZoneInfo,
                    note: str | None = None) -> Screen:
    """A typed question (title, text, photo, a new partner's name and description, when)."""
    lines = [note, ""] if note else []
    lines.append(heading(t, draft, step))
    builder = Buttons()
    if step == "title":
        lines.append(t("post-ask-title", limit=TITLE_LIMIT))
    elif step == "text":
        lines.append(t("post-ask-text"))
    elif step == "photo":
        lines.append(t("post-ask-photo", has=("yes" if draft.photo else "no")))
        builder.button(text=t("btn-post-no-photo"), callback_data=PostStep(step="photo"))
    elif step == "partner_name":
        lines.append(t("post-ask-partner-name", limit=PARTNER_NAME_LIMIT))
    elif step == "partner_about":
        lines.append(t("post-ask-partner-about", partner=html.quote(draft.partner_new),
                       limit=PARTNER_ABOUT_LIMIT))
        builder.button(text=t("btn-post-skip"), callback_data=PostStep(step="about"))
    elif step == "when":
        lines[-1] = t("post-head-when")
        lines.append(t("post-ask-when", zone=str(zone)))
    if step in ("partner_name", "partner_about"):
        builder.button(text=t("btn-post-back-partners"),
                       callback_data=PostStep(step="partners"))
        builder.button(text=t("btn-post-cancel"), callback_data=PostStep(step="cancel"))
    elif step == "when":
        # a new post back to its preview, a post that exists back to its card
        if draft.is_new:
            builder.button(text=t("btn-post-back-preview"),
                           callback_data=PostStep(step="preview"))
        else:
            builder.button(text=t("btn-post-back-card"),
                           callback_data=PostAdmin(action="open", id=draft.post))
        builder.button(text=t("btn-post-cancel"), callback_data=PostStep(step="cancel"))
    else:
        form_buttons(builder, t, draft)
    builder.adjust(*((1, 2) if step in ("photo", "partner_about") else (2,)))
    return "\n".join(lines), builder.as_markup()


def quantum_screen(t: T, draft: PostDraft, catalogue: Catalogue, page: int,
                   note: str | None = None) -> Screen:
    quanta = catalogue.quanta
    pages = page_count(len(quanta), QUANTA_PAGE)
    page = clamp_page(page, len(quanta), QUANTA_PAGE)
    lines = [note, ""] if note else []
    lines += [heading(t, draft, "quantum"), t("post-ask-quantum")]
    builder = Buttons()
    chunk = quanta[page * QUANTA_PAGE : (page + 1) * QUANTA_PAGE]
    for quantum in chunk:
        mark = "• " if quantum.code == draft.quantum else ""
        builder.button(text=button_label(mark + quantum.title(t.locale)),
                       callback_data=PostStep(step="quantum", value=quantum.code))
    sizes = pairs(len(chunk))
    nav = pager(builder, t, page, pages, lambda n: PostStep(step="quanta", value=str(n)))
    if nav:
        sizes.append(nav)
    builder.button(text=t("btn-post-no-quantum"), callback_data=PostStep(step="quantum"))
    sizes.append(1)
    form_buttons(builder, t, draft)
    sizes.append(2)
    builder.adjust(*sizes)
    return "\n".join(lines), builder.as_markup()


def partner_screen(t: T, draft: PostDraft, partners: list[Partner], page: int,
                   note: str | None = None) -> Screen:
    pages = page_count(len(partners), PARTNERS_PAGE)
    page = clamp_page(page, len(partners), PARTNERS_PAGE)
    lines = [note, ""] if note else []
    lines += [heading(t, draft, "partner"),
              t("post-ask-partner" if partners else "post-ask-partner-first")]
    builder = Buttons()
    chunk = partners[page * PARTNERS_PAGE : (page + 1) * PARTNERS_PAGE]
    for partner in chunk:
        mark = "• " if partner.id == draft.partner else ""
        builder.button(text=button_label(mark + partner.name_in(t.locale)),
                       callback_data=PostStep(step="partner", value=str(partner.id)))
    sizes = pairs(len(chunk))
    nav = pager(builder, t, page, pages, lambda n: PostStep(step="partners", value=str(n)))
    if nav:
        sizes.append(nav)
    builder.button(text=t("btn-post-new-partner"), callback_data=PostStep(step="new-partner"))
    builder.button(text=t("btn-post-no-partner"), callback_data=PostStep(step="partner"))
    sizes.append(2)
    form_buttons(builder, t, draft)
    sizes.append(2)
    builder.adjust(*sizes)
    return "\n".join(lines), builder.as_markup()


def fields_screen(t: T, draft: PostDraft, note: str | None = None) -> Screen:
    """«✏️ Изменить»: one of the five to write again, or the preview."""
    lines = [note, ""] if note else []
    lines += [t("post-head-edit" if not draft.is_new else "post-head-fix"), t("post-fields")]
    builder = Buttons()
    for field in FIELDS:
        builder.button(text=t(f"btn-post-field-{field}"),
                       callback_data=PostStep(step="field", value=field))
    builder.button(text=t("btn-post-preview"), callback_data=PostStep(step="preview"))
    builder.button(text=t("btn-post-cancel"), callback_data=PostStep(step="cancel"))
    builder.adjust(2, 2, 1, 2)
    return "\n".join(lines), builder.as_markup()


# ---- under the preview ----------------------------------------------------------------------


def preview_screen(t: T, draft: PostDraft, audience: int | None, announced: bool) -> Screen:
    """Below the post as readers will see it: who hears of it, and what next. `audience`:
    how many a new post in a quantum notifies; `announced`: a post that exists went out
    before (a change notifies nobody again)."""
    builder = Buttons()
    if draft.is_new:
        reach = (t("post-preview-reach", count=audience) if draft.quantum and audience
                 is not None else t("post-preview-no-quantum"))
        text = "\n".join([t("post-preview"), reach, "", t("post-preview-ask")])
        builder.button(text=t("btn-post-publish"), callback_data=PostStep(step="publish"))
        builder.button(text=t("btn-post-schedule"), callback_data=PostStep(step="schedule"))
        builder.button(text=t("btn-post-edit"), callback_data=PostStep(step="fields"))
        builder.button(text=t("btn-post-cancel"), callback_data=PostStep(step="cancel"))
    else:
        text = "\n".join([t("post-preview-change", announced="yes" if announced else "no"),
                          "", t("post-preview-save-ask")])
        builder.button(text=t("btn-post-save"), callback_data=PostStep(step="save"))
        builder.button(text=t("btn-post-edit-more"), callback_data=PostStep(step="fields"))
        builder.button(text=t("btn-post-cancel"), callback_data=PostStep(step="cancel"))
    builder.adjust(2)
    return text, builder.as_markup()


def cancelled_screen(t: T, page: int = 0) -> Screen:
    builder = Buttons()
    builder.button(text=t("btn-post-all"), callback_data=PostAdmin(action="list", page=page))
    home_button(builder, t)
    builder.adjust(2)
    return t("post-cancelled"), builder.as_markup()

