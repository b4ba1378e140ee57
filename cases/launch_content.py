"""Launch content of the library, read from cases/content/library.json.

Like home.launch_content, every step is idempotent: what already exists is left as it is
(an editor may have changed it). The guidance article »Inddragelse og retning er godt for
inklusionen« was a StandardPage under the home page before the library existed; on such an
install it is replaced by a GuidancePage in the library, the home page's featured link is
moved to it, and the old address redirects to the new one.
"""

import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect

from home.launch_content import ensure_child_page, publish_child_page, read_content, stream_data
from home.models import HomePage, StandardPage

from .models import CaseIndexPage, CasePage, GuidancePage, Role, Scheme, Value
from .moderation import assign_workflow

CONTENT_FILE = Path(__file__).parent / "content" / "library.json"


def ensure_terms(model, specs, log):
    for spec in specs:
        term, created = model.objects.get_or_create(slug=spec["slug"], defaults=spec)
        (log.created if created else log.kept)(f"{model._meta.verbose_name} »{term.name}«")


def ensure_index(home, spec, log):
    existing = CaseIndexPage.objects.first()
    if existing is not None:
        log.kept(f"{CaseIndexPage._meta.verbose_name} »{existing.title}«")
        return existing
    fields = {
        key: spec[key] for key in ("title", "seo_title", "search_description", "introduction", "value_intro")
    }
    index = ensure_child_page(home, CaseIndexPage, spec["slug"], {**fields, "show_in_menus": True}, log)
    # First in the main navigation, right after »Forside«.
    index.move(home, pos="first-child")
    assign_workflow(index.pk)
    return CaseIndexPage.objects.get(pk=index.pk)


def publish_library_page(index, page, log, *, values, schemes, tags, first_published_at=None):
    """Add a case story or guidance article under the index with its taxonomy and publish it."""
    page.values = list(Value.objects.filter(slug__in=values))
    page.schemes = list(Scheme.objects.filter(slug__in=schemes))
    if tags:
        page.tags.add(*tags)
    return publish_child_page(index, page, log, first_published_at=first_published_at)


def _repoint_featured_links(home, old_page, new_page):
    """Point the home page's featured blocks at new_page instead of old_page; True if any did."""
    raw = list(home.featured.raw_data)
    changed = False
    for block in raw:
        if block.get("type") == "page" and block["value"].get("page") == old_page.pk:
            block["value"]["page"] = new_page.pk
            changed = True
    if changed:
        home.featured = raw
    return changed


def _feature_on_home(home, page):
    raw = list(home.featured.raw_data)
    if any(block["value"].get("page") == page.pk for block in raw):
        return False
    home.featured = [{"type": "page", "value": {"page": page.pk, "text": ""}}, *raw]
    return True


def ensure_guidance(index, home, spec, log):
    existing = index.get_children().filter(slug=spec["slug"]).first()
    if existing is not None:
        log.kept(f"vejledning »{existing.title}«")
        guidance = existing.specific
        update_superseded_body(guidance, spec, log)
    else:
        old = home.get_children().type(StandardPage).filter(slug=spec["slug"]).first()
        first_published_at = old.first_published_at if old else spec["first_published_at"]
        guidance = GuidancePage(
            title=spec["title"],
            slug=spec["slug"],
            search_description=spec["search_description"],
            lead=spec["lead"],
            key_points=[{"type": "point", "value": point} for point in spec["key_points"]],
            body=spec["body"],
            source_publisher=spec["source_publisher"],
            source_date=datetime.date.fromisoformat(spec["source_date"]),
        )
        guidance = publish_library_page(
            index,
            guidance,
            log,
            values=spec["values"],
            schemes=spec["schemes"],
            tags=spec["tags"],
            first_published_at=first_published_at,
        )
        home = HomePage.objects.get(pk=home.pk)
        featured_changed = False
        if old is not None:
            featured_changed = _repoint_featured_links(home, old, guidance)
            old.delete()
            log.created(f"standardsiden »{spec['title']}« er erstattet af vejledningen")
        else:
            featured_changed = _feature_on_home(home, guidance)
        if featured_changed:
            home.save_revision().publish()
            log.created("forsidens fremhævede link til vejledningen")
    ensure_redirect(spec["old_path"], guidance, log)
    return guidance


def update_superseded_body(page, spec, log):
    """Give the article the new launch body if its live version and latest draft both still have
    an earlier launch body (spec["superseded_bodies"]): an editor's change is never overwritten."""
    latest = page.get_latest_revision_as_object()
    current = [stream_data(p.body) for p in (page, latest)]
    if not any(all(body == earlier for body in current) for earlier in spec.get("superseded_bodies", [])):
        return
    latest.body = spec["body"]
    latest.save_revision().publish()
    log.updated(f"vejledning »{page.title}« har fået den nye lanceringstekst")


def ensure_redirect(old_path, page, log):
    normalised = Redirect.normalise_path(old_path)
    if Redirect.objects.filter(old_path=normalised, site=None).exists():
        log.kept(f"omdirigering fra {old_path}")
        return
    Redirect.objects.create(old_path=normalised, site=None, redirect_page=page, is_permanent=True)
    log.created(f"omdirigering fra {old_path} til {page.url}")


def ensure_demo_cases(index, specs, log):
    for spec in specs:
        existing = index.get_children().filter(slug=spec["slug"]).first()
        if existing is not None:
            log.kept(f"erfaring »{existing.title}«")
            continue
        case = CasePage(
            title=spec["title"],
            slug=spec["slug"],
            lead=spec["lead"],
            municipality=spec["municipality"],
            workplace=spec["workplace"],
            sector=spec["sector"],
            target_group=spec["target_group"],
            body=spec["body"],
            last_reviewed=datetime.date.fromisoformat(spec["last_reviewed"])
            if spec.get("last_reviewed")
            else timezone.localdate(),
        )
        case.roles = list(Role.objects.filter(slug__in=spec["roles"]))
        publish_library_page(
            index, case, log, values=spec["values"], schemes=spec["schemes"], tags=spec["tags"]
        )


@transaction.atomic
def load(log, demo=False, content=None, **options):
    """Publish the library: the policy's values, the index, schemes, roles, the guidance article
    and (with demo=True) the illustrative case stories. Needs the home page (home's loader)."""
    content = content or read_content(CONTENT_FILE)
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("Forsiden findes ikke: kør home-indholdet først.")
    ensure_terms(Value, content["values"], log)
    ensure_terms(Scheme, content["schemes"], log)
    ensure_terms(Role, content["roles"], log)
    index = ensure_index(home, content["index"], log)
    ensure_guidance(index, home, content["guidance"], log)
    if demo:
        ensure_demo_cases(index, content["demo_cases"], log)
    return index
