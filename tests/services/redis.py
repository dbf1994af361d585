"""Debian's redis-server, in the foreground, with persistence off."""

from __future__ import annotations

import socket

from tests.services.apt import ensure_program
from tests.services.base import ManagedProcess
from tests.services.ports import HOST


def redis_binary() -> str:
    """Path of redis-server; installs it if root, else raises ServiceUnavailable."""
    return ensure_program("redis-server", "/usr/bin/redis-server", package="redis-server")


class RedisServer(ManagedProcess):
    name = "redis"
    startup_timeout = 10.0

    def command(self, port: int) -> list[str]:
        return [
            redis_binary(),
            "--port", str(port),
            "--bind", HOST,
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            # Nothing on disk: the working folder is the launcher's temp folder.
            "--dir", str(self.tmpdir),
            "--logfile", "",
        ]  # fmt: skip

    def cwd(self) -> str:
        return str(self.tmpdir)

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def is_ready(self) -> bool:
        try:
            with socket.create_connection((HOST, self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False
