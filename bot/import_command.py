"""`python -m bot import groups FILE.csv`: check every row, write all or nothing, then offer
the seats a raised capacity adds to the waitlist. Prints what it did; returns the exit code."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.services.catalogue import Catalogue
from bot.services.group_import import parse_groups_csv
from bot.settings import Settings
from storage.db import Database
from storage.programmes import CapacityBelowSeats, ProgrammeRepo
from storage.quanta import QuantaRepo


async def import_file(settings: Settings, catalogue: Catalogue, path: Path) -> int:
    """The `import groups` command: 0 when imported, 1 with every problem listed."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 1
    result = parse_groups_csv(data, {q.code for q in catalogue.quanta})
    if result.errors:
        return refused(path, result.errors)
    db = await Database.open(settings.database_path)
    try:
        await QuantaRepo(db).sync(q.model_dump() for q in catalogue.quanta)
        try:
            imported = await ProgrammeRepo(db).import_rows(result.programmes, result.groups)
        except CapacityBelowSeats as exc:
            return refused(path, [
                f"line {result.lines[g.code]}: group {g.code} already has {g.held} seats taken"
                f" (applied, in Навигатор, confirmed or offered); capacity {g.capacity} is"
                f" fewer — keep it at {g.held} or more" for g in exc.groups
            ])
        if imported.to_offer:
            # the new seats go to the waitlist in order, as when a seat frees, before a
            # newcomer can take them (the offers' texts need the bot's wiring, hence late)
            from bot.dispatcher import Repos

            enrolments = Repos.create(db, settings=settings).enrolments
            await enrolments.offer_seats(list(imported.to_offer))
    finally:
        await db.close()
    print(f"Imported {imported.programmes} programmes and {imported.groups} groups from {path}.")
    if imported.to_offer:
        print(f"Free seats offered to the waitlist of: {', '.join(imported.to_offer.values())}.")
    return 0


def refused(path: Path, errors: list[str]) -> int:
    for error in errors:
        print(f"{path}: {error}", file=sys.stderr)
    print(f"Nothing was imported from {path}.", file=sys.stderr)
    return 1
