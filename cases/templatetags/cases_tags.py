from django import template

from home.municipalities import MUNICIPALITIES

register = template.Library()


@register.filter
def municipality_name(key):
    """»faxe« → »Faxe Kommune«; an unknown key gives an empty string."""
    return MUNICIPALITIES.get(key or "", "")
