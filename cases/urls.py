"""»Del din erfaring«: mounted at /del-din-erfaring/ (config/urls.py, settings.PUBLIC_UPLOAD_PATHS)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.share_form, name="share_form"),
    path("gemt/", views.share_saved, name="share_saved"),
    path("tak/", views.share_received, name="share_received"),
    path("<str:token>/", views.share_resume, name="share_resume"),
]
