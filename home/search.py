"""Free-text search input, cleaned before it reaches a search backend."""

import re

QUERY_MAX_LENGTH = 200
MAX_TERMS = 12
_WORD = re.compile(r"\w+", re.UNICODE)


def display_query(raw):
    """The query as the person typed it, whitespace collapsed and cut to a sane length."""
    return " ".join((raw or "").split())[:QUERY_MAX_LENGTH]


def search_terms(raw):
    """Only words reach the backend: operators and punctuation would be query syntax to
    SQLite's FTS5 or PostgreSQL's tsquery, and a person never means them that way."""
    words = _WORD.findall(display_query(raw).replace("_", " "))
    return " ".join(words[:MAX_TERMS])
