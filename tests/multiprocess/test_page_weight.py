import pytest

pytestmark = [pytest.mark.postgres]

BUDGET_BYTES = 150 * 1024


def _first_visit(chromium, url):
    """Load url in a fresh browser; return [(url, transferred bytes, resource type)]."""
    context = chromium.new_context(locale="da-DK")
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    transfers = []
    for request in finished:
        sizes = request.sizes()
        transfers.append(
            (request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"], request.resource_type)
        )
    context.close()
    return transfers


@pytest.mark.parametrize("path", ["/", "/inkluderende-beskaeftigelsespolitik/"])
def test_first_visit_transfers_under_budget_with_woff2_fonts_only(two_instances, chromium, path):
    transfers = _first_visit(chromium, two_instances.urls[0] + path)
    total = sum(size for _, size, _ in transfers)
    fonts = [url for url, _, kind in transfers if kind == "font"]
    listing = "\n".join(f"{size:>8} {url}" for url, size, _ in transfers)
    assert total < BUDGET_BYTES, f"{total} bytes:\n{listing}"
    assert fonts, "the page should use IBM Plex Sans"
    assert all(url.endswith(".woff2") and "-Latin1." in url for url in fonts), listing
