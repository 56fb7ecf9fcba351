"""Refuse URLs that point inside the machine or its network (server-side request forgery).

Every hop of every fetch goes through :func:`guard_url`: the host is resolved, **every** address
it resolves to is checked, and the connection is then *pinned* to the first checked address
(the request goes to the IP, the ``Host`` header and TLS SNI carry the name).  Pinning closes the
DNS-rebinding gap between "checked" and "connected"; checking every address stops a name that
resolves to one public and one private address.

Refused (unless ``allow_private``): loopback, private (RFC 1918, ULA), link-local, multicast,
reserved, unspecified, shared (CGNAT) and any other non-global range, in IPv4 and IPv6; IPv6
forms that embed an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, 6to4, Teredo, NAT64) are judged
by that address too.  Written here rather than taken from a library because the check is a few
lines of :mod:`ipaddress` and the pinning has to fit httpx's request model.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from dataclasses import dataclass

import httpx

from ..errors import FetchError

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(FetchError):
    """A URL not fetched by policy: its host resolves to a non-public address."""


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_CHECKS = (
    ("is_loopback", "a loopback address"),
    ("is_link_local", "a link-local address"),
    ("is_multicast", "a multicast address"),
    ("is_unspecified", "an unspecified address"),
    ("is_private", "a private address"),
    ("is_reserved", "a reserved address"),
)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo client, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_problem(ip: IPAddress) -> str | None:
    """Why a connection to ``ip`` is refused ("a loopback address"), or None when it is public."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = embedded_ipv4(ip)
        if inner is not None:
            problem = address_problem(inner)
            if problem:
                return f"{problem} ({ip} embeds {inner})"
    for attribute, label in _CHECKS:
        if getattr(ip, attribute):
            return label
    if not ip.is_global:
        return "a non-public address"
    return None


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(host, f"host cannot be resolved ({exc})") from exc
    addresses: list[IPAddress] = []
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise FetchError(host, "host resolves to no address")
    return addresses


@dataclass(frozen=True)
class Target:
    """Where one request really goes: ``url`` has the checked IP as host."""

    url: str  #: the URL with the host replaced by ``ip``
    host: str  #: the host name as given (for SNI and certificate checks)
    host_header: str  #: the ``Host`` header (name, plus port when not the default)
    ip: str


def guard_url(url: str, allow_private: bool = False) -> Target:
    """Check ``url``'s scheme and every address of its host; the pinned target to connect to.

    Raises :class:`~newsweave.errors.FetchError` (source: the URL) when the URL is not http(s)
    or the host does not resolve, :class:`Refused` when any of its addresses is not public and
    ``allow_private`` is off.
    """
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise FetchError(url, f"is not a valid URL ({exc})") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise FetchError(url, "is not an http(s) URL with a host")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        addresses = resolve(parsed.host, port)
    except FetchError as exc:
        raise FetchError(url, exc.reason) from exc
    if not allow_private:
        for ip in addresses:
            problem = address_problem(ip)
            if problem:
                raise Refused(
                    url,
                    f"refused: {parsed.host} resolves to {problem} ({ip}); "
                    "pass --allow-private to fetch from private networks",
                )
    ip = addresses[0]
    return Target(
        url=str(parsed.copy_with(host=str(ip))),
        host=parsed.host,
        host_header=parsed.netloc.decode("ascii"),
        ip=str(ip),
    )
