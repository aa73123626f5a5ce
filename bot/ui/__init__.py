"""What handlers and services both need to build screens: every button's callback data and
the keyboard helpers. It imports nothing from either, so neither arrow runs backwards."""
