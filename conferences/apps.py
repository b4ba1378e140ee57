from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = "Konferencer"

    def ready(self):
        from home.mail_queue import mail_builder

        from . import messaging, page_cache

        page_cache.connect()
        # The organisers' messages go through the shared mail queue; the worker builds them here.
        mail_builder(messaging.MESSAGE_MAIL)(messaging.build_message_mail)
