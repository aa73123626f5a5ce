"""The people of one demo run: `:as admin`, `:as <id>` and `:as new` switch who is typing.

Each person has their own chat with the bot. What the bot sends to someone else meanwhile (an
application confirmed, a lesson moved, an answer, a broadcast, a staff notice) stays in that
person's chat and is shown, counted, when the demo switches to them; a line under the current
person's screen says who has new messages. On a kept database the chats outlast the run
(`bot.local.demo_keep`): what someone has not read yet is counted and shown in the next run,
and `:as` lists everyone the bot knows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass

from aiogram import Bot, Dispatcher

from bot.local.chat import LocalChat
from bot.local.demo_view import Transcript, View, first_of_album, mark
from bot.local.emulator import Emulator
from storage.demo import Known
from storage.users import UserRepo

AS = ":as"
HINTS = 3  # people with new messages named under a screen
LISTED = 15  # people `:as` lists, the newest first
ON_SCREEN_KEPT = 50  # people remembered as on screen lately, for `:as`
NamesTaken = Callable[[Collection[str]], Awaitable[set[str]]]
KnownPeople = Callable[[int], Awaitable[tuple[list[Known], int]]]


async def no_one_named(names: Collection[str]) -> set[str]:
    return set()


async def no_one_known(limit: int) -> tuple[list[Known], int]:
    return [], 0


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
        names_taken: NamesTaken = no_one_named, known: KnownPeople = no_one_known,
        seen_before: dict[int, dict[int, str]] | None = None,
        on_screen: list[int] | None = None,
    ) -> None:
        self.dp, self.bot, self.emulator, self.view = dp, bot, emulator, view
        self.users = users
        self.admin_id = admin_id
        self.after_action = after_action
        self.people: dict[int, Person] = {}
        self.hinted: dict[int, int] = {}  # the count of new messages last told, by person
        self.looked: int | None = None  # the Bot API calls `elsewhere` has looked at
        self.names = [n.strip() for n in view.t("demo-names").split(",") if n.strip()]
        self.names_taken = names_taken  # which names people the database knows have
        self.known = known  # the people the database knows, the newest first
        # what each person had seen of their chat by the end of an earlier run, by marks
        self.seen_before = dict(seen_before or {})
        # who was on screen, the last last: in this run and, kept, in earlier ones
        self.on_screen = list(on_screen or [])
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
        transcript = Transcript(chat, self.view, self.seen_before.get(user_id))
        person = Person(chat, transcript, user_id == self.admin_id)
        self.people[user_id] = person
        return person

    async def start(self, user_id: int, first_name: str) -> None:
        """The person the demo starts as; what they have not read yet (an earlier run on the
        same database), and who else has something new."""
        self._current = person = await self.person(user_id, first_name)
        self.put_on_screen(user_id)
        self.view.say("demo-you-are", name=person.chat.first_name, id=str(user_id),
                      role=self.role(person))
        unseen = person.transcript.unseen()
        if unseen:
            self.view.say("demo-new-messages", count=len(unseen))
            person.transcript.show_changes(toasts=False)
        self.elsewhere()

    def put_on_screen(self, user_id: int) -> None:
        if user_id in self.on_screen:
            self.on_screen.remove(user_id)
        self.on_screen = [*self.on_screen, user_id][-ON_SCREEN_KEPT:]

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
        self.put_on_screen(user_id)
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
        """Who was on screen lately (in this run or an earlier one), the last first; the
        others of this run; then everyone else the database knows, the newest first. A
        bounded list, the rest counted."""
        ids = [*reversed(self.on_screen), *(u for u in reversed(self.people)
                                            if u not in self.on_screen)]
        rows: list[tuple[int, str, str | None]] = []
        fresh = 0  # people listed whom the database does not know yet (no word to the bot)
        for user_id in ids:
            user = await self.users.get(user_id)
            person, state = self.people.get(user_id), self.emulator.chats.get(user_id)
            if person is not None:
                name = person.chat.first_name
            elif user is not None:
                name = user.first_name
            elif state is not None:
                name = str(state.user.get("first_name"))
            else:
                continue
            fresh += user is None
            role: str | None = None if user is None else user.staff_role or user.family_role
            rows.append((user_id, name, role))
        known, total = await self.known(LISTED + len(rows))
        listed = {row[0] for row in rows}
        rows += [(p.id, p.first_name, p.role) for p in known if p.id not in listed]
        self.view.say("demo-people")
        for user_id, name, role in rows[:LISTED]:
            line = self.view.t("demo-person", id=str(user_id), name=name,
                               role="admin" if user_id == self.admin_id else role or "other")
            if user_id == self.current.id:
                line += " " + self.view.t("demo-person-current")
            self.view.out.write(f"    {line}\n")
        more = total + fresh - min(len(rows), LISTED)
        if more > 0:
            self.view.say("demo-people-more", n=more)
        self.view.say("demo-as-usage")

    def touched(self) -> set[int] | None:
        """The chats the bot wrote to (or edited, or deleted in) since last looked; None: all
        of them (the first look, which counts what earlier runs left unread too)."""
        calls, looked = self.emulator.calls, self.looked
        self.looked = len(calls)
        if looked is None or looked > len(calls) or not self.emulator.record:
            return None
        return {int(chat_id) for call in calls[looked:]
                if isinstance(chat_id := call.params.get("chat_id"), int | str)
                and str(chat_id).lstrip("-").isdigit()}

    def unseen(self, user_id: int) -> int:
        person = self.people.get(user_id)
        if person is not None:
            return len(person.transcript.unseen())
        # an album is one message to the person, though Telegram keeps one per photo
        seen = self.seen_before.get(user_id, {})
        return sum(1 for message in self.emulator.sent(user_id) if first_of_album(message)
                   and seen.get(message["message_id"]) != mark(message))

    def seen(self) -> dict[int, dict[int, str]]:
        """What each person has seen of their chat (by marks), for the next run."""
        marks = dict(self.seen_before)
        for user_id, person in self.people.items():
            marks[user_id] = person.transcript.seen()
        return marks

    def elsewhere(self) -> None:
        """A line for each other person who got new messages since last told (a few; the
        rest counted: a broadcast may reach many)."""
        told = []
        touched = self.touched()
        for user_id, state in sorted(self.emulator.chats.items()):
            if user_id == self.current.id or (touched is not None and user_id not in touched):
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
