from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = "Konferencer"

    def ready(self):
        from . import messaging  # noqa: F401 (registers the messages' mail builder, home.mail_queue)
        from . import page_cache

        page_cache.connect()
