from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = "Konferencer"

    def ready(self):
        from django.db.models.signals import post_save

        from home.mail_queue import mail_builder

        from . import messaging, page_cache
        from .models import ConferenceIndexPage
        from .organiser_access import grant_new_conference_index

        page_cache.connect()
        post_save.connect(
            grant_new_conference_index, sender=ConferenceIndexPage, dispatch_uid="organiser_access"
        )
        # The organisers' messages go through the shared mail queue; the worker builds them here.
        mail_builder(messaging.MESSAGE_MAIL)(messaging.build_message_mail)
