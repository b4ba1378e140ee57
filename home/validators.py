"""Validation shared by every app."""

import unicodedata

from django.core.exceptions import ValidationError

SINGLE_LINE_MESSAGE = "Skriv det på én linje, uden linjeskift eller andre kontroltegn."


def _is_control(character):
    # Cc: control characters (newline, carriage return, tab, NUL …); Zl/Zp: Unicode line and
    # paragraph separators, which mail headers and many clients also treat as line breaks.
    return unicodedata.category(character) in {"Cc", "Zl", "Zp"}


def single_line(text):
    """The text on one line: every run of whitespace and control characters becomes one space.
    Text that goes into a mail header (a subject) must never carry a line break."""
    if not text:
        return text
    cleaned = "".join(" " if _is_control(character) else character for character in text)
    return " ".join(cleaned.split())


def validate_single_line(value):
    """Refuse text with a line break or another control character, with a Danish message."""
    if value and any(_is_control(character) for character in value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="single_line")
