from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = "Konferencer"

    def ready(self):
        from django.db.models.signals import post_save

        from . import page_cache
        from .models import ConferenceIndexPage
        from .organiser_access import grant_new_conference_index

        page_cache.connect()
        post_save.connect(
            grant_new_conference_index, sender=ConferenceIndexPage, dispatch_uid="organiser_access"
        )
