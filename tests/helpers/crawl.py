"""The crawl: press every button reachable from what a chat shows, answering the questions
that are answered by typing as a person would, and fail any press that leads nowhere."""

from __future__ import annotations

from bot.local.chat import LocalChat
from bot.ui.callbacks import QuizAnswer
from tests.helpers.harness import App
from tests.helpers.signup import born

# what a person types at each question that is answered by typing, in turn (a five-year-old
# first: no group fits, and the way out of that must lead somewhere)
TYPED_ANSWERS = {
    "Signup:name": ["Иванова Мария"],
    "Signup:birth": [born(5), born(10)],
    "Signup:school": ["Школа № 5"],
    "Signup:grade": ["4"],
    "Signup:phone": ["+7 912 345-67-89"],
    "Review:reason": ["Группа набрана"],
    "StaffStates:adding": ["@nobody_here"],
    "BroadcastStates:text": ["Завтра занятий нет"],
    "LessonChange:day": ["завтра"],
    "LessonChange:time": ["17:00"],
    "LessonChange:room": ["-"],
    "LessonChange:reason": ["Педагог заболел"],
    "ClosureForm:dates": ["31.12–08.01"],
    "ClosureForm:reason": ["Новогодние каникулы"],
    "ClosureForm:reason_en": ["New Year holidays"],
    "PostForm:title": ["Итоги хакатона"],
    "PostForm:text": ["Команда собрала <b>манипулятор</b>"],
    "PostForm:partner_name": ["Ростех"],
    "PostForm:partner_about": ["Госкорпорация, кейсы по робототехнике"],
    "PostForm:when": ["завтра 10:00"],
    "AskStates:question": ["Во сколько занятия?"],
    "AnswerStates:text": ["В 15:00"],
    # /find: a name's words in the other order, then a part of one (both find families)
    "FindForm:query": ["Пётр Петров", "петр"],
    # an event's registration (a family's) and «➕ Новое событие» (staff's)
    "EventSignup:name": ["Иванов Ваня"],
    "EventSignup:birth": [born(9)],
    "EventSignup:phone": ["+7 912 345-67-89"],
    "EventEdit:title_ru": ["Первый робот"],
    "EventEdit:title_en": ["First robot"],
    "EventEdit:starts": ["10.12.2026 16:00"],
    "EventEdit:ends": ["1,5 ч"],
    "EventEdit:place": ["Лаборатория 204"],
    "EventEdit:seats": ["12"],
    "EventEdit:ages": ["7-12"],
    "EventEdit:until": ["09.12.2026 18:00"],
    "EventEdit:description": ["Соберём робота."],
    "EventEdit:description_en": ["We build a robot."],
    "DoorForm:code": ["ZZZZZZ"],
    "DoorForm:comment": ["Очень понравилось"],
}


QUIZ_ANSWER = QuizAnswer.__prefix__ + QuizAnswer.__separator__


def press_key(data: str) -> str:
    """What makes a press new to the crawl: its data; for a quiz answer, which question and
    which answer (its data carries the answers before it too: the same buttons thousands of
    times over)."""
    if data.startswith(QUIZ_ANSWER):
        return f"{QUIZ_ANSWER}{len(data)}:{data[-1:]}"
    return data


async def state_of(app: App, chat: LocalChat) -> str | None:
    context = app.dp.fsm.get_context(app.bot, chat_id=chat.user_id, user_id=chat.user_id)
    return await context.get_state()


async def crawl(app: App, chat: LocalChat, limit: int = 500, skip: tuple[str, ...] = (),
                *, chain: bool = False) -> tuple[int, set[str]]:
    """Press everything reachable from what the chat shows now, depth first (but no button
    whose data starts with any of `skip`: «🏠 Меню» leads everywhere); how many presses and
    which questions it answered by typing. With `chain`, a typed answer that opens another
    typed question answers that one too, and the newest question's buttons are pressed
    first (a form whose every question has a «cancel» button is gone through to its end)."""
    frontier = [(b.data, b.message_id) for b in reversed(chat.buttons())]
    seen: set[str] = set()
    typed: dict[str, int] = {}
    presses = 0
    while frontier and presses < limit:
        data, message_id = frontier.pop()
        if data is None or press_key(data) in seen or (skip and data.startswith(skip)):
            continue
        seen.add(press_key(data))
        before = len(chat.messages())
        await chat.press_data(data, message_id=message_id)
        presses += 1
        assert len(chat.answers()) == 1, f"{data}: the press was answered {chat.answers()}"
        sent = chat.messages()[before:]
        # the screen the press led to: the newest message it sent, or the one it edited
        screen = sent[-1]["message_id"] if sent else message_id
        buttons = chat.buttons(screen)
        state = await state_of(app, chat)
        if not buttons:
            assert state in TYPED_ANSWERS, (
                f"dead end after {data}: {chat.last_text()[:80]!r} has no buttons and no "
                f"question to answer (state {state})"
            )
        # a question answered by typing (with `chain`, the next ones while they are typed too)
        while state in TYPED_ANSWERS and typed.get(state, 0) < 3:
            answers = TYPED_ANSWERS[state]
            answer = answers[min(typed.get(state, 0), len(answers) - 1)]
            typed[state] = typed.get(state, 0) + 1
            before = len(chat.messages())
            await chat.send(answer)
            assert len(chat.messages()) > before, f"no answer to {answer!r}"
            newest = chat.buttons(chat.last()["message_id"])
            state = await state_of(app, chat)
            assert newest or state in TYPED_ANSWERS, (
                f"dead end after typing {answer!r}: {chat.last_text()[:80]!r}"
            )
            if not chain:
                buttons = buttons + newest
                break
            buttons = newest + buttons  # the question now open first, the pressed screen's after
        for button in buttons:
            assert len(button.text) <= 24, button.text
            assert button.data is None or len(button.data.encode()) <= 64
        # the first button of a screen is pressed first (a form's «cancel» comes last)
        frontier.extend((b.data, b.message_id) for b in reversed(buttons))
    return presses, set(typed)
