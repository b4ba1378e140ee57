"""RSS and Atom feeds of a filtered view of the library (same GET parameters as the index).

Every address in them is absolute on the configured site address (home.site_address), and a
filtered feed's own address (Atom's rel="self") keeps its filters. The Atom feed names its
author, the site's publishing organisation, as RFC 4287 requires of a feed whose entries have none.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from home.models import SiteSettings
from home.site_address import absolute_url, site_url

from .filters import LibraryFilter

FEED_LENGTH = 50


class LibraryRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, library):
        super().__init__()
        self.library = library

    def get_object(self, request, *args, **kwargs):
        self.request = request
        selection = LibraryFilter.from_querydict(request.GET)
        selection.drop_unknown()
        return selection

    def title(self, selection):
        chosen = ", ".join(label for label in selection.labels.values())
        return f"{self.library.title}: {chosen}" if chosen else self.library.title

    def link(self, selection):
        query = selection.query_string()
        return self.library.get_full_url(self.request) + (f"?{query}" if query else "")

    def feed_url(self, selection):
        query = selection.query_string()
        return absolute_url(self.request.path) + (f"?{query}" if query else "")

    def author_name(self):
        site_settings = SiteSettings.for_request(self.request)
        return site_settings.organisation_name or settings.WAGTAIL_SITE_NAME

    def author_link(self):
        return site_url() + "/"

    def description(self, selection):
        return "De nyeste gode erfaringer og vejledninger om inklusion på kommunale arbejdspladser."

    def items(self, selection):
        return selection.feed_items(self.library, FEED_LENGTH)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [value.name for value in item.values.all()]


class LibraryAtomFeed(LibraryRssFeed):
    feed_type = Atom1Feed
    subtitle = LibraryRssFeed.description
