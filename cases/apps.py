from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Gode erfaringer"

    def ready(self):
        from . import signal_handlers

        signal_handlers.register()
