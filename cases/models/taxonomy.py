"""The library's fixed vocabularies: the policy's values, employment schemes and roles."""

from django.db import models
from django.db.models.query import ModelIterable
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class _LibraryIndexLookup:
    """The live library index, looked up once for all the values of one query and only
    when a value's URL is first asked for: a list of values costs one query, not one each."""

    def __init__(self):
        self._resolved = False
        self._index = None
        self._url = None

    def resolve(self):
        if not self._resolved:
            from .pages import CaseIndexPage

            self._index = CaseIndexPage.objects.live().order_by("path").first()
            self._url = self._index.url if self._index else None
            self._resolved = True
        return self._index, self._url


class _ValueIterable(ModelIterable):
    def __iter__(self):
        lookup = _LibraryIndexLookup()
        for value in super().__iter__():
            value._library_index = lookup
            yield value


class ValueQuerySet(models.QuerySet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._iterable_class = _ValueIterable


class TaxonomyTerm(index.Indexed, models.Model):
    """A named term with a slug for web addresses and an editor-chosen order."""

    name = models.CharField("navn", max_length=80, unique=True)
    slug = models.SlugField(
        "kort navn i adressen",
        max_length=80,
        unique=True,
        help_text="Små bogstaver uden mellemrum og æ, ø, å. Bruges i webadresser.",
    )
    sort_order = models.PositiveSmallIntegerField("rækkefølge", default=0, help_text="Lavest vises først.")

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class DescribedTerm(TaxonomyTerm):
    """A term with a description editors write and visitors read (values and schemes)."""

    description = models.TextField("beskrivelse", blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = TaxonomyTerm.search_fields + [index.SearchField("description")]

    class Meta(TaxonomyTerm.Meta):
        abstract = True


class Value(DescribedTerm):
    """One of the four values of the inclusion policy: dialog, anerkendelse, tillid, helhed."""

    name = models.CharField("navn", max_length=80, unique=True, help_text="Fx »Tillid«.")
    slug = models.SlugField(
        "kort navn i adressen",
        max_length=80,
        unique=True,
        help_text="Små bogstaver uden mellemrum, fx »tillid«. Bruges i værdiens webadresse.",
    )
    description = models.TextField(
        "politikkens sætning",
        help_text="Værdiens sætning, som den står i politikken.",
    )

    objects = ValueQuerySet.as_manager()

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "værdi"
        verbose_name_plural = "værdier"

    def get_absolute_url(self):
        return self.url

    @property
    def url(self):
        """The value's landing page in the library (/gode-erfaringer/vaerdi/<slug>/), or None
        while no library index is live."""
        lookup = self.__dict__.get("_library_index")
        if lookup is None:
            lookup = self._library_index = _LibraryIndexLookup()
        library, library_url = lookup.resolve()
        if library is None:
            return None
        return library_url + library.reverse_subpage("value", kwargs={"slug": self.slug})


class Scheme(DescribedTerm):
    """An employment scheme a person came to the workplace through, e.g. fleksjob."""

    name = models.CharField("navn", max_length=80, unique=True, help_text="Fx »Fleksjob«.")
    description = models.TextField(
        "kort forklaring",
        blank=True,
        help_text="En til to sætninger om ordningen, skrevet til en leder eller kollega.",
    )

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "ordning"
        verbose_name_plural = "ordninger"


class Role(TaxonomyTerm):
    """Who took part at the workplace: ledelse, kolleger, HR, jobcenter, TR, MED-udvalg."""

    name = models.CharField("navn", max_length=80, unique=True, help_text="Fx »Tillidsrepræsentant«.")

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "rolle"
        verbose_name_plural = "roller"
