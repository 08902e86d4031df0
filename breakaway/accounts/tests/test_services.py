import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from breakaway.accounts import selectors, services
from breakaway.accounts.models import Membership, Organisation, Role
from breakaway.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_creating_an_organisation_is_audited(advisor, provider):
    organisation = services.organisation_create(
        name="Seaview Housing", sector="housing", created_by=advisor
    )
    entry = AuditEntry.objects.get(action="organisation.create")
    assert entry.actor == advisor
    assert entry.object_id == str(organisation.pk)
    assert entry.after["name"] == "Seaview Housing"


def test_a_provider_never_belongs_to_another_provider(provider):
    with pytest.raises(ValidationError):
        Organisation(name="X", slug="x", kind="provider", provider=provider).full_clean()


def test_client_roles_cannot_be_given_in_the_provider(provider):
    with pytest.raises(ValidationError):
        services.user_create(email="a@example.org", role=Role.CLIENT_ADMIN, organisation=provider)


def test_only_provider_staff_can_be_safeguarding_lead(client_org):
    with pytest.raises(ValidationError):
        services.user_create(
            email="a@example.org",
            role=Role.CLIENT_ADMIN,
            organisation=client_org,
            is_safeguarding_lead=True,
        )


def test_membership_grant_replaces_the_role_and_audits_before_and_after(
    client_admin, client_org, provider_admin
):
    services.membership_grant(
        user=client_admin,
        organisation=client_org,
        role=Role.CLIENT_MANAGER,
        granted_by=provider_admin,
    )
    assert Membership.objects.get(user=client_admin).role == Role.CLIENT_MANAGER
    entry = AuditEntry.objects.filter(action="membership.grant").latest("id")
    assert entry.changes == [("role", "client_admin", "client_manager")]


def test_an_invitation_is_emailed_and_accepting_it_creates_the_member(
    client_org, advisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invitation_create(
            email="Contact@Example.org",
            organisation=client_org,
            role=Role.CLIENT_ADMIN,
            invited_by=advisor,
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["contact@example.org"]
    assert token in mail.outbox[0].body
    assert invitation.token_hash != token
    found = services.invitation_get_by_token(token=token)
    user = services.invitation_accept(
        invitation=found, full_name="Jo Contact", password="a-long-pass-phrase"
    )
    assert user.check_password("a-long-pass-phrase")
    assert Membership.objects.get(user=user).organisation == client_org
    assert services.invitation_get_by_token(token=token) is None, "an invitation works once"


def test_an_expired_invitation_cannot_be_used(client_org, time_machine):
    time_machine.move_to("2026-11-27 09:00Z", tick=False)
    _invitation, token = services.invitation_create(
        email="late@example.org", organisation=client_org, role=Role.CLIENT_MANAGER
    )
    time_machine.shift(60 * 60 * 24 * (services.INVITATION_DAYS + 1))
    assert services.invitation_get_by_token(token=token) is None


def test_api_tokens_authenticate_until_revoked(advisor):
    token, secret = services.api_token_create(user=advisor, name="export")
    assert services.api_token_authenticate(secret=secret) == advisor
    services.api_token_revoke(token=token, revoked_by=advisor)
    assert services.api_token_authenticate(secret=secret) is None


def test_api_tokens_have_at_least_128_bits_of_randomness(advisor):
    _token, secret = services.api_token_create(user=advisor, name="x")
    # 32 random bytes, URL-safe base64: 43 characters after the prefix.
    assert len(secret) - len(services.API_TOKEN_PREFIX) >= 43


def test_client_staff_see_only_their_organisation(client_admin, client_org, other_client):
    assert list(selectors.organisation_list_for_user(user=client_admin)) == [client_org]


def test_a_superuser_acts_as_provider_admin_and_sees_everything(
    superuser, provider, client_org, other_client
):
    assert set(selectors.organisation_list_for_user(user=superuser)) == {
        provider,
        client_org,
        other_client,
    }


def test_an_in_house_team_is_a_provider_that_is_also_a_client(provider):
    provider.trains_own_staff = True
    provider.save()
    assert provider in Organisation.objects.clients()


def test_a_user_without_a_membership_sees_nothing(django_user_model, client_org):
    nobody = django_user_model.objects.create_user(email="nobody@example.org", password="x")
    assert not selectors.organisation_list_for_user(user=nobody).exists()


def test_an_invitation_link_never_signs_into_an_existing_account(client_org, other_client_admin):
    _invitation, token = services.invitation_create(
        email=other_client_admin.email, organisation=client_org, role=Role.CLIENT_MANAGER
    )
    invitation = services.invitation_get_by_token(token=token)
    with pytest.raises(ValidationError):
        services.invitation_accept(
            invitation=invitation, full_name="X", password="a-long-pass-phrase"
        )
    assert not other_client_admin.memberships.filter(organisation=client_org).exists()


def test_an_existing_user_accepts_as_themselves(client_org, other_client_admin, advisor):
    _invitation, token = services.invitation_create(
        email=other_client_admin.email, organisation=client_org, role=Role.CLIENT_MANAGER
    )
    invitation = services.invitation_get_by_token(token=token)
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, existing_user=advisor)
    services.invitation_accept(invitation=invitation, existing_user=other_client_admin)
    assert other_client_admin.memberships.filter(
        organisation=client_org, role="client_manager"
    ).exists()


def test_invitation_links_are_absolute_even_outside_a_request(
    client_org, settings, django_capture_on_commit_callbacks
):
    settings.BREAKAWAY_SITE_URL = "https://breakaway.example.org/"
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = services.invitation_create(
            email="x@example.org", organisation=client_org, role=Role.CLIENT_MANAGER
        )
    assert f"https://breakaway.example.org/accounts/invitation/{token}/" in mail.outbox[0].body
