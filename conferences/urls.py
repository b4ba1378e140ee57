"""The check-in QR code's address, mounted at /indtjekning/ (config/urls.py)."""

from django.urls import path

from . import check_in_views

urlpatterns = [
    path("<str:token>/", check_in_views.check_in_by_code, name="check_in_by_code"),
]
