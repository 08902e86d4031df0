"""Properties of pricing that hold for any card and any request."""

import math
import re
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from breakaway.quotes.pricing import (
    LENGTH_DAYS,
    RISK_LEVELS,
    UK_STANDARD_RATES,
    VAT_TREATMENTS,
    PriceRequest,
    RateCard,
    money,
    price,
    travel_cost,
    vat_rate_on,
)

TWO_DECIMALS = re.compile(r"^\d+\.\d{2}$")


def _amounts(places: int, top: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=0, max_value=top, places=places, allow_nan=False)


cards = st.builds(
    lambda rates, fraction, materials, mileage, threshold, overnight: RateCard.parse(
        {
            "day_rates": {"breakaway": dict(zip(RISK_LEVELS, rates, strict=True))},
            "part_day_fraction": fraction,
            "materials_per_attendee": materials,
            "mileage_rate": mileage,
            "overnight_threshold_miles": threshold,
            "overnight_rate": overnight,
        }
    ),
    st.lists(_amounts(2, 3000), min_size=3, max_size=3),
    st.decimals(min_value=Decimal("0.001"), max_value=1, places=3),
    _amounts(3, 50),
    _amounts(3, 2),
    _amounts(1, 200),
    _amounts(2, 300),
)
days = st.dates(min_value=date(1991, 4, 1), max_value=date(2035, 12, 31))
groups = st.lists(
    st.builds(lambda d, n: {"date": d.isoformat(), "attendees": n}, days, st.integers(1, 80)),
    min_size=1,
    max_size=5,
)
trips = st.lists(
    st.builds(
        lambda i, miles, k: {"trainer": f"Trainer {i}", "one_way_miles": miles, "days": k},
        st.integers(1, 9),
        _amounts(1, 400),
        st.integers(1, 5),
    ),
    max_size=4,
)
requests = st.builds(
    lambda supply, treatment, level, length, ratio, g, t: {
        "supply_date": supply.isoformat(),
        "vat_treatment": treatment,
        "course": {
            "content": "breakaway",
            "risk_level": level,
            "length": length,
            "attendees_per_trainer": ratio,
        },
        "groups": g,
        "travel": t,
    },
    days,
    st.sampled_from(VAT_TREATMENTS),
    st.sampled_from(RISK_LEVELS),
    st.sampled_from(tuple(LENGTH_DAYS)),
    st.integers(1, 16),
    groups,
    trips,
)


def _price(card: RateCard, data: dict[str, Any]):
    request = PriceRequest.parse(data, default_card=card)
    return request, price(request, card, UK_STANDARD_RATES)


@given(cards, requests)
def test_totals_add_up_and_every_amount_has_two_decimals(card, data):
    request, priced = _price(card, data)
    assert priced.net == sum(line.amount for line in priced.lines)
    assert priced.gross == priced.net + priced.vat
    rate = vat_rate_on(request.supply_date, UK_STANDARD_RATES, request.vat_treatment)
    assert priced.vat == money(priced.net * rate)
    document = priced.to_dict()
    money_fields = [line["amount"] for line in document["lines"]]
    money_fields += [document["net"], document["vat"], document["gross"]]
    assert all(TWO_DECIMALS.match(amount) for amount in money_fields), money_fields
    kinds = [line["kind"] for line in document["lines"]]
    assert kinds == ["training"] * len(request.groups) + ["materials"] + ["travel"] * len(
        request.travel
    )


@given(cards, requests)
def test_trainers_are_the_ceiling_of_attendees_over_the_ratio(card, data):
    request, priced = _price(card, data)
    for group in priced.groups:
        assert group.trainers == math.ceil(Fraction(group.attendees, request.attendees_per_trainer))


@given(cards, _amounts(1, 400), st.integers(1, 5))
def test_beyond_the_threshold_the_trainer_stays_and_within_it_pays_the_cheaper(card, miles, k):
    cost = travel_cost(miles, k, card)
    assert cost.commute == 2 * miles * k * card.mileage_rate
    assert cost.stay == 2 * miles * card.mileage_rate + k * card.overnight_rate
    if miles > card.overnight_threshold_miles:
        assert cost.stays
        assert cost.amount == cost.stay
    else:
        assert cost.amount == min(cost.commute, cost.stay)


@given(cards, requests, st.data())
def test_more_attendees_never_cost_less(card, data, draw):
    _request, before = _price(card, data)
    index = draw.draw(st.integers(0, len(data["groups"]) - 1))
    extra = draw.draw(st.integers(1, 20))
    grown = {**data, "groups": [dict(g) for g in data["groups"]]}
    grown["groups"][index]["attendees"] += extra
    _request, after = _price(card, grown)
    assert after.net >= before.net
    assert after.gross >= before.gross


def _no_floats(value: Any, where: str = "priced") -> None:
    assert not isinstance(value, float), where
    if is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            _no_floats(getattr(value, f.name), f"{where}.{f.name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _no_floats(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _no_floats(item, f"{where}[{i}]")


@settings(max_examples=50)
@given(cards, requests)
def test_no_float_appears_anywhere(card, data):
    # JSON numbers arrive as floats when a client does not parse them as decimals.
    floats = {
        **data,
        "travel": [{**t, "one_way_miles": float(t["one_way_miles"])} for t in data["travel"]],
    }
    request, priced = _price(card, floats)
    _no_floats(request)
    _no_floats(priced)
    _no_floats(priced.to_dict())
    assert all(isinstance(line.amount, Decimal) for line in priced.lines)
    assert isinstance(priced.net, Decimal)
    assert isinstance(priced.vat_rate, Decimal)
    assert all(isinstance(t.one_way_miles, Decimal) for t in request.travel)
