import datetime
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.models import Page

from .models import SiteSettings, paginate
from .search import display_query, search_terms

SEARCH_RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    """Full-text search over every live, public page."""
    query = display_query(request.GET.get("q", ""))
    terms = search_terms(query)
    results = None
    if query:
        pages = Page.objects.live().public().specific()
        pages = pages.search(terms, operator="and") if terms else pages.none()
        results = paginate(request, pages, SEARCH_RESULTS_PER_PAGE)
    context = {"search_query": query, "results": results, "query_string": urlencode({"q": query})}
    return render(request, "search/search.html", context)


@require_GET
def accessibility_statement_redirect(request):
    """/was: the short address Danish public sites give for their accessibility statement."""
    site_settings = SiteSettings.for_request(request)
    return redirect(site_settings.accessibility_statement_url)


@require_GET
def security_txt(request):
    """RFC 9116: where to report a vulnerability; the contact comes from the site settings."""
    site_settings = SiteSettings.for_request(request)
    expires = (timezone.now() + datetime.timedelta(days=365)).replace(microsecond=0)
    lines = []
    if site_settings.email:
        lines.append(f"Contact: mailto:{site_settings.email}")
    lines += [
        f"Expires: {expires.astimezone(datetime.UTC).isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: da, en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /soeg/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
