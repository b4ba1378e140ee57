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
- The number of SQL queries does not depend on the number of pages in the library.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, F, IntegerField, Q
from django.db.models import Value as V
from django.db.models.functions import Cast
from taggit.models import Tag

from home.municipalities import MUNICIPALITIES
from home.pagination import paginate
from home.search import display_query, matching_ids

from .models import CasePage, GuidancePage, LibraryPage, LibraryPageTag, Role, Scheme, Value

SLUG = re.compile(r"^[-\w]{1,100}$")  # taggit keeps æ, ø, å in tag slugs
MAX_OPTIONS_PER_FACET = 10
TAGS_SHOWN = 15

KINDS = {"erfaring": CasePage, "vejledning": GuidancePage}
KIND_LABELS = {"erfaring": "Erfaringer", "vejledning": "Vejledning"}
SORTS = {"nyeste": "Nyeste først", "relevans": "Mest relevante først"}

# Repeatable facets: parameter → (legend, model of the vocabulary, path from a library page).
MULTI_FACETS = {
    "vaerdi": ("Værdi", Value, "values"),
    "ordning": ("Ordning", Scheme, "schemes"),
    "rolle": ("Roller", Role, "casepage__roles"),
    "tag": ("Emneord", Tag, "tagged_items__tag"),
}


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

    # -- the selection -------------------------------------------------------------------

    @property
    def option_count(self):
        return sum(len(slugs) for slugs in self.selected.values()) + bool(self.municipality) + bool(self.kind)

    @property
    def is_combination(self):
        """Two or more filters at once: a page search engines should not index."""
        return self.option_count >= 2

    def drop_unknown(self):
        """Forget slugs that name no value, scheme, role or tag (one query, none if nothing chosen)."""
        if self.labels or not any(self.selected.values()):
            return
        queries = [
            model.objects.filter(slug__in=self.selected[param])
            .annotate(facet=V(param))
            .values_list("facet", "slug", "name")
            .order_by()
            for param, (_, model, _) in MULTI_FACETS.items()
            if self.selected[param]
        ]
        if not queries:
            return
        rows = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
        self.labels = {(param, slug): name for param, slug, name in rows}
        self.selected = {
            param: [slug for slug in slugs if (param, slug) in self.labels]
            for param, slugs in self.selected.items()
        }

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
        for param, (_, _, lookup) in MULTI_FACETS.items():
            if param == skip:
                continue
            for slug in self.selected[param]:
                pages = pages.filter(**{f"{lookup}__slug": slug})
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
        items = LibraryPage.for_listing(pages)
        if self.sort == "relevans" and ranked_ids is not None:
            rank = {pk: position for position, pk in enumerate(ranked_ids)}
            ordered_ids = sorted(pages.values_list("pk", flat=True), key=lambda pk: rank.get(pk, len(rank)))
            page = paginate(request, ordered_ids, library.RESULTS_PER_PAGE)
            by_id = {item.pk: item for item in items.filter(pk__in=page.object_list)}
            page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
        else:
            page = paginate(request, items, library.RESULTS_PER_PAGE)
        results = LibraryResults(selection=self, items=items, page=page, total=page.paginator.count)
        results.facets = self._facets(base, pages)
        results.active_filters = self._active_filters(results.facets)
        return results

    def feed_items(self, library, limit):
        """The newest `limit` pages of the filtered view, for the feed."""
        self.drop_unknown()
        _, pages, _ = self.matching_pages(library)
        return pages.prefetch_related("values")[:limit]

    # -- facets -----------------------------------------------------------------------------
    # Two queries for all six facets: one UNION for the repeatable facets (counted over the
    # current results) and one for municipality and type (each counted without itself).

    def _facets(self, base, pages):
        rows = {param: [] for param in MULTI_FACETS}
        for param, key, label, count, position in self._multi_facet_counts(pages.values("pk")):
            rows[param].append((position, label, key, count))
        facets = []
        for param, (legend, model, _) in MULTI_FACETS.items():
            chosen = self.selected[param]
            if model is Tag:
                ordered = sorted(rows[param], key=lambda row: (-row[3], row[1].lower()))
            else:
                ordered = sorted(rows[param])
            options = [Option(key, label, count, key in chosen) for _, label, key, count in ordered]
            if model is Tag:
                options = self._shown_tags(options)
            facets.append(Facet(param, legend, options))
        single = {"kommune": {}, "type": {}}
        for param, key, count in self._single_facet_counts(base):
            single[param][key] = count
        facets.append(self._municipality_facet(single["kommune"]))
        facets.append(self._kind_facet(single["type"]))
        return facets

    def _multi_facet_counts(self, current_ids):
        queries = []
        for param, (_, model, _) in MULTI_FACETS.items():
            if model is Tag:
                query = (
                    LibraryPageTag.objects.filter(content_object__in=current_ids)
                    .values("tag__slug", "tag__name")
                    .annotate(
                        facet=V(param, output_field=CharField()),
                        key=F("tag__slug"),
                        label=F("tag__name"),
                        count=Count("content_object", distinct=True),
                        position=V(0, output_field=IntegerField()),
                    )
                )
            else:
                path = "cases" if model is Role else "library_pages"
                query = model.objects.annotate(
                    facet=V(param, output_field=CharField()),
                    key=F("slug"),
                    label=F("name"),
                    count=Count(path, filter=Q(**{f"{path}__in": current_ids}), distinct=True),
                    position=F("sort_order"),
                )
            queries.append(query.values_list("facet", "key", "label", "count", "position").order_by())
        return queries[0].union(*queries[1:], all=True)

    def _single_facet_counts(self, base):
        municipalities = (
            self._filter(base, skip="kommune")
            .filter(casepage__isnull=False)
            .values("casepage__municipality")
            .annotate(
                facet=V("kommune", output_field=CharField()),
                key=F("casepage__municipality"),
                count=Count("pk"),
            )
            .values_list("facet", "key", "count")
            .order_by()
        )
        kinds = (
            self._filter(base, skip="type")
            .values("content_type")
            .annotate(
                facet=V("type", output_field=CharField()),
                key=Cast("content_type", output_field=CharField()),
                count=Count("pk"),
            )
            .values_list("facet", "key", "count")
            .order_by()
        )
        return municipalities.union(kinds, all=True)

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
