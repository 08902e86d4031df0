"""Rate limits: the API per user and per address for wrong tokens, and the client's address
read correctly behind trusted proxies (so a room behind one proxy is not one "address")."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from breakaway.accounts.services import api_token_create
from breakaway.core.http import client_address

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict[str, str]:
    _token, secret = api_token_create(user=user, name="limits")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@override_settings(BREAKAWAY_API_RATE_LIMIT=3)
def test_the_api_answers_429_once_a_user_passes_their_rate(client, advisor, designer):
    headers = _bearer(advisor)
    assert [client.get("/api/v1/me", **headers).status_code for _ in range(3)] == [200] * 3
    refused = client.get("/api/v1/me", **headers)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    # Another user is counted apart.
    assert client.get("/api/v1/me", **_bearer(designer)).status_code == 200


@override_settings(BREAKAWAY_API_BAD_TOKEN_LIMIT=5)
def test_guessing_tokens_is_stopped_per_address_even_for_a_right_token_after(client, advisor):
    wrong = {"HTTP_AUTHORIZATION": "Bearer bk_guess"}
    assert [client.get("/api/v1/me", **wrong).status_code for _ in range(5)] == [401] * 5
    assert client.get("/api/v1/me", **wrong).status_code == 429
    assert client.get("/api/v1/me", **_bearer(advisor)).status_code == 429
    other = client.get("/api/v1/me", REMOTE_ADDR="10.0.0.9", **_bearer(advisor))
    assert other.status_code == 200


def test_without_proxies_the_address_is_the_connections():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "203.0.113.5"


@override_settings(BREAKAWAY_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_client_is_the_last_forwarded_address():
    spoofed = "6.6.6.6, 198.51.100.7"  # the client claimed 6.6.6.6; the proxy saw .7
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=spoofed)
    assert client_address(request) == "198.51.100.7"


@override_settings(BREAKAWAY_TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_and_a_short_header_falls_back_to_the_connection():
    factory = RequestFactory()
    chain = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.1")
    assert client_address(chain) == "198.51.100.7"
    short = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_address(short) == "10.0.0.2"
