"""The library's models: vocabularies in taxonomy.py, page types in pages.py."""

from .facets import LibraryFacetPair, LibraryFacetTerm
from .pages import (
    SECTOR_CHOICES,
    CaseIndexPage,
    CasePage,
    GuidancePage,
    LibraryPage,
    LibraryPageTag,
    RelatedCase,
)
from .submission import CaseSubmission
from .taxonomy import Role, Scheme, Value

__all__ = [
    "SECTOR_CHOICES",
    "CaseIndexPage",
    "CaseSubmission",
    "CasePage",
    "GuidancePage",
    "LibraryFacetPair",
    "LibraryFacetTerm",
    "LibraryPage",
    "LibraryPageTag",
    "RelatedCase",
    "Role",
    "Scheme",
    "Value",
]
