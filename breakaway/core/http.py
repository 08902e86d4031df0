"""Request helpers: the signed-in request type, and the client's address behind proxies."""

from django.conf import settings
from django.http import HttpRequest

from breakaway.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User  # type: ignore[assignment]


def client_address(request: HttpRequest) -> str:
    """The address the request came from, for rate limits by address.

    Behind N trusted reverse proxies (`BREAKAWAY_TRUSTED_PROXY_COUNT`), REMOTE_ADDR is the
    nearest proxy's, so the client is the Nth address from the right of X-Forwarded-For
    (each proxy appends the address it was reached from; entries further left are whatever
    the client claimed, and cannot be trusted). With no proxies, REMOTE_ADDR.
    """
    proxies = getattr(settings, "BREAKAWAY_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")
