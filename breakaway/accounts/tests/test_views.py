"""Pages for people: invitations, API tokens, sign-in, the start page and the audit log."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from breakaway.accounts.models import ApiToken, Invitation, Membership, Role, hash_secret
from breakaway.accounts.services import api_token_create, invitation_create
from breakaway.accounts.tests.factories import ClientFactory, UserFactory
from breakaway.core.audit import audit_log
from breakaway.core.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long and unusual passphrase 42"


def _html(response) -> str:
    return response.content.decode()


# Invitations ------------------------------------------------------------------------------------


@pytest.fixture
def invitation(client_org, provider_admin, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invitation_create(
            email="Dana.Reed@riverside.example",
            organisation=client_org,
            role=Role.CLIENT_MANAGER,
            invited_by=provider_admin,
            base_url="https://breakaway.example",
        )
    return invitation, token


def test_invitation_email_names_the_organisation_role_and_link(invitation, mailoutbox):
    invitation, token = invitation
    link = "https://breakaway.example" + reverse("accounts:invitation_accept", args=[token])
    [message] = mailoutbox
    assert message.to == ["dana.reed@riverside.example"]
    assert (
        message.subject == "You are invited to join Riverside Mental Health NHS Trust on Breakaway"
    )
    assert link in message.body
    assert "Client manager" in message.body
    assert "expires in 14 days" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html


def test_invitation_page_welcomes_the_person_to_the_organisation_as_the_role(client, invitation):
    _invitation, token = invitation
    response = client.get(reverse("accounts:invitation_accept", args=[token]))
    assert response.status_code == 200
    html = _html(response)
    assert "Welcome to Riverside Mental Health NHS Trust" in html
    assert "Client manager" in html
    assert "dana.reed@riverside.example" in html


def test_invitation_with_different_passwords_shows_the_error_beside_the_field(client, invitation):
    _invitation, token = invitation
    response = client.post(
        reverse("accounts:invitation_accept", args=[token]),
        {"full_name": "Dana Reed", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"},
    )
    assert response.status_code == 200
    html = _html(response)
    assert 'class="error-summary"' in html
    assert '<a href="#id_password2">The two passwords are different' in html
    assert 'id="id_password2_error"' in html
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_password2"', html)
    assert "<title>" in html
    assert "Error:" in html.split("</title>")[0]
    assert not Membership.objects.filter(user__email="dana.reed@riverside.example").exists()


def test_accepting_an_invitation_signs_in_with_the_invited_role(client, invitation, client_org):
    invitation, token = invitation
    response = client.post(
        reverse("accounts:invitation_accept", args=[token]),
        {"full_name": "Dana Reed", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    membership = Membership.objects.get(user__email="dana.reed@riverside.example")
    assert membership.organisation == client_org
    assert membership.role == Role.CLIENT_MANAGER
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200
    assert "Hello, Dana" in _html(home)
    assert "Welcome to Breakaway. Your account is ready." in _html(home)


def test_a_used_invitation_link_answers_404_with_the_invalid_page(client, invitation):
    invitation, token = invitation
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    response = client.get(reverse("accounts:invitation_accept", args=[token]))
    assert response.status_code == 404
    assert "This invitation link does not work" in _html(response)
    assert "Ask the person who invited you" in _html(response)


def test_an_expired_invitation_link_answers_404_with_the_invalid_page(client, invitation):
    invitation, token = invitation
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("accounts:invitation_accept", args=[token]))
    assert response.status_code == 404
    assert "This invitation link does not work" in _html(response)


def test_an_unknown_invitation_link_answers_404(client):
    response = client.get(reverse("accounts:invitation_accept", args=["not-a-token"]))
    assert response.status_code == 404
    assert "This invitation link does not work" in _html(response)


# API tokens -------------------------------------------------------------------------------------


def test_making_a_token_shows_the_secret_once_and_stores_only_its_hash(client, advisor):
    client.force_login(advisor)
    url = reverse("accounts:api_tokens")
    response = client.post(url, {"name": "Nightly export"})
    assert response.status_code == 200
    secret = re.search(
        r'<code class="secret" id="new-token">(bk_[^<]+)</code>', _html(response)
    ).group(1)
    assert "This is the only time it will be shown" in _html(response)
    token = ApiToken.objects.get(user=advisor)
    assert token.name == "Nightly export"
    assert token.token_hash == hash_secret(secret)
    assert secret not in {token.name, token.prefix, token.token_hash}
    again = client.get(url)
    assert secret not in _html(again)
    assert "Copy your new token now" not in _html(again)
    assert f"{token.prefix}…" in _html(again)


def test_a_token_needs_a_name(client, advisor):
    client.force_login(advisor)
    response = client.post(reverse("accounts:api_tokens"), {"name": ""})
    assert response.status_code == 200
    assert 'href="#id_name"' in _html(response)
    assert not ApiToken.objects.exists()


def test_revoking_a_token_deletes_it(client, advisor):
    token, _secret = api_token_create(user=advisor, name="Old export")
    client.force_login(advisor)
    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:api_tokens")
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert "The token is revoked" in _html(response)


def test_someone_elses_token_cannot_be_revoked(client, advisor, trainer):
    token, _secret = api_token_create(user=trainer, name="Trainer's export")
    client.force_login(advisor)
    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_revoking_needs_a_post(client, advisor):
    token, _secret = api_token_create(user=advisor, name="Export")
    client.force_login(advisor)
    assert client.get(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


# Signing in and allauth's pages -----------------------------------------------------------------


def test_login_page_uses_our_layout_and_offers_a_password_reset(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    html = _html(response)
    assert '<html lang="en-GB">' in html
    assert 'class="skip-link"' in html
    assert "breakaway/breakaway.css" in html
    assert "breakaway/breakaway.js" in html
    assert '<main id="main"' in html
    assert f'<a href="{reverse("account_reset_password")}">Forgot your password?</a>' in html
    assert 'for="id_login"' in html
    assert "Email address" in html


def test_login_with_a_wrong_password_shows_the_error_summary(client, advisor):
    response = client.post(
        reverse("account_login"), {"login": advisor.email, "password": "not the password"}
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in _html(response)


def test_signing_in_goes_to_the_start_page(client, advisor):
    response = client.post(
        reverse("account_login"),
        {"login": advisor.email, "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


def test_signup_is_closed_and_says_accounts_are_by_invitation(client):
    response = client.get(reverse("account_signup"))
    assert "Accounts are by invitation" in _html(response)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("account_reset_password", "Reset your password"),
        ("account_reset_password_done", "Check your email"),
        ("account_reset_password_from_key_done", "Your password is changed"),
    ],
)
def test_password_reset_pages_use_our_layout(client, name, text):
    html = _html(client.get(reverse(name)))
    assert f"<h1>{text}</h1>" in html or text in html
    assert 'class="site-header"' in html


def test_a_bad_password_reset_link_says_so(client):
    response = client.get(
        reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "set-password"})
    )
    assert "This link does not work" in _html(response)


def test_change_password_and_two_factor_pages_use_our_layout(client, client_admin):
    client.force_login(client_admin)
    change = _html(client.get(reverse("account_change_password")))
    assert "Change your password" in change
    assert 'for="id_oldpassword"' in change
    mfa = _html(client.get(reverse("mfa_index")))
    assert "Two-factor authentication" in mfa
    assert reverse("mfa_activate_totp") in mfa


# The start page ---------------------------------------------------------------------------------


PERSONAS = [
    "provider_admin",
    "advisor",
    "designer",
    "trainer",
    "client_admin",
    "client_manager",
    "superuser",
]


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_start_page_shows_each_persona_what_their_role_allows(client, persona, request):
    name = request.node.callspec.params["persona"]
    client.force_login(persona)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    html = _html(response)
    assert "Hello," in html
    pipeline = f'href="{reverse("enquiries:board")}"'
    audit = f'href="{reverse("core:audit_list")}"'
    assert (pipeline in html) is (name in {"provider_admin", "advisor", "superuser"})
    assert (audit in html) is (name in {"provider_admin", "superuser"})
    assert f'href="{reverse("portal:organisation_list")}"' in html
    assert f'href="{reverse("mfa_index")}"' in html
    assert f'href="{reverse("accounts:api_tokens")}"' in html


def test_start_page_lists_the_users_organisations_and_roles(client, client_admin):
    client.force_login(client_admin)
    html = _html(client.get(reverse("portal:home")))
    assert "<strong>Client administrator</strong> at Riverside Mental Health NHS Trust" in html


def test_start_page_for_someone_without_a_role_says_what_to_do(client):
    client.force_login(UserFactory(membership=None))
    html = _html(client.get(reverse("portal:home")))
    assert "You do not have a role yet" in html
    assert f'href="{reverse("portal:organisation_list")}"' not in html.split("Your account")[0]


# Clients and the audit log ----------------------------------------------------------------------


def _query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_client_list_shows_the_clients(client, advisor, client_org):
    client.force_login(advisor)
    html = _html(client.get(reverse("portal:organisation_list")))
    detail = reverse("portal:organisation_detail", args=[client_org.slug])
    assert f'<a href="{detail}">Riverside Mental Health NHS Trust</a>' in html
    assert "NHS mental health" in html
    assert "1,200" in html


def test_client_list_queries_do_not_grow_with_rows(
    client, advisor, provider, django_assert_num_queries
):
    client.force_login(advisor)
    ClientFactory.create_batch(3, provider=provider)
    url = reverse("portal:organisation_list")
    few = _query_count(client, url)
    ClientFactory.create_batch(27, provider=provider)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert _html(response).count('scope="row"') == 30


def test_client_detail_shows_the_summary_and_sites(client, client_admin, client_org):
    client_org.sites.create(name="Oakwood Ward", postcode="RV1 2AB", headcount=40)
    client.force_login(client_admin)
    html = _html(client.get(reverse("portal:organisation_detail", args=[client_org.slug])))
    assert "Riverside Mental Health NHS Trust" in html
    assert "Oakwood Ward" in html
    assert 'class="summary-list"' in html


def test_provider_detail_shows_its_accreditations(client, provider_admin, provider):
    provider.accreditations.create(scheme="Restraint Reduction Network", number="RRN-1")
    client.force_login(provider_admin)
    html = _html(client.get(reverse("portal:organisation_detail", args=[provider.slug])))
    assert "Restraint Reduction Network" in html
    assert "In date" in html


def test_audit_log_is_forbidden_to_an_advisor(client, advisor):
    client.force_login(advisor)
    response = client.get(reverse("core:audit_list"))
    assert response.status_code == 403
    assert "You cannot see this page" in _html(response)


def test_audit_log_shows_an_entry_with_its_changes(client, provider_admin, client_org):
    entry = audit_log(
        actor=provider_admin,
        action="organisation.update",
        obj=client_org,
        before={"headcount": 1200},
        after={"headcount": 1350},
        organisation=client_org,
    )
    AuditEntry.objects.filter(pk=entry.pk).update(
        created_at=datetime(2026, 11, 27, 14, 5, tzinfo=UTC)
    )
    client.force_login(provider_admin)
    response = client.get(reverse("core:audit_list"))
    assert response.status_code == 200
    html = _html(response)
    assert "<code>organisation.update</code>" in html
    assert "27/11/2026 14:05" in html  # 14:05 GMT is 14:05 in London in November
    assert re.search(r"headcount</span>:\s*<span class=\"changes__before\">1200</span>", html)
    assert "1350" in html


def test_audit_log_shows_summer_times_in_london_time(client, provider_admin, client_org):
    entry = audit_log(actor=provider_admin, action="organisation.update", obj=client_org)
    AuditEntry.objects.filter(pk=entry.pk).update(
        created_at=datetime(2026, 7, 1, 9, 30, tzinfo=UTC)
    )
    client.force_login(provider_admin)
    assert "01/07/2026 10:30" in _html(client.get(reverse("core:audit_list")))


def test_audit_log_filters_by_action_prefix(client, provider_admin, client_org):
    audit_log(actor=provider_admin, action="invitation.create", obj=client_org)
    audit_log(actor=provider_admin, action="api_token.create", obj=client_org)
    client.force_login(provider_admin)
    html = _html(client.get(reverse("core:audit_list"), {"action": "invitation"}))
    assert "<code>invitation.create</code>" in html
    assert "<code>api_token.create</code>" not in html
    empty = _html(client.get(reverse("core:audit_list"), {"action": "nothing.like.this"}))
    assert "No entries have an action starting with" in empty


def test_audit_log_queries_do_not_grow_with_rows(
    client, provider_admin, client_org, django_assert_num_queries
):
    def record(count: int) -> None:
        for n in range(count):
            audit_log(
                actor=provider_admin,
                action="organisation.update",
                obj=client_org,
                before={"headcount": n},
                after={"headcount": n + 1},
                organisation=client_org,
            )

    client.force_login(provider_admin)
    url = reverse("core:audit_list")
    AuditEntry.objects.all().delete()
    record(3)
    few = _query_count(client, url)
    record(27)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert _html(response).count("<code>organisation.update</code>") == 30


def test_audit_log_pages_keep_the_filter(client, provider_admin, client_org):
    for _n in range(51):
        audit_log(actor=provider_admin, action="invitation.create", obj=client_org)
    client.force_login(provider_admin)
    html = _html(client.get(reverse("core:audit_list"), {"action": "invitation"}))
    assert 'href="?action=invitation&amp;page=2"' in html


# Error pages ------------------------------------------------------------------------------------


def test_page_not_found_uses_our_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in _html(response)
    assert 'class="skip-link"' in _html(response)


def test_server_error_page_renders_without_a_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Sorry, there is a problem" in html
