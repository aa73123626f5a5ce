"""Texts that insert a person's name read as Russian: the name stands where the nominative
does («Пётр Петров — 12 лет к началу занятий»), never after a preposition or in a slot that
needs another case («для Пётр Петров», «заявка Пётр Петров», «Пётр Петров будет 12»)."""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

import pytest
from fluent.syntax import FluentParser, ast, visitor

from bot.i18n import LOCALES_DIR, Texts

NAMES = ["Петров Пётр", "Иванова Мария", "Ким Анна-Мария", "Лев"]

# every text that takes a name, checked below; a new one must be added here and read once
NAME_KEYS = {
    "welcome-new", "welcome-back",  # the user's own first name, as a greeting
    "door-child",  # a child at an event's door, the name first
    "children-child", "btn-cancel-enrolment", "btn-cancel-enrolment-group",
    "children-cancel-confirm", "consent-needed",
    "signup-same-child", "consent-refused-done",
    "consent-renew", "consent-state-child", "btn-consent-open",  # a newer consent text
    "notice-status", "apps-line", "app-card", "staff-new-application",
    "signup-group-line", "signup-summary", "signup-done-applied", "signup-done-waitlisted",
    "form-age-misfit", "bc-aud-path-group",
    "sched-next-child", "sched-absent", "ics-name-child", "ics-summary-child",  # a first name
    "btn-absent-child", "rset-child", "rset-child-title", "rset-next-for", "btn-rset-child",
    "absence-line", "btn-absent-undo-child", "absence-already",
    "journal-missed-line",  # a child who missed two lessons, nominative: «Имя — группа»
    "absence-taken-back", "absence-staff", "absence-staff-back",
    "rc-notice-absent", "rc-notice-fixed",  # the roll call's «не пришёл»: a first name
    "q-asker", "q-child-line", "q-child-no-group", "q-list-line", "q-list-taken", "btn-q-open",
    "q-card-answered", "q-card-taken", "q-answer-busy", "q-answer-late",
    "staff-line", "btn-staff-remove", "staff-revoke-confirm", "staff-add-already-staff",
    "staff-add-admin",
    "staff-added", "staff-removed", "staff-remove-gone",
    "demo-you-are", "demo-switched", "demo-person", "demo-elsewhere",  # who types in the demo
    "demo-contact",  # the demo's «Отправлен контакт: Аня, +7…»
    "find-child", "roster-line",  # staff: a found family, a group's roster
    "undelivered-child", "undelivered-person",  # a family's child, a person in no family
    "chat-for-child",  # a child's first name heading the quanta for their age
    "chat-child-unfit", "chat-advice-child-none",  # …or saying none fits their age yet
    "eva-person",  # staff: a child on an event's list
}

# values for the selectors a text may switch on
CHOICES: dict[str, list[Any]] = {
    "you": ["ty", "vy"], "relation": ["parent", "child"], "named": ["yes", "no"],
    "status": ["confirmed", "rejected", "navigator", "applied", "waitlisted", "offered",
               "cancelled", "withdrawn", "awaiting_consent"],
    "role": ["admin", "staff"], "full": ["yes", "no"], "started": ["yes", "no"],
    "interview": ["yes", "no"],
    "consent": ["photo", "nophoto", "parent", "asked"], "room": ["none", "Каб. 101"],
    "photo": ["yes", "no"], "who": ["me", "pupil", "parent"], "refused": ["yes", "no"],
    "running": ["yes", "no"], "ages": ["none", "7–9 лет"],
    "apps": [0, 2], "offered": ["yes", "no"],
}
FILLER: dict[str, Any] = {
    "age": 12, "min": 7, "max": 11, "position": 2, "id": 7, "programme": "Робототехника",
    "group": "Вт/Чт 15:00", "until": "5 декабря, 18:00", "birth": "12.05.2014",
    "school": "Школа № 5", "grade": 6, "phone": "+79123456789", "teacher": "Иванова Е. А.",
    "start": "1 сентября", "free": 3, "waiting": 0, "n": 1, "version": "2025-09-01",
    "level": "intro", "when": "вт, 12 мая, 16:00", "link": "https://t.me/bot?start=fam_x",
    "code": "x", "reason": "—", "summary": "Робототехника · «Вт/Чт 15:00»",
    "leads": "вечером накануне и за 2 часа", "title": "Робототехника", "time": "19:00",
    "old": "2025-09-01", "date": "12 мая 2026", "changes": "фото с занятий",
    "number": 1, "why": "blocked", "quanta": "Космоквантум с 11 лет", "low": 7, "high": 17,
}

PREPOSITIONS = ("для", "у", "к", "ко", "о", "об", "с", "со", "за", "от", "на", "по", "при",
                "без", "про", "через", "перед", "над", "под")
GENITIVE_SLOTS = ("заявка", "заявку", "заявки", "заявке", "место", "согласие", "данные")


class Variables(visitor.Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:  # noqa: N802
        self.names.add(node.id.name)
        self.generic_visit(node)


@functools.cache
def messages(locale: str) -> dict[str, set[str]]:
    """Each message of the locale and the variables it uses (parsed once per run)."""
    found: dict[str, set[str]] = {}
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        for entry in FluentParser().parse(path.read_text("utf-8")).body:
            if isinstance(entry, ast.Message):
                variables = Variables()
                variables.visit(entry)
                found[entry.id.name] = variables.names
    return found


def renderings(texts: Texts, locale: str, key: str, variables: set[str]) -> list[str]:
    switches = sorted(v for v in variables if v in CHOICES)
    out = []
    for combo in itertools.product(*(CHOICES[v] for v in switches)):
        for name in NAMES:
            args = {**FILLER, **dict(zip(switches, combo, strict=True)), "name": name}
            out.append(texts.get(locale, key, **args))
    return out


def test_the_texts_that_take_a_name_are_known() -> None:
    for locale in ("ru", "en"):
        taking = {key for key, names in messages(locale).items() if "name" in names}
        assert taking == NAME_KEYS, locale


@pytest.mark.parametrize("key", sorted(NAME_KEYS))
def test_a_name_stands_in_the_nominative(texts: Texts, key: str) -> None:
    variables = messages("ru")[key]
    for text in renderings(texts, "ru", key, variables):
        for name in NAMES:
            for match in re.finditer(re.escape(name), text):
                # the words before it in the same sentence
                sentence = re.split(r"[.!?:\n—·]", text[: match.start()])[-1]
                before = re.sub(r"<[^>]+>|[«“\"(]", "", sentence).split()
                word = before[-1].lower() if before else ""
                assert word not in PREPOSITIONS, f"{key}: «{word} {name}» in {text!r}"
                assert word not in GENITIVE_SLOTS, f"{key}: «{word} {name}» in {text!r}"
                after = text[match.end():].split()
                assert not (after[:1] == ["будет"] and after[1:2] and after[1][0].isdigit()), (
                    f"{key}: «{name} будет …» needs the dative: {text!r}"
                )


def test_the_files_cut_into_texts_give_what_the_parser_reads() -> None:
    """Texts are parsed when first asked for, from the files cut into their entries: the cut
    gives every message the parser finds in a whole file, and nothing else."""
    texts = Texts()
    for locale in texts.locales:
        whole = set()
        for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
            resource = FluentParser(with_spans=False).parse(path.read_text("utf-8"))
            whole |= {entry.id.name for entry in resource.body
                      if isinstance(entry, ast.Message)}
        assert texts.keys[locale] == whole
    texts.load_all()  # every text parses on its own
    assert texts.get("ru", "btn-home") == "🏠 Меню"


class Selectors(visitor.Visitor):
    """The variables a message switches on, with the variants each offers."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, set[str | float]] = {}

    def visit_SelectExpression(self, node: ast.SelectExpression) -> None:  # noqa: N802
        if isinstance(node.selector, ast.VariableReference):
            keys = self.found.setdefault(node.selector.id.name, set())
            for variant in node.variants:
                key = variant.key
                keys.add(key.name if isinstance(key, ast.Identifier) else float(key.value))
        self.generic_visit(node)


@functools.cache
def selectors(locale: str) -> dict[str, dict[str, set[str | float]]]:
    found: dict[str, dict[str, set[str | float]]] = {}
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        for entry in FluentParser().parse(path.read_text("utf-8")).body:
            if isinstance(entry, ast.Message):
                seen = Selectors()
                seen.visit(entry)
                found[entry.id.name] = seen.found
    return found


# a plural category and a number that falls in it; a count on a button has at most 3 digits
PLURAL_NUMBERS = {"zero": 0, "one": 1, "few": 2, "many": 5, "other": 999}
# what a label's other variables are at their longest that is not cut (a name, a quantum's
# or a group's name is cut to the limit by the screen that shows it: here it is empty)
WIDEST = {"count": 999, "n": 999, "free": 99, "id": 99999, "part": 9, "time": "19:00",
          "status": "awaiting_consent"}


def label_keys(locale: str) -> list[str]:
    """Every text shown on a button: the `btn-` ones and the closure form's usual reasons."""
    from handlers.staff.timetable.closure_screens import USUAL_REASONS

    return sorted({key for key in messages(locale) if key.startswith("btn-")}
                  | set(USUAL_REASONS))


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_every_button_label_fits_a_phone_s_row(texts: Texts, locale: str) -> None:
    """A fixed label (every variant of it: «ты»/«вы», each plural, each status) is at most
    24 characters, as `bot.ui.keyboards.LABEL_LIMIT` cuts the labels made of names."""
    from bot.ui.keyboards import LABEL_LIMIT

    too_long = []
    for key in label_keys(locale):
        switches = selectors(locale)[key]
        names = sorted(switches)
        choices = [
            [PLURAL_NUMBERS.get(str(v), v) if isinstance(v, str) else v for v in switches[n]]
            for n in names
        ]
        for combo in itertools.product(*choices):
            args = {v: WIDEST.get(v, "") for v in messages(locale)[key]}
            args.update(dict(zip(names, combo, strict=True)))
            label = texts.get(locale, key, **args)
            if len(label) > LABEL_LIMIT:
                too_long.append(f"{key}: {label!r} ({len(label)})")
    assert too_long == []
