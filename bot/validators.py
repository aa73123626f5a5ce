"""Checking what people type into the sign-up form. Each parser returns the clean value or
raises Invalid with the key of the text that explains what to fix."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

NAME_MAX = 80
SCHOOL_MAX = 100


class Invalid(ValueError):
    def __init__(self, key: str, **kwargs: object) -> None:
        super().__init__(key)
        self.key = key
        self.kwargs = kwargs


def clean_spaces(value: str) -> str:
    return " ".join(value.split())


def parse_name(value: str) -> str:
    """«иванова  мария-луиза» → «Иванова Мария-Луиза»: letters, spaces, hyphens, apostrophes."""
    value = clean_spaces(value)
    if len(value) > NAME_MAX:
        raise Invalid("form-name-too-long", limit=NAME_MAX)
    letters = 0
    for char in value:
        category = unicodedata.category(char)
        if category.startswith("L"):
            letters += 1
        elif char not in " -'’.":
            raise Invalid("form-name-chars")
    if letters < 2:
        raise Invalid("form-name-short")
    parts = re.split(r"([ -])", value)
    return "".join(_capitalise(part) for part in parts)


def _capitalise(word: str) -> str:
    """«иванова» and «ИВАНОВА» → «Иванова»; «МакКуин» is left as typed."""
    if word in (" ", "-"):
        return word
    if word.isupper() or word.islower():
        word = word.lower()
    return word[:1].upper() + word[1:]


DATE_RE = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$")


def parse_birth_date(value: str, today: date) -> date:
    match = DATE_RE.match(value)
    if not match:
        raise Invalid("form-birth-format")
    day, month, year = (int(part) for part in match.groups())
    try:
        born = date(year, month, day)
    except ValueError:
        raise Invalid("form-birth-no-such-day") from None
    if born > today:
        raise Invalid("form-birth-future")
    if age_on(born, today) > 25:
        raise Invalid("form-birth-too-old")
    return born


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def parse_phone(value: str) -> str:
    """Russian numbers in any usual spelling → +7XXXXXXXXXX; other countries as +E.164."""
    raw = value.strip()
    digits = re.sub(r"[\s()\-.]", "", raw)
    if not re.fullmatch(r"\+?\d+", digits):
        raise Invalid("form-phone-format")
    plus = digits.startswith("+")
    digits = digits.lstrip("+")
    if len(digits) == 11 and digits[0] in "78" and (not plus or digits[0] == "7"):
        return "+7" + digits[1:]
    if len(digits) == 10 and digits[0] == "9" and not plus:
        return "+7" + digits
    if plus and 10 <= len(digits) <= 15 and digits[0] != "0":
        return "+" + digits
    raise Invalid("form-phone-format")


def is_emoji_or_control(char: str) -> bool:
    """Emoji, pictographs and invisible characters; «№» and other text symbols are fine."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs")
        or code >= 0x1F000
        or 0x2600 <= code <= 0x27BF
        or 0x2B00 <= code <= 0x2BFF
        or 0xFE00 <= code <= 0xFE0F
    )


def parse_school(value: str) -> str:
    value = clean_spaces(value)
    if len(value) > SCHOOL_MAX:
        raise Invalid("form-school-too-long", limit=SCHOOL_MAX)
    if not any(ch.isalnum() for ch in value):
        raise Invalid("form-school-empty")
    if any(is_emoji_or_control(ch) for ch in value):
        raise Invalid("form-school-chars")
    return value
