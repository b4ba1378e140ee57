"""Precomputed facet counts of the library (cases/facet_counts.py keeps them up to date).

Each live, public library page has one row per facet term it carries (`LibraryFacetTerm`:
»*« for every page, »vaerdi:3«, »ordning:1«, »rolle:2«, »tag:7«, »kommune:faxe«, »type:42«
with the content type's id). `LibraryFacetPair` counts, per library, the pages carrying both
terms of each pair (a ≤ b; a term with itself is the number of pages carrying it, and »*« with
»*« is the number of pages). The library without filters and with one filter reads its counts
and total from the pairs: a few hundred rows, however many pages there are.
"""

from django.db import models


class LibraryFacetTerm(models.Model):
    # Plain integers, not foreign keys: a deleted page's rows must still be there when its
    # post_delete signal takes its terms out of the pair counts.
    page_id = models.IntegerField()
    library_id = models.IntegerField()
    term = models.CharField(max_length=120)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page_id", "term"], name="cases_facetterm_unique")]
        indexes = [models.Index(fields=["library_id", "term", "page_id"], name="cases_facetterm_term_idx")]

    def __str__(self):
        return f"{self.page_id}: {self.term}"


class LibraryFacetPair(models.Model):
    library_id = models.IntegerField()
    a = models.CharField(max_length=120)
    b = models.CharField(max_length=120)
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["library_id", "a", "b"], name="cases_facetpair_unique")
        ]
        indexes = [models.Index(fields=["library_id", "b"], name="cases_facetpair_b_idx")]

    def __str__(self):
        return f"{self.a} & {self.b}: {self.n}"
