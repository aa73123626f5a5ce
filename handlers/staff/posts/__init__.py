"""/post: staff write, schedule, edit and unpublish project news.

`states` holds the questions, `draft` the post being written (and the parsers of what is
typed), `screens` what is shown, `flow` what every handler works with, `browse` the list and a
post's card, `steps` the writing."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.ui.callbacks import PostAdmin, PostStep
from handlers.staff.posts import browse, steps
from handlers.staff.posts.flow import DeskMiddleware
from handlers.staff.posts.states import PostForm

__all__ = ["PostForm", "router"]


def router() -> Router:
    r = Router(name="staff-posts")
    r.message.middleware(DeskMiddleware())
    r.callback_query.middleware(DeskMiddleware())
    r.message.register(browse.post_command, Command("post"))
    r.callback_query.register(browse.admin, PostAdmin.filter())
    r.callback_query.register(steps.pressed, PostStep.filter())
    not_command = ~F.text.startswith("/")
    typed = (F.text, not_command)
    r.message.register(steps.title_typed, StateFilter(PostForm.title), *typed)
    # text, or a photo with the text as its caption
    r.message.register(steps.text_sent, StateFilter(PostForm.text), not_command)
    r.message.register(steps.photo_sent, StateFilter(PostForm.photo), F.photo)
    r.message.register(steps.partner_name_typed, StateFilter(PostForm.partner_name), *typed)
    r.message.register(steps.partner_about_typed, StateFilter(PostForm.partner_about), *typed)
    r.message.register(steps.when_typed, StateFilter(PostForm.when), *typed)
    r.message.register(steps.unexpected, StateFilter(PostForm), not_command)
    return r
