"""The parsers of the sign-up form, without Telegram: examples and properties."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.services.telegram_text import (
    FILLERS,
    Refused,
    blank_kind,
    has_visible_text,
    is_invisible,
    visible_text,
)
from bot.services.validators import parse_birth_date, parse_name, parse_phone, parse_school

E164 = re.compile(r"\+[1-9][0-9]{7,14}")
# what people paste without seeing it: fillers and format characters
INVISIBLE = sorted(FILLERS) + ["\u200b", "\u200c", "\u200d", "\u200e", "\u2060", "\u00ad",
                               "\ufeff", "\u180e", "\u2066", "\U000e0020"]
invisibles = st.sampled_from(INVISIBLE)
# what shows nothing at all: the invisible characters, spaces and control characters
blanks = st.sampled_from(INVISIBLE + [" ", "\u00a0", "\u3000", "\t", "\n", "\x00", "\x7f"])
# decimal digits of other scripts: Arabic-Indic, Devanagari, fullwidth, mathematical…
foreign_digits = st.characters(categories=["Nd"]).filter(lambda c: c not in "0123456789")


def sprinkle(text: str, extra: list[str], positions: list[int]) -> str:
    """`text` with the `extra` characters put in at the given positions."""
    chars = list(text)
    for char, position in zip(extra, positions, strict=False):
        chars.insert(position % (len(chars) + 1), char)
    return "".join(chars)


# ---- phones --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+7 912 345-67-89", "+79123456789"),
        ("8 (912) 345-67-89", "+79123456789"),
        ("79123456789", "+79123456789"),  # the contact button, without a plus
        ("+79123456789", "+79123456789"),
        ("912 345 67 89", "+79123456789"),
        ("8 495 123-45-67", "+74951234567"),
        ("\u200e+7\u00a0912\u00a0345\u201167\u201189\u200f", "+79123456789"),
        ("+1 (212) 555-01-23", "+12125550123"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+49 30 123456", "+4930123456"),
        ("+375 29 123-45-67", "+375291234567"),
        ("+86 138 0013 8000", "+8613800138000"),
        ("+81 3 1234 5678", "+81312345678"),
    ],
)
def test_phones_are_stored_in_e164(typed: str, stored: str) -> None:
    assert parse_phone(typed) == stored


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("+7 912 345-67-8", "form-phone-russian"),  # a digit short
        ("+7 912 345-67-890", "form-phone-russian"),  # a digit too many
        ("8 912 345-67-8", "form-phone-russian"),
        ("7912345678", "form-phone-russian"),
        ("+89123456789", "form-phone-plus-eight"),
        ("+8 (495) 123-45-67", "form-phone-plus-eight"),
        ("+8 912 345-67-8", "form-phone-plus-eight"),
        ("+٧ ٩١٢ ٣٤٥ ٦٧ ٨٩", "form-phone-digits"),  # Arabic-Indic digits
        ("+７ ９１２ ３４５ ６７ ８９", "form-phone-digits"),  # fullwidth digits
        ("+7 912 345 67 8९", "form-phone-digits"),  # one Devanagari nine
        ("+0123456789", "form-phone-format"),
        ("+1234567", "form-phone-format"),  # seven digits: too short for any country
        ("+1234567890123456", "form-phone-format"),  # sixteen: longer than E.164 allows
        ("4951234567", "form-phone-format"),  # ten digits without a code: whose?
        ("12345", "form-phone-format"),
        ("++79123456789", "form-phone-format"),
        ("8-912-ABC-67-89", "form-phone-format"),
        ("\u200b", "form-phone-format"),
        ("", "form-phone-format"),
    ],
)
def test_phones_that_are_not_numbers_are_explained(typed: str, key: str) -> None:
    with pytest.raises(Refused) as caught:
        parse_phone(typed)
    assert caught.value.key == key


def test_a_short_russian_number_says_how_many_digits_it_has() -> None:
    with pytest.raises(Refused) as caught:
        parse_phone("+7 912 345-67-8")
    assert caught.value.kwargs == {"count": 9}


@given(st.from_regex(r"9[0-9]{9}", fullmatch=True),
       st.sampled_from(["+7{}", "8{}", "7{}", "{}", "+7 ({}", "8-{}", " +7\u00a0{} "]))
def test_russian_phones_normalise(number: str, spelling: str) -> None:
    assert parse_phone(spelling.format(number)) == "+7" + number


@given(st.from_regex(r"9[0-9]{9}", fullmatch=True), st.integers(1, 9),
       st.sampled_from(["+7{}", "8{}", "7{}", "+8{}", "{}", "+7 ({}"]))
def test_a_russian_number_a_digit_short_is_refused(number: str, drop: int, spelling: str) -> None:
    short = number[:drop] + number[drop + 1 :]
    with pytest.raises(Refused):
        parse_phone(spelling.format(short))


@given(st.from_regex(r"9[0-9]{9}", fullmatch=True), st.integers(0, 9), foreign_digits)
def test_digits_of_other_scripts_are_refused(number: str, at: int, digit: str) -> None:
    typed = "+7" + number[:at] + digit + number[at + 1 :]
    with pytest.raises(Refused) as caught:
        parse_phone(typed)
    assert caught.value.key == "form-phone-digits"


@given(st.from_regex(r"[1-69][0-9]{7,14}", fullmatch=True))
def test_international_numbers_with_their_code_round_trip(digits: str) -> None:
    spaced = " ".join(digits[i : i + 3] for i in range(0, len(digits), 3))
    assert parse_phone("+" + spaced) == "+" + digits


@given(st.text(max_size=40))
def test_phone_parser_never_crashes(value: str) -> None:
    try:
        phone = parse_phone(value)
    except Refused as exc:
        assert exc.key.startswith("form-phone")
    else:
        assert E164.fullmatch(phone), phone
        assert not phone.startswith("+7") or len(phone) == 12
        assert not re.fullmatch(r"\+8[3489][0-9]{9}", phone)


@given(st.text(alphabet="0123456789+ ()-.٠١٢٣٤٥٦٧٨٩０１２３４５６７８９", max_size=20))
def test_phone_parser_on_digit_soup(value: str) -> None:
    try:
        phone = parse_phone(value)
    except Refused as exc:
        assert exc.key.startswith("form-phone")
    else:
        assert E164.fullmatch(phone), phone


# ---- text that shows something ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kind"),
    [("", "empty"), ("  \n\t", "empty"), ("\u200b", "invisible"), (" \u2060 \ufeff ", "invisible"),
     ("\u3164\u2800", "invisible"), ("\x01", "invisible"), ("а", None), ("\u200b.\u200b", None),
     ("🤖", None), ("\u00a0№\u00a0", None)],
)
def test_what_shows_and_what_does_not(typed: str, kind: str | None) -> None:
    assert blank_kind(typed) == kind
    assert has_visible_text(typed) is (kind is None)


@given(st.lists(blanks, max_size=30))
def test_blanks_alone_never_show(chars: list[str]) -> None:
    text = "".join(chars)
    assert not has_visible_text(text)
    assert blank_kind(text) == ("empty" if not text.strip() else "invisible")


@given(st.text(min_size=1), st.lists(blanks, max_size=10), st.lists(st.integers(0, 100),
                                                                    min_size=10))
def test_blanks_change_nothing_about_what_shows(text: str, extra: list[str],
                                                positions: list[int]) -> None:
    assert has_visible_text(sprinkle(text, extra, positions)) == has_visible_text(text)


@given(st.characters(categories=["L", "N", "P", "S"]).filter(lambda c: not is_invisible(c)),
       st.lists(blanks, max_size=10), st.lists(st.integers(0, 100), min_size=10))
def test_one_letter_digit_or_sign_shows(char: str, extra: list[str],
                                        positions: list[int]) -> None:
    assert has_visible_text(sprinkle(char, extra, positions))


@given(st.text(max_size=60))
@example("\x1b \x1b")  # control characters around a space: nothing shows, nothing is kept
def test_what_shows_survives_visible_text(text: str) -> None:
    """The rule and the cleaning agree: text that shows something keeps it once cleaned,
    and text that shows nothing cleans to control characters at most."""
    cleaned = visible_text(text)
    if has_visible_text(text):
        assert has_visible_text(cleaned)
    else:
        assert all(unicodedata.category(char) == "Cc" for char in cleaned)


# ---- names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["\u3164", "\u3164\u3164", "\u3164 \u3164", "\u2800\u2800\u2800", "\u200b\u200b",
     "\u115f\u1160", "\uffa0\uffa0", "\u00ad\u2060\u00ad", "\u3164\u200b \u2800\ufe0f"],
)
def test_a_name_of_invisible_characters_is_refused(typed: str) -> None:
    with pytest.raises(Refused) as caught:
        parse_name(typed)
    assert caught.value.key == "form-name-invisible"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Ива\u200bнова Ма\u00adрия", "Иванова Мария"),
        ("\u3164Иванова\u3164 Мария\u2800", "Иванова Мария"),
        ("Кузнецова Але\u0308на", "Кузнецова Алёна"),  # ё typed as е + two dots
        ("\u200fПетров\u200e Иван", "Петров Иван"),
    ],
)
def test_invisible_characters_are_taken_out_of_names(typed: str, stored: str) -> None:
    assert parse_name(typed) == stored


def test_a_name_is_measured_without_its_invisible_characters() -> None:
    assert parse_name("Я" * 80 + "\u200b" * 40) == "Я" + "я" * 79
    with pytest.raises(Refused) as caught:
        parse_name("Я" * 81)
    assert caught.value.key == "form-name-too-long"


def test_one_letter_among_fillers_is_still_too_short() -> None:
    with pytest.raises(Refused) as caught:
        parse_name("\u3164Я\u3164")
    assert caught.value.key == "form-name-short"


@given(st.lists(invisibles, min_size=1, max_size=30), st.lists(st.sampled_from(" \u00a0\t")))
def test_invisible_only_names_are_refused(chars: list[str], spaces: list[str]) -> None:
    with pytest.raises(Refused) as caught:
        parse_name("".join(chars + spaces))
    assert caught.value.key == "form-name-invisible"


@given(st.lists(invisibles, max_size=10), st.lists(st.integers(0, 100), min_size=10))
def test_fillers_inside_a_name_change_nothing(extra: list[str], positions: list[int]) -> None:
    assert parse_name(sprinkle("иванова мария-луиза", extra, positions)) == "Иванова Мария-Луиза"


@given(st.text(max_size=120))
def test_name_parser_never_crashes(value: str) -> None:
    try:
        name = parse_name(value)
    except Refused as exc:
        assert exc.key.startswith("form-name")
    else:
        assert 2 <= len(name) <= 80 and name == " ".join(name.split())
        assert not any(is_invisible(char) for char in name)
        assert sum(unicodedata.category(char).startswith("L") for char in name) >= 2


# ---- schools -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["\u3164\u3164", "\u2800 \u2800", "\u200b", "\uffa0\u115f"])
def test_a_school_of_invisible_characters_is_refused(typed: str) -> None:
    with pytest.raises(Refused) as caught:
        parse_school(typed)
    assert caught.value.key == "form-school-invisible"


@given(st.lists(blanks, max_size=20))
def test_a_school_or_a_name_that_shows_nothing_is_refused(chars: list[str]) -> None:
    text = "".join(chars)
    kind = blank_kind(text)
    for parse, field in ((parse_school, "school"), (parse_name, "name")):
        with pytest.raises(Refused) as caught:
            parse(text)
        if kind == "invisible":
            assert caught.value.key == f"form-{field}-invisible"


def test_invisible_characters_are_taken_out_of_schools() -> None:
    assert parse_school("Школа\u200b № 5\u3164") == "Школа № 5"
    assert parse_school("Гимназия\u00a0\u2060№\u00a01") == "Гимназия № 1"


@given(st.lists(invisibles, max_size=10), st.lists(st.integers(0, 100), min_size=10))
def test_fillers_inside_a_school_change_nothing(extra: list[str], positions: list[int]) -> None:
    assert parse_school(sprinkle("Лицей № 130", extra, positions)) == "Лицей № 130"


@given(st.text(max_size=150))
def test_school_parser_never_crashes(value: str) -> None:
    try:
        school = parse_school(value)
    except Refused as exc:
        assert exc.key.startswith("form-school")
    else:
        assert 1 <= len(school) <= 100
        assert not any(is_invisible(char) for char in school)


# ---- birth dates ---------------------------------------------------------------------


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2026, 11, 1)))
def test_birth_dates_round_trip(day: date) -> None:
    today = date(2026, 11, 26)
    assert parse_birth_date(day.strftime("%d.%m.%Y"), today) == day


@given(st.text(max_size=40))
def test_birth_date_parser_never_crashes(value: str) -> None:
    try:
        parse_birth_date(value, date(2026, 11, 26))
    except Refused as exc:
        assert exc.key.startswith("form-birth")


TODAY = date(2026, 11, 26)


@pytest.mark.parametrize("typed", [
    "3 марта 2016", "03.03.16", "2016-03-03", "3.3.2016", "3 March 2016", "March 3, 2016",
    "3-го марта 2016 г.", "3 мар. 2016", "March 3rd 2016", "3/3/2016", "03 03 2016",
    "2016.03.03", "3 марта 2016 года", "3 МАРТА 2016", " 3  марта\u00a02016 ", "3 mar 2016",
    "03.03.2016.", "3 марта 2016 г..", "March 3, 2016.", "3.3.16 .",
])
def test_birth_dates_as_people_type_them(typed: str) -> None:
    assert parse_birth_date(typed, TODAY) == date(2016, 3, 3)


@pytest.mark.parametrize(("typed", "born"), [
    ("05.06.14", date(2014, 6, 5)),  # a two-digit year: the century that makes a child
    ("05.06.01", date(2001, 6, 5)),
    ("05.06.26", date(2026, 6, 5)),
    ("3/25/2016", date(2016, 3, 25)),  # the month first, as Americans write it
    ("1 сентября 2015", date(2015, 9, 1)),
    ("1 sept 2015", date(2015, 9, 1)),
    ("May 12, 2014", date(2014, 5, 12)),
    ("12 мая 2014", date(2014, 5, 12)),
    ("29.02.2016", date(2016, 2, 29)),
])
def test_birth_dates_read_as_meant(typed: str, born: date) -> None:
    assert parse_birth_date(typed, TODAY) == born


@pytest.mark.parametrize(("typed", "key"), [
    ("31.02.2016", "form-birth-no-such-day"),
    ("29.02.2015", "form-birth-no-such-day"),
    ("32 марта 2016", "form-birth-no-such-day"),
    ("3.13.2016", "form-birth-no-such-day"),
    ("1.1.2030", "form-birth-future"),
    ("30.11.26", "form-birth-future"),
    ("01.01.1990", "form-birth-too-old"),
    ("01.01.50", "form-birth-too-old"),
    ("3 марсиан 2016", "form-birth-format"),
    ("3 марта", "form-birth-format"),
    ("в прошлом году", "form-birth-format"),
    ("3.3.216", "form-birth-format"),
])
def test_impossible_birth_dates_are_refused(typed: str, key: str) -> None:
    with pytest.raises(Refused) as caught:
        parse_birth_date(typed, TODAY)
    assert caught.value.key == key


RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


@given(st.dates(min_value=date(2002, 1, 1), max_value=TODAY), st.integers(0, 5))
def test_every_accepted_form_of_a_child_birth_date_round_trips(day: date, form: int) -> None:
    typed = [
        f"{day.day} {RU_MONTHS[day.month - 1]} {day.year}",
        f"{day.day:02}.{day.month:02}.{day.year % 100:02}",
        day.isoformat(),
        f"{day.day}.{day.month}.{day.year}",
        f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}",
        f"{EN_MONTHS[day.month - 1]} {day.day}, {day.year}",
    ][form]
    assert parse_birth_date(typed, TODAY) == day


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_a_two_digit_year_never_gives_a_future_or_absurd_birth(day: date) -> None:
    try:
        born = parse_birth_date(day.strftime("%d.%m.%y"), TODAY)
    except Refused as exc:
        assert exc.key in ("form-birth-future", "form-birth-too-old", "form-birth-no-such-day")
    else:
        assert born <= TODAY
        assert (born.day, born.month, born.year % 100) == (day.day, day.month, day.year % 100)
