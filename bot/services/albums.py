"""Albums already answered: Telegram delivers an album (photos picked together) as one message
per photo, each carrying the album's media_group_id. What answers a photo outside a form
answers the album once, not once a photo.

In memory, bounded: the newest `size` albums of everyone; after a restart an album half
delivered may be answered once more, which is harmless."""

from __future__ import annotations

from collections import OrderedDict

SIZE = 256


class Albums:
    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._answered: OrderedDict[tuple[int, str], None] = OrderedDict()

    def first(self, user_id: int, album: str | None) -> bool:
        """Whether this message is the first of its album to be answered (a message in no
        album always is); remembered from now on."""
        if album is None:
            return True
        key = (user_id, album)
        if key in self._answered:
            self._answered.move_to_end(key)
            return False
        self._answered[key] = None
        if len(self._answered) > self.size:
            self._answered.popitem(last=False)
        return True
