from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = "Konferencer"

    def ready(self):
        from . import page_cache

        page_cache.connect()
