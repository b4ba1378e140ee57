from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Forside og sider"

    def ready(self):
        from . import images

        images.connect()
