from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Value(index.Indexed, models.Model):
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
    sort_order = models.PositiveSmallIntegerField(
        "rækkefølge", default=0, help_text="Lavest vises først."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "værdi"
        verbose_name_plural = "værdier"

    def __str__(self):
        return self.name
