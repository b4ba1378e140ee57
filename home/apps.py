from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Forside og sider"

    def ready(self):
        from . import images, page_cache, site_address  # noqa: F401 - site_address registers its system check

        images.connect()
        page_cache.connect()
