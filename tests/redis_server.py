"""A private redis-server for the outage tests: started on a free port of its own, then stopped or hung
(SIGSTOP: the kernel still accepts connections, nothing answers) as the test says. The shared Redis on 6379
is never touched."""

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.hung = False

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def hang(self):
        os.kill(self.process.pid, signal.SIGSTOP)
        self.hung = True

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)
        self.hung = False

    def stop(self):
        if self.process is None:
            return
        if self.hung:
            self.resume()
        self.process.terminate()
        self.process.wait(10)
        self.process = None


@pytest.fixture
def private_redis():
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server (Debian: apt-get install redis-server)")
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()
