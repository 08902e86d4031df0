"""Pricing through `manage.py price_quote` and `POST /api/v1/quotes/price`; the stored rates."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from breakaway.accounts.services import api_token_create
from breakaway.quotes.demo import seed_rate_card
from breakaway.quotes.models import RateCard, VatRate
from breakaway.quotes.selectors import rate_card_current, vat_rates
from breakaway.quotes.tests.test_pricing import CARD

pytestmark = pytest.mark.django_db

URL = "/api/v1/quotes/price"
CONTRACT = {"lines", "groups", "net", "vat_rate", "vat", "gross"}


def _request(**changes):
    return {
        "supply_date": "2027-03-12",
        "vat_treatment": "standard",
        "rate_card": CARD,
        "course": {
            "content": "breakaway",
            "risk_level": "medium",
            "length": "1-day",
            "attendees_per_trainer": 12,
        },
        "groups": [
            {"date": "2027-03-12", "attendees": 12},
            {"date": "2027-03-13", "attendees": 12},
        ],
        "travel": [{"trainer": "Dan Hughes", "one_way_miles": 42, "days": 1}],
        **changes,
    }


INVALID = {
    "supply_date": "2027-03-12",
    "rate_card": CARD,
    "course": {
        "content": "juggling",
        "risk_level": "medium",
        "length": "1-day",
        "attendees_per_trainer": 12,
    },
    "groups": [{"date": "2027-03-12", "attendees": -4}, {"date": "2026-02-31", "attendees": 6}],
    "travel": [],
}
INVALID_PROBLEMS = [
    "vat_treatment: is missing",
    "course.content: juggling is not on the rate card; use one of breakaway, conflict-resolution",
    "groups[0].attendees: -4 must be 1 or more",
    "groups[1].date: 2026-02-31 is not a date; write it as YYYY-MM-DD",
]


def _run(capsys, tmp_path, body, *extra):
    path = tmp_path / "request.json"
    path.write_text(body if isinstance(body, str) else json.dumps(body), encoding="utf-8")
    code = 0
    try:
        call_command("price_quote", "--input", str(path), "--json", *extra)
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(capsys.readouterr().out)


def test_the_command_prints_the_contract(capsys, tmp_path):
    code, priced = _run(capsys, tmp_path, _request())
    assert code == 0
    assert set(priced) == CONTRACT
    # 2 × 750 + 24 × 4.50 + 37.80 = 1645.80; VAT 329.16
    assert [line["amount"] for line in priced["lines"]] == ["750.00", "750.00", "108.00", "37.80"]
    assert (priced["net"], priced["vat_rate"], priced["vat"], priced["gross"]) == (
        "1645.80",
        "0.20",
        "329.16",
        "1974.96",
    )
    assert priced["groups"][0] == {"date": "2027-03-12", "attendees": 12, "trainers": 1}
    assert not RateCard.objects.exists()


def test_decimal_numbers_in_the_file_are_read_exactly(capsys, tmp_path):
    body = json.dumps(_request(travel=[{"trainer": "A", "one_way_miles": 0.25, "days": 1}]))
    code, priced = _run(capsys, tmp_path, body)
    assert code == 0
    assert priced["lines"][-1]["amount"] == "0.23"  # 2 × 0.25 × 0.45 = 0.225, half-up


def test_the_command_lists_every_problem_of_an_invalid_request(capsys, tmp_path):
    code, answer = _run(capsys, tmp_path, INVALID)
    assert code == 2
    assert answer == {"errors": INVALID_PROBLEMS}


def test_the_command_refuses_a_file_that_is_not_json(capsys, tmp_path):
    code, answer = _run(capsys, tmp_path, "supply_date,2027-03-12\n")
    assert code == 1
    assert "is not JSON" in answer["errors"][0]


def test_the_command_refuses_a_file_it_cannot_read(capsys, tmp_path):
    code = 0
    try:
        call_command("price_quote", "--input", str(tmp_path / "missing.json"), "--json")
    except SystemExit as exit_:
        code = exit_.code
    assert code == 1
    assert "cannot read" in json.loads(capsys.readouterr().out)["errors"][0]


def test_without_a_card_the_providers_current_card_prices_the_request(capsys, tmp_path, provider):
    card = seed_rate_card(provider)
    assert rate_card_current(provider=provider) == card
    request = _request(course={**_request()["course"], "content": "physical-intervention"})
    del request["rate_card"]
    code, priced = _run(capsys, tmp_path, request, "--provider", provider.slug)
    assert code == 0
    # 2 × 875 + 24 × 4.50 + 37.80 (commute 37.80 < stay 37.80 + 95)
    assert priced["net"] == "1895.80"


def test_the_stored_vat_rates_are_the_uk_standard_rates():
    assert list(VatRate.objects.values_list("valid_from", "rate")) == [
        (date(1991, 4, 1), Decimal("0.1750")),
        (date(2008, 12, 1), Decimal("0.1500")),
        (date(2010, 1, 1), Decimal("0.1750")),
        (date(2011, 1, 4), Decimal("0.2000")),
    ]
    assert [r.valid_from for r in vat_rates()] == [
        date(1991, 4, 1),
        date(2008, 12, 1),
        date(2010, 1, 1),
        date(2011, 1, 4),
    ]


def test_a_stored_card_is_checked_when_cleaned(provider):
    card = seed_rate_card(provider)
    card.day_rates = {"breakaway": {"low": "650"}}
    with pytest.raises(Exception, match="medium: is missing"):
        card.full_clean()


def _post(client, user, body):
    headers = {}
    if user is not None:
        _token, secret = api_token_create(user=user, name="test")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client.post(
        URL,
        body if isinstance(body, str) else json.dumps(body),
        content_type="application/json",
        **headers,
    )


def test_the_api_answers_as_the_command(client, capsys, tmp_path, advisor):
    response = _post(client, advisor, _request())
    assert response.status_code == 200
    _code, printed = _run(capsys, tmp_path, _request())
    assert response.json() == printed


def test_the_api_uses_the_callers_current_card(client, provider, designer):
    seed_rate_card(provider)
    request = _request()
    del request["rate_card"]
    response = _post(client, designer, request)
    assert response.status_code == 200
    assert response.json()["lines"][0]["amount"] == "750.00"


def test_the_api_lists_every_problem_of_an_invalid_request(client, provider_admin):
    response = _post(client, provider_admin, INVALID)
    assert response.status_code == 422
    assert response.json() == {"detail": INVALID_PROBLEMS}


def test_the_api_refuses_a_body_that_is_not_json(client, provider_admin):
    response = _post(client, provider_admin, "not json")
    assert response.status_code == 422


@pytest.mark.parametrize("persona", ["trainer", "client_admin", "client_manager"])
def test_the_api_is_for_provider_staff_who_sell_and_design(client, request, persona):
    response = _post(client, request.getfixturevalue(persona), _request())
    assert response.status_code == 403


def test_the_api_needs_a_token(client):
    assert _post(client, None, _request()).status_code == 401


def test_without_json_the_command_prints_a_readable_quote(capsys, tmp_path):
    path = tmp_path / "request.json"
    path.write_text(json.dumps(_request()), encoding="utf-8")
    call_command("price_quote", "--input", str(path))
    out = capsys.readouterr().out
    assert "Travel: Dan Hughes, 42 miles each way, 1 day (commuting)" in out
    assert "VAT at 0.20" in out
    assert out.rstrip().endswith("1974.96")
