"""Who a broadcast reaches: a composable filter over users, kept as JSON with the broadcast.

Every part narrows the set (AND); an empty part means "anyone". Blocked users are never in it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

ROLE_GROUPS: dict[str, tuple[str, ...]] = {
    "pupil": ("pupil",),
    "parent": ("parent",),
    "staff": ("staff", "admin"),
}
LANGUAGES = ("ru", "en")


@dataclass(frozen=True)
class Audience:
    role: str | None = None                  # pupil | parent | staff (staff includes admins)
    language: str | None = None              # ru | en
    quanta: tuple[str, ...] = field(default=())  # latest quiz result includes any of these

    def where(self) -> tuple[str, list[Any]]:
        """SQL condition over `users u`, and its parameters."""
        clauses: list[str] = ["u.blocked = 0"]
        params: list[Any] = []
        if self.role in ROLE_GROUPS:
            roles = ROLE_GROUPS[self.role]
            clauses.append(f"u.role IN ({','.join('?' * len(roles))})")
            params.extend(roles)
        if self.language in LANGUAGES:
            clauses.append("u.language = ?")
            params.append(self.language)
        if self.quanta:
            marks = ",".join("?" * len(self.quanta))
            clauses.append(
                "EXISTS (SELECT 1 FROM quiz_result_quanta r WHERE r.user_id = u.id"
                f" AND r.quantum_code IN ({marks}))"
            )
            params.extend(self.quanta)
        return " AND ".join(clauses), params

    def to_json(self) -> str:
        return json.dumps(
            {"role": self.role, "language": self.language, "quanta": list(self.quanta)},
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Audience:
        data = json.loads(text) if text else {}
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Audience:
        role = data.get("role")
        language = data.get("language")
        quanta = data.get("quanta") or []
        return cls(
            role=role if role in ROLE_GROUPS else None,
            language=language if language in LANGUAGES else None,
            quanta=tuple(str(code) for code in quanta if isinstance(code, str))[:60],
        )

    def as_dict(self) -> dict[str, Any]:
        return {"role": self.role, "language": self.language, "quanta": list(self.quanta)}

    def toggle_quantum(self, code: str) -> Audience:
        codes = [c for c in self.quanta if c != code]
        if len(codes) == len(self.quanta):
            codes.append(code)
        return replace(self, quanta=tuple(codes))
