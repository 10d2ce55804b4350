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


EVERY_ADDRESS = frozenset({"", "0.0.0.0", "::"})
"""The --host values that listen on every network address of this computer."""


def plain_host(name: str) -> str:
    """A Host name as the guard compares it: lower case, no brackets, no trailing dot."""
    return name.strip().strip("[]").lower().rstrip(".")


def machine_addresses() -> list[str]:
    """This computer's own IP addresses that other computers may use, as far as the standard library tells
    without asking the network: its host name's addresses, and the address a route out would use (a UDP
    socket "connected" to a documentation address sends nothing). Loopback ones left out; may be empty."""
    found: list[str] = []
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        infos = []
    candidates = [str(info[4][0]) for info in infos]
    for family, probe in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as udp:
                udp.connect((probe, 9))
                candidates.append(str(udp.getsockname()[0]))
        except OSError:
            continue
    for address in candidates:
        address = address.split("%", 1)[0]
        if address and not _is_loopback_ip(address) and address not in found:
            try:
                if ipaddress.ip_address(address).is_link_local:
                    continue
            except ValueError:
                continue
            found.append(address)
    return found
