"""The site's public address, configured once: settings.SITE_URL (the environment variable
SITE_URL; `make run` sets it to its own address, production to the public one).

Everything that leaves the site with a link uses it: mails and calendar files, feeds, the
sitemap, the API's html_url and detail_url, Open Graph tags, robots.txt and security.txt, and
Wagtail's own admin mails (WAGTAILADMIN_BASE_URL is the same value). The Wagtail Site record,
from which Wagtail builds every page's full URL, gets its hostname and port from it each time
`manage.py load_site_content` runs (sync_site), so no link ever says http://localhost/.
"""

from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

DEFAULT_PORTS = {"http": 80, "https": 443}


def site_url():
    """The public address without a trailing slash, e.g. https://rummelighed.dk."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(path):
    """An absolute address on the public site for a path (/…) or an address that already is one."""
    if "://" in path:
        return path
    return site_url() + path


def host_and_port(url=None):
    """(hostname, port) of the address, the port defaulting to the scheme's (80 or 443)."""
    parts = urlsplit(url or site_url())
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ImproperlyConfigured(
            f"SITE_URL skal være en http(s)-adresse, fx https://rummelighed.dk, ikke {url!r}."
        )
    return parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme]


def sync_site(site):
    """Give the Wagtail Site record the configured hostname and port; True when it changed."""
    hostname, port = host_and_port()
    if (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True


LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "testserver"}


def _is_local(host):
    host = (host or "").lower()
    return host in LOCAL_HOSTS or host.endswith(".localhost") or "." not in host


@register(Tags.security, deploy=True)
def check_public_addresses(app_configs, **kwargs):
    """In production the site's address and the mail sender must be real public ones: links in
    mails and feeds and the sender of every mail would otherwise say localhost."""
    errors = []
    try:
        hostname, _ = host_and_port()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="home.E001")]
    if _is_local(hostname) or not site_url().startswith("https://"):
        errors.append(
            Error(
                f"SITE_URL er {site_url()!r}; sæt den til sitets offentlige https-adresse, fx https://rummelighed.dk.",
                id="home.E002",
            )
        )
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    if "@" not in sender or _is_local(sender.rsplit("@", 1)[1]):
        errors.append(
            Error(
                f"DEFAULT_FROM_EMAIL er {settings.DEFAULT_FROM_EMAIL!r}; sæt den til en rigtig afsender, "
                "fx »Rummelighed i praksis <konference@rummelighed.dk>«.",
                id="home.E003",
            )
        )
    return errors
