"""How updates reach the bot and requests leave it: the webhook, its server, the HTTP session."""
