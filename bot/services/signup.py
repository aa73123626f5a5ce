"""The rules of the sign-up form, apart from Telegram: which question comes next, whether a
child's age fits a group, who consents when, what may be changed, and the application a filled
form makes."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from bot.services import consent_texts
from bot.services.consents import CONSENT_AGE
from bot.services.dates import age_on
from storage.applications import Application
from storage.programmes import Group

# the questions in order; consent is skipped for young pupils (a parent consents later)
STEPS = ("name", "birth", "school", "grade", "phone", "consent", "summary")
TYPED = ("name", "birth", "school", "grade", "phone")
# what a form holds once anything has been answered (a known child picked, a step edited):
# from then on, words typed at its lists are for the form, never a reason to leave it
ANSWERS = (*TYPED, "child", "consent", "editing")
FORM_FIELDS = ("group", "relation", "name", "birth", "school", "grade", "phone")
EDITABLE = ("name", "birth", "school", "grade", "phone", "group")

Relation = Literal["parent", "child"]


def relation_for(role: str | None) -> Relation:
    """Who fills the form: a pupil for themself, anyone else as a parent."""
    return "child" if role == "pupil" else "parent"


def misfit_age(group: Group, born: date, day: date) -> int | None:
    """The child's age when the group starts (or today, if it has) when it is outside the
    group's ages; None when it fits."""
    age = age_on(born, max(group.starts_on, day))
    return None if group.age_min <= age <= group.age_max else age


def needs_consent_now(data: dict[str, Any], day: date) -> bool:
    """Parents consent in the form; so do pupils from 14. Younger pupils' parents consent
    through the invite link."""
    if data.get("relation") != "child":
        return True
    return age_on(date.fromisoformat(data["birth"]), day) >= CONSENT_AGE


def next_step(step: str, data: dict[str, Any], day: date) -> str:
    """The question after `step` has been answered."""
    if data.get("editing"):
        # a pupil whose new birth date makes them 14 consents now
        if step == "birth" and data.get("relation") == "child" and not data.get("consent") and (
            needs_consent_now(data, day)
        ):
            return "consent"
        return "summary"
    # on to the first question without an answer: a record the form chose (the pupil's own,
    # or a child the family has) answers some of them
    return first_unanswered(data, day)


def first_unanswered(data: dict[str, Any], day: date) -> str:
    """Where a form picks up after its group was chosen again: the first question without an
    answer, else consent if it is due and missing, else the summary."""
    for step in TYPED:
        if step not in data:
            return step
    if needs_consent_now(data, day) and not data.get("consent"):
        return "consent"
    return "summary"


def editable(data: dict[str, Any]) -> tuple[str, ...]:
    """What the summary offers to change: a pupil's own record keeps its name and birth date
    (a parent's to correct), and the phone is the family's."""
    if data.get("own"):
        return tuple(f for f in EDITABLE if f not in ("name", "birth", "phone"))
    return EDITABLE
def consent_text(data: dict[str, Any]) -> consent_texts.ConsentText:
    """The consent text the form shows: the current one of the wording for who fills it."""
    return consent_texts.current(consent_texts.wording_for(data.get("relation", "parent")))


def complete(data: dict[str, Any]) -> bool:
    return all(key in data for key in FORM_FIELDS)


def application(data: dict[str, Any], user_id: int, today: date) -> Application:
    """The application a complete form makes (`today` in the technopark's zone), its consent
    given to the version of the text the form showed."""
    consent = data.get("consent")
    version = data.get("consent_version")
    if not isinstance(version, str):
        # a form whose consent was given before versions were kept showed the text before them
        version = consent_texts.LEGACY if consent else None
    return Application(
        user_id=user_id, relation="child" if data["relation"] == "child" else "parent",
        child_name=data["name"], birth_date=date.fromisoformat(data["birth"]),
        school=data["school"], grade=int(data["grade"]), phone=data["phone"],
        group_id=int(data["group"]), consent=consent in ("photo", "nophoto"),
        photo_consent=consent == "photo", today=today, text_version=version,
        child_id=int(data["child"]) if data.get("child") else None,
    )
