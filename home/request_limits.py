"""A cap on the size of request bodies, checked on the declared length before anything reads
the body.

Django reads a multipart upload to the end (into temporary files) before a view can refuse it,
and a form post up to DATA_UPLOAD_MAX_MEMORY_SIZE into memory. Here a request whose
Content-Length is over the cap is answered with a Danish 413 page at once, and the connection
is closed rather than drained. The cap is REQUEST_BODY_MAX_BYTES (forms are a few kilobytes),
ADMIN_REQUEST_BODY_MAX_BYTES for people signed in to the admin (image and document uploads),
and PUBLIC_UPLOAD_MAX_BYTES on the few public paths that take files (PUBLIC_UPLOAD_PATHS).
A body that stops arriving half-way (the server's read timeout) gets a Danish 400 page.
"""

from django.conf import settings
from django.http import HttpResponse, UnreadablePostError
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

# Set on the WSGI environ: the server (config.gunicorn_worker) closes the connection after the
# response instead of reading the rest of a body nobody wants.
CLOSE_CONNECTION = "rummelighed.close_connection"


def declared_length(request):
    """The Content-Length as a number; None when absent, -1 when it is not a number."""
    value = request.META.get("CONTENT_LENGTH", "")
    if not value:
        return None
    return int(value) if value.strip().isdigit() else -1


def may_upload(request):
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"))


def public_upload(request):
    """A path where anyone may upload files (settings.PUBLIC_UPLOAD_PATHS, e.g. »Del din erfaring«)."""
    return request.method == "POST" and request.path_info.startswith(tuple(settings.PUBLIC_UPLOAD_PATHS))


def refuse(request, template, status):
    context = {"upload_limit_mb": settings.ADMIN_REQUEST_BODY_MAX_BYTES // (1024 * 1024)}
    response = HttpResponse(render_to_string(template, context), status=status)
    patch_cache_control(response, private=True, no_store=True)
    request.META[CLOSE_CONNECTION] = True
    return response


class RequestBodyLimitMiddleware:
    """Must come after AuthenticationMiddleware (to know an editor) and before anything that
    reads request.body or request.POST."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = declared_length(request)
        if length is not None:
            if length < 0:
                return refuse(request, "400.html", 400)
            if length > settings.REQUEST_BODY_MAX_BYTES and not (
                (length <= settings.ADMIN_REQUEST_BODY_MAX_BYTES and may_upload(request))
                or (length <= settings.PUBLIC_UPLOAD_MAX_BYTES and public_upload(request))
            ):
                return refuse(request, "413.html", 413)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UnreadablePostError):
            return refuse(request, "400.html", 400)
        return None
