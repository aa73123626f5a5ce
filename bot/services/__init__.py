"""Domain services: what the bot knows and does, reachable by a test without Telegram.

They import storage and the shared pieces of the interface (callback data, keyboards, texts);
handlers import them; nothing here imports a handler.
"""
