"""Fixtures for the library: the launch content with or without demo cases, and a case factory."""

import datetime
import itertools

import pytest


def _load(demo):
    from cases import launch_content as library_content
    from home import launch_content

    log = launch_content.ContentLog(lambda line: None)
    launch_content.load(log)
    return library_content.load(log, demo=demo)


@pytest.fixture
def library(db):
    """Home launch content plus the library (index, schemes, roles, guidance), no demo cases."""
    return _load(demo=False)


@pytest.fixture
def demo_library(db):
    """The library with the illustrative case stories, as `load_site_content --demo` makes it."""
    return _load(demo=True)


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
            last_reviewed=last_reviewed or datetime.date.today(),
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
