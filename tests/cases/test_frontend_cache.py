import pytest

from cases.models import CaseIndexPage, GuidancePage

pytestmark = pytest.mark.content_per_module("launch_content")


@pytest.mark.django_db
def test_index_cached_paths_include_value_pages_and_feeds(launch_content):
    index = CaseIndexPage.objects.get()
    paths = index.get_cached_paths()
    assert {"/", "feed/", "feed/atom/", "vaerdi/tillid/", "vaerdi/dialog/"} <= set(paths)


@pytest.mark.django_db
def test_publishing_an_article_purges_the_library_index_from_the_cdn(launch_content, monkeypatch):
    from django.apps import apps

    is_installed = apps.is_installed
    # As in production with FRONTEND_CACHE_URL set (config/settings/production.py).
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name == "wagtail.contrib.frontend_cache" or is_installed(name)
    )
    purged = []
    monkeypatch.setattr(
        "wagtail.contrib.frontend_cache.utils.purge_page_from_cache",
        lambda page, **kwargs: purged.append(page.specific),
    )
    article = GuidancePage.objects.live().first()
    article.save_revision().publish()
    assert CaseIndexPage.objects.get() in purged
