from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Forside og sider"

    def ready(self):
        from . import images, page_cache, page_routes, site_address  # noqa: F401 - site_address registers its system check

        images.connect()
        page_cache.connect()
        page_routes.connect()
        # Search results and every listing's page number (home.views.search, home.pagination).
        page_cache.key_query_parameters("q", "side")
