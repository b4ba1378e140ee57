"""Slow clients and big bodies against the real server: gunicorn as production runs it.

With gunicorn's sync workers, two connections that send their headers a byte at a time stalled
both workers of an instance, a lying Content-Length held a worker 30 seconds, and a 200 MB
multipart body was read to the end before the 400. Here many more slow connections than the
instance has threads are open while ordinary requests keep answering at once.
"""

import socket
import time
import urllib.request

import pytest

pytestmark = [pytest.mark.postgres]

READ_TIMEOUT = 10  # config/gunicorn_worker.py's default, which the instances run with
THREADS = 4  # config/gunicorn.py's default per worker


def _connect(url):
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=READ_TIMEOUT + 10)
    return sock


def _timed_get(url):
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local test server
        response.read()
        return response.status, time.monotonic() - started


def _read_response(sock):
    """Everything the server sends until it closes the connection."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def instance(two_instances):
    url = two_instances.urls[0]
    assert _timed_get(url + "/robots.txt")[0] == 200
    return url, two_instances.workers * THREADS


def test_slow_headers_and_slow_bodies_do_not_hold_the_server(instance):
    url, threads = instance
    slow_headers, slow_bodies = [], []
    try:
        for _ in range(3 * threads):
            sock = _connect(url)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: sl")  # ... and no more
            slow_headers.append(sock)
        for _ in range(3 * threads):
            sock = _connect(url)
            sock.sendall(
                b"POST /konferencer/ HTTP/1.1\r\nHost: localhost\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 4000\r\n\r\nname=A"
            )
            slow_bodies.append(sock)
        opened = time.monotonic()

        # A trickle keeps arriving on some of them; ordinary visitors are served all the while.
        for _ in range(5):
            for sock in slow_headers[:threads]:
                sock.sendall(b"x")
            for sock in slow_bodies[:threads]:
                sock.sendall(b"a")
            status, seconds = _timed_get(url + "/")
            assert status == 200
            assert seconds < 3, f"an ordinary request waited {seconds:.1f} s behind slow clients"
            time.sleep(0.5)

        # Each slow client is told in Danish that it took too long, and the connection is closed,
        # within the read timeout whatever it trickled.
        for sock in (slow_headers[0], slow_headers[-1], slow_bodies[0], slow_bodies[-1]):
            response = _read_response(sock)
            assert response.startswith("HTTP/1.1 408 ")
            assert "Forespørgslen tog for lang tid" in response
        assert time.monotonic() - opened < READ_TIMEOUT + 5
    finally:
        for sock in slow_headers + slow_bodies:
            sock.close()


def test_a_lying_content_length_is_refused_at_once_with_a_danish_page(instance):
    url, _ = instance
    sock = _connect(url)
    try:
        started = time.monotonic()
        sock.sendall(
            b"POST /konferencer/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000000\r\n\r\nname=A"
        )
        response = _read_response(sock)  # the server closes the connection: nothing is drained
        assert time.monotonic() - started < 3
    finally:
        sock.close()
    assert response.startswith("HTTP/1.1 413 ")
    assert "Det, du sendte, var for stort" in response
    assert "Connection: close" in response


def test_a_200_mb_upload_is_refused_before_it_is_read(instance):
    url, _ = instance
    boundary = b"graense"
    sock = _connect(url)
    started = time.monotonic()
    sent = 0
    try:
        sock.sendall(
            b"POST /konferencer/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: multipart/form-data; boundary=" + boundary + b"\r\n"
            b"Content-Length: 209715200\r\n\r\n"
            b"--" + boundary + b'\r\nContent-Disposition: form-data; name="fil"; filename="stor.bin"\r\n\r\n'
        )
        # Keep sending, as a browser uploading a file does, until the server answers.
        sock.setblocking(False)
        chunk = b"\0" * 65536
        answer = b""
        while time.monotonic() - started < 10 and not answer:
            try:
                sent += sock.send(chunk)
            except BlockingIOError:
                time.sleep(0.01)
            except OSError:
                break
            try:
                answer = sock.recv(65536)
            except BlockingIOError:
                pass
        sock.settimeout(10)
        response = answer.decode("utf-8", "replace") + _read_response(sock)
    finally:
        sock.close()
    assert response.startswith("HTTP/1.1 413 ")
    assert "Det, du sendte, var for stort" in response
    assert time.monotonic() - started < 5
    assert sent < 20 * 1024 * 1024, f"the server read {sent} bytes before it answered"
