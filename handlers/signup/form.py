"""The form a step works on: the handler's `flow`, wrapped with the answers so far and the
questions, so a step handler takes the event, its callback data and `flow`, and builds a
`SignupForm(flow)`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from aiogram.fsm.state import State

from bot.i18n import T
from bot.services import signup as rules
from bot.ui.callbacks import SignupPick
from bot.ui.keyboards import Buttons, Screen, button_label
from handlers.common import send, show
from handlers.flow import Flow
from handlers.signup import screens
from handlers.signup.states import Signup
from storage.form_family import FamilyOnFile
from storage.programmes import Group
from storage.users import User

KNOWN_CHILDREN_SHOWN = 6


class SignupForm:
    """The sign-up form over the handler's `flow`: the answers kept in the conversation's
    state, the questions, and what is open for sign-up (flow.services.openings)."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.services = flow.services
        self.openings = flow.services.openings
        self.event, self.state, self.bot = flow.event, flow.state, flow.bot
        self.settings, self.catalogue, self.texts = flow.settings, flow.catalogue, flow.texts
        self._family: FamilyOnFile | None = None
        self._family_read = False

    @property
    def t(self) -> T:
        return self.flow.t

    @property
    def user(self) -> User:
        return self.flow.user

    @property
    def today(self) -> date:
        """Today in the technopark's zone: ages count from it."""
        return self.flow.today

    async def family(self) -> FamilyOnFile | None:
        """The person's family as on file: its phone and children. Read once for the update
        a step handles (no step writes a family's rows before it reads them)."""
        if not self._family_read:
            self._family = await self.services.enrolment.family_on_file(self.user.id)
            self._family_read = True
        return self._family

    async def group(self, group_id: int, *, with_family: bool = False) -> Group | None:
        """A group open for sign-up; `with_family`: the family (`family()`) read at the same
        time, when the step goes on to a question that shows it — the two queries go to the
        database's thread together, one wait for both."""
        if not with_family or self._family_read:
            return await self.openings.group(group_id)
        group, _ = await asyncio.gather(self.openings.group(group_id), self.family())
        return group

    async def data(self) -> dict[str, Any]:
        return await self.state.get_data()

    async def untouched(self) -> bool:
        """At the lists with nothing answered yet: leaving would lose nothing typed."""
        if await self.current_step() != "choosing":
            return False
        data = await self.data()
        return not any(key in data for key in rules.ANSWERS)

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
        self.flow.speak_as(user)

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
        family = await self.family() if relation == "parent" else None
        children = family.children if family is not None else []
        if children:
            # a child signed up before: one press instead of four answers
            text += "\n\n" + self.t("signup-known-children")
            for child in children[:KNOWN_CHILDREN_SHOWN]:
                builder.button(text=button_label(child.name),
                               callback_data=SignupPick(kind="c", id=child.id))
            builder.adjust(2)
        await self.send((text, builder.as_markup() if family is not None else None), note)

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
            self.t, data, self.openings, self.today, parent_asked=asked), note)


Question = Callable[[SignupForm, str, str | None], Awaitable[None]]
QUESTIONS: dict[str, Question] = {
    "name": SignupForm._name, "birth": SignupForm._birth, "school": SignupForm._school,
    "grade": SignupForm._grade, "phone": SignupForm._phone, "consent": SignupForm._consent,
    "summary": SignupForm._summary,
}
