"""Facet counts kept up to date as library pages change, so the library without filters and
with one filter counts nothing at request time (issue 16).

The rules:
- A page's terms (`LibraryFacetTerm`) are exactly what the library would count for it: the
  page is in `CaseIndexPage.library_pages()` (live, public, a child of the library), and its
  terms are »*«, its values, schemes, roles, tags, municipality and content type.
- `refresh(page_ids)` makes the rows of those pages true again and moves the pair counts
  (`LibraryFacetPair`) by the difference: it takes the pages' old pairs out and puts their new
  pairs in, so calling it twice changes nothing, and it is right whatever changed.
- It runs in the transaction of the change: after a library page is saved (with its values,
  schemes, roles and tags, which modelcluster writes in the same save), deleted or moved, when a
  view restriction on it or above it changes, and when a value, scheme, role or tag is deleted.
  Bulk inserts (`generate_cases`) call it themselves; `manage.py rebuild_facet_counts` makes
  every row anew from the pages (for changes made past the ORM, e.g. a raw SQL update).
- Reading: `pair_counts(library, term)` gives every term's count among the pages carrying
  `term` (»*« for all pages), from an index lookup of a few hundred rows.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from .models import CaseIndexPage, CasePage, LibraryFacetPair, LibraryFacetTerm, LibraryPage, LibraryPageTag

ALL = "*"
CHUNK = 500  # page ids per statement (SQLite allows at most 999 parameters in older builds)


def _links():
    """(term prefix, table, page column, term column) of the repeatable facets' link tables."""
    return [
        ("vaerdi", LibraryPage.values.through, "librarypage_id", "value_id"),
        ("ordning", LibraryPage.schemes.through, "librarypage_id", "scheme_id"),
        ("rolle", CasePage.roles.through, "casepage_id", "role_id"),
        ("tag", LibraryPageTag, "content_object_id", "tag_id"),
    ]


def _insert_terms(cursor, library_id, pages):
    """Write the terms of `pages`: a queryset of one library's pages (every page, as a
    subquery), or a list of their ids (a few, looked up by index)."""
    if isinstance(pages, list):
        if not pages:
            return
        sql, params = ", ".join(["%s"] * len(pages)), pages
    else:
        sql, params = pages.order_by().values("pk").query.sql_with_params()
    page_table = LibraryPage._meta.get_parent_list()[-1]._meta.db_table  # wagtailcore_page
    case_pk = CasePage._meta.pk.column
    parts = [
        (f"SELECT id, %s, %s FROM {page_table} WHERE id IN ({sql})", [library_id, ALL, *params]),  # noqa: S608 - names only
        (
            f"SELECT id, %s, %s || CAST(content_type_id AS TEXT) FROM {page_table} WHERE id IN ({sql})",  # noqa: S608 - names only
            [library_id, "type:", *params],
        ),
        (
            f"SELECT {case_pk}, %s, %s || municipality FROM {CasePage._meta.db_table} "  # noqa: S608 - names only
            f"WHERE municipality <> '' AND {case_pk} IN ({sql})",
            [library_id, "kommune:", *params],
        ),
    ]
    for prefix, link, page_column, term_column in _links():
        distinct = "DISTINCT " if link is LibraryPageTag else ""  # taggit's table is not unique
        parts.append(
            (
                f"SELECT {distinct}{page_column}, %s, %s || CAST({term_column} AS TEXT) "  # noqa: S608 - names only
                f"FROM {link._meta.db_table} WHERE {page_column} IN ({sql})",
                [library_id, f"{prefix}:", *params],
            )
        )
    cursor.execute(
        f"INSERT INTO {LibraryFacetTerm._meta.db_table} (page_id, library_id, term) "  # noqa: S608 - names only
        + " UNION ALL ".join(part for part, _ in parts),
        [param for _, part_params in parts for param in part_params],
    )


def _move_pairs(cursor, page_ids, sign):
    """Add (sign=1) or take out (sign=-1) the pairs of the pages' current term rows."""
    terms, pairs = LibraryFacetTerm._meta.db_table, LibraryFacetPair._meta.db_table
    placeholders = ", ".join(["%s"] * len(page_ids))
    # WHERE before ON CONFLICT also keeps SQLite's parser from reading ON as a join.
    cursor.execute(
        f"INSERT INTO {pairs} (library_id, a, b, n) "  # noqa: S608 - names only
        f"SELECT x.library_id, x.term, y.term, %s * COUNT(*) FROM {terms} x "
        f"JOIN {terms} y ON y.page_id = x.page_id AND x.term <= y.term "
        f"WHERE x.page_id IN ({placeholders}) GROUP BY x.library_id, x.term, y.term "
        f"ON CONFLICT (library_id, a, b) DO UPDATE SET n = {pairs}.n + excluded.n",
        [sign, *page_ids],
    )


def refresh(page_ids):
    """Make the facet rows of these pages (any pages; the others are ignored) true again."""
    page_ids = sorted({int(pk) for pk in page_ids})
    if not page_ids:
        return
    with transaction.atomic():
        libraries = list(CaseIndexPage.objects.only("id", "path", "depth"))
        with connection.cursor() as cursor:
            for start in range(0, len(page_ids), CHUNK):
                chunk = page_ids[start : start + CHUNK]
                _move_pairs(cursor, chunk, -1)
                LibraryFacetTerm.objects.filter(page_id__in=chunk).delete()
                for library in libraries:
                    pages = library.library_pages().filter(pk__in=chunk).order_by()
                    _insert_terms(cursor, library.pk, list(pages.values_list("pk", flat=True)))
                _move_pairs(cursor, chunk, 1)
        LibraryFacetPair.objects.filter(n__lte=0).delete()


def rebuild():
    """Every term and pair anew from the library pages (a few seconds per 100,000 pages)."""
    with transaction.atomic():
        LibraryFacetPair.objects.all().delete()
        LibraryFacetTerm.objects.all().delete()
        terms, pairs = LibraryFacetTerm._meta.db_table, LibraryFacetPair._meta.db_table
        with connection.cursor() as cursor:
            for library in CaseIndexPage.objects.all():
                _insert_terms(cursor, library.pk, library.library_pages())
            cursor.execute(
                f"INSERT INTO {pairs} (library_id, a, b, n) "  # noqa: S608 - names only
                f"SELECT x.library_id, x.term, y.term, COUNT(*) FROM {terms} x "
                f"JOIN {terms} y ON y.page_id = x.page_id AND x.term <= y.term "
                "GROUP BY x.library_id, x.term, y.term"
            )


def pages_with_term(prefix, key):
    """Ids of the pages whose rows carry a term (e.g. a value that is being deleted)."""
    return list(LibraryFacetTerm.objects.filter(term=f"{prefix}:{key}").values_list("page_id", flat=True))


def term_of(param, key):
    """The term of a chosen option: `type` is stored by content type id."""
    if param == "type":
        from .filters import KINDS

        return f"type:{ContentType.objects.get_for_model(KINDS[key]).pk}"
    return f"{param}:{key}"
