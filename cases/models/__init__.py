"""The library's models: vocabularies in taxonomy.py, page types in pages.py."""

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
    "LibraryPage",
    "LibraryPageTag",
    "RelatedCase",
    "Role",
    "Scheme",
    "Value",
]
