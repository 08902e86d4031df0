"""What a signed-in user is: their organisations and roles, computed once per request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from breakaway.accounts.models import CLIENT_ROLES, PROVIDER_ROLES, Membership, Organisation, Role


@dataclass(frozen=True)
class Standing:
    roles: frozenset[str] = frozenset()
    organisation_ids: frozenset[int] = frozenset()
    provider_ids: frozenset[int] = frozenset()
    client_ids: frozenset[int] = frozenset()
    is_safeguarding_lead: bool = False
    memberships: tuple[Membership, ...] = field(default_factory=tuple)

    @property
    def is_provider_staff(self) -> bool:
        return bool(self.roles & PROVIDER_ROLES)

    @property
    def is_client_staff(self) -> bool:
        return bool(self.roles & CLIENT_ROLES)


_EMPTY = Standing()


def standing(user: Any) -> Standing:
    """The user's roles; a superuser acts as a provider administrator of every provider."""
    if not getattr(user, "is_authenticated", False):
        return _EMPTY
    cached = getattr(user, "_breakaway_standing", None)
    if cached is not None:
        return cached
    memberships = tuple(Membership.objects.filter(user=user).select_related("organisation"))
    roles = {m.role for m in memberships}
    provider_ids = {m.organisation_id for m in memberships if m.role in PROVIDER_ROLES}
    if user.is_superuser:
        roles.add(Role.PROVIDER_ADMIN)
        provider_ids |= set(Organisation.objects.providers().values_list("pk", flat=True))
    result = Standing(
        roles=frozenset(roles),
        organisation_ids=frozenset(m.organisation_id for m in memberships),
        provider_ids=frozenset(provider_ids),
        client_ids=frozenset(m.organisation_id for m in memberships if m.role in CLIENT_ROLES),
        is_safeguarding_lead=any(m.is_safeguarding_lead for m in memberships),
        memberships=memberships,
    )
    user._breakaway_standing = result
    return result


def has_role(user: Any, *roles: str) -> bool:
    return bool(standing(user).roles & set(roles))


# Groups of roles that views and API routes allow; one place to read the policy.
PROVIDER_STAFF = (Role.PROVIDER_ADMIN, Role.ADVISOR, Role.DESIGNER, Role.TRAINER)
SALES = (Role.PROVIDER_ADMIN, Role.ADVISOR)
ADMINS = (Role.PROVIDER_ADMIN,)
CLIENT_STAFF = (Role.CLIENT_ADMIN, Role.CLIENT_MANAGER)
