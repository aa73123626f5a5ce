"""The form a handler works on: the conversation state and everything a step needs, in one
object, so a step handler takes the event and the form rather than ten parameters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from aiogram import BaseMiddleware, Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.i18n import T, Texts, voice
from bot.services import dates
from bot.services import signup as rules
from bot.services.catalogue import Catalogue
from bot.services.notices import TextNotices
from bot.settings import Settings
from bot.ui.callbacks import SignupPick
from bot.ui.keyboards import Buttons, Screen
from handlers.common import send, show
from handlers.signup import screens
from handlers.signup.states import Signup
from storage.families import FamilyRepo
from storage.programmes import ProgrammeRepo
from storage.quiz import QuizRepo
from storage.users import User, UserRepo

if TYPE_CHECKING:
    from bot.dispatcher import Services

KNOWN_CHILDREN_SHOWN = 6


@dataclass
class Form:
    event: Message | CallbackQuery
    state: FSMContext
    t: T
    user: User
    bot: Bot
    settings: Settings
    catalogue: Catalogue
    texts: Texts
    programmes: ProgrammeRepo
    families: FamilyRepo
    quiz: QuizRepo
    users: UserRepo
    notices: TextNotices
    services: Services

    @property
    def today(self) -> date:
        """Today in the technopark's zone: ages count from it."""
        return dates.today(self.settings.zone)

    async def data(self) -> dict[str, Any]:
        return await self.state.get_data()

    async def update(self, **values: Any) -> dict[str, Any]:
        return await self.state.update_data(**values)

    async def drop(self, *keys: str) -> dict[str, Any]:
        """Forget these answers (a typed name is no longer the record the form chose)."""
        data = await self.data()
        if any(key in data for key in keys):
            data = {k: v for k, v in data.items() if k not in keys}
            await self.state.set_data(data)
        return data

    async def show(self, screen: Screen) -> None:
        """In place of the message pressed (navigation)."""
        await show(self.event, screen)

    async def send(self, screen: Screen, note: str | None = None) -> None:
        """A new message (a question), with a note above it if there is one."""
        text, markup = screen
        await send(self.event, (f"{note}\n\n{text}" if note else text, markup))

    async def stale(self) -> None:
        await self.state.clear()
        await self.send(screens.stale_screen(self.t))

    def speak_as(self, user: User) -> None:
        """The family capacity just changed: speak in its voice from now on."""
        self.user = user
        self.t = self.texts.bind(user.language, you=voice(user.family_role))

    # ---- questions ---------------------------------------------------------------------

    async def ask(self, step: str, note: str | None = None) -> None:
        """Ask the question of `step` (the summary when editing is done)."""
        data = await self.data()
        if data.get("editing") and step not in (*rules.TYPED, "consent"):
            step = "summary"
        if step == "summary" and not rules.complete(data):
            # a button from elsewhere asked for the summary before the form was filled
            await self.stale()
            return
        await QUESTIONS[step](self, data.get("relation", "parent"), note)

    async def advance(self, step: str) -> None:
        """`step` was answered: on to the next question."""
        await self.ask(rules.next_step(step, await self.data(), self.today))

    async def current_step(self) -> str:
        return (await self.state.get_state() or "").split(":")[-1]

    async def _simple(self, state: State, text: str, note: str | None) -> None:
        await self.state.set_state(state)
        await self.send((text, None), note)

    async def _name(self, relation: str, note: str | None) -> None:
        await self.state.set_state(Signup.name)
        text = self.t("signup-ask-name", relation=relation)
        builder = Buttons()
        family_id = await self.families.family_id(self.user.id) if relation == "parent" else None
        children = await self.families.children(family_id) if family_id else []
        if children:
            # a child signed up before: one press instead of four answers
            text += "\n\n" + self.t("signup-known-children")
            for child in children[:KNOWN_CHILDREN_SHOWN]:
                builder.button(text=child.name[:24],
                               callback_data=SignupPick(kind="c", id=child.id))
            builder.adjust(2)
        await self.send((text, builder.as_markup() if family_id else None), note)

    async def _birth(self, relation: str, note: str | None) -> None:
        await self._simple(Signup.birth, self.t("signup-ask-birth", relation=relation), note)

    async def _school(self, relation: str, note: str | None) -> None:
        await self._simple(Signup.school, self.t("signup-ask-school", relation=relation), note)

    async def _grade(self, relation: str, note: str | None) -> None:
        await self.state.set_state(Signup.grade)
        await self.send(screens.grade_screen(self.t, relation), note)

    async def _phone(self, relation: str, note: str | None) -> None:
        if relation != "parent":
            await self._simple(Signup.phone, self.t("signup-ask-phone-child"), note)
            return
        await self._simple(Signup.phone, self.t("signup-ask-phone-parent"), note)
        # the contact button sits under the input field: a message of its own
        await self.bot.send_message(
            self.user.id, self.t("btn-share-phone"), reply_markup=screens.phone_keyboard(self.t)
        )

    async def _consent(self, relation: str, note: str | None) -> None:
        await self.state.set_state(Signup.consent)
        await self.send(screens.consent_screen(self.t, relation), note)

    async def _summary(self, relation: str, note: str | None) -> None:
        await self.state.set_state(Signup.summary)
        data = await self.update(editing=False)
        # a young pupil's parent consents later: asked in the bot if one is in the family
        member = await self.services.families.membership(self.user.id)
        asked = relation == "child" and member is not None and member.parented
        await self.send(await screens.summary_screen(
            self.t, data, self.programmes, self.today, parent_asked=asked), note)


Question = Callable[[Form, str, str | None], Awaitable[None]]
QUESTIONS: dict[str, Question] = {
    "name": Form._name, "birth": Form._birth, "school": Form._school, "grade": Form._grade,
    "phone": Form._phone, "consent": Form._consent, "summary": Form._summary,
}


class FormMiddleware(BaseMiddleware):
    """Hands the form's handlers one `form` instead of the dozen things it is made of."""

    async def __call__(
        self, handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject, data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Message | CallbackQuery):
            data["form"] = Form(
                event=event, state=data["state"], t=data["t"], user=data["user"],
                bot=data["bot"], settings=data["settings"], catalogue=data["catalogue"],
                texts=data["texts"], programmes=data["programmes"], families=data["families"],
                quiz=data["quiz_repo"], users=data["users"], notices=data["notices"],
                services=data["services"],
            )
        return await handler(event, data)
