"""The site's one free-text search, used by /soeg/ (home.views) and the library (cases.filters).

Input is cleaned first: only words reach the database (operators and punctuation would be query
syntax to SQLite's FTS5 or PostgreSQL's tsquery, and a person never means them that way).

Then every word must match, in Wagtail's search index of the pages:
- On PostgreSQL each word is stemmed with the Danish text search configuration and matched as a
  prefix of the stored stems. Plain stemming is not enough for Danish: the stem of
  »arbejdspladserne« is »arbejdsplads« but the stem of »arbejdsplads« is »arbejdsplad«, so a
  person typing the base form would not find the inflected one. »jobcentre« and »jobcentret«
  both stem to »jobcentr«; »tillidsrepræsentanter« and »tillidsrepræsentanterne« to
  »tillidsrepræsentant«.
- On SQLite (the embedded default) the same Danish Snowball stemmer runs in Python and each stem
  is an FTS5 prefix query, so both databases find the same pages.
Results come best first: a match in the title counts more than one in the text.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.db import connection
from django.db.models import F, Q

QUERY_MAX_LENGTH = 200
MAX_TERMS = 12
MAX_SEARCH_RESULTS = 1000
_WORD = re.compile(r"\w+", re.UNICODE)


def display_query(raw):
    """The query as the person typed it, whitespace collapsed and cut to a sane length."""
    return " ".join((raw or "").split())[:QUERY_MAX_LENGTH]


def search_terms(raw):
    """The words of the query, at most MAX_TERMS of them, joined by spaces."""
    words = _WORD.findall(display_query(raw).replace("_", " "))
    return " ".join(words[:MAX_TERMS])


def matching_ids(pages, raw_query, limit=MAX_SEARCH_RESULTS):
    """Ids of the pages in `pages` (a page queryset) that match every word of the query, best
    match first; [] for a query without words."""
    terms = search_terms(raw_query).split()
    if not terms:
        return []
    if connection.vendor == "postgresql":
        return _postgresql_ids(pages, terms, limit)
    if connection.vendor == "sqlite":
        return _sqlite_ids(pages, terms, limit)
    results = pages.search(" ".join(terms), operator="and", order_by_relevance=True)
    return [page.pk for page in results[:limit]]


def _search_config():
    return settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG", "danish")


def _postgresql_ids(pages, terms, limit):
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from modelsearch.backends.database.postgres.query import Lexeme

    lexemes = Lexeme(terms[0], prefix=True)
    for term in terms[1:]:
        lexemes &= Lexeme(term, prefix=True)
    query = SearchQuery(lexemes, search_type="raw", config=_search_config())
    rank = SearchRank(F("index_entries__title"), query) * 2 + SearchRank(F("index_entries__body"), query)
    ranked = (
        pages.filter(Q(index_entries__title=query) | Q(index_entries__body=query))
        .annotate(rank=rank)
        .order_by("-rank", "-pk")
        .values_list("pk", flat=True)
    )
    return list(dict.fromkeys(ranked[:limit]))


@lru_cache(maxsize=1)
def _danish_stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("danish")


def danish_stems(terms):
    """The Snowball stems PostgreSQL's Danish configuration would make, lower-cased."""
    return _danish_stemmer().stemWords([term.lower() for term in terms])


def _sqlite_ids(pages, terms, limit):
    """One query on Wagtail's FTS5 table: every stem a prefix, restricted to `pages`, ranked by
    bm25 with the title weighted twice the text (the FTS5 table's columns are autocomplete, body
    and title, in that order: modelsearch's migration 0002)."""
    from django.db.models import CharField, FloatField, Func
    from django.db.models.functions import Cast
    from modelsearch.backends.database.sqlite.query import (
        Lexeme,
        MatchExpression,
        SearchQueryExpression,
        SQLiteFTSIndexEntry,
    )

    class WeightedBM25(Func):
        output_field = FloatField()

        def as_sql(self, compiler, connection, **extra_context):
            return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, 0, 1, 2)", []

    stems = danish_stems(terms)
    lexemes = Lexeme(stems[0], prefix=True)
    for stem in stems[1:]:
        lexemes &= Lexeme(stem, prefix=True)
    page_ids = pages.annotate(pk_text=Cast("pk", CharField())).values("pk_text")
    ranked = (
        SQLiteFTSIndexEntry.objects.filter(
            MatchExpression(["title", "body"], SearchQueryExpression(lexemes)),
            index_entry__object_id__in=page_ids,
        )
        .annotate(score=WeightedBM25())
        .order_by("score")  # lower is better in FTS5
        .values_list("index_entry__object_id", flat=True)
    )
    return list(dict.fromkeys(int(pk) for pk in ranked[:limit]))
