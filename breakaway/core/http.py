"""Request types for views that run only for signed-in users."""

from django.http import HttpRequest

from breakaway.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User  # type: ignore[assignment]
