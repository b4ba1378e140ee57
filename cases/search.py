"""Free-text search in the library.

On PostgreSQL every word is stemmed with the Danish text search configuration and matched as
a prefix of the stored stems. Plain stemming is not enough for Danish compounds: the stem
of »arbejdspladserne« is »arbejdsplads« but the stem of »arbejdsplads« is »arbejdsplad«, so a
person typing the base form would not find the inflected one. Other databases use Wagtail's
search backend as it is.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q

from home.search import search_terms

MAX_SEARCH_RESULTS = 1000


def _search_config():
    return settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG", "danish")


def matching_ids(pages, raw_query):
    """Ids of the pages matching every word of the query, best match first."""
    terms = search_terms(raw_query).split()
    if not terms:
        return []
    if connection.vendor != "postgresql":
        results = pages.search(" ".join(terms), operator="and", order_by_relevance=True)
        return [page.pk for page in results[:MAX_SEARCH_RESULTS]]

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
    return list(dict.fromkeys(ranked[:MAX_SEARCH_RESULTS]))
