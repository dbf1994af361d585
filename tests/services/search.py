"""A real OpenSearch node for the tests and the benchmarks, run from Maven artifacts.

No Elasticsearch or OpenSearch server is packaged for Debian, PyPI or npm, but OpenSearch's
server and modules are on Maven Central. ``searchnode/pom.xml`` lists them and
``searchnode/src/SearchNode.java`` starts one node with them on the classpath. The jars
and the compiled launcher are built once into the test bed's cache folder, keyed by the
hash of those two files, so later runs start the node in seconds.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.services.apt import ensure_program
from tests.services.base import ManagedProcess, no_proxy_opener
from tests.services.errors import ServiceError

SOURCE = Path(__file__).with_name("searchnode")
BUILD_TIMEOUT_SECONDS = 600
# Enough for 100,000 catalogue documents; the node itself needs about 250 MB.
HEAP = os.environ.get("TESTBED_SEARCH_HEAP", "512m")


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cholang-testbed"


def _source_key() -> str:
    digest = hashlib.sha256()
    for path in sorted([SOURCE / "pom.xml", *SOURCE.joinpath("src").glob("*.java")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build() -> Path:
    """The folder with ``lib/`` (jars) and ``classes/`` (the launcher), built if missing.

    A lock file serialises concurrent builds (parallel test runs on one machine); the
    build goes to a temp folder renamed into place, so a half-built folder is never used.
    """
    root = _cache_root()
    target = root / f"searchnode-{_source_key()}"
    if (target / "classes" / "SearchNode.class").exists():
        return target
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "searchnode.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (target / "classes" / "SearchNode.class").exists():
            return target
        mvn = ensure_program("mvn", package="maven")
        javac = ensure_program("javac", package="openjdk-17-jdk-headless")
        _prune_old_builds(root)
        work = Path(tempfile.mkdtemp(prefix="searchnode-tmp-", dir=root))
        try:
            _run(
                [
                    mvn,
                    "-q",
                    "-B",
                    "-f",
                    str(SOURCE / "pom.xml"),
                    "dependency:copy-dependencies",
                    f"-DoutputDirectory={work / 'lib'}",
                ],
                "downloading OpenSearch",
            )
            _run(
                [
                    javac,
                    "-encoding",
                    "UTF-8",
                    "-cp",
                    str(work / "lib" / "*"),
                    "-d",
                    str(work / "classes"),
                    *map(str, SOURCE.joinpath("src").glob("*.java")),
                ],
                "compiling the launcher",
            )
            work.rename(target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return target


def _run(command: list[str], what: str) -> None:
    print(f"test bed: search node: {what}", flush=True)
    try:
        subprocess.run(
            command,
            check=True,
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT_SECONDS,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.CalledProcessError as exc:
        tail = "\n".join((exc.stdout + exc.stderr).splitlines()[-30:])
        raise ServiceError(f"search node: {what} failed:\n{tail}") from exc
    except subprocess.TimeoutExpired as exc:
        raise ServiceError(f"search node: {what} took over {BUILD_TIMEOUT_SECONDS} s") from exc


def _prune_old_builds(root: Path) -> None:
    """Builds of other sources, and leftovers of interrupted builds (we hold the lock)."""
    for old in root.glob("searchnode-*"):
        if old.is_dir():
            with contextlib.suppress(OSError):
                shutil.rmtree(old)


class SearchServer(ManagedProcess):
    """One OpenSearch 2.19 node on 127.0.0.1, its data in the service's temp folder."""

    name = "search"
    # A cold JVM on a busy 2-core machine takes 15–40 s; the build is done before this.
    startup_timeout = 120.0
    stop_timeout = 15.0

    def __init__(self) -> None:
        super().__init__()
        self.build_dir = build()

    def command(self, port: int) -> list[str]:
        java = ensure_program("java", package="openjdk-17-jre-headless")
        home = self.tmpdir / "node"
        (home / "config").mkdir(parents=True, exist_ok=True)
        (home / "config" / "opensearch.yml").touch()
        classpath = f"{self.build_dir / 'classes'}{os.pathsep}{self.build_dir / 'lib' / '*'}"
        return [
            java,
            f"-Xms{HEAP}",
            f"-Xmx{HEAP}",
            # A small heap needs no parallel collector; its threads would compete with
            # gunicorn and PostgreSQL for the 2 cores the benchmarks run on.
            "-XX:+UseSerialGC",
            f"-Djava.io.tmpdir={self.tmpdir}",
            "-Dlog4j2.disable.jmx=true",
            "-cp",
            classpath,
            "SearchNode",
            str(home),
            str(port),
        ]

    def is_ready(self) -> bool:
        try:
            with no_proxy_opener.open(
                self.url + "/_cluster/health?wait_for_status=yellow&timeout=1s", timeout=2
            ) as response:
                return json.load(response).get("status") in {"green", "yellow"}
        except (OSError, ValueError):
            return False
