"""Free TCP ports on 127.0.0.1, chosen in one place for every launcher."""

from __future__ import annotations

import socket

HOST = "127.0.0.1"


def free_port(host: str = HOST) -> int:
    """A port nobody listens on right now (the kernel picks it, so parallel runs differ).

    Another process may still take it before the service binds it: launchers retry
    with a new port when the service reports the address in use.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def is_port_free(port: int, host: str = HOST) -> bool:
    """True when nothing listens on ``port`` any more: the service really let go of it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Closed connections linger in TIME_WAIT; only a listener should make bind fail.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def accepts_connections(port: int, host: str = HOST, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False
