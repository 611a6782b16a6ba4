"""Client addresses behind reverse proxies: which hop of X-Forwarded-For to believe (no Django here)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class BadNetwork(ValueError):
    """A trusted-proxy entry that is not an address or a CIDR block."""


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """Return the networks named by `values` ("10.0.0.0/8", "127.0.0.1", "::1"); raise BadNetwork on a bad one."""
    networks = []
    for value in values:
        text = value.strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            raise BadNetwork(text) from None
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip().strip('"')
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.9:51000"
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, trusted: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in trusted)


def client_address(remote_addr: str, forwarded_for: str, trusted: tuple[Network, ...]) -> str:
    """Return the client's address: the peer itself, unless the peer is a trusted proxy.

    Then X-Forwarded-For is read from the right, each trusted proxy having appended the address it saw; the
    first hop that is not a trusted proxy is the client. Everything left of it was written by the client and
    is ignored (a client cannot choose its own address by sending the header). When every hop is trusted,
    the leftmost one is the answer.
    """
    peer = _address(remote_addr or "")
    if peer is None:
        return remote_addr or "unknown"
    if not trusted or not _trusted(peer, trusted) or not forwarded_for:
        return str(peer)
    last = peer
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:  # junk can only come from the client's side of the chain: stop at the last good hop
            return str(last)
        if not _trusted(address, trusted):
            return str(address)
        last = address
    return str(last)
