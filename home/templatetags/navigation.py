from django import template
from wagtail.models import Site

register = template.Library()


def _menu_pages(request):
    """The home page and its children shown in menus; read once per request (the desktop and
    mobile menus both use it)."""
    cached = getattr(request, "_main_menu_pages", None)
    if cached is None:
        site = Site.find_for_request(request)
        cached = []
        if site:
            home = site.root_page
            cached = [home, *home.get_children().live().in_menu()]
        request._main_menu_pages = cached
    return cached


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context, menu_id="desktopmenu"):
    """The home page and its children marked »Vis i menuer«, current section highlighted."""
    request = context.get("request")
    current = context.get("page") or context.get("self")
    pages = _menu_pages(request) if request else []
    items = []
    for page in pages:
        is_home = page.depth == 2
        is_current = current is not None and page.pk == current.pk
        is_active = current is not None and not is_home and current.path.startswith(page.path)
        items.append(
            {
                "title": "Forside" if is_home else page.title,
                "url": page.get_url(request),
                "current": is_current,
                "active": is_current or is_active,
            }
        )
    return {"items": items, "menu_id": menu_id}


def _crumb_title(page):
    return getattr(page, "breadcrumb_title", None) or page.title


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, subpage=None):
    """Ancestors of the current page from the home page down, the page itself last.

    subpage names a view under the page (a routable page's sub-URL, e.g. »Tilmelding«): the page
    then becomes a link and the subpage is the current crumb.
    """
    request = context.get("request")
    page = context.get("page") or context.get("self")
    if page is None or (getattr(page, "depth", 0) <= 2 and not subpage):
        return {"crumbs": []}
    ancestors = page.get_ancestors().filter(depth__gte=2).specific()
    crumbs = [
        {"title": "Forside" if a.depth == 2 else _crumb_title(a), "url": a.get_url(request)}
        for a in ancestors
    ]
    if subpage:
        crumbs.append({"title": _crumb_title(page), "url": page.get_url(request)})
        crumbs.append({"title": subpage, "url": None})
    else:
        crumbs.append({"title": _crumb_title(page), "url": None})
    return {"crumbs": crumbs}
