"""Admin URLs and menu items owned by home: two-step sign-in (home.two_factor)."""

from django.urls import path, reverse
from wagtail import hooks

from . import two_factor


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("to-trin/", two_factor.manage, name="two_factor_manage"),
        path("to-trin/bekraeft/", two_factor.verify, name="two_factor_verify"),
        path("to-trin/opsaet/", two_factor.setup, name="two_factor_setup"),
        path("to-trin/reservekoder/", two_factor.new_reserve_codes, name="two_factor_new_reserve_codes"),
        path("to-trin/slaa-fra/", two_factor.turn_off, name="two_factor_turn_off"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor_manage"),
        "label": "To-trinsbekræftelse",
        "help_text": "Log ind med en kode fra en app på din telefon ud over din adgangskode.",
    }
