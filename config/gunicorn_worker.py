"""gunicorn's threaded worker, made so that a slow client cannot hold it.

gunicorn's own gthread worker hands a connection to a thread as soon as its first byte arrives,
and the thread then blocks until the request line, the headers and the body are in: a client
that sends them a byte at a time holds a thread for as long as it likes, and a few such clients
hold them all. Here the worker's main loop (one selector, no thread) collects what a request
needs before a thread sees it:

- the request line and headers, at most MAX_HEAD_BYTES (more is refused with 431);
- a body of up to BUFFER_BYTES when its Content-Length says so; larger bodies are for signed-in
  editors only (home.request_limits refuses them for anyone else before reading a byte), and a
  thread reads them with a per-read timeout of BODY_IDLE_TIMEOUT;
- all within READ_TIMEOUT of the connection opening (or, on a kept-alive connection, of the
  next request's first byte); a client that takes longer gets a 408 and the connection closes.

A chunked request body is refused with 411 (Django cannot read one). Connections are closed
the way RFC 9112 asks (half-close, drain, close), with the draining done by the main loop
instead of blocking it. Everything else, from parsing to keep-alive, is gunicorn's.
"""

import errno
import os
import selectors
import socket
import time
from collections import deque
from functools import partial

from gunicorn.workers import gthread

READ_TIMEOUT = float(os.environ.get("GUNICORN_READ_TIMEOUT", "10"))
BODY_IDLE_TIMEOUT = float(os.environ.get("GUNICORN_BODY_IDLE_TIMEOUT", "10"))
BUFFER_BYTES = int(os.environ.get("REQUEST_BODY_MAX_BYTES", str(256 * 1024)))
MAX_HEAD_BYTES = 64 * 1024
LINGER_SECONDS = 2.0
RECV_BYTES = 64 * 1024

CLOSE_CONNECTION = "rummelighed.close_connection"  # home.request_limits sets it

INCOMPLETE, COMPLETE, HEAD_TOO_LARGE, CHUNKED = "incomplete", "complete", "head too large", "chunked"


def _page(status, title, text):
    body = (
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>'
        f"</head><body><main><h1>{title}</h1><p>{text}</p></main></body></html>"
    ).encode()
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
    ).encode()
    return head + body


REFUSALS = {
    INCOMPLETE: _page(
        "408 Request Timeout",
        "Forespørgslen tog for lang tid",
        "Din browser sendte ikke hele forespørgslen i tide, så vi har ikke modtaget noget. Prøv igen.",
    ),
    HEAD_TOO_LARGE: _page(
        "431 Request Header Fields Too Large",
        "Forespørgslen var for stor",
        "Din browser sendte for mange eller for store oplysninger. Slet sitets cookies, og prøv igen.",
    ),
    CHUNKED: _page(
        "411 Length Required",
        "Forespørgslen kunne ikke behandles",
        "Din browser sendte data i en form, sitet ikke tager imod. Prøv igen med en anden browser.",
    ),
}


def declared_body(head):
    """(Content-Length or None, whether the body is chunked, whether 100-continue is expected)."""
    lengths, chunked, expects_continue = [], False, False
    for line in head.split(b"\r\n")[1:]:
        name, colon, value = line.partition(b":")
        if not colon:
            continue
        name, value = name.strip().lower(), value.strip()
        if name == b"content-length":
            lengths.append(value)
        elif name == b"transfer-encoding":
            chunked = True
        elif name == b"expect" and value.lower() == b"100-continue":
            expects_continue = True
    length = int(lengths[0]) if len(lengths) == 1 and lengths[0].isdigit() else None
    return length, chunked, expects_continue


def request_state(data):
    """Whether `data` (what a connection has sent so far) holds what a thread needs to serve it
    without waiting on the client."""
    data = data.lstrip(b"\r\n")
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return HEAD_TOO_LARGE if len(data) > MAX_HEAD_BYTES else INCOMPLETE
    length, chunked, _ = declared_body(bytes(data[:end]))
    if chunked:
        return CHUNKED
    if length is None or length > BUFFER_BYTES:
        return COMPLETE  # no body, a malformed one (gunicorn answers 400), or one too large to buffer
    return COMPLETE if len(data) - (end + 4) >= length else INCOMPLETE


class Connection(gthread.TConn):
    def __init__(self, worker, *args):
        super().__init__(*args)
        self.worker = worker
        self.received = bytearray()
        self.sent_continue = False

    def close(self, graceful=False):
        if graceful:
            self.worker.linger(self.sock)
        else:
            super().close()


def closing_on_request(app):
    """The WSGI app, with the connection closed (not kept alive, the unread body not drained) when
    the app marks its environ with home.request_limits.CLOSE_CONNECTION. (A WSGI app may not
    send a Connection header itself; gunicorn drops it.)"""

    def wrapped(environ, start_response):
        def start(status, headers, exc_info=None):
            response = getattr(start_response, "__self__", None)
            if environ.get(CLOSE_CONNECTION) and hasattr(response, "force_close"):
                response.force_close()
            return start_response(status, headers, exc_info)

        return app(environ, start)

    return wrapped


class GuardedThreadWorker(gthread.ThreadWorker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lingering = deque()

    def load_wsgi(self):
        super().load_wsgi()
        self.wsgi = closing_on_request(self.wsgi)

    # --- New connections and kept-alive ones: the main loop collects the request ----------

    def accept(self, listener):
        try:
            sock, address = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        self.wait_for_request(Connection(self, self.cfg, sock, address, listener.getsockname()))

    def wait_for_request(self, conn):
        """Watch conn until its request is in; READ_TIMEOUT from now."""
        conn.timeout = time.monotonic() + READ_TIMEOUT
        self.pending_conns.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn))

    def on_client_socket_readable(self, conn, client):
        # The next request on a kept-alive connection has begun.
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self.wait_for_request(conn)
        self.on_pending_socket_readable(conn, client)

    def on_pending_socket_readable(self, conn, client):
        try:
            data = conn.sock.recv(RECV_BYTES)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the client went away
            self.stop_waiting(conn)
            self.nr_conns -= 1
            conn.close()
            return
        conn.received += data
        self.advance(conn)

    def advance(self, conn):
        state = request_state(conn.received)
        if state == INCOMPLETE:
            self.send_continue_if_expected(conn)
            return
        self.stop_waiting(conn)
        if state == COMPLETE:
            self.dispatch(conn)
        else:
            self.refuse(conn, state)

    def send_continue_if_expected(self, conn):
        # A client that asked for "100 Continue" sends its (small) body only after it.
        end = conn.received.find(b"\r\n\r\n")
        if end >= 0 and not conn.sent_continue and declared_body(bytes(conn.received[:end]))[2]:
            conn.sent_continue = True
            try:
                conn.sock.send(b"HTTP/1.1 100 Continue\r\n\r\n")
            except OSError:
                pass

    def stop_waiting(self, conn):
        self.poller.unregister(conn.sock)
        self.pending_conns.remove(conn)

    def dispatch(self, conn):
        """Hand a connection whose request is in to a thread; gunicorn parses it from the buffer."""
        conn.init()  # creates the parser on a new connection; switches the socket to blocking
        conn.parser.unreader.unread(bytes(conn.received))
        conn.received = bytearray()
        conn.sent_continue = False
        conn.data_ready = True
        self.enqueue_req(conn)

    def refuse(self, conn, state):
        self.nr_conns -= 1
        try:
            conn.sock.send(REFUSALS[state])
        except OSError:
            pass
        self.linger(conn.sock)

    def murder_pending(self):
        now = time.monotonic()
        while self.pending_conns and self.pending_conns[0].timeout <= now:
            conn = self.pending_conns[0]
            self.stop_waiting(conn)
            if conn.received.strip():
                self.refuse(conn, INCOMPLETE)
            else:  # an idle connection that never began a request: nothing to answer
                self.nr_conns -= 1
                conn.close()
        self.murder_lingering(now)

    # --- Threads: a deadline on every read and write of a large body ---------------------

    def handle_request(self, req, conn):
        conn.sock.settimeout(BODY_IDLE_TIMEOUT)
        return super().handle_request(req, conn)

    def finish_request(self, conn, fs):
        try:
            keep_alive = not fs.cancelled() and fs.result()
        except Exception:
            keep_alive = False
        if keep_alive is gthread._DEFER:  # not expected: threads only get complete requests
            keep_alive = False
        if not keep_alive or not self.alive:
            self.nr_conns -= 1
            conn.close(graceful=True)
            return
        conn.sock.setblocking(False)
        pipelined = conn.parser.unreader.take_buffered()
        if pipelined:
            conn.received = bytearray(pipelined)
            self.wait_for_request(conn)
            self.advance(conn)
        else:
            conn.set_timeout()
            self.keepalived_conns.append(conn)
            self.poller.register(
                conn.sock, selectors.EVENT_READ, partial(self.on_client_socket_readable, conn)
            )

    # --- Closing without blocking the main loop ------------------------------------------

    def linger(self, sock):
        """Half-close, then let the main loop drain what the client still sends, for at most
        LINGER_SECONDS, so the client reads the response instead of a connection reset."""
        try:
            sock.setblocking(False)
            sock.shutdown(socket.SHUT_WR)
            self.poller.register(sock, selectors.EVENT_READ, partial(self.drain_lingering, sock))
        except (OSError, ValueError, KeyError):
            self.close_socket(sock)
            return
        self.lingering.append((time.monotonic() + LINGER_SECONDS, sock))

    def drain_lingering(self, sock, _fileobj):
        try:
            if sock.recv(RECV_BYTES):
                return
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            pass
        self.close_socket(sock)

    def murder_lingering(self, now):
        while self.lingering and self.lingering[0][0] <= now:
            _, sock = self.lingering.popleft()
            self.close_socket(sock)

    def close_socket(self, sock):
        if sock.fileno() < 0:
            return
        try:
            self.poller.unregister(sock)
        except (KeyError, ValueError):
            pass
        try:
            sock.close()
        except OSError:
            pass
