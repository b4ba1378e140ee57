from django import template

from home import sections

register = template.Library()


@register.simple_tag(takes_context=True)
def home_page_sections(context):
    """{% home_page_sections %}: the sections other apps add to the home page (home/sections.py)."""
    return sections.home_page_sections(context)
