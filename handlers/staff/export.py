"""/export: every application, any status, as an Excel workbook. Read-only: a form the staff
member has half filled stays as it was. The export is recorded for /audit."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, Message

from bot.ui.keyboards import Buttons, home_button
from handlers.flow import Flow


async def export_command(message: Message, flow: Flow) -> None:
    t = flow.t
    builder = Buttons()
    home_button(builder, t)
    names = {q.code: q.text(t.locale).name for q in flow.catalogue.quanta}
    found = await flow.services.exports.file(flow.user.id, t.texts, t.locale, flow.zone, names)
    if found is None:
        await flow.send((t("export-none"), builder.as_markup()))
        return
    name = f"enrolments-{flow.today:%Y-%m-%d}.xlsx"
    await message.answer_document(
        BufferedInputFile(found.data, filename=name),
        caption=t("export-caption", count=found.count), reply_markup=builder.as_markup(),
    )


def router() -> Router:
    r = Router(name="staff-export")
    r.message.register(export_command, Command("export"))
    return r
