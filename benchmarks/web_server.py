"""The web page on a port, for the benchmark, where `mhcourse serve` does not serve it yet.

    python benchmarks/web_server.py --data-dir DIR --port PORT

Builds the app as the command would (the settings, the site's track from the catalog, the store in
DIR, the site's access policy) with `mhcourse.web.app.build_app`, and runs it on 127.0.0.1 until
it is stopped (SIGTERM or SIGINT). `benchmarks/bench_web.py` uses `mhcourse serve` itself once
that command serves the web page (it then has `--terminal`).
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)

    from aiohttp import web

    from mhcourse.commands._common import open_store, seed
    from mhcourse.commands.course import access
    from mhcourse.progress.desk import Desk
    from mhcourse.site.settings import Settings, load_catalog
    from mhcourse.web.app import build_app
    from mhcourse.web.course import WebCourse

    settings = Settings.resolve(data_dir=args.data_dir)
    modules = settings.site.track.modules(load_catalog(settings).modules)
    store = open_store(settings)
    try:
        course = WebCourse(Desk(store, access(settings)), modules, settings.site, seed=seed())
        web.run_app(build_app(course), host="127.0.0.1", port=args.port, print=None, access_log=None)
    finally:
        course.worker.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
