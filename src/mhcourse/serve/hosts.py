"""Addresses and Host headers, for the warning on --host and the guard of a loopback server (stdlib only)."""

from __future__ import annotations

import ipaddress
import socket

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


def _is_loopback_ip(text: str) -> bool:
    try:
        return ipaddress.ip_address(text.strip("[]").split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def is_loopback(host: str) -> bool:
    """True when a server bound to `host` can be reached from this computer alone.

    An IP address is judged as it is; a name counts when every address it resolves to is a
    loopback address ("localhost" always does). A name that does not resolve is not loopback.
    """
    host = host.strip()
    if not host:
        return False  # "" binds every interface
    if host.lower().rstrip(".") in LOOPBACK_NAMES or _is_loopback_ip(host):
        return True
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False
    return bool(infos) and all(_is_loopback_ip(str(info[4][0])) for info in infos)


def host_of(header: str) -> str:
    """The host part of a Host header ("127.0.0.1:8000" -> "127.0.0.1", "[::1]:8000" -> "::1")."""
    header = header.strip()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def is_loopback_header(header: str) -> bool:
    """A Host header that names this computer without a lookup: a loopback address or a localhost name.

    A loopback server refuses every other name, so a web page on another site cannot reach it
    through a name of its own that resolves to 127.0.0.1 (DNS rebinding).
    """
    host = host_of(header).lower().rstrip(".")
    return host in LOOPBACK_NAMES or _is_loopback_ip(host)


def url_host(host: str) -> str:
    """`host` as it goes in a URL: IPv6 addresses in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
