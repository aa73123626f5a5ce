"""Telegram on this machine: an emulated Bot API that answers and refuses as Telegram does,
an aiogram session onto it, a local HTTP Bot API server, a chat helper that talks to the bot as
a person would, and the terminal demo. The demo, the tests and the benchmarks run on it."""
