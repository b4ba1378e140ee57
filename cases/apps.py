from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Gode erfaringer"

    def ready(self):
        from home import page_cache

        from . import signal_handlers
        from .api import CACHED_QUERY_PARAMETERS
        from .filters import QUERY_PARAMETERS

        signal_handlers.register()
        page_cache.key_query_parameters(*QUERY_PARAMETERS, *CACHED_QUERY_PARAMETERS)
