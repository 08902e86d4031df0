"""Reads of organisations and people, always through the user asking (tenancy)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from breakaway.accounts.models import ApiToken, Organisation
from breakaway.accounts.roles import standing


def organisation_list_for_user(*, user: Any) -> QuerySet[Organisation]:
    """Provider staff see their provider and its clients; client staff see only their own."""
    who = standing(user)
    if who.provider_ids:
        return Organisation.objects.filter(
            Q(pk__in=who.provider_ids)
            | Q(provider_id__in=who.provider_ids)
            | Q(pk__in=who.client_ids)
        )
    return Organisation.objects.filter(pk__in=who.client_ids)


def organisation_get_for_user(*, user: Any, slug: str) -> Organisation:
    """One organisation the user may see; any other answers 404."""
    try:
        return organisation_list_for_user(user=user).get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404("No such organisation.") from None


def client_list_for_user(*, user: Any) -> QuerySet[Organisation]:
    """The organisations that receive training, as far as the user may see."""
    return organisation_list_for_user(user=user).filter(
        pk__in=Organisation.objects.clients().values("pk")
    )


def provider_get_public() -> Organisation | None:
    """The provider whose public site this is: the first provider installed."""
    return (
        Organisation.objects.providers().prefetch_related("accreditations").order_by("pk").first()
    )


def api_token_list_for_user(*, user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
