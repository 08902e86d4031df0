"""Writes to organisations, people, invitations and API tokens."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from breakaway.accounts.models import (
    ApiToken,
    Invitation,
    Membership,
    Organisation,
    User,
    hash_secret,
)
from breakaway.core.audit import audit_log, snapshot
from breakaway.core.emails import email_send

INVITATION_DAYS = 14
API_TOKEN_PREFIX = "bk_"  # noqa: S105 - a marker, not a secret


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str = Organisation.Kind.CLIENT,
    sector: str = "",
    headcount: int | None = None,
    provider: Organisation | None = None,
    created_by: Any = None,
    **fields: Any,
) -> Organisation:
    """Create an organisation with a unique slug; a client belongs to the provider if one exists."""
    if kind == Organisation.Kind.CLIENT and provider is None:
        provider = Organisation.objects.providers().order_by("pk").first()
    organisation = Organisation(
        name=name.strip(),
        slug=fields.pop("slug", None) or _unique_slug(name),
        kind=kind,
        sector=sector,
        headcount=headcount,
        provider=provider if kind == Organisation.Kind.CLIENT else None,
        **fields,
    )
    organisation.full_clean()
    organisation.save()
    audit_log(
        actor=created_by,
        action="organisation.create",
        obj=organisation,
        after=snapshot(organisation),
        organisation=organisation,
    )
    return organisation


@transaction.atomic
def membership_grant(
    *,
    user: User,
    organisation: Organisation,
    role: str,
    is_safeguarding_lead: bool = False,
    granted_by: Any = None,
) -> Membership:
    """Give the user a role in the organisation, replacing any role they had there."""
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    before = snapshot(membership) if membership else None
    membership = membership or Membership(user=user, organisation=organisation)
    membership.role = role
    membership.is_safeguarding_lead = is_safeguarding_lead
    membership.full_clean()
    membership.save()
    audit_log(
        actor=granted_by,
        action="membership.grant",
        obj=membership,
        before=before,
        after=snapshot(membership),
        organisation=organisation,
    )
    return membership


@transaction.atomic
def user_create(
    *,
    email: str,
    role: str,
    organisation: Organisation,
    full_name: str = "",
    password: str | None = None,
    is_safeguarding_lead: bool = False,
    created_by: Any = None,
) -> User:
    """Create a user with one role; without a password they sign in after a reset or invitation."""
    user = User(email=email.strip().lower(), full_name=full_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_log(
        actor=created_by,
        action="user.create",
        obj=user,
        after={"email": user.email, "full_name": user.full_name},
        organisation=organisation,
    )
    membership_grant(
        user=user,
        organisation=organisation,
        role=role,
        is_safeguarding_lead=is_safeguarding_lead,
        granted_by=created_by,
    )
    return user


@transaction.atomic
def invitation_create(
    *,
    email: str,
    organisation: Organisation,
    role: str,
    full_name: str = "",
    invited_by: Any = None,
    base_url: str = "",
) -> tuple[Invitation, str]:
    """Invite someone to join an organisation; the token in the e-mail is the only copy."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email.strip().lower(),
        organisation=organisation,
        role=role,
        full_name=full_name,
        token_hash=hash_secret(token),
        invited_by=invited_by if getattr(invited_by, "is_authenticated", False) else None,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    Membership(organisation=organisation, role=role).clean()
    invitation.full_clean()
    invitation.save()
    audit_log(
        actor=invited_by,
        action="invitation.create",
        obj=invitation,
        after={"email": invitation.email, "role": role},
        organisation=organisation,
    )
    link = (base_url or settings.BREAKAWAY_SITE_URL).rstrip("/") + reverse(
        "accounts:invitation_accept", kwargs={"token": token}
    )
    email_send(
        template="invitation",
        to=[invitation.email],
        context={"invitation": invitation, "link": link, "days": INVITATION_DAYS},
    )
    return invitation, token


def invitation_get_by_token(*, token: str) -> Invitation | None:
    """The usable invitation behind a token, or None when unknown, used or expired."""
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=hash_secret(token))
        .first()
    )
    return invitation if invitation and invitation.is_usable else None


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    full_name: str = "",
    password: str = "",
    existing_user: User | None = None,
) -> User:
    """Turn an invitation into a membership: for a new account, or for its own signed-in user.

    The link alone never signs anyone into an account that already exists: an existing user
    must be signed in as the invited address to accept.
    """
    if existing_user is not None:
        if existing_user.email != invitation.email:
            raise ValidationError("This invitation is for another e-mail address.")
        user = existing_user
    else:
        if User.objects.filter(email=invitation.email).exists():
            raise ValidationError("An account with this e-mail address already exists: sign in.")
        user = User(email=invitation.email, full_name=full_name)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        # The invitation reached this address, which proves the person can read its mail.
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    membership_grant(
        user=user, organisation=invitation.organisation, role=invitation.role, granted_by=user
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_log(
        actor=user, action="invitation.accept", obj=invitation, organisation=invitation.organisation
    )
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Make a personal API token; returns the secret, which is never stored."""
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip() or "API token",
        prefix=secret[:11],
        token_hash=hash_secret(secret),
    )
    audit_log(actor=user, action="api_token.create", obj=token, after={"name": token.name})
    return token, secret


def api_token_authenticate(*, secret: str) -> User | None:
    """The active user behind a bearer token, noting when it was last used."""
    if not secret.startswith(API_TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_secret(secret)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def api_token_revoke(*, token: ApiToken, revoked_by: User) -> None:
    """Delete a token so it no longer works."""
    audit_log(actor=revoked_by, action="api_token.revoke", obj=token, before={"name": token.name})
    token.delete()
