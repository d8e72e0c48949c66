"""The archive's own `manage.py check --deploy` warnings."""
from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def proxy_count_check(app_configs, **kwargs):
    """A proxy is declared (SECURE_PROXY_SSL_HEADER) but PROXY_COUNT is 0: every client then
    has the proxy's address, so one client's wrong passwords lock out everyone and one
    client's searches use up everyone's allowance."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.PROXY_COUNT:
        return [Warning(
            "SECURE_PROXY_SSL_HEADER says a proxy stands in front, but PROXY_COUNT is 0: "
            "every client has the proxy's address for the login lock-out and the search "
            "limits, so one client can lock out or throttle all of them.",
            hint="Set PROXY_COUNT=1 behind the project's nginx.conf (the number of proxies "
                 "that append to X-Forwarded-For).",
            id="archive.W001")]
    return []
