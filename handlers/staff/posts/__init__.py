"""/post: staff write, schedule, edit and unpublish project news.

states: the questions; draft: the post being written (and the parsers of what is typed);
screens: what is shown; newsroom: what every handler works with, around its `flow`; browse:
the list and a post's card; steps: the typed answers; presses: the buttons of the form."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.ui.callbacks import PostAdmin, PostStep
from handlers.staff.posts import browse, presses, steps
from handlers.staff.posts.states import PostForm

__all__ = ["PostForm", "router"]


def router() -> Router:
    r = Router(name="staff-posts")
    # the list and a post's card
    r.message.register(browse.posts_list, Command("post"))
    cb = r.callback_query.register
    cb(browse.posts_list, PostAdmin.filter(F.action == "list"))
    cb(browse.new_post, PostAdmin.filter(F.action == "new"))
    cb(browse.open_card, PostAdmin.filter(F.action == "open"))
    cb(browse.preview, PostAdmin.filter(F.action == "preview"))
    cb(browse.edit, PostAdmin.filter(F.action == "edit"))
    cb(browse.publish, PostAdmin.filter(F.action == "publish"))
    cb(browse.schedule, PostAdmin.filter(F.action == "schedule"))
    cb(browse.unpublish, PostAdmin.filter(F.action == "unpublish"))
    cb(browse.unknown, PostAdmin.filter())
    # the form's buttons, each at the questions it answers
    in_form = StateFilter(PostForm)
    step = PostStep.filter
    cb(presses.cancel, step(F.step == "cancel"), in_form)
    cb(presses.fields, step(F.step == "fields"), in_form)
    cb(presses.preview, step(F.step == "preview"), in_form)
    cb(presses.no_photo, step(F.step == "photo"), StateFilter(PostForm.photo))
    cb(presses.quantum, step(F.step == "quantum"), StateFilter(PostForm.quantum))
    cb(presses.quanta_page, step(F.step == "quanta"), StateFilter(PostForm.quantum))
    cb(presses.partner, step(F.step == "partner"), StateFilter(PostForm.partner))
    cb(presses.partners_page, step(F.step == "partners"),
       StateFilter(PostForm.partner, PostForm.partner_name, PostForm.partner_about))
    cb(presses.new_partner, step(F.step == "new-partner"), StateFilter(PostForm.partner))
    cb(presses.skip_about, step(F.step == "about"), StateFilter(PostForm.partner_about))
    cb(presses.field, step(F.step == "field"), StateFilter(PostForm.fields))
    preview = StateFilter(PostForm.preview)
    cb(presses.publish, step(F.step == "publish"), preview, presses.writing_new)
    cb(presses.schedule, step(F.step == "schedule"), preview, presses.writing_new)
    cb(presses.save, step(F.step == "save"), preview, presses.changing)
    cb(presses.again, step(), in_form)  # an older question's button
    cb(presses.form_gone, step())  # the form closed
    # typed answers, one handler per question
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
