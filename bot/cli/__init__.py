"""Command-line entry points beside the bot itself: import, export, retention."""
