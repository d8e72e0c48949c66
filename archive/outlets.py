"""Outlet names as readers know them, and the outlet of a record that names none.

A record may name its outlet by its web address ("www.msnbc.com"), or not at all. The
archive shows "msnbc.com" (no "www.", lower case) and gives it the slug "msnbc-com" (the
dots kept as hyphens, so that "msnbc.com" and "msnbc.co" stay apart). A record naming no
outlet takes the domain of its url, else UNKNOWN_OUTLET: a plain name that says what it is.
"""
import re
from urllib.parse import urlsplit

UNKNOWN_OUTLET = "Unknown outlet"
DOMAIN = re.compile(r"^(?:www\d?\.)?((?:[\w-]+\.)+[a-z]{2,})\.?$", re.IGNORECASE)


def outlet_name(name):
    """A readable outlet name: spaces collapsed, a domain without its "www."."""
    name = " ".join(name.split())
    domain = DOMAIN.match(name)
    return domain.group(1).lower() if domain else name


def slug_text(name):
    """The text a slug is made from: a domain's dots become hyphens (slugify drops them)."""
    return name.replace(".", "-") if DOMAIN.match(name) else name


def domain_of(url):
    """The host of a url, without "www." ("" when there is none)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return outlet_name(host) if DOMAIN.match(host) else ""


def fallback_outlet(url):
    """(outlet, how it was chosen) for a record naming no outlet."""
    domain = domain_of(url)
    if domain:
        return domain, "domain"
    return UNKNOWN_OUTLET, "unknown"
