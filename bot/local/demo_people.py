"""The people of one demo run: `:as admin`, `:as <id>` and `:as new` switch who is typing.

Each person has their own chat with the bot. What the bot sends to someone else meanwhile (an
application confirmed, a lesson moved, an answer, a broadcast, a staff notice) stays in that
person's chat and is shown, counted, when the demo switches to them; a line under the current
person's screen says who has new messages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass

from aiogram import Bot, Dispatcher

from bot.local.chat import LocalChat
from bot.local.demo_view import Transcript, View
from bot.local.emulator import Emulator
from storage.users import UserRepo

AS = ":as"
HINTS = 3  # people with new messages named under a screen
NamesTaken = Callable[[Collection[str]], Awaitable[set[str]]]


async def no_one_named(names: Collection[str]) -> set[str]:
    return set()


@dataclass
class Person:
    chat: LocalChat
    transcript: Transcript
    admin: bool

    @property
    def id(self) -> int:
        return self.chat.user_id


class People:
    def __init__(
        self, dp: Dispatcher, bot: Bot, emulator: Emulator, view: View, users: UserRepo, *,
        admin_id: int, after_action: Callable[[], Awaitable[None]],
        names_taken: NamesTaken = no_one_named,
    ) -> None:
        self.dp, self.bot, self.emulator, self.view = dp, bot, emulator, view
        self.users = users
        self.admin_id = admin_id
        self.after_action = after_action
        self.people: dict[int, Person] = {}
        self.hinted: dict[int, int] = {}  # the count of new messages last told, by person
        self.names = [n.strip() for n in view.t("demo-names").split(",") if n.strip()]
        self.names_taken = names_taken  # which names people the database knows have
        self._current: Person | None = None

    @property
    def current(self) -> Person:
        assert self._current is not None, "no one is typing yet"
        return self._current

    async def person(self, user_id: int, first_name: str | None = None) -> Person:
        """This person's chat, opened at the first use: the name and language the bot knows
        them by, or a name of the demo's own."""
        person = self.people.get(user_id)
        if person is not None:
            return person
        known = await self.users.get(user_id)
        language = known.language if known is not None else self.view.locale
        if known is not None:
            first_name = known.first_name
        elif user_id == self.admin_id:
            first_name = self.view.t("demo-admin-name")
        elif first_name is None:
            first_name = await self.fresh_name()
        chat = LocalChat(self.dp, self.bot, self.emulator, user_id=user_id,
                         first_name=first_name, language_code=language)
        chat.after_action = self.after_action
        person = Person(chat, Transcript(chat, self.view), user_id == self.admin_id)
        self.people[user_id] = person
        return person

    async def start(self, user_id: int, first_name: str) -> None:
        """The person the demo starts as."""
        self._current = await self.person(user_id, first_name)
        self.view.say("demo-you-are", name=self.current.chat.first_name, id=str(user_id),
                      role=self.role(self.current))

    @staticmethod
    def role(person: Person) -> str:
        return "admin" if person.admin else "other"

    async def switch(self, argument: str) -> None:
        """`:as admin`, `:as <id>`, `:as new`; `:as` alone lists the people of this run."""
        word = argument.strip().lower()
        if not word:
            await self.list()
            return
        if word == "admin":
            user_id = self.admin_id
        elif word == "new":
            user_id = await self.new_id()
        elif word.isdigit() and 0 < int(word) < 2**52:
            user_id = int(word)
        else:
            self.view.say("demo-as-usage")
            return
        person = await self.person(user_id)
        self._current = person
        person.chat.mark_seen()  # the pop-ups of others' presses are not this person's
        unseen = person.transcript.unseen()
        self.view.out.write(self.view.header(self.view.t(
            "demo-switched", name=person.chat.first_name, id=str(user_id),
            role=self.role(person))) + "\n")
        self.view.say("demo-new-messages", count=len(unseen))
        person.transcript.show_changes(toasts=False)
        self.hinted.pop(user_id, None)

    async def fresh_name(self) -> str:
        """A name of the demo's own that no one in this run or in the database has: the
        first free one of the list, then the list again with 2, 3… after the names."""
        used = {p.chat.first_name for p in self.people.values()} | {
            str(state.user.get("first_name")) for state in self.emulator.chats.values()}
        round_ = 1
        while True:
            names = [n if round_ == 1 else f"{n} {round_}" for n in self.names]
            taken = used | await self.names_taken(names)
            free = next((n for n in names if n not in taken), None)
            if free is not None:
                return free
            round_ += 1

    async def new_id(self) -> int:
        """An id no one in this run or in the database has."""
        user_id = max([*self.emulator.chats, *self.people, self.admin_id]) + 1
        while user_id in self.emulator.chats or await self.users.get(user_id) is not None:
            user_id += 1
        return user_id

    async def list(self) -> None:
        await self.person(self.admin_id)
        self.view.say("demo-people")
        for user_id, person in sorted(self.people.items()):
            line = self.view.t("demo-person", id=str(user_id), name=person.chat.first_name,
                               role=self.role(person))
            if person is self._current:
                line += " " + self.view.t("demo-person-current")
            self.view.out.write(f"    {line}\n")
        self.view.say("demo-as-usage")

    def unseen(self, user_id: int) -> int:
        person = self.people.get(user_id)
        if person is not None:
            return len(person.transcript.unseen())
        # an album is one message to the person, though Telegram keeps one per photo
        return sum(1 for message in self.emulator.sent(user_id)
                   if "media_group_id" not in message or "album_size" in message)

    def elsewhere(self) -> None:
        """A line for each other person who got new messages since last told (a few; the
        rest counted: a broadcast may reach many)."""
        told = []
        for user_id, state in sorted(self.emulator.chats.items()):
            if user_id == self.current.id:
                continue
            count = self.unseen(user_id)
            if count > self.hinted.get(user_id, 0):
                told.append((user_id, state.user["first_name"], count))
            self.hinted[user_id] = count
        for user_id, name, count in told[:HINTS]:
            self.view.say("demo-elsewhere", name=name, id=str(user_id), n=count)
        if len(told) > HINTS:
            self.view.say("demo-elsewhere-more", n=len(told) - HINTS)
        self.view.out.flush()
