"""A Redis server of the test's own, on a free local port, that the test can stop and start again
(never the shared one: fault tests must not disturb anything else on the machine)."""

import shutil
import socket
import subprocess
import time

import pytest

STARTUP_SECONDS = 10


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, directory, *config):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.skip("redis-server is not installed (apt-get install redis-server)")
        self.directory = directory
        self.config = config
        self.port = free_port()
        self.process = None

    def url(self, database=0):
        return f"redis://127.0.0.1:{self.port}/{database}"

    def client(self, database=0):
        import redis

        return redis.Redis.from_url(self.url(database))

    def start(self):
        # No persistence: a restart comes back empty, like a Redis whose data was lost.
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                self.binary,
                *("--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory)),
                *("--save", "", "--appendonly", "no"),
                *self.config,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
