"""Request bodies are capped on their declared length, before a byte of them is read."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from config.gunicorn_worker import CHUNKED, COMPLETE, HEAD_TOO_LARGE, INCOMPLETE, request_state
from home.request_limits import CLOSE_CONNECTION, RequestBodyLimitMiddleware

MB = 1024 * 1024


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def _post(path, length, user=None):
    request = RequestFactory().post(path, content_type="multipart/form-data; boundary=x")
    request.META["CONTENT_LENGTH"] = str(length)
    request.META["wsgi.input"] = Unreadable()
    request._stream = Unreadable()
    request.user = user or AnonymousUser()
    return request


def _middleware():
    return RequestBodyLimitMiddleware(lambda request: HttpResponse("ok"))


def test_a_200_mb_post_gets_a_danish_413_unread_and_the_connection_closed():
    request = _post("/konferencer/aarhus/tilmelding/", 200 * MB)
    response = _middleware()(request)
    assert response.status_code == 413
    assert "Det, du sendte, var for stort" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert request.META[CLOSE_CONNECTION] is True


def test_a_small_form_passes(settings):
    request = _post("/konferencer/aarhus/tilmelding/", settings.REQUEST_BODY_MAX_BYTES)
    assert _middleware()(request).content == b"ok"


def test_a_length_that_is_not_a_number_is_a_400():
    assert _middleware()(_post("/", "12abc")).status_code == 400


@pytest.mark.django_db
def test_editors_may_upload_files_up_to_the_admin_limit(django_user_model, settings):
    editor = django_user_model.objects.create_superuser("r", "r@example.dk", "x")
    assert _middleware()(_post("/admin/images/multiple/add/", 20 * MB, editor)).content == b"ok"
    too_big = _post("/admin/images/multiple/add/", settings.ADMIN_REQUEST_BODY_MAX_BYTES + 1, editor)
    assert _middleware()(too_big).status_code == 413


@pytest.mark.django_db
def test_a_signed_in_person_without_admin_access_gets_the_public_limit(django_user_model):
    person = django_user_model.objects.create_user("p", "p@example.dk", "x")
    assert _middleware()(_post("/admin/images/multiple/add/", 20 * MB, person)).status_code == 413


@pytest.mark.parametrize(
    ("received", "state"),
    [
        (b"GET / HTTP/1.1\r\nHost: x", INCOMPLETE),
        (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", COMPLETE),
        (b"\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", COMPLETE),
        (b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc", INCOMPLETE),
        (b"POST / HTTP/1.1\r\ncontent-length: 3\r\n\r\nabc", COMPLETE),
        # Too large to buffer: a thread takes it, and the app refuses it unread.
        (b"POST / HTTP/1.1\r\nContent-Length: 1000000000\r\n\r\n", COMPLETE),
        # Malformed or ambiguous lengths go to gunicorn's parser, which answers 400.
        (b"POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", COMPLETE),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", CHUNKED),
        (b"GET / HTTP/1.1\r\nCookie: " + b"a" * 70_000, HEAD_TOO_LARGE),
    ],
)
def test_the_server_hands_a_request_to_a_thread_only_once_it_is_in(received, state):
    assert request_state(bytearray(received)) == state
