"""Hand-worked examples for every pricing rule (the pure module: no database)."""

from datetime import date
from decimal import Decimal

import pytest

from breakaway.quotes.pricing import (
    UK_STANDARD_RATES,
    InvalidRequest,
    PriceRequest,
    RateCard,
    money,
    price,
    price_request,
    rate_text,
    travel_cost,
    vat_rate_on,
)

CARD = {
    "day_rates": {
        "breakaway": {"low": "650", "medium": "750", "high": "850"},
        "conflict-resolution": {"low": 550, "medium": 625, "high": 700},
    },
    "part_day_fraction": "0.6",
    "materials_per_attendee": "4.50",
    "mileage_rate": "0.45",
    "overnight_threshold_miles": "60",
    "overnight_rate": "95",
}


def _request(**changes):
    request = {
        "supply_date": "2027-03-12",
        "vat_treatment": "standard",
        "rate_card": CARD,
        "course": {
            "content": "breakaway",
            "risk_level": "medium",
            "length": "1-day",
            "attendees_per_trainer": 12,
        },
        "groups": [{"date": "2027-03-12", "attendees": 12}],
        "travel": [],
    }
    course = changes.pop("course", {})
    request["course"] = {**request["course"], **course}
    return {**request, **changes}


def _priced(**changes):
    return price_request(_request(**changes), default_card=None, vat_rates=UK_STANDARD_RATES)


def test_the_worked_example_prices_every_line_and_the_totals():
    priced = _priced(
        groups=[{"date": "2027-03-12", "attendees": 12}, {"date": "2027-03-13", "attendees": 13}],
        travel=[
            {"trainer": "Dan Hughes", "one_way_miles": 42, "days": 1},
            {"trainer": "Sam Lee", "one_way_miles": "80.5", "days": 2},
        ],
    )
    assert priced.to_dict() == {
        "lines": [
            {
                "kind": "training",
                "description": (
                    "Training, group 1 (12 attendees, 1 trainer, 1 day on 12 March 2027)"
                ),
                "amount": "750.00",
            },
            {
                "kind": "training",
                "description": (
                    "Training, group 2 (13 attendees, 2 trainers, 1 day on 13 March 2027)"
                ),
                "amount": "1500.00",
            },
            {"kind": "materials", "description": "Materials for 25 attendees", "amount": "112.50"},
            {
                # commute 2 × 42 × 1 × 0.45 = 37.80; stay 37.80 + 95 = 132.80
                "kind": "travel",
                "description": "Travel: Dan Hughes, 42 miles each way, 1 day (commuting)",
                "amount": "37.80",
            },
            {
                # beyond 60 miles: stay 2 × 80.5 × 0.45 + 2 × 95 = 72.45 + 190 = 262.45
                "kind": "travel",
                "description": "Travel: Sam Lee, 80.5 miles each way, 2 days (staying 2 nights)",
                "amount": "262.45",
            },
        ],
        "groups": [
            {"date": "2027-03-12", "attendees": 12, "trainers": 1},
            {"date": "2027-03-13", "attendees": 13, "trainers": 2},
        ],
        "net": "2662.75",
        "vat_rate": "0.20",
        "vat": "532.55",
        "gross": "3195.30",
    }


@pytest.mark.parametrize(
    ("attendees", "ratio", "trainers"),
    [(1, 12, 1), (12, 12, 1), (13, 12, 2), (24, 12, 2), (25, 12, 3), (8, 8, 1), (9, 8, 2)],
)
def test_trainers_are_attendees_over_the_ratio_rounded_up(attendees, ratio, trainers):
    priced = _priced(
        course={"attendees_per_trainer": ratio},
        groups=[{"date": "2027-03-12", "attendees": attendees}],
    )
    assert priced.groups[0].trainers == trainers
    assert priced.lines[0].amount == Decimal(750) * trainers


@pytest.mark.parametrize(
    ("length", "amount", "words"),
    [
        ("3h", "1020.00", "3 hours on 12 March 2027"),  # 850 × 2 × 0.6
        ("half-day", "1020.00", "half a day on 12 March 2027"),
        ("1-day", "1700.00", "1 day on 12 March 2027"),  # 850 × 2 × 1
        ("2-day", "3400.00", "2 days from 12 March 2027"),  # 850 × 2 × 2
    ],
)
def test_each_length_costs_its_day_equivalents(length, amount, words):
    priced = _priced(
        course={"risk_level": "high", "length": length, "attendees_per_trainer": 8},
        groups=[{"date": "2027-03-12", "attendees": 10}],
    )
    training = priced.to_dict()["lines"][0]
    assert training["amount"] == amount
    assert training["description"] == f"Training, group 1 (10 attendees, 2 trainers, {words})"


def test_materials_are_charged_for_every_attendee_of_every_group():
    priced = _priced(
        groups=[{"date": "2027-03-12", "attendees": 7}, {"date": "2027-03-19", "attendees": 1}]
    )
    materials = [line for line in priced.lines if line.kind == "materials"]
    assert len(materials) == 1
    assert materials[0].description == "Materials for 8 attendees"
    assert materials[0].amount == Decimal("36.00")  # 8 × 4.50


def _card(**changes):
    return RateCard.parse({**CARD, **changes})


def test_within_the_threshold_the_cheaper_commute_is_chosen():
    # commute 2 × 42 × 3 × 0.45 = 113.40; stay 37.80 + 3 × 95 = 322.80
    cost = travel_cost(Decimal(42), 3, _card())
    assert (cost.commute, cost.stay, cost.stays) == (Decimal("113.40"), Decimal("322.80"), False)


def test_at_the_threshold_a_trainer_still_commutes_when_that_is_cheaper():
    # d == 60 is not beyond it: commute 162.00 against stay 54.00 + 285 = 339.00
    cost = travel_cost(Decimal(60), 3, _card())
    assert not cost.stays
    assert cost.amount == Decimal("162.00")


def test_at_the_threshold_a_trainer_stays_when_that_is_cheaper():
    # overnight 20: commute 2 × 60 × 3 × 0.45 = 162.00; stay 54.00 + 60 = 114.00
    cost = travel_cost(Decimal(60), 3, _card(overnight_rate="20"))
    assert cost.stays
    assert cost.amount == Decimal("114.00")


def test_just_beyond_the_threshold_a_trainer_stays_even_when_commuting_is_cheaper():
    # d = 60.1: commute 162.27 but stay 54.09 + 285 = 339.09 is the rule
    cost = travel_cost(Decimal("60.1"), 3, _card())
    assert cost.commute == Decimal("162.270")
    assert cost.stays
    assert money(cost.amount) == Decimal("339.09")


def test_within_the_threshold_a_cheaper_stay_is_chosen():
    # 50 miles, 3 days, overnight 20: commute 135.00; stay 45.00 + 60 = 105.00
    cost = travel_cost(Decimal(50), 3, _card(overnight_rate="20"))
    assert cost.stays
    assert cost.amount == Decimal("105.00")


def test_a_tie_within_the_threshold_commutes():
    # 1 day, overnight 0: commute 2·d·0.45 equals stay 2·d·0.45 + 0
    cost = travel_cost(Decimal(30), 1, _card(overnight_rate="0"))
    assert cost.commute == cost.stay
    assert not cost.stays


def test_each_line_is_rounded_half_up_and_net_is_the_sum_of_the_rounded_lines():
    priced = _priced(
        rate_card={**CARD, "materials_per_attendee": "0.125", "overnight_rate": "95"},
        course={"length": "3h"},
        groups=[{"date": "2027-03-12", "attendees": 1}],
        travel=[
            {"trainer": "A", "one_way_miles": "0.25", "days": 1},  # 0.225 → 0.23
            {"trainer": "B", "one_way_miles": "0.25", "days": 1},
        ],
    )
    amounts = [line.amount for line in priced.lines]
    # 750 × 0.6 = 450.00; 0.125 → 0.13 (half-even would give 0.12)
    assert amounts == [Decimal("450.00"), Decimal("0.13"), Decimal("0.23"), Decimal("0.23")]
    assert priced.net == Decimal("450.59")  # the unrounded lines add up to 450.575
    assert priced.vat == Decimal("90.12")  # 450.59 × 0.20 = 90.118


def test_vat_is_rounded_half_up():
    # 100.00 + materials 3.00 = 103.00; × 0.175 = 18.025 → 18.03 (half-even: 18.02)
    priced = _priced(
        supply_date="2010-06-01",
        rate_card={
            **CARD,
            "materials_per_attendee": "3",
            "day_rates": {"breakaway": {"low": 1, "medium": 100, "high": 1}},
        },
        groups=[{"date": "2010-06-01", "attendees": 1}],
    )
    assert priced.net == Decimal("103.00")
    assert priced.vat_rate == Decimal("0.175")
    assert priced.vat == Decimal("18.03")
    assert priced.gross == Decimal("121.03")


@pytest.mark.parametrize(
    ("supply_date", "rate"),
    [
        (date(1991, 4, 1), "0.175"),
        (date(2008, 11, 30), "0.175"),
        (date(2008, 12, 1), "0.15"),
        (date(2009, 12, 31), "0.15"),
        (date(2010, 1, 1), "0.175"),
        (date(2011, 1, 3), "0.175"),
        (date(2011, 1, 4), "0.20"),
        (date(2027, 3, 12), "0.20"),
    ],
)
def test_vat_is_the_rate_in_force_on_the_supply_date(supply_date, rate):
    found = vat_rate_on(supply_date, UK_STANDARD_RATES, "standard")
    assert rate_text(found) == rate
    priced = _priced(supply_date=supply_date.isoformat())
    assert priced.to_dict()["vat_rate"] == rate
    assert priced.vat == money(priced.net * Decimal(rate))


@pytest.mark.parametrize("treatment", ["exempt", "zero", "outside_scope"])
def test_exempt_zero_rated_and_outside_scope_supplies_carry_no_vat(treatment):
    priced = _priced(vat_treatment=treatment).to_dict()
    assert priced["vat_rate"] == "0"
    assert priced["vat"] == "0.00"
    assert priced["gross"] == priced["net"] == "804.00"  # 750 + 12 × 4.50


def test_a_supply_before_any_recorded_rate_is_refused():
    with pytest.raises(InvalidRequest) as refused:
        _priced(supply_date="1990-01-01")
    assert refused.value.problems == [
        "supply_date: no VAT rate is recorded as in force on 1990-01-01"
    ]


def test_numbers_may_be_json_numbers_or_decimal_strings():
    as_strings = _priced(travel=[{"trainer": "Dan Hughes", "one_way_miles": "42.5", "days": "2"}])
    as_numbers = _priced(travel=[{"trainer": "Dan Hughes", "one_way_miles": 42.5, "days": 2}])
    assert as_strings == as_numbers
    assert as_strings.lines[-1].description == (
        "Travel: Dan Hughes, 42.5 miles each way, 2 days (commuting)"
    )


def test_an_invalid_request_lists_every_problem_with_its_field_path():
    request = _request(
        course={"content": "juggling"},
        groups=[
            {"date": "2027-03-12", "attendees": 12},
            {"date": "2027-03-19", "attendees": -3},
            {"date": "31/02/2026", "attendees": 5},
            {"date": "2026-02-31"},
        ],
        travel=[{"trainer": "Dan Hughes", "one_way_miles": "far", "days": 0}],
    )
    del request["vat_treatment"]
    with pytest.raises(InvalidRequest) as refused:
        PriceRequest.parse(request)
    assert refused.value.problems == [
        "vat_treatment: is missing",
        "course.content: juggling is not on the rate card; use one of breakaway, "
        "conflict-resolution",
        "groups[1].attendees: -3 must be 1 or more",
        "groups[2].date: 31/02/2026 is not a date; write it as YYYY-MM-DD",
        "groups[3].date: 2026-02-31 is not a date; write it as YYYY-MM-DD",
        "groups[3].attendees: is missing",
        "travel[0].one_way_miles: far is not a number",
        "travel[0].days: 0 must be 1 or more",
    ]


def test_a_broken_rate_card_is_reported_field_by_field():
    card = {**CARD, "part_day_fraction": "1.5", "day_rates": {"breakaway": {"low": "x"}}}
    del card["mileage_rate"]
    with pytest.raises(InvalidRequest) as refused:
        RateCard.parse(card)
    assert refused.value.problems == [
        "rate_card.mileage_rate: is missing",
        "rate_card.day_rates.breakaway.low: x is not a number",
        "rate_card.day_rates.breakaway.medium: is missing",
        "rate_card.day_rates.breakaway.high: is missing",
        "rate_card.part_day_fraction: must be more than 0 and at most 1",
    ]


def test_without_its_own_card_a_request_uses_the_default_card():
    request = _request()
    del request["rate_card"]
    default = RateCard.parse(CARD)
    priced = price_request(request, default_card=default, vat_rates=UK_STANDARD_RATES)
    assert priced.net == Decimal("804.00")
    with pytest.raises(InvalidRequest) as refused:
        PriceRequest.parse(request)
    assert refused.value.problems == [
        "rate_card: is missing, and the provider has no current rate card"
    ]


def test_price_refuses_content_missing_from_the_card():
    request = PriceRequest.parse(_request())
    with pytest.raises(InvalidRequest):
        price(
            request,
            RateCard.parse({**CARD, "day_rates": {"other": CARD["day_rates"]["breakaway"]}}),
        )
