"""Page numbers for listings (search results, the library, a value's page): `?side=N`."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(request, items, per_page):
    """Return the requested page of items; a bad or out-of-range number gives the nearest page."""
    paginator = Paginator(items, per_page)
    number = request.GET.get("side", "1")
    try:
        page = paginator.page(number)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        # Below the first page (0, -1) means the first page; beyond the last, the last.
        page = paginator.page(1 if int(number) < 1 else paginator.num_pages)
    page.elided_range = list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
    return page
