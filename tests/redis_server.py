"""A throwaway redis-server on a free loopback port, for the cache tests.

`make test` installs redis-server (.ci/system-deps.sh). Without it these tests
skip, except under CI=true, where a skip would hide a missing dependency.
"""

import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require(binary):
    path = shutil.which(binary)
    if path is None:
        message = f"{binary} is not installed (.ci/system-deps.sh installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI=true requires it")
        pytest.skip(message)
    return path


class RedisServer:
    def __init__(self, directory, *options):
        self.binary = require("redis-server")
        self.directory = directory
        self.options = options
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)

    def start(self):
        self.process = subprocess.Popen(
            [
                self.binary,
                "--bind", "127.0.0.1",
                "--port", str(self.port),
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.directory),
                *self.options,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return self
            except Exception:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@contextmanager
def redis_server(directory, *options):
    server = RedisServer(directory, *options).start()
    try:
        yield server
    finally:
        server.stop()
