"""Launch content of the home app, read from home/content/launch.json, and the helpers every
app's content loader uses (settings.SITE_CONTENT_LOADERS lists the loaders; `load_site_content`
runs them in that order).

A loader is a function `load(log, **options)`: `log` is a ContentLog, and the options are the
command's (`demo`, `year`); each loader takes the ones it needs.

Every function here is idempotent: a page, value or setting that already exists is left
as it is (an editor may have changed it), so running the loader twice changes nothing.

One exception: when the launch text of a standard page has been rewritten (because what the
site does changed, as the privacy page did with the participants' self-service and deletion),
home/content/superseded.json keeps the earlier launch texts by slug. An existing page whose
lead and body are still exactly an earlier launch text gets the new one, as a new published
revision; a page an editor has changed is left alone.
"""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.dateparse import parse_datetime
from wagtail.models import Collection, Locale, Page, Site

from .models import HomePage, PolicyPage, SiteSettings, StandardPage
from .site_address import host_and_port, sync_site

CONTENT_FILE = Path(__file__).parent / "content" / "launch.json"
SUPERSEDED_FILE = Path(__file__).parent / "content" / "superseded.json"


def read_content(path):
    """An app's launch content: the JSON file in its content/ folder."""
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


class ContentLog:
    """Collects what the loader did, one Danish line per thing, for the command to print."""

    def __init__(self, write):
        self.write = write
        self.changes = 0

    def created(self, what):
        self.changes += 1
        self.write(f"Oprettet: {what}")

    def kept(self, what):
        self.write(f"Findes allerede: {what}")

    def updated(self, what):
        self.changes += 1
        self.write(f"Opdateret: {what}")


def ensure_child_page(parent, page_class, slug, fields, log, *, first_published_at=None):
    """Publish a child page with this slug under parent, unless one already exists."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        log.kept(f"{page_class._meta.verbose_name} »{existing.title}«")
        return existing.specific
    return publish_child_page(
        parent, page_class(slug=slug, **fields), log, first_published_at=first_published_at
    )


def publish_child_page(parent, page, log, *, first_published_at=None):
    """Add the unsaved page under parent and publish it. Content that existed before the site
    keeps its original publication date (a datetime or an ISO 8601 string)."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    if first_published_at:
        if isinstance(first_published_at, str):
            first_published_at = parse_datetime(first_published_at)
        Page.objects.filter(pk=page.pk).update(first_published_at=first_published_at)
        page.refresh_from_db()
    log.created(f"{page._meta.verbose_name} »{page.title}«")
    return page


def ensure_root():
    """The tree's root, the root collection for images and documents, and the default locale,
    which Wagtail's migrations normally create (a flushed test database has none of them)."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(title="Root", slug="root")


def ensure_home_page(spec, log):
    """Make a HomePage the root of the default site, replacing Wagtail's welcome page."""
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.first()
    if home is None:
        root = ensure_root()
        fields = {key: spec[key] for key in ("title", "seo_title", "search_description", "introduction")}
        home = ensure_child_page(root, HomePage, spec["slug"], fields, log)
    else:
        log.kept(f"forside »{home.title}«")
    if site is None:
        hostname, port = host_and_port()
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True)
        log.created("site")
        return home
    if sync_site(site):
        log.updated(f"sitets adresse er nu {site.root_url}")
    if site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.save()
        log.created("site peger på forsiden")
        if type(old_root.specific) is Page and old_root.get_children_count() == 0:
            old_root.delete()
    return home


def ensure_policy(home, spec, log):
    fields = {
        "title": spec["title"],
        "show_in_menus": spec.get("show_in_menus", False),
        "search_description": spec.get("search_description", ""),
        "issuing_organisation": spec["issuing_organisation"],
        "approved_by": spec["approved_by"],
        "approved_on": datetime.date.fromisoformat(spec["approved_on"]),
        "lead": spec["lead"],
        "sections": [{"type": "section", "value": section} for section in spec["sections"]],
        "values_heading": spec["values_heading"],
        "values_intro": spec["values_intro"],
    }
    return ensure_child_page(home, PolicyPage, spec["slug"], fields, log)


def stream_data(stream_value):
    """A StreamField's blocks as launch.json writes them: type and value, without block ids."""
    return [{"type": block["type"], "value": block["value"]} for block in stream_value.raw_data]


def update_superseded_text(page, spec, superseded, log):
    """Give the page the new launch text if it still has an earlier one, untouched by editors
    (in its live version and its latest draft)."""
    earlier = superseded.get(spec["slug"], [])
    latest = page.get_latest_revision_as_object()
    current = [(p.lead, stream_data(p.body)) for p in (page, latest)]
    if not any(all(c == (text["lead"], text["body"]) for c in current) for text in earlier):
        return
    latest.lead = spec.get("lead", "")
    latest.body = spec["body"]
    latest.save_revision().publish()
    log.updated(f"standardside »{page.title}« har fået den nye lanceringstekst")


def ensure_standard_pages(home, specs, log, superseded=None):
    superseded = read_content(SUPERSEDED_FILE) if superseded is None else superseded
    for spec in specs:
        fields = {
            "title": spec["title"],
            "lead": spec.get("lead", ""),
            "search_description": spec.get("search_description", ""),
            "body": spec["body"],
        }
        existed = home.get_children().filter(slug=spec["slug"]).exists()
        page = ensure_child_page(
            home, StandardPage, spec["slug"], fields, log, first_published_at=spec.get("first_published_at")
        )
        if existed:
            update_superseded_text(page, spec, superseded, log)


def link_home_page(home, spec, log):
    """Fill the home page's policy link and featured pages, if an editor has not already."""
    changed = False
    if home.policy_page_id is None:
        home.policy_page = PolicyPage.objects.filter(slug=spec["policy_slug"]).first()
        changed = home.policy_page is not None
    if not home.featured:
        pages = [Page.objects.filter(slug=slug).first() for slug in spec["featured_slugs"]]
        home.featured = [{"type": "page", "value": {"page": p.pk, "text": ""}} for p in pages if p]
        changed = changed or bool(home.featured)
    if changed:
        home.save_revision().publish()
        log.created("forsidens links til politik og fremhævet indhold")


SITE_SETTINGS_FIELDS = (
    "organisation_name",
    "partners",
    "address",
    "phone",
    "email",
    "accessibility_statement_url",
)


def ensure_site_settings(home, spec, log):
    """Fill the footer's settings once. Settings still holding an earlier launch text (the
    organisation named »Forhandlingsfællesskabet og KL« at one of them's address) get the new
    one; what an editor wrote is kept. An empty about or privacy page link is filled in."""
    site = Site.objects.get(root_page=home)
    site_settings = SiteSettings.for_site(site)
    superseded = site_settings.organisation_name in spec.get("superseded_organisation_names", [])
    if site_settings.organisation_name and not superseded:
        log.kept("sidefod og kontakt")
    else:
        for key in SITE_SETTINGS_FIELDS:
            setattr(site_settings, key, spec[key])
        (log.updated if superseded else log.created)("sidefod og kontakt")
    for field, slug_key in (("privacy_page", "privacy_page_slug"), ("about_page", "about_page_slug")):
        if getattr(site_settings, f"{field}_id") is None:
            setattr(site_settings, field, home.get_children().filter(slug=spec[slug_key]).first())
    site_settings.save()


@transaction.atomic
def load(log, content=None, **options):
    """Publish the home page, the policy, the standard pages and the footer's settings."""
    content = content or read_content(CONTENT_FILE)
    home = ensure_home_page(content["home"], log)
    ensure_policy(home, content["policy"], log)
    ensure_standard_pages(home, content["standard_pages"], log)
    link_home_page(home, content["home"], log)
    ensure_site_settings(home, content["site_settings"], log)
    return home
