from typing import Any, Final

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from breakaway.core.audit import audit_log
from breakaway.core.emails import email_send
from breakaway.core.ratelimit import RateLimit

# Wrong passwords for one account before it is locked (allauth's "login_failed" limit per
# key, settings.ACCOUNT_RATE_LIMITS, does the refusing); the owner is told once per lock.
LOCKOUT_FAILURES: Final = 5
LOCKOUT_MINUTES: Final = 15
LOCK_NOTICE: Final = RateLimit("account-lock-notice", LOCKOUT_FAILURES, LOCKOUT_MINUTES * 60)


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up on their own: client contacts are invited, staff are added by an admin.
    An account that meets too many wrong passwords is locked for a while and its owner told."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        super().authentication_failed(request, **credentials)
        email = str(credentials.get("email") or "").strip().lower()
        if not email:
            return
        LOCK_NOTICE.hit(email)
        if LOCK_NOTICE.count(email) != LOCKOUT_FAILURES:
            return
        from breakaway.accounts.models import User

        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            return
        email_send(
            template="account_locked",
            to=[user.email],
            context={
                "minutes": LOCKOUT_MINUTES,
                "failures": LOCKOUT_FAILURES,
                "reset_link": settings.BREAKAWAY_SITE_URL.rstrip("/")
                + reverse("account_reset_password"),
            },
        )
        audit_log(actor=None, action="account.locked", obj=user, after={"minutes": LOCKOUT_MINUTES})
