import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_provider_staff_without_mfa_are_sent_to_set_it_up_when_required(client, advisor, settings):
    settings.BREAKAWAY_REQUIRE_PROVIDER_MFA = True
    client.force_login(advisor)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_client_staff_are_not_made_to_set_up_mfa(client, client_admin, settings):
    settings.BREAKAWAY_REQUIRE_PROVIDER_MFA = True
    client.force_login(client_admin)
    assert client.get(reverse("portal:home")).status_code == 200


def test_provider_staff_with_totp_go_straight_in(client, advisor, settings):
    from allauth.mfa.models import Authenticator

    settings.BREAKAWAY_REQUIRE_PROVIDER_MFA = True
    Authenticator.objects.create(user=advisor, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(advisor)
    assert client.get(reverse("portal:home")).status_code == 200


def test_mfa_is_not_required_in_the_demo_and_test_settings(client, advisor):
    client.force_login(advisor)
    assert client.get(reverse("portal:home")).status_code == 200


def test_production_settings_require_mfa_for_provider_staff(monkeypatch):
    import importlib

    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "breakaway.example")
    prod = importlib.import_module("config.settings.prod")
    assert prod.BREAKAWAY_REQUIRE_PROVIDER_MFA is True
    assert prod.DEBUG is False


def test_provider_staff_can_set_up_totp_after_signing_in(client, advisor, settings):
    """allauth refuses MFA for unverified addresses unless told otherwise; ours are trusted."""
    from allauth.account.models import EmailAddress

    settings.BREAKAWAY_REQUIRE_PROVIDER_MFA = True
    EmailAddress.objects.create(user=advisor, email=advisor.email, primary=True, verified=False)
    client.post(
        reverse("account_login"),
        {"login": advisor.email, "password": "correct horse battery staple"},
    )
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    ), "setting up MFA asks for the password again"
    client.post(reverse("account_reauthenticate"), {"password": "correct horse battery staple"})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert b"verify" not in response.content.lower()
