"""The webhook methods of the emulated Bot API (setWebhook, deleteWebhook, getWebhookInfo),
with Telegram's checks and answers; getUpdates is refused while a webhook is set."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from bot.local.limits import ApiError, bad_request

SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")


class WebhookMethods:
    # what setWebhook set (url, secret_token, allowed_updates, max_connections); None: none
    webhook: dict[str, Any] | None = None
    pending_updates: Callable[[], int]

    def check_no_webhook(self) -> None:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                           "use deleteWebhook to delete the webhook first")

    def _m_setwebhook(self, params: dict[str, Any]) -> Any:
        url = str(params.get("url") or "")
        if not url:
            self.webhook = None
            return True
        if not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not SECRET_RE.fullmatch(str(secret)):
            raise bad_request("secret token contains unallowed characters")
        allowed = params.get("allowed_updates")
        if isinstance(allowed, str):
            allowed = json.loads(allowed)
        if allowed is None and self.webhook is not None:  # not given: the earlier setting
            allowed = self.webhook["allowed_updates"]
        self.webhook = {"url": url, "secret_token": secret, "allowed_updates": allowed,
                        "max_connections": int(params.get("max_connections") or 40)}
        return True

    def _m_deletewebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = None
        return True

    def _m_getwebhookinfo(self, params: dict[str, Any]) -> Any:
        info: dict[str, Any] = {"url": "", "has_custom_certificate": False,
                                "pending_update_count": self.pending_updates()}
        if self.webhook is not None:
            info.update(url=self.webhook["url"], max_connections=self.webhook["max_connections"])
            if self.webhook["allowed_updates"] is not None:
                info["allowed_updates"] = self.webhook["allowed_updates"]
        return info
