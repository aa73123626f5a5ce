"""The states of writing a post: one per question, the choice of what to change, the preview
waiting for a decision, and the time of a scheduled one."""

from aiogram.fsm.state import State, StatesGroup


class PostForm(StatesGroup):
    title = State()  # typed: the title
    text = State()  # typed: the body, with Telegram formatting or tags
    photo = State()  # a photo, or «Без фото»
    quantum = State()  # a quantum's button, or «Без квантума»
    partner = State()  # a partner's button, «➕ Новый партнёр» or «Без партнёра»
    partner_name = State()  # typed: a new partner's name
    partner_about = State()  # typed: its description, or «Пропустить»
    fields = State()  # «✏️ Изменить»: which of the five to write again
    preview = State()  # the post as readers will see it, waiting for publish / save
    when = State()  # typed: the date and time a post goes out
