"""Fixtures for the library: a case factory (the library itself is in tests/conftest.py)."""

import itertools

import pytest
from django.utils import timezone

_numbers = itertools.count(1)


@pytest.fixture
def make_case(library):
    """Publish a case story under the library: make_case(values=["tillid"], schemes=["fleksjob"], ...)."""
    from cases.launch_content import publish_library_page
    from cases.models import CasePage, Role
    from home.launch_content import ContentLog

    def make(
        title=None,
        *,
        values=("tillid",),
        schemes=(),
        roles=(),
        tags=(),
        municipality="faxe",
        body_text="Lederen tog ansvar for forløbet.",
        last_reviewed=None,
        parent=None,
    ):
        number = next(_numbers)
        case = CasePage(
            title=title or f"Erfaring {number}",
            slug=f"erfaring-{number}",
            lead=f"Kort om erfaring {number}.",
            municipality=municipality,
            workplace="Plejecenter Test",
            sector="aeldre-og-sundhed",
            target_group="Ledige",
            body=[{"type": "situation", "value": f"<p>{body_text}</p>"}],
            last_reviewed=last_reviewed or timezone.localdate(),
        )
        case.roles = list(Role.objects.filter(slug__in=roles))
        return publish_library_page(
            parent or library,
            case,
            ContentLog(lambda line: None),
            values=values,
            schemes=schemes,
            tags=tags,
        )

    return make
