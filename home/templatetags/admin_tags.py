"""Template helpers for the project's overrides of Wagtail admin templates."""

from django import template
from wagtail.admin.auth import user_has_any_page_permission

register = template.Library()


@register.simple_tag(takes_context=True)
def can_search_pages(context):
    """Whether the user may search pages: the same rule as the sidebar's page search."""
    return user_has_any_page_permission(context["request"].user)
