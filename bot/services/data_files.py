"""A technopark's TOML data files (the catalogue, the FAQ), read and checked at start: a
mistake is reported with the file, the field and, for a list's item, its own name."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)


class DataFileError(Exception):
    """The file is unreadable or invalid; the message names the file and field."""


def where(loc: tuple[int | str, ...], data: dict[str, object], items: str, key: str) -> str:
    """A validation error's place, «quantum[3] (code 'robo').ru.name»: the item of the list
    `items` named by its `key`."""
    parts: list[str] = []
    for i, part in enumerate(loc):
        if isinstance(part, int):
            parts[-1] += f"[{part + 1}]"
            if i == 1 and loc[0] == items:
                listed = data.get(items)
                if (isinstance(listed, list) and part < len(listed)
                        and isinstance(listed[part], dict)):
                    name = listed[part].get(key)
                    if isinstance(name, str):
                        parts[-1] += f" ({key} {name!r})"
        else:
            parts.append(part)
    return ".".join(parts) or "file"


def load_model(path: Path, model: type[Model], *, label: str, setting: str, items: str,
               key: str) -> Model:
    """The file parsed as `model`; DataFileError («<label> <path>: …») when it cannot be read
    or is wrong; `setting` is the environment variable that points to the file."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise DataFileError(f"{label} {path}: file not found ({setting}).") from None
    except OSError as exc:
        raise DataFileError(f"{label} {path}: cannot be read: {exc.strerror}.") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{label} {path}: not valid TOML: {exc}.") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{label} {path}: not UTF-8 text (byte {exc.start}).") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        place = where(tuple(error["loc"]), data, items, key)
        reason = str(error["msg"]).removeprefix("Value error, ")
        raise DataFileError(f"{label} {path}: field {place}: {reason}.") from None
