"""The emulated Bot API's record of a chat, which every test reads: the bot's messages in the
order of their ids, in their edited form, without the person's own or the deleted ones."""

from __future__ import annotations

from bot.local.emulator import Emulator


def test_a_chat_shows_the_bots_messages_in_order_edited_and_without_the_deleted() -> None:
    emulator = Emulator()
    emulator.add_user(1001, "Аня")
    emulator.add_user(1002, "Anna", "en")
    emulator.message_update(1001, "/start")
    first = emulator.call("sendMessage", {"chat_id": 1001, "text": "один"})
    emulator.call("sendMessage", {"chat_id": 1002, "text": "other chat"})
    second = emulator.call("sendMessage", {"chat_id": 1001, "text": "два"})
    third = emulator.call("sendMessage", {"chat_id": 1001, "text": "три"})
    emulator.call("editMessageText", {"chat_id": 1001, "message_id": first["message_id"],
                                      "text": "один, исправлено"})
    emulator.call("deleteMessage", {"chat_id": 1001, "message_id": second["message_id"]})
    assert [m["text"] for m in emulator.sent(1001)] == ["один, исправлено", "три"]
    assert [m["text"] for m in emulator.sent(1002)] == ["other chat"]
    assert emulator.sent(1003) == []

    # put back in by hand, out of turn: still in the order of the ids
    emulator.messages[(1001, second["message_id"])] = second
    assert [m["message_id"] for m in emulator.sent(1001)] == [
        first["message_id"], second["message_id"], third["message_id"]]
    del emulator.messages[(1001, third["message_id"])]
    assert emulator.messages.pop((1001, first["message_id"])) is first
    assert [m["text"] for m in emulator.sent(1001)] == ["два"]
    assert len(emulator.messages) == 3  # the person's /start, "два" and the other chat's
