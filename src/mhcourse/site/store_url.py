"""The shared store's address (`[store] url`, MHCOURSE_STORE_URL): checking it, and naming it in messages
without its password. psycopg is imported only when a URL is given."""

from __future__ import annotations

import os

from ..i18n import _

ENV = "MHCOURSE_STORE_URL"
SCHEMES = ("postgresql://", "postgres://")
"""How a PostgreSQL URL starts: anything else names a file or nothing (`store copy --to` tells them apart)."""


def store_url(configured: str | None) -> str | None:
    """The URL in effect: MHCOURSE_STORE_URL, then the site config's [store] url; None keeps SQLite."""
    return os.environ.get(ENV, "").strip() or configured or None


def url_problems(url: str, *, in_a_file: bool) -> list[str]:
    """Why `url` cannot be used for the shared store (empty when it can). A password written in a config file
    is refused: learners may be able to read that file, and with the password, everyone's record."""
    if not url.startswith(SCHEMES):
        return [_("a store URL starts with postgresql://, for example postgresql://mhcourse@db.example.org/mhcourse")]
    try:
        from psycopg.conninfo import conninfo_to_dict
    except ImportError:
        return [_("PostgreSQL needs the optional psycopg package: pip install 'mhcourse[postgres]'")]
    try:
        parts = conninfo_to_dict(url)
    except Exception:  # noqa: BLE001 (psycopg's own words may repeat the URL, and a password in it)
        return [_("the URL cannot be read; check its spelling: postgresql://USER@HOST:PORT/DATABASE")]
    if in_a_file and parts.get("password"):
        return [_("keep the password out of the config file (anyone who can read the file could read every "
                  "learner's record): put it in the mhcourse account's ~/.pgpass (or PGPASSFILE), a libpq service "
                  "file, or PGPASSWORD, and remove it from the URL")]
    return []


def where_of(url: str) -> str:
    """Which database a URL names, for messages: database, host and port, never the password."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(url)
    except Exception:  # noqa: BLE001 (a URL libpq cannot read: say so without echoing it)
        return _("a database URL that cannot be read")
    host = str(parts.get("host") or parts.get("hostaddr") or "localhost")
    port = f":{parts['port']}" if parts.get("port") else ""
    return _("{database} on {host}").format(database=parts.get("dbname") or parts.get("user") or "postgres",
                                            host=f"{host}{port}")
