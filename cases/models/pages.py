"""The library: its index, case stories and guidance articles."""

import datetime

from django import forms
from django.db import connection, models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from home.images import with_card_images
from home.models import PolicyPage
from home.municipalities import MUNICIPALITIES, MUNICIPALITY_CHOICES
from home.pagination import paginate

from ..blocks import CaseStoryBlock, KeyPointBlock
from .taxonomy import Role, Scheme, Value

SECTOR_CHOICES = [
    ("aeldre-og-sundhed", "Ældre og sundhed"),
    ("boern-og-unge", "Børn og unge"),
    ("social-og-handicap", "Social og handicap"),
    ("teknik-og-miljoe", "Teknik og miljø"),
    ("kultur-og-fritid", "Kultur og fritid"),
    ("administration", "Administration og borgerservice"),
    ("beskaeftigelse", "Beskæftigelse"),
]

REVIEW_INTERVAL = datetime.timedelta(days=365)


class LibraryPageTag(TaggedItemBase):
    content_object = ParentalKey("cases.LibraryPage", related_name="tagged_items", on_delete=models.CASCADE)

    class Meta:
        # The pages having a tag, in page order (facet filters and related cases).
        indexes = [models.Index(fields=["tag", "content_object"], name="cases_tag_page_idx")]


class LibraryPage(Page):
    """What case stories and guidance articles share: a lead, the policy's values, schemes,
    tags and a review date. Not created on its own; the index lists both kinds through it."""

    lead = models.TextField(
        "indledning",
        help_text="Et resumé på to til fire sætninger. Vises i oversigter og øverst på siden.",
    )
    values = ParentalManyToManyField(
        Value,
        verbose_name="værdier",
        related_name="library_pages",
        help_text="Vælg mindst én af politikkens værdier, som erfaringen viser.",
    )
    schemes = ParentalManyToManyField(
        Scheme,
        verbose_name="ordninger",
        related_name="library_pages",
        blank=True,
        help_text="De ordninger, personerne var ansat i eller kom gennem, fx fleksjob.",
    )
    tags = ClusterTaggableManager(
        "emneord",
        through=LibraryPageTag,
        blank=True,
        help_text="Frie emneord adskilt af komma, fx »kerneopgave, jobmatch«.",
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="oversigtsbillede",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Valgfrit: et foto fra arbejdspladsen, vist ved siden af resuméet i oversigter. "
        "Det beskæres til 16:9; sæt fokuspunktet på billedet, hvis motivet ikke er i midten.",
    )
    last_reviewed = models.DateField(
        "sidst gennemgået",
        default=datetime.date.today,
        help_text="Datoen, hvor indholdet sidst blev læst igennem og fundet korrekt. "
        "Erfaringer, der ikke er gennemgået i 12 måneder, kommer på rapporten »Erfaringer til gennemgang«.",
    )

    listing_panels = [FieldPanel("lead"), FieldPanel("listing_image")]
    taxonomy_panels = [
        FieldPanel("values", widget=forms.CheckboxSelectMultiple),
        FieldPanel("schemes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("lead", boost=2),
        index.RelatedFields("values", [index.SearchField("name")]),
        index.RelatedFields("schemes", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("first_published_at"),
    ]
    api_fields = [
        APIField("lead"),
        APIField("values"),
        APIField("schemes"),
        APIField("tags"),
        APIField("last_reviewed"),
    ]

    is_creatable = False
    parent_page_types = ["cases.CaseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "side i vidensbiblioteket"

    # A save that only records a draft revision or a lock changes nothing the library counts.
    FIELDS_NOT_COUNTED = frozenset(
        {
            "latest_revision",
            "latest_revision_created_at",
            "draft_title",
            "has_unpublished_changes",
            "locked",
            "locked_at",
            "locked_by",
            "last_reviewed",
        }
    )

    def save(self, *args, **kwargs):
        """Saves the page, then its facet counts (cases/facet_counts.py): after modelcluster has
        written the values, schemes, roles and tags, in the same transaction."""
        update_fields = kwargs.get("update_fields")
        with transaction.atomic():
            result = super().save(*args, **kwargs)
            if update_fields is None or not set(update_fields) <= self.FIELDS_NOT_COUNTED:
                from ..facet_counts import refresh

                refresh([self.pk])
        return result

    @staticmethod
    def for_listing(pages):
        """`pages` with what a library card shows, in a fixed number of queries whatever their
        number: the municipality, the values and the card image's rendition."""
        return with_card_images(pages.annotate(municipality=F("casepage__municipality"))).prefetch_related(
            "values"
        )

    @cached_property
    def value_list(self):
        return list(self.values.all())

    @cached_property
    def scheme_list(self):
        return list(self.schemes.all())

    @cached_property
    def tag_list(self):
        return list(self.tags.all())

    @property
    def kind_label(self):
        return self.specific_class._meta.verbose_name if self.specific_class else ""

    RELATED_POOL = 100

    def related_cases(self, limit=3):
        """Editor-chosen related cases if any are live, else the live cases sharing the most
        values and tags with this page (values and tags count the same), newest first on a tie.

        The candidates are the RELATED_POOL most recently added pages for each of this page's
        values and tags, read from the link tables' (term, page) indexes: the cost is the same
        with 1,000 cases as with 100,000, where scoring every case would grow with the library."""
        chosen = [link.case for link in self.related_case_links.all() if link.case and link.case.live]
        if chosen:
            return chosen[:limit]
        value_ids = [value.pk for value in self.value_list]
        tag_ids = [tag.pk for tag in self.tag_list]
        if not value_ids and not tag_ids:
            return []
        value_links = LibraryPage.values.through.objects
        newest = [
            *(
                value_links.filter(value_id=pk).order_by("-librarypage_id").values_list("librarypage_id")
                for pk in value_ids
            ),
            *(
                LibraryPageTag.objects.filter(tag_id=pk)
                .order_by("-content_object_id")
                .values_list("content_object_id")
                for pk in tag_ids
            ),
        ]
        pools = [pool[: self.RELATED_POOL] for pool in newest]
        if connection.features.supports_slicing_ordering_in_compound:
            # One query for every pool; the ids are given to the scoring query as a list, which
            # PostgreSQL plans as a few index lookups (a subquery per pool meant a scan of every case).
            candidates = {pk for (pk,) in pools[0].union(*pools[1:])}
        else:  # SQLite: a subquery per pool, fine at the sizes SQLite is used for
            candidates = Q()
            for pool in pools:
                candidates |= Q(pk__in=pool)
        shared_values = (
            value_links.filter(librarypage_id=OuterRef("pk"), value_id__in=value_ids)
            .order_by()
            .values("librarypage_id")
            .annotate(n=Count("*"))
            .values("n")
        )
        shared_tags = (
            LibraryPageTag.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids)
            .order_by()
            .values("content_object_id")
            .annotate(n=Count("*"))
            .values("n")
        )
        return list(
            CasePage.objects.live()
            .filter(candidates if isinstance(candidates, Q) else Q(pk__in=candidates))
            .exclude(pk=self.pk)
            .annotate(score=Coalesce(Subquery(shared_values), 0) + Coalesce(Subquery(shared_tags), 0))
            .order_by("-score", "-first_published_at", "-pk")
            .only("title", "url_path", "depth", "path", "municipality", "workplace")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["share_url"] = request.build_absolute_uri(self.get_url(request) or request.path)
        context["related_cases"] = self.related_cases()
        return context


class RelatedCase(Orderable):
    page = ParentalKey(LibraryPage, related_name="related_case_links", on_delete=models.CASCADE)
    case = models.ForeignKey(
        "cases.CasePage",
        verbose_name="erfaring",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="En anden erfaring, læseren bør læse bagefter.",
    )

    panels = [PageChooserPanel("case", "cases.CasePage")]

    class Meta(Orderable.Meta):
        verbose_name = "relateret erfaring"
        verbose_name_plural = "relaterede erfaringer"


RELATED_PANEL = InlinePanel(
    "related_case_links",
    label="Relaterede erfaringer",
    help_text="Valgfrit. Vælger du ingen, vises de erfaringer, der deler flest værdier og emneord.",
    max_num=3,
)


class CasePage(LibraryPage):
    """A case story: how one workplace made inclusion work."""

    municipality = models.CharField(
        "kommune",
        max_length=40,
        choices=MUNICIPALITY_CHOICES,
        help_text="Kommunen, arbejdspladsen hører til.",
    )
    workplace = models.CharField(
        "arbejdsplads",
        max_length=200,
        help_text="Arbejdspladsens navn, fx »Plejecenter Egebo, hjemmeplejen«.",
    )
    sector = models.CharField(
        "område",
        max_length=40,
        choices=SECTOR_CHOICES,
        help_text="Det kommunale område, arbejdspladsen hører under.",
    )
    target_group = models.CharField(
        "målgruppe",
        max_length=200,
        help_text="Hvem forløbet var for, fx »Ledige over 50 år i virksomhedspraktik«.",
    )
    roles = ParentalManyToManyField(
        Role,
        verbose_name="roller",
        related_name="cases",
        blank=True,
        help_text="Hvem på arbejdspladsen og i kommunen, der var med.",
    )
    body = StreamField(
        CaseStoryBlock(),
        verbose_name="fortællingen",
        help_text="Brug gerne afsnittene i rækkefølgen: udgangspunktet, det gjorde vi, resultater, "
        "det lærte vi. Citater skal have en afsender.",
    )
    contact_name = models.CharField(
        "kontaktperson", max_length=200, blank=True, help_text="Valgfrit: hvem læseren kan spørge."
    )
    contact_role = models.CharField(
        "kontaktpersonens stilling",
        max_length=200,
        blank=True,
        help_text="Fx »Leder, Plejecenter Egebo«.",
    )
    contact_email = models.EmailField(
        "kontaktpersonens e-mail",
        blank=True,
        help_text="En arbejdsmail, som personen har sagt ja til at vise.",
    )
    contact_speaker = models.ForeignKey(
        "home.Speaker",
        verbose_name="fortalt af",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Valgfrit: personen bag fortællingen, fx en oplægsholder fra konferencen. "
        "Personens profil vises på erfaringen og linker til alt, personen medvirker i.",
    )

    content_panels = Page.content_panels + [
        *LibraryPage.listing_panels,
        MultiFieldPanel(
            [
                FieldPanel("municipality"),
                FieldPanel("workplace"),
                FieldPanel("sector"),
                FieldPanel("target_group"),
                FieldPanel("roles", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Arbejdspladsen",
        ),
        MultiFieldPanel(LibraryPage.taxonomy_panels, heading="Værdier, ordninger og emneord"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("contact_speaker"),
                FieldPanel("contact_name"),
                FieldPanel("contact_role"),
                FieldPanel("contact_email"),
            ],
            heading="Kontakt",
        ),
        RELATED_PANEL,
        FieldPanel("last_reviewed"),
    ]
    search_fields = LibraryPage.search_fields + [
        index.SearchField("workplace"),
        index.SearchField("target_group"),
        index.SearchField("body"),
        index.RelatedFields("roles", [index.SearchField("name")]),
    ]
    api_fields = LibraryPage.api_fields + [
        APIField("municipality"),
        APIField("municipality_name"),
        APIField("workplace"),
        APIField("sector"),
        APIField("target_group"),
        APIField("roles"),
        APIField("body"),
        APIField("contact_name"),
        APIField("contact_role"),
    ]

    parent_page_types = ["cases.CaseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "erfaring"
        verbose_name_plural = "erfaringer"

    def search_result_label(self):
        """What the page is, in a search result: »Erfaring · Faxe Kommune · Plejecenter Egebo«."""
        return " · ".join(part for part in ("Erfaring", self.municipality_name, self.workplace) if part)

    @property
    def municipality_name(self):
        return MUNICIPALITIES.get(self.municipality, "")


class GuidancePage(LibraryPage):
    """A guidance article: what the evidence says makes inclusion work."""

    key_points = StreamField(
        [("point", KeyPointBlock())],
        verbose_name="hovedpointer",
        help_text="Artiklens vigtigste pointer, fx succesfaktorerne, én pr. punkt.",
    )
    body = StreamField(
        BaseStreamBlock(),
        verbose_name="brødtekst",
        blank=True,
        help_text="Artiklens tekst med overskrifter i rækkefølge; "
        "hovedpointerne står ovenfor og gentages ikke her.",
    )
    source_publisher = models.CharField(
        "udgivet af", max_length=200, help_text="Fx »Forhandlingsfællesskabet og KL«."
    )
    source_date = models.DateField("udgivelsesdato", help_text="Datoen, kilden blev udgivet.")
    source_url = models.URLField(
        "link til originalen",
        blank=True,
        help_text="Valgfrit: adressen på den oprindelige udgivelse, hvis den stadig findes.",
    )

    content_panels = Page.content_panels + [
        *LibraryPage.listing_panels,
        FieldPanel("key_points"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("source_publisher"), FieldPanel("source_date"), FieldPanel("source_url")],
            heading="Kilde",
        ),
        MultiFieldPanel(LibraryPage.taxonomy_panels, heading="Værdier, ordninger og emneord"),
        RELATED_PANEL,
        FieldPanel("last_reviewed"),
    ]
    search_fields = LibraryPage.search_fields + [
        index.SearchField("key_points"),
        index.SearchField("body"),
        index.SearchField("source_publisher"),
    ]
    api_fields = LibraryPage.api_fields + [
        APIField("key_points"),
        APIField("body"),
        APIField("source_publisher"),
        APIField("source_date"),
        APIField("source_url"),
    ]

    parent_page_types = ["cases.CaseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "vejledning"
        verbose_name_plural = "vejledninger"

    def search_result_label(self):
        return f"Vejledning · {self.source_publisher}"


class CaseIndexPage(RoutablePageMixin, Page):
    """»Gode erfaringer«: lists, filters and searches the case stories and guidance articles;
    its routes are the values' landing pages and the feeds of a filtered view."""

    RESULTS_PER_PAGE = 10

    introduction = RichTextField(
        "indledning",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Et par sætninger om, hvad man finder her, og hvordan man filtrerer.",
    )
    value_intro = models.TextField(
        "tekst på værdisiderne",
        blank=True,
        help_text="Vises på hver værdis side under politikkens sætning, fx om hvordan værdien ses i praksis.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("value_intro")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["cases.CasePage", "cases.GuidancePage"]
    max_count = 1

    class Meta:
        verbose_name = "gode erfaringer (oversigt)"

    def library_pages(self):
        """Every live case story and guidance article in this library, newest first."""
        return (
            LibraryPage.objects.live()
            .public()
            .child_of(self)
            .order_by(F("first_published_at").desc(nulls_last=True), "-pk")
        )

    @path("")
    def index_route(self, request, *args, **kwargs):
        """The index; a filter URL with empty parameters (a form sent without JavaScript) is sent
        on to the same view without them, so an address only ever carries what was chosen."""
        from ..filters import without_empty_parameters

        cleaned = without_empty_parameters(request.GET)
        if cleaned is not None:
            return redirect(request.path + (f"?{cleaned}" if cleaned else ""))
        return super().index_route(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ..filters import LibraryFilter

        context = super().get_context(request, *args, **kwargs)
        library_filter = LibraryFilter.from_querydict(request.GET)
        context["library"] = library_filter.apply(self, request)
        return context

    @path("vaerdi/<slug:slug>/", name="value")
    def value_view(self, request, slug):
        value = Value.objects.filter(slug=slug).first()
        if value is None:
            raise Http404("Ukendt værdi")
        from ..filters import MAX_RESULTS

        # Paged through as far as the library's own results (the count and the deepest page
        # would otherwise cost a scan of every page with the value); one more tells if there are more.
        items = LibraryPage.for_listing(self.library_pages().filter(values=value))[: MAX_RESULTS + 1]
        results = paginate(request, items, 20)
        capped = results.paginator.count > MAX_RESULTS
        if capped:
            results = paginate(request, items[:MAX_RESULTS], 20)
        policy = PolicyPage.objects.live().order_by("path").first()
        return self.render(
            request,
            template="cases/value_page.html",
            context_overrides={"value": value, "results": results, "policy": policy, "capped": capped},
        )

    @path("feed/", name="feed")
    def rss_feed(self, request):
        from ..feeds import LibraryRssFeed

        return LibraryRssFeed(self)(request)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        from ..feeds import LibraryAtomFeed

        return LibraryAtomFeed(self)(request)

    def get_cached_paths(self):
        """Paths a CDN must purge when the library is published: the index, every value page
        and the feeds (filtered views expire with the CDN's s-maxage)."""
        paths = ["/", "feed/", "feed/atom/"]
        paths += [
            self.reverse_subpage("value", kwargs={"slug": slug})
            for slug in Value.objects.values_list("slug", flat=True)
        ]
        return paths

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for value in Value.objects.all():
            urls.append({"location": base + self.reverse_subpage("value", kwargs={"slug": value.slug})})
        return urls

    @classmethod
    def home_section(cls, limit=3):
        """The live library and its newest items, for the home page (a fixed number of queries)."""
        library = cls.objects.live().order_by("path").first()
        if library is None:
            return None
        latest = LibraryPage.for_listing(library.library_pages())[:limit]
        return {"library": library, "latest": list(latest), "values": list(Value.objects.all())}
