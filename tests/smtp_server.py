"""A real SMTP server (aiosmtpd) on a free local port, started and stopped by the test: it
counts what it accepts, refuses the recipients it is told to, and can run a hook while it holds
a conversation (to kill a worker or cut its database at that moment)."""

import asyncio
import contextlib
import email
import socket
import threading

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Handler:
    def __init__(self, refuse=()):
        self.refuse = {address.lower() for address in refuse}
        self.accepted = []  # email.message.Message, in the order the server answered 250
        self.on_rcpt = None  # called (in a thread) before a recipient is answered
        self.on_data = None  # called (in a thread) after the final "." and before the 250
        self.received = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.lower() in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        if self.on_rcpt is not None:
            await asyncio.get_running_loop().run_in_executor(None, self.on_rcpt)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.on_data is not None:
            await asyncio.get_running_loop().run_in_executor(None, self.on_data)
        self.accepted.append(email.message_from_bytes(envelope.content))
        self.received.set()
        return "250 Message accepted for delivery"

    def message_ids(self):
        return [message["Message-ID"] for message in self.accepted]


@contextlib.contextmanager
def smtp_server(refuse=()):
    handler = Handler(refuse)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()
