"""`python -m bot retention [--dry-run]`: the nightly clean-up of data no longer needed, run
by hand — or only counted, with --dry-run (see bot/services/retention.py)."""

from __future__ import annotations

from bot.dispatcher import Repos
from bot.services.catalogue import Catalogue
from bot.services.retention import Retention
from bot.settings import Settings
from storage.db import Database


async def retention_command(settings: Settings, catalogue: Catalogue, *, dry_run: bool) -> int:
    db = await Database.open(settings.database_path)
    try:
        repos = Repos.create(db, settings=settings, catalogue=catalogue)
        swept = await Retention(db, repos.enrolment, repos.users,
                                settings.retention_months).run(dry_run=dry_run)
    finally:
        await db.close()
    done = "would be deleted" if dry_run else "deleted"
    print(f"Older than {settings.retention_months} months, {done}: "
          f"{swept.closed} closed applications, {swept.unplaced} never placed "
          f"(waitlist, no consent), {swept.families} families; "
          f"{swept.traces} traces of people who left a family.")
    return 0
