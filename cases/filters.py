"""Faceted filtering of the library, from plain GET parameters.

The rules:
- Parameters: `q` (free text), `vaerdi`, `ordning`, `rolle`, `tag` (repeatable, slugs),
  `kommune` (one municipality), `type` (`erfaring` or `vejledning`), `sorter`
  (`nyeste` or `relevans`) and `side` (the page number, read by home.pagination.paginate).
- Different facets combine with AND. Within a repeatable facet every chosen option must
  hold too (a case showing »tillid« and »dialog«), so checking one more box narrows.
- Each option's count is the number of results choosing it would give: for the repeatable
  facets that is the current results having the option; for `kommune` and `type`, where one
  option replaces another, the results of every other facet having it.
- Anything unknown or malformed is ignored, never an error.
- At most MAX_SELECTED_OPTIONS values, schemes, roles and tags are used at once; the rest are
  dropped with a message saying so (beyond that every combination is empty anyway, and each
  chosen option costs the database work).
- At most MAX_RESULTS results are paged through (page MAX_RESULTS / RESULTS_PER_PAGE is the
  last); the page says so and points to the filters. Deeper pages would cost an ever longer scan.
- The number of SQL queries does not depend on the number of pages in the library, nor on the
  number of chosen options: each repeatable facet filters with one subquery on its link table,
  and every count, the total included, comes from one query over the results computed once.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count
from django.db.models import Value as V
from taggit.models import Tag
from wagtail.models import Page

from home.municipalities import MUNICIPALITIES
from home.pagination import paginate
from home.search import display_query, matching_ids

from .models import CasePage, GuidancePage, LibraryPage, LibraryPageTag, Role, Scheme, Value

SLUG = re.compile(r"^[-\w]{1,100}$")  # taggit keeps æ, ø, å in tag slugs
MAX_OPTIONS_PER_FACET = 10
MAX_SELECTED_OPTIONS = 8
MAX_RESULTS = 1000
TAGS_SHOWN = 15

KINDS = {"erfaring": CasePage, "vejledning": GuidancePage}
KIND_LABELS = {"erfaring": "Erfaringer", "vejledning": "Vejledning"}
SORTS = {"nyeste": "Nyeste først", "relevans": "Mest relevante først"}

# Repeatable facets: parameter → (legend, model of the vocabulary, link table to a library page).
MULTI_FACETS = {
    "vaerdi": ("Værdi", Value, lambda: LibraryPage.values.through),
    "ordning": ("Ordning", Scheme, lambda: LibraryPage.schemes.through),
    "rolle": ("Roller", Role, lambda: CasePage.roles.through),
    "tag": ("Emneord", Tag, lambda: LibraryPageTag),
}
# Every parameter the library's views and feeds read (`side` is home.pagination's).
QUERY_PARAMETERS = ("q", "kommune", "type", "sorter", *MULTI_FACETS)

DEFAULT_VALUES = {"sorter": "nyeste"}


def without_empty_parameters(params):
    """The query string without empty parameters and defaults (`q=`, `kommune=`, `sorter=nyeste`),
    in the order given; None when there is nothing to drop."""
    kept = [
        (name, value)
        for name, values in params.lists()
        for value in values
        if value.strip() and DEFAULT_VALUES.get(name) != value.strip()
    ]
    if len(kept) == sum(len(values) for _, values in params.lists()):
        return None
    return urlencode(kept)


def _link_fields(link):
    """(page field, term field) of a link table: the foreign keys to the page and to the term."""
    keys = [field for field in link._meta.concrete_fields if field.is_relation]
    page = next(field for field in keys if issubclass(field.related_model, LibraryPage))
    term = next(field for field in keys if field is not page)
    return page, term


def _clean_slugs(values):
    seen = []
    for value in values:
        value = value.strip().lower()
        if SLUG.match(value) and value not in seen:
            seen.append(value)
    return seen[:MAX_OPTIONS_PER_FACET]


@dataclass
class Option:
    key: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    param: str
    legend: str
    options: list
    widget: str = "checkbox"

    @property
    def selected(self):
        return [option for option in self.options if option.selected]


@dataclass
class ActiveFilter:
    label: str
    remove_url: str


@dataclass
class LibraryResults:
    """What the index template and the feed need."""

    selection: "LibraryFilter"
    items: object
    page: object = None
    facets: list = field(default_factory=list)
    active_filters: list = field(default_factory=list)
    total: int = 0

    @property
    def dropped_options(self):
        """Chosen options beyond MAX_SELECTED_OPTIONS, which were not used."""
        return self.selection.dropped

    @property
    def results_capped(self):
        """True when there are more results than can be paged through."""
        return self.total > MAX_RESULTS

    max_selected_options = MAX_SELECTED_OPTIONS

    @property
    def max_results(self):
        return f"{MAX_RESULTS:,}".replace(",", ".")  # 1.000, as Danish writes it

    @property
    def noindex(self):
        return self.selection.is_combination or bool(self.selection.query)


@dataclass
class LibraryFilter:
    query: str = ""
    selected: dict = field(default_factory=dict)  # param → list of slugs
    municipality: str = ""
    kind: str = ""
    sort: str = "nyeste"
    labels: dict = field(default_factory=dict)  # (param, slug) → name, for the chosen options
    term_ids: dict = field(default_factory=dict)  # (param, slug) → primary key
    dropped: list = field(default_factory=list)  # (param, slug) beyond MAX_SELECTED_OPTIONS

    @classmethod
    def from_querydict(cls, params):
        """Read and clean the GET parameters; drop what cannot be a valid value."""
        municipality = params.get("kommune", "").strip()
        kind = params.get("type", "").strip()
        sort = params.get("sorter", "").strip()
        return cls(
            query=display_query(params.get("q", "")),
            selected={param: _clean_slugs(params.getlist(param)) for param in MULTI_FACETS},
            municipality=municipality if municipality in MUNICIPALITIES else "",
            kind=kind if kind in KINDS else "",
            sort=sort if sort in SORTS else "nyeste",
        )

    def _cap_selected(self):
        """Keep the first MAX_SELECTED_OPTIONS chosen options, in the order of the facets."""
        kept, budget = {}, MAX_SELECTED_OPTIONS
        for param, slugs in self.selected.items():
            kept[param] = slugs[:budget]
            self.dropped += [(param, slug) for slug in slugs[budget:]]
            budget -= len(kept[param])
        self.selected = kept

    # -- the selection -------------------------------------------------------------------

    @property
    def option_count(self):
        return sum(len(slugs) for slugs in self.selected.values()) + bool(self.municipality) + bool(self.kind)

    @property
    def is_combination(self):
        """Two or more filters at once: a page search engines should not index."""
        return self.option_count >= 2

    def drop_unknown(self):
        """Forget slugs that name no value, scheme, role or tag (one query, none if nothing chosen),
        then keep at most MAX_SELECTED_OPTIONS of the known ones."""
        if self.labels or not any(self.selected.values()):
            return
        queries = [
            model.objects.filter(slug__in=self.selected[param])
            .annotate(facet=V(param))
            .values_list("facet", "slug", "name", "pk")
            .order_by()
            for param, (_, model, _) in MULTI_FACETS.items()
            if self.selected[param]
        ]
        rows = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
        for param, slug, name, pk in rows:
            self.labels[(param, slug)] = name
            self.term_ids[(param, slug)] = pk
        self.selected = {
            param: [slug for slug in slugs if (param, slug) in self.labels]
            for param, slugs in self.selected.items()
        }
        self._cap_selected()

    def params(self, *, without=None, include_sort=True):
        """The selection as a list of (name, value) pairs; `without` is one (name, value) to leave out."""
        pairs = []
        if self.query:
            pairs.append(("q", self.query))
        for param in MULTI_FACETS:
            pairs += [(param, slug) for slug in self.selected[param]]
        if self.municipality:
            pairs.append(("kommune", self.municipality))
        if self.kind:
            pairs.append(("type", self.kind))
        if include_sort and self.sort != "nyeste":
            pairs.append(("sorter", self.sort))
        return [pair for pair in pairs if pair != without]

    def query_string(self, **kwargs):
        return urlencode(self.params(**kwargs))

    # -- querying ---------------------------------------------------------------------------

    def _filter(self, pages, *, skip=None):
        for param, (_, _, link) in MULTI_FACETS.items():
            ids = [self.term_ids[(param, slug)] for slug in self.selected[param]]
            if param == skip or not ids:
                continue
            # Pages having every chosen term: one subquery on the link table, however many.
            link = link()
            page_field, term_field = (f.name for f in _link_fields(link))
            if len(ids) == 1:
                # One term needs no grouping, and PostgreSQL can walk the pages in order and
                # look each one up, so a first page of results reads only a page's worth of rows.
                pages = pages.filter(pk__in=link.objects.filter(**{term_field: ids[0]}).values(page_field))
                continue
            having_all = (
                link.objects.filter(**{f"{term_field}__in": ids})
                .values(page_field)
                .annotate(terms=Count(term_field, distinct=True))
                .filter(terms=len(ids))
                .values(page_field)
            )
            pages = pages.filter(pk__in=having_all)
        if self.municipality and skip != "kommune":
            pages = pages.filter(casepage__municipality=self.municipality)
        if self.kind and skip != "type":
            pages = pages.filter(content_type=ContentType.objects.get_for_model(KINDS[self.kind]))
        return pages

    def matching_pages(self, library):
        """The filtered, searched and sorted pages, and the ids in relevance order if searching."""
        base = library.library_pages()
        ranked_ids = None
        if self.query:
            ranked_ids = matching_ids(base, self.query)
            base = base.filter(pk__in=ranked_ids)
        return base, self._filter(base), ranked_ids

    def apply(self, library, request):
        """Everything the index shows: one page of results, facets with counts, active filters."""
        self.drop_unknown()
        base, pages, ranked_ids = self.matching_pages(library)
        counts = self._precomputed_counts(library) if self.counts_precomputed else self._counts(base, pages)
        total = counts.pop(("total", ""), (0, "", 0))[0]
        items = LibraryPage.for_listing(pages)
        if self.sort == "relevans" and ranked_ids is not None:
            rank = {pk: position for position, pk in enumerate(ranked_ids)}
            ordered_ids = sorted(pages.values_list("pk", flat=True), key=lambda pk: rank.get(pk, len(rank)))
            page = paginate(request, ordered_ids[:MAX_RESULTS], library.RESULTS_PER_PAGE)
            by_id = {item.pk: item for item in items.filter(pk__in=page.object_list)}
            page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
        else:
            page = paginate(request, _Counted(items, min(total, MAX_RESULTS)), library.RESULTS_PER_PAGE)
        results = LibraryResults(selection=self, items=items, page=page, total=total)
        results.facets = self._facets(counts)
        results.active_filters = self._active_filters(results.facets)
        return results

    def feed_items(self, library, limit):
        """The newest `limit` pages of the filtered view, for the feed."""
        self.drop_unknown()
        _, pages, _ = self.matching_pages(library)
        return pages.prefetch_related("values")[:limit]

    # -- facets -----------------------------------------------------------------------------
    # One query for all six facets and the total: the results' ids are computed once (a
    # materialized CTE), and each repeatable facet is counted from its link table over them,
    # never by joining the vocabulary to every page. Municipality and type are counted over
    # the results of every other facet (without themselves), which are the results when
    # neither is chosen.

    @property
    def counts_precomputed(self):
        """No search and at most one chosen option: the counts are read from
        cases/facet_counts.py's pair table instead of counted over the results."""
        return not self.query and self.option_count <= 1

    def _precomputed_counts(self, library):
        """The same {(facet, key): (count, label, position)} as _counts, from the pair counts of
        the chosen option (or of every page, »*«): a few hundred rows, however large the library."""
        from .facet_counts import ALL, term_of
        from .models import LibraryFacetPair

        anchor = ALL
        for param in MULTI_FACETS:
            for slug in self.selected[param]:
                anchor = f"{param}:{self.term_ids[(param, slug)]}"
        if self.municipality:
            anchor = term_of("kommune", self.municipality)
        if self.kind:
            anchor = term_of("type", self.kind)
        pairs = LibraryFacetPair._meta.db_table
        # Only table and column names from the models are put into the SQL; every value is a parameter.
        ctes = [
            f"cur (term, n) AS (SELECT CASE WHEN a = %s THEN b ELSE a END, n FROM {pairs} "  # noqa: S608 - names only
            "WHERE library_id = %s AND (a = %s OR b = %s))"
        ]
        params = [anchor, library.pk, anchor, anchor]
        if self.municipality or self.kind:
            ctes.append(
                f"every (term, n) AS (SELECT CASE WHEN a = %s THEN b ELSE a END, n FROM {pairs} "  # noqa: S608 - names only
                "WHERE library_id = %s AND (a = %s OR b = %s))"
            )
            params += [ALL, library.pk, ALL, ALL]
        parts = []
        for param, (_, model, _) in MULTI_FACETS.items():
            table = model._meta.db_table
            position = "0" if model is Tag else f"t.{model._meta.get_field('sort_order').column}"
            join = "JOIN" if model is Tag else "LEFT JOIN"  # every value, scheme and role is listed
            parts.append(
                f"SELECT '{param}', t.slug, t.name, COALESCE(c.n, 0), {position} FROM {table} t "  # noqa: S608 - names only
                f"{join} cur c ON c.term = %s || CAST(t.id AS TEXT)"
            )
            params.append(f"{param}:")
        municipality_set = "every" if self.municipality else "cur"
        kind_set = "every" if self.kind else "cur"
        parts += [
            "SELECT 'total', '', '', COALESCE(SUM(n), 0), 0 FROM cur WHERE term = %s",
            f"SELECT 'kommune', SUBSTR(term, 9), '', n, 0 FROM {municipality_set} "  # noqa: S608 - names only
            "WHERE SUBSTR(term, 1, 8) = 'kommune:'",
            f"SELECT 'type', SUBSTR(term, 6), '', n, 0 FROM {kind_set} WHERE SUBSTR(term, 1, 5) = 'type:'",  # noqa: S608 - names only
        ]
        params.append(anchor)
        sql = f"WITH {', '.join(ctes)} " + " UNION ALL ".join(parts)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return {(facet, key): (count, label, position) for facet, key, label, count, position in rows}

    def _counts(self, base, pages):
        """{(facet, key): (count, label, position)}, with ("total", "") the number of results."""
        # Only table and column names from the models and constants are put into the SQL; every
        # value from the request is a parameter of the querysets compiled here.
        ctes, params = [], []
        for name, queryset in (
            ("current", pages),
            ("without_kommune", self._filter(base, skip="kommune") if self.municipality else None),
            ("without_type", self._filter(base, skip="type") if self.kind else None),
        ):
            if queryset is not None:
                try:
                    sql, sql_params = queryset.order_by().values("pk").query.sql_with_params()
                except EmptyResultSet:  # e.g. a search that matched nothing
                    sql, sql_params = "SELECT CAST(NULL AS INTEGER) WHERE 1 = 0", ()
                ctes.append(f"{name} (pk) AS MATERIALIZED ({sql})")
                params += sql_params
        parts = []
        for param, (_, model, link) in MULTI_FACETS.items():
            link = link()
            page_column, term_column = (f.column for f in _link_fields(link))
            # The many-to-many tables are unique per (page, term); taggit's is not.
            pages_counted = f"DISTINCT {page_column}" if model is Tag else "*"
            counted = (
                f"SELECT {term_column} AS term, COUNT({pages_counted}) AS n FROM {link._meta.db_table} "  # noqa: S608 - names only
                f"JOIN current ON current.pk = {page_column} GROUP BY {term_column}"
            )
            table = model._meta.db_table
            position = "0" if model is Tag else f"t.{model._meta.get_field('sort_order').column}"
            join = "JOIN" if model is Tag else "LEFT JOIN"  # every value, scheme and role is listed
            parts.append(
                f"SELECT '{param}', t.slug, t.name, COALESCE(c.n, 0), {position} "  # noqa: S608 - names only
                f"FROM {table} t {join} ({counted}) c ON c.term = t.id"
            )
        municipality_set = "without_kommune" if self.municipality else "current"
        kind_set = "without_type" if self.kind else "current"
        parts += [
            "SELECT 'total', '', '', COUNT(*), 0 FROM current",
            f"SELECT 'kommune', municipality, '', COUNT(*), 0 FROM {CasePage._meta.db_table} "  # noqa: S608 - names only
            f"JOIN {municipality_set} s ON s.pk = {CasePage._meta.pk.column} GROUP BY municipality",
            f"SELECT 'type', CAST(content_type_id AS TEXT), '', COUNT(*), 0 FROM {Page._meta.db_table} "  # noqa: S608 - names only
            f"JOIN {kind_set} s ON s.pk = id GROUP BY content_type_id",
        ]
        sql = f"WITH {', '.join(ctes)} " + " UNION ALL ".join(parts)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return {(facet, key): (count, label, position) for facet, key, label, count, position in rows}

    def _facets(self, counts):
        rows = {param: [] for param in MULTI_FACETS}
        single = {"kommune": {}, "type": {}}
        for (facet, key), (count, label, position) in counts.items():
            if facet in rows:
                rows[facet].append((position, label, key, count))
            else:
                single[facet][key] = count
        facets = []
        for param, (legend, model, _) in MULTI_FACETS.items():
            chosen = self.selected[param]
            if model is Tag:
                ordered = sorted(rows[param], key=lambda row: (-row[3], row[1].lower()))
            else:
                ordered = sorted(rows[param], key=lambda row: (row[0], row[1]))
            options = [Option(key, label, count, key in chosen) for _, label, key, count in ordered]
            if model is Tag:
                options = self._shown_tags(options)
            facets.append(Facet(param, legend, options))
        facets.append(self._municipality_facet(single["kommune"]))
        facets.append(self._kind_facet(single["type"]))
        return facets

    def _shown_tags(self, options):
        """The most used tags, and every chosen one, even when nothing matches any more."""
        chosen = self.selected["tag"]
        listed = {option.key for option in options}
        options += [
            Option(slug, self.labels[("tag", slug)], 0, True) for slug in chosen if slug not in listed
        ]
        shown = [option for option in options if option.selected]
        shown += [option for option in options if not option.selected][: TAGS_SHOWN - len(shown)]
        return shown

    def _municipality_facet(self, counts):
        options = [
            Option(key, label, counts.get(key, 0), key == self.municipality)
            for key, label in MUNICIPALITIES.items()
            if counts.get(key) or key == self.municipality
        ]
        return Facet("kommune", "Kommune", options, widget="select")

    def _kind_facet(self, counts):
        options = [
            Option(
                key,
                KIND_LABELS[key],
                counts.get(str(ContentType.objects.get_for_model(model).pk), 0),
                key == self.kind,
            )
            for key, model in KINDS.items()
        ]
        return Facet("type", "Type", options, widget="radio")

    def _active_filters(self, facets):
        active = []
        for facet in facets:
            for option in facet.selected:
                remaining = self.query_string(without=(facet.param, option.key))
                active.append(
                    ActiveFilter(f"{facet.legend}: {option.label}", f"?{remaining}" if remaining else "?")
                )
        if self.query:
            remaining = self.query_string(without=("q", self.query))
            active.append(ActiveFilter(f"Søgning: »{self.query}«", f"?{remaining}" if remaining else "?"))
        return active


class _Counted:
    """A queryset whose number of items is already known (from the facet query), so the
    paginator slices it without a COUNT of its own."""

    def __init__(self, queryset, count):
        self.queryset, self._count = queryset, count
        self.ordered = queryset.ordered

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, key):
        return self.queryset[key]
