"""Who is asking: the one rule for a client's address.

Used by the login lockout (django-axes) and the rate limits. Behind ``TRUSTED_PROXY_COUNT``
proxies (a load balancer, a CDN) the address is the one the outermost trusted proxy saw,
taken from the right of ``X-Forwarded-For``: entries further left are whatever the client
chose to send.
"""

from django.conf import settings


def client_address(request) -> str:
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
