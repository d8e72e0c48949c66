"""The address of the client behind the reverse proxies: one rule for the login lock-out
(django-axes), the search and export limits (search/web/admission.py) and gunicorn's
access log (gunicorn.conf.py).

PROXY_COUNT says how many proxies stand in front of gunicorn (1 for the README's nginx).
Each proxy appends the address it was connected from to X-Forwarded-For, so the client is
the PROXY_COUNT-th entry from the right; entries further left were written by the client
itself and prove nothing. With PROXY_COUNT 0 (no proxy) the header is ignored: trusting it
there would let anyone dodge a limit by inventing addresses.

`forwarded_client` imports nothing from Django, so gunicorn's master can use it.
"""
import ipaddress


def forwarded_client(forwarded_for, peer, proxies):
    """The client's address, from the X-Forwarded-For value and the connection's peer."""
    if proxies <= 0 or not forwarded_for:
        return peer
    entries = [entry.strip() for entry in forwarded_for.split(",")]
    # Fewer entries than proxies: a proxy in front was bypassed or left no entry; the
    # leftmost is then the closest thing to the client that a proxy wrote.
    candidate = entries[-proxies] if len(entries) >= proxies else entries[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return peer


def client_address(request):
    """The client's address for `request` (AXES_CLIENT_IP_CALLABLE points here)."""
    from django.conf import settings

    return forwarded_client(request.META.get("HTTP_X_FORWARDED_FOR", ""),
                            request.META.get("REMOTE_ADDR", ""), settings.PROXY_COUNT)
