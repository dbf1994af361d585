"""Programs from Debian packages, installed on demand when running as root.

Only root may install; anyone else gets ``ServiceUnavailable`` naming the package, so the
tests that need the program skip with that reason instead of failing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading

from tests.services.errors import ServiceError, ServiceUnavailable

APT_ENV = {"DEBIAN_FRONTEND": "noninteractive", "APT_LISTCHANGES_FRONTEND": "none"}
# Two runs installing at once wait for dpkg's lock instead of failing at once.
APT_OPTIONS = ["-o", "DPkg::Lock::Timeout=300", "-q"]
UPDATE_TIMEOUT_SECONDS = 300
INSTALL_TIMEOUT_SECONDS = 900

_lock = threading.Lock()
_updated = False


def find_program(*candidates: str) -> str | None:
    """The first candidate that exists: absolute paths as given, bare names on PATH."""
    for candidate in candidates:
        if os.path.isabs(candidate):
            if os.access(candidate, os.X_OK):
                return candidate
        elif found := shutil.which(candidate):
            return found
    return None


def ensure_program(*candidates: str, package: str) -> str:
    """Path of the program, installing Debian ``package`` first if root and it is missing."""
    if found := find_program(*candidates):
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise ServiceUnavailable(
            f"{candidates[0]} is not installed; install the Debian package {package!r} "
            f"(apt-get install {package}) to run the tests that need it"
        )
    apt_install(package)
    if found := find_program(*candidates):
        return found
    raise ServiceError(f"installed {package!r} but found none of {', '.join(candidates)}")


def apt_install(*packages: str) -> None:
    global _updated
    with _lock:
        if not _updated:
            _run_apt(["update"], UPDATE_TIMEOUT_SECONDS)
            _updated = True
        _run_apt(["install", "-y", *packages], INSTALL_TIMEOUT_SECONDS)


def _run_apt(args: list[str], timeout: float) -> None:
    print(f"test bed: apt-get {' '.join(args)}", file=sys.stderr, flush=True)
    try:
        result = subprocess.run(
            ["apt-get", *APT_OPTIONS, *args],
            env={**os.environ, **APT_ENV},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise ServiceError(f"apt-get {' '.join(args)} took longer than {timeout} s") from exc
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-20:])
        raise ServiceError(f"apt-get {' '.join(args)} failed ({result.returncode}):\n{tail}")
