"""The site's URLs without the library's API (tests/home/settings_home_only.py)."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from home import views as home_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("soeg/", home_views.search, name="search"),
    path("", include(wagtail_urls)),
]
