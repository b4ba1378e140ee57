"""Wagtail hooks owned by home: two-step sign-in (home.two_factor), documents that are not
public before the page that uses them is published (home.uploads), and the page viewset every
page type uses in the admin (home.admin_views)."""

from django.http import Http404
from django.urls import path, reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import two_factor, uploads
from .admin_views import SitePageViewSet
from .models import Speaker


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


@hooks.register("before_serve_document")
def hide_documents_not_yet_published(document, request):
    if not uploads.is_published(document) and not uploads.may_preview(request):
        raise Http404("Dokumentet er ikke udgivet.")


@hooks.register("register_admin_viewset")
def register_site_page_viewset():
    # Registered after Wagtail's own base page viewset (its hook has order -1), so it replaces
    # it for every page type.
    return SitePageViewSet()


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    menu_label = "Oplægsholdere"
    menu_order = 310
    add_to_admin_menu = True
    search_backend_name = None
    search_fields = ["name", "organisation", "job_title"]
    list_display = ["name", "job_title", "organisation"]
    list_export = ["name", "job_title", "organisation", "bio"]
    export_filename = "oplaegsholdere"


register_snippet(SpeakerViewSet)
