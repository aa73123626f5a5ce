"""The consent texts: every version, the wording it is written in, what it covers, and which
one is current. One place: the sign-up form, the parent's consent through an invite and the
renewal all show the current text of their wording and record its version.

Wordings: `parent` — a parent consents for their child; `self` — a pupil of 14 or over
consents for themself («мои фамилия и имя», «меня можно фотографировать»). A consent record's
`given_as` says which: 'pupil' is the self wording, 'parent' (or none, on records older than
that column) the parent's.

Versions are `YYYY-MM-` (the month the text took effect), `p` or `s` (parent or self), and a
number: 2026-12-p1, 2026-12-s1. Before the wordings were told apart there was one text,
2025-09-01, the first of both histories.

Scope: what a version covers. A feature that needs more than the first texts covered (lesson
photos shared with the group's families, event visits, typed texts kept for staff) adds its
scope to a new version of both wordings and asks `Consents.covers(child, scope)` first: until a
family accepts the new version, their older consent — and its scope — holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Wording = Literal["parent", "self"]

DATA = "data"  # name, birth date, school and grade, a parent's phone: sign-up, contact, attendance
PHOTOS = "photos"  # photos and video in class for the technopark's news, if the choice said yes
SCOPES = (DATA, PHOTOS)

LEGACY = "2025-09-01"


@dataclass(frozen=True, slots=True)
class ConsentText:
    version: str
    scope: frozenset[str]
    text_key: str | None  # its text in locales/*/consent.ftl (None: no longer shown)
    changes_key: str | None = None  # a note on what changed, for those asked again
    # whether those who consented to an earlier version are asked to consent to this one (a
    # wider scope, a changed meaning); a text only renamed or reworded asks nobody
    asks_again: bool = True


HISTORY: dict[Wording, tuple[ConsentText, ...]] = {
    "parent": (
        ConsentText(LEGACY, frozenset({DATA, PHOTOS}), None),
        # the same text as 2025-09-01's for a parent, under the new names
        ConsentText("2026-12-p1", frozenset({DATA, PHOTOS}), "consent-text-parent-p1",
                    asks_again=False),
    ),
    "self": (
        ConsentText(LEGACY, frozenset({DATA, PHOTOS}), None),
        # worded for the pupil themself; it covers what 2025-09-01 did
        ConsentText("2026-12-s1", frozenset({DATA, PHOTOS}), "consent-text-self-s1",
                    asks_again=False),
    ),
}


def wording_of(given_as: str | None) -> Wording:
    """The wording a consent given in this capacity was (or is) written in."""
    return "self" if given_as == "pupil" else "parent"


def wording_for(relation: str) -> Wording:
    """The wording the sign-up form shows: a pupil filling it for themself reads the self
    wording (they reach consent only from 14), anyone else the parent's."""
    return "self" if relation == "child" else "parent"


def current(wording: Wording) -> ConsentText:
    return HISTORY[wording][-1]


def version_for(given_as: str) -> str:
    """The current version of the text someone consenting in this capacity reads."""
    return current(wording_of(given_as)).version


def find(wording: Wording, version: str) -> ConsentText | None:
    return next((text for text in HISTORY[wording] if text.version == version), None)


def outdated(wording: Wording, version: str) -> bool:
    """Is a consent to `version` to be asked again: does a later version ask again? Never for
    a version this history does not know (every recorded one came from here; a newer one left
    by a version of the bot rolled back covers nothing here, see `covers`)."""
    texts = HISTORY[wording]
    position = next((i for i, text in enumerate(texts) if text.version == version), None)
    return position is not None and any(text.asks_again for text in texts[position + 1 :])


def outdated_versions() -> frozenset[str]:
    """Every version, of either wording, that a consent is asked again for: empty while no
    version asks again (the check at each visit then costs nothing)."""
    return frozenset(
        text.version for wording in HISTORY for text in HISTORY[wording][:-1]
        if outdated(wording, text.version)
    )


def covers(wording: Wording, version: str, photo: bool, scope: str) -> bool:
    """Does a consent to `version` (photos allowed or not) cover `scope`?"""
    text = find(wording, version)
    if text is None or scope not in text.scope:
        return False
    return photo or scope != PHOTOS


def added_scope(wording: Wording, version: str) -> list[str]:
    """What the current version covers that `version` did not, in a steady order."""
    before = find(wording, version)
    old = before.scope if before is not None else frozenset()
    return sorted(current(wording).scope - old)
