"""Each app process remembers where an address leads, so a page the page cache does not answer
(a form, a POST, a page with a CSRF token) is found with one query instead of about eight.

Wagtail finds a page by looking up the site, then fetching one page per level of the tree and
its specific type, then the aliases and view restrictions of every ancestor. Here a route that
has been found once is remembered per process: the site's fields, the page's id and type, its
url_path, and the rest of the address that the page routes itself (a RoutablePage's
`tilmelding/`). On the next request the page is read by its id (one query, so its fields are
always current) and used only if it is still live at the same url_path; the rest of the address
is routed by the page, as Wagtail would.

A remembered route is used only while the page cache's generation (home.page_cache) is the one
it was found in: saving or deleting any page, site or view restriction starts a new generation,
so a page that moved, was unpublished or got a view restriction (on it or an ancestor) is found
afresh on its next request. The generation is read before routing and renewed again once such
a change is committed, so a route found while the change was not yet visible cannot outlive it.
A page with any view restriction is never remembered: Wagtail checks it on every request.
Without a known generation (Redis away) nothing is remembered and Wagtail routes every request.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import Http404, HttpResponse
from django.http.request import split_domain_port
from wagtail import hooks
from wagtail.models import BaseViewRestriction, Page, Site
from wagtail.views import serve_chain
from wagtail.wagtail_hooks import check_view_restrictions

from . import page_cache
from .local_pages import local_pages

# Addresses remembered per process (the least recently used are forgotten first).
MAX_ROUTES = 1000
SITE_FIELDS = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")


@dataclass(frozen=True)
class Route:
    generation: str
    site: tuple  # the Site's SITE_FIELDS
    model: type
    page_id: int
    url_path: str
    rest: tuple  # the address's components the page routes itself


class Routes:
    def __init__(self):
        self._routes = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            route = self._routes.get(key)
            if route is not None:
                self._routes.move_to_end(key)
            return route

    def put(self, key, route):
        with self._lock:
            self._routes[key] = route
            self._routes.move_to_end(key)
            while len(self._routes) > MAX_ROUTES:
                self._routes.popitem(last=False)

    def forget(self):
        with self._lock:
            self._routes.clear()


routes = Routes()


def _generation():
    """The page cache's generation as this process knows it: from the listening thread when
    there is one (no round trip), else read from the shared cache."""
    if local_pages.active() and local_pages.generation is not None:
        return local_pages.generation
    return page_cache.generation()


def _key(request, path):
    return (split_domain_port(request._get_raw_host())[0], request.get_port(), path)


def _components(path):
    return [component for component in path.split("/") if component]


def _remembered(request, path, generation):
    """The route result of a remembered address, or None (route it as Wagtail does)."""
    route = routes.get(_key(request, path))
    if route is None or route.generation != generation:
        return None
    page = route.model.objects.filter(pk=route.page_id).first()
    if page is None or not page.live or page.url_path != route.url_path:
        return None
    request._wagtail_site = Site(**dict(zip(SITE_FIELDS, route.site, strict=True)))
    try:
        return page.route(request, list(route.rest))
    except Http404:
        return None


def _remember(request, path, generation, result):
    """Remember the route Wagtail found for a page without view restrictions, when it can be
    found again from the page alone."""
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return  # the root page depends on the request's language
    page = result[0]
    site = getattr(request, "_wagtail_site", None)
    if site is None:
        return
    root_path = site.root_page.url_path
    if not page.url_path.startswith(root_path):
        return
    own = _components(page.url_path[len(root_path) :])
    components = _components(path)
    if components[: len(own)] != own:
        return  # the page was reached some other way than by its slugs
    route = Route(
        generation=generation,
        site=tuple(getattr(site, name) for name in SITE_FIELDS),
        model=type(page),
        page_id=page.pk,
        url_path=page.url_path,
        rest=tuple(components[len(own) :]),
    )
    routes.put(_key(request, path), route)


def serve(request, path):
    """Wagtail's serve view (wagtail.views.serve), with the route remembered per process."""
    generation = _generation()  # before routing: see the module's docstring
    result = _remembered(request, path, generation)
    remembered = result is not None
    restricted = False
    if remembered:
        request._wagtail_route_for_request = result
    else:
        result = Page.route_for_request(request, path)
        if result is None:
            raise Http404
        # Read once: Wagtail's check below asks the page again, and so would _remember().
        restrictions = list(result[0].get_view_restrictions())
        result[0].get_view_restrictions = lambda: restrictions
        restricted = bool(restrictions)
    page, args, kwargs = result

    chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        if remembered and fn is check_view_restrictions:
            continue  # remembered routes have no view restriction (and any new one renews them)
        chain = fn(chain)
    for fn in hooks.get_hooks("before_serve_page"):
        response = fn(page, request, args, kwargs)
        if isinstance(response, HttpResponse):
            return response
    response = chain(page, request, args, kwargs)
    if not remembered and not restricted and generation:
        _remember(request, path, generation, result)
    return response


def _renew_when_committed(sender, instance, **kwargs):
    """A page, site or view restriction changed: renew the generation again once the change is
    committed (the save itself renewed it before the commit, when others could not see it)."""
    if isinstance(instance, Page | Site | BaseViewRestriction):
        routes.forget()
        transaction.on_commit(page_cache.invalidate, robust=True)


def connect():
    """Called by home's app config (HomeConfig.ready)."""
    post_save.connect(_renew_when_committed, dispatch_uid="page_routes_save")
    post_delete.connect(_renew_when_committed, dispatch_uid="page_routes_delete")
