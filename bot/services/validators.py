"""Checking what people type into the sign-up form and into a lesson's change. Each parser
returns the clean value or raises Refused with the key of the text that explains what to fix;
whether typed text shows anything at all is decided in bot.services.telegram_text."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

from bot.services.dates import age_on
from bot.services.schedule import LONGEST, ROOM_LIMIT, SHORTEST
from bot.services.telegram_text import Refused, blank_kind, visible_text

NAME_MAX = 80
SCHOOL_MAX = 100


def parse_name(value: str) -> str:
    """«иванова  мария-луиза» → «Иванова Мария-Луиза»: letters, spaces, hyphens, apostrophes."""
    if blank_kind(value) == "invisible":
        raise Refused("form-name-invisible")
    value = visible_text(value)
    if len(value) > NAME_MAX:
        raise Refused("form-name-too-long", limit=NAME_MAX)
    letters = 0
    for char in value:
        category = unicodedata.category(char)
        if category.startswith("L"):
            letters += 1
        elif char not in " -'’.":
            raise Refused("form-name-chars")
    if letters < 2:
        raise Refused("form-name-short")
    parts = re.split(r"([ -])", value)
    return "".join(_capitalise(part) for part in parts)


def _capitalise(word: str) -> str:
    """«иванова» and «ИВАНОВА» → «Иванова»; «МакКуин» is left as typed."""
    if word in (" ", "-"):
        return word
    if word.isupper() or word.islower():
        word = word.lower()
    return word[:1].upper() + word[1:]


# a birth date as people type it: «3.3.2016», «03.03.16», «2016-03-03», «3 марта 2016 г.»,
# «3 March 2016», «March 3rd, 2016»
NUMERIC_DATE = re.compile(r"^(\d{1,4})\s*[./\- ]\s*(\d{1,2})\s*([./\- ])\s*(\d{1,4})$")
DAY_MONTH_YEAR = re.compile(
    r"^(\d{1,2})(?:-?(?:го|е|ое|st|nd|rd|th))?\s*([a-zа-яё]{3,})\.?\s*(\d{2}|\d{4})$"
)
MONTH_DAY_YEAR = re.compile(r"^([a-zа-яё]{3,})\.?\s*(\d{1,2})(?:st|nd|rd|th)?\s*(\d{2}|\d{4})$")
YEAR_WORD = re.compile(r"\s*(?:г\.?|гг\.?|года?|year)$")
MONTH_NAMES = (
    ("январь", "января", "january"), ("февраль", "февраля", "february"),
    ("март", "марта", "march"), ("апрель", "апреля", "april"), ("май", "мая", "may"),
    ("июнь", "июня", "june"), ("июль", "июля", "july"), ("август", "августа", "august"),
    ("сентябрь", "сентября", "september"), ("октябрь", "октября", "october"),
    ("ноябрь", "ноября", "november"), ("декабрь", "декабря", "december"),
)
OLDEST = 25  # older than this is a slip in the year: the technopark is for children


def month_number(word: str) -> int | None:
    """«марта», «март», «мар», «March», «sept» → 3 or 9; anything else → None."""
    if len(word) < 3:
        return None
    for number, names in enumerate(MONTH_NAMES, start=1):
        if any(name.startswith(word) for name in names) or (number == 9 and word == "sept"):
            return number
    return None


def _birth_parts(text: str) -> tuple[int, int, str]:
    """(day, month, year as typed) from any of the accepted forms, or Refused."""
    match = NUMERIC_DATE.match(text)
    if match:
        first, second, separator, last = match.groups()
        if len(first) == 4 and len(last) <= 2:
            return int(last), int(second), first  # 2016-03-03
        if len(first) > 2 or len(last) not in (2, 4):
            raise Refused("form-birth-format")
        day, month = int(first), int(second)
        if separator == "/" and month > 12 >= day:
            day, month = month, day  # 3/25/2016: the month first, as in American English
        return day, month, last
    match = DAY_MONTH_YEAR.match(text)
    if match:
        named = month_number(match[2])
        if named is not None:
            return int(match[1]), named, match[3]
    match = MONTH_DAY_YEAR.match(text)
    if match:
        named = month_number(match[1])
        if named is not None:
            return int(match[2]), named, match[3]
    raise Refused("form-birth-format")


def _birth_day(day: int, month: int, year: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_birth_date(value: str, today: date) -> date:
    """A child's birth date in any usual spelling. A two-digit year takes the century that
    makes a child of that age; only a day that cannot be a pupil's birthday is refused."""
    # a full stop after the date, as at the end of a sentence: «03.03.2016.», «3 марта 2016 г.»
    text = visible_text(value).lower().replace(",", " ").strip().rstrip(". ")
    text = YEAR_WORD.sub("", text).strip().rstrip(". ")
    text = " ".join(text.split())
    day, month, typed_year = _birth_parts(text)
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise Refused("form-birth-no-such-day")
    if len(typed_year) == 4:
        years = [int(typed_year)]
    else:
        century = today.year // 100 * 100
        years = [century + int(typed_year), century - 100 + int(typed_year)]
    days = [found for year in years if (found := _birth_day(day, month, year)) is not None]
    if not days:
        raise Refused("form-birth-no-such-day")
    plausible = [d for d in days if d <= today and age_on(d, today) <= OLDEST]
    born = plausible[0] if plausible else days[0]
    if born > today and len(days) > 1 and born.year > today.year:
        born = days[1]  # «01.01.30» in 2026 is not 2030; 1930 is then refused as too old
    if born > today:
        raise Refused("form-birth-future")
    if age_on(born, today) > OLDEST:
        raise Refused("form-birth-too-old")
    return born


PHONE_SEPARATORS = re.compile(r"[\s()\-.‐‑‒–—]")
ASCII_DIGITS = frozenset("0123456789")


def parse_phone(value: str) -> str:
    """A phone number in E.164: Russian ones in any usual spelling (+7 912 345-67-89,
    8 (912) 345-67-89, 79123456789 as the contact button sends it, 9123456789) become
    +79123456789; other countries are written with + and their code (8–15 digits)."""
    compact = PHONE_SEPARATORS.sub("", visible_text(value))
    if any(char.isnumeric() and char not in ASCII_DIGITS for char in compact):
        raise Refused("form-phone-digits")
    plus = compact.startswith("+")
    digits = compact[1:] if plus else compact
    if not digits or any(char not in ASCII_DIGITS for char in digits):
        raise Refused("form-phone-format")
    if not plus:
        if len(digits) == 11 and digits[0] in "78":
            return "+7" + digits[1:]
        if len(digits) == 10 and digits[0] == "9":
            return "+7" + digits
        if digits[0] in "78" and 8 <= len(digits) <= 12:
            raise Refused("form-phone-russian", count=len(digits) - 1)
        raise Refused("form-phone-format")
    if digits[0] == "7":
        if len(digits) != 11:
            raise Refused("form-phone-russian", count=len(digits) - 1)
        return "+" + digits
    if digits[:2] in ("83", "89") or (len(digits) == 11 and digits[:2] in ("84", "88")):
        # 8 is how a Russian number is dialled at home (8 912…, 8 495…), not a country code:
        # none begins 83 or 89, and an 11-digit +84…/+88… is far likelier a Russian number
        # with a stray plus than Vietnam or a satellite network. Stored, it would reach nobody.
        raise Refused("form-phone-plus-eight")
    if digits[0] == "0" or not 8 <= len(digits) <= 15:
        raise Refused("form-phone-format")
    return "+" + digits


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
    if blank_kind(value) == "invisible":
        raise Refused("form-school-invisible")
    value = visible_text(value)
    if len(value) > SCHOOL_MAX:
        raise Refused("form-school-too-long", limit=SCHOOL_MAX)
    if not any(ch.isalnum() for ch in value):
        raise Refused("form-school-empty")
    if any(is_emoji_or_control(ch) for ch in value):
        raise Refused("form-school-chars")
    return value


# ---- a lesson moved or cancelled by staff: the day, the time, the room, the reason --------

LESSON_DAY = re.compile(r"^([0-9]{1,2})[./-]([0-9]{1,2})(?:[./-]([0-9]{4}))?$")
DAY_WORDS = {"сегодня": 0, "today": 0, "завтра": 1, "tomorrow": 1, "послезавтра": 2}
MOVE_HORIZON = timedelta(days=366)
# a day and month typed without a year that fell this far back or less is a slip (the past),
# not the same day next year
RECENT_PAST = timedelta(days=183)
LESSON_TIME = re.compile(
    r"^(?:с|from)?\s*([0-9]{1,2})[:.]([0-9]{2})"
    r"(?:\s*(?:[-–—]|до|to|till)\s*([0-9]{1,2})[:.]([0-9]{2}))?$"
)
REASON_MAX = 200


def parse_lesson_day(value: str, today: date) -> date:
    """The day a lesson moves to: «12.05», «12.05.2026», «сегодня», «завтра». Without a year
    it is the nearest such day from today on; one of the last half-year is refused as past."""
    text = visible_text(value).lower()
    if text in DAY_WORDS:
        return today + timedelta(days=DAY_WORDS[text])
    match = LESSON_DAY.match(text)
    if match is None:
        raise Refused("ls-day-format")
    day, month = int(match[1]), int(match[2])
    if match[3] is not None:
        try:
            found = date(int(match[3]), month, day)
        except ValueError:
            raise Refused("ls-day-no-such") from None
        if found < today:
            raise Refused("ls-day-past")
        if found - today > MOVE_HORIZON:
            raise Refused("ls-day-far")
        return found
    for year in (today.year, today.year + 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
        if today - found < RECENT_PAST:
            raise Refused("ls-day-past")
    raise Refused("ls-day-no-such")


def _clock(hours: str, minutes: str) -> time:
    try:
        return time(int(hours), int(minutes))
    except ValueError:
        raise Refused("ls-time-no-such") from None


def parse_lesson_time(value: str) -> tuple[time, time | None]:
    """«16:00» (the start: the lesson keeps its length) or «16:00-17:30»; a lesson takes 15
    minutes to 8 hours."""
    match = LESSON_TIME.match(visible_text(value).lower())
    if match is None:
        raise Refused("ls-time-format")
    start = _clock(match[1], match[2])
    if match[3] is None:
        return start, None
    end = _clock(match[3], match[4])
    if end <= start:
        raise Refused("ls-time-order")
    length = datetime.combine(date.min, end) - datetime.combine(date.min, start)
    if not SHORTEST <= length <= LONGEST:
        raise Refused("ls-time-length")
    return start, end


def parse_room(value: str) -> str | None:
    """A lesson's new room, or None for «-»: it stays where it is."""
    text = visible_text(value)
    if text in ("-", "–", "—"):
        return None
    if len(text) > ROOM_LIMIT:
        raise Refused("ls-room-too-long", limit=ROOM_LIMIT)
    if any(is_emoji_or_control(char) for char in text):
        raise Refused("ls-room-chars")
    if not any(char.isalnum() for char in text):
        raise Refused("ls-room-empty")
    return text


def parse_reason(value: str) -> str:
    """Why a lesson is cancelled or moved, as the families will read it."""
    printable = "".join(c for c in value if c.isspace() or unicodedata.category(c) != "Cc")
    text = visible_text(printable)
    if len(text) > REASON_MAX:
        raise Refused("ls-reason-too-long", limit=REASON_MAX)
    if not any(char.isalnum() for char in text):
        raise Refused("ls-reason-empty")
    return text
