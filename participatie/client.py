"""The client's address, also behind the reverse proxy (one helper for rate limits and login lockout).

Only ``REMOTE_ADDR`` is believed, unless it is one of ``settings.TRUSTED_PROXIES``: then the
``X-Forwarded-For`` chain is walked from the right (the hop the proxy appended) past every trusted proxy,
and the first address that is not a trusted proxy is the client. A resident can put anything in that
header, but only to the left of what the proxy appended, which is never read.

Written here rather than with django-ipware: its engine prefers a publicly routable address anywhere in
the chain over the one the proxy appended (``1.2.3.4, 203.0.113.9`` gives ``1.2.3.4``), so a spoofed header
would escape the survey rate limit or lock a colleague out; ``test_client.py`` pins the safe behaviour.
"""

import functools
import ipaddress

from django.conf import settings


@functools.lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in trusted if entry.strip())


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(request) -> str:
    """The address of the client that made ``request`` (see the module docstring); "" when unknown."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    address = _address(remote)
    if address is None or not any(address in network for network in networks):
        return remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        forwarded = _address(hop)
        if forwarded is None:
            break  # not an address: nothing further left can be believed
        address = forwarded
        if not any(address in network for network in networks):
            break
    return str(address)
