"""/export: every application, any status, as a CSV file for Excel. Read-only: a form the
staff member has half filled stays as it was."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, Message

from bot.i18n import T
from bot.services.dates import today
from bot.services.enrolment_export import enrolments_csv
from bot.settings import Settings
from bot.ui.keyboards import Buttons, home_button
from handlers.common import send
from storage.db import Database
from storage.exports import enrolment_rows


async def export_command(message: Message, t: T, db: Database, settings: Settings) -> None:
    builder = Buttons()
    home_button(builder, t)
    rows = await enrolment_rows(db)
    if not rows:
        await send(message, (t("export-none"), builder.as_markup()))
        return
    data = enrolments_csv(rows, t.texts, t.locale, settings.zone)
    name = f"enrolments-{today(settings.zone):%Y-%m-%d}.csv"
    await message.answer_document(
        BufferedInputFile(data, filename=name), caption=t("export-caption", count=len(rows)),
        reply_markup=builder.as_markup(),
    )


def router() -> Router:
    r = Router(name="staff-export")
    r.message.register(export_command, Command("export"))
    return r
