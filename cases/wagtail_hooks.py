from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Value


class ValueViewSet(SnippetViewSet):
    model = Value
    icon = "heart"
    menu_label = "Værdier"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name", "description"]
    list_export = ["name", "slug", "description", "sort_order"]
    export_filename = "vaerdier"
    ordering = ["sort_order", "name"]


register_snippet(ValueViewSet)
