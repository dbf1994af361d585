"""Run localstripe on 127.0.0.1 only, with nothing written to disk.

localstripe's own entry point binds ``::`` (every interface) and pickles its store to a
fixed file in /tmp after each write, which would leak files and mix state between
parallel runs. localstripe is GPL: only the test suite runs it, as a separate process.

    python -m tests.services.localstripe_main --port 8420
"""

from __future__ import annotations

import argparse

from aiohttp import web
from localstripe import resources, server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()

    resources.Store.dump_to_disk = lambda self: None
    resources.Store.try_load_from_disk = lambda self: None
    web.run_app(server.app, host=args.host, port=args.port, access_log=None, print=None)


if __name__ == "__main__":
    main()
