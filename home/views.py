import datetime
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.models import Page

from .models import SiteSettings, Speaker
from .pagination import paginate
from .search import display_query, matching_ids
from .site_address import absolute_url

SEARCH_RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    """Full-text search over every live, public page (home.search, as the library's search)."""
    query = display_query(request.GET.get("q", ""))
    results = None
    if query:
        ids = matching_ids(Page.objects.live().public(), query)
        results = paginate(request, ids, SEARCH_RESULTS_PER_PAGE)
        pages = {page.pk: page for page in Page.objects.filter(pk__in=results.object_list).specific()}
        results.object_list = [pages[pk] for pk in results.object_list if pk in pages]
    context = {"search_query": query, "results": results, "query_string": urlencode({"q": query})}
    return render(request, "search/search.html", context)


@require_GET
def speaker(request, pk):
    """A speaker's profile and where the person appears on the site (programme items, case
    stories): only what published pages show."""
    person = get_object_or_404(Speaker.objects.select_related("photo"), pk=pk)
    return render(request, "home/speaker.html", {"speaker": person, "appearances": person.appearances()})


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
        f"Canonical: {absolute_url('/.well-known/security.txt')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /soeg/",
        f"Sitemap: {absolute_url('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
