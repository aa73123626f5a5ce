"""What the sender tells as it goes, for the metrics (bot.ops.metrics.Metrics): messages sent
by kind, 429s and the pause they caused, recipients who blocked the bot."""

from __future__ import annotations

from typing import Protocol


class SendCounters(Protocol):
    """What the sender reports as it goes, for the metrics (bot.ops.metrics.Metrics)."""

    def count_sent(self, kind: str) -> None:
        """A row of this kind was delivered."""

    def count_flood_wait(self, paused: float) -> None:
        """Telegram answered 429; all sending now stands still `paused` seconds longer."""

    def count_blocked(self, kind: str) -> None:
        """A row of this kind found its recipient had blocked the bot."""


class NoCounters:
    """Counts nothing: a sender without metrics."""

    def count_sent(self, kind: str) -> None:
        pass

    def count_flood_wait(self, paused: float) -> None:
        pass

    def count_blocked(self, kind: str) -> None:
        pass
