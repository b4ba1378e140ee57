"""What the <head> says about a page, and how a page presents itself in search results.

No page type is imported here (home is the base app): each page type may define
`search_result_label()`; the description comes from the fields page types commonly have.
"""

from django import template
from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.text import Truncator

from home.images import SHARE_IMAGE
from home.site_address import absolute_url

register = template.Library()

DESCRIPTION_WORDS = 40
DEFAULT_SHARE_IMAGE = "img/rummelighed-i-praksis-1200x630.png"


def page_description(page):
    """One plain-text description of the page: the editor's search description, else the lead
    text (a standard, policy, case or guidance page), the theme (a conference) or the
    introduction (home and index pages); at most DESCRIPTION_WORDS words."""
    if page is None:
        return ""
    for field in ("search_description", "lead", "theme", "introduction"):
        text = " ".join(strip_tags(str(getattr(page, field, "") or "")).split())
        if text:
            return Truncator(text).words(DESCRIPTION_WORDS)
    return ""


register.filter("page_description", page_description)


@register.filter
def result_label(page):
    """What a search result is, e.g. »Konference · Aarhus · fredag 2. juni 2028«."""
    label = getattr(page, "search_result_label", None)
    if callable(label):
        return label()
    return str(page._meta.verbose_name).capitalize()


@register.simple_tag(takes_context=True)
def share_image_url(context, page):
    """The absolute address of the image shown when the page is shared (Open Graph): the page's
    listing image in the share size (made when the image was saved, home/images.py), else the
    site's own picture."""
    image = getattr(page, "listing_image", None)
    if image is not None:
        return absolute_url(image.get_rendition(SHARE_IMAGE).url)
    return absolute_url(static(DEFAULT_SHARE_IMAGE))


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The address of the current view on the configured site address."""
    request = context.get("request")
    return absolute_url(request.path) if request else ""
