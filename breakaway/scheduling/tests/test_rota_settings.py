"""The rota costs travel as the provider's rate card does."""

from decimal import Decimal

import pytest

from breakaway.quotes.demo import seed_rate_card
from breakaway.scheduling.planning import SETTINGS, rota_settings

pytestmark = pytest.mark.django_db


def test_without_a_rate_card_the_defaults_apply(provider):
    assert rota_settings(provider) == SETTINGS


def test_the_rate_card_sets_the_day_trip_limit_road_factor_and_the_price_of_a_night(provider):
    card = seed_rate_card(provider)
    card.road_factor = Decimal("1.30")
    card.save()
    settings = rota_settings(provider)
    assert settings["road_factor"] == 1.3
    assert settings["max_day_trip_miles"] == 60  # the card's overnight threshold
    # £95 a night at 45p a mile: a night away costs as much as 211.1 miles of driving.
    assert settings["overnight_miles"] == pytest.approx(211.1)


def test_a_card_that_pays_nothing_for_nights_keeps_the_default_night(provider):
    card = seed_rate_card(provider)
    card.overnight_rate = Decimal(0)
    card.save()
    assert rota_settings(provider)["overnight_miles"] == SETTINGS["overnight_miles"]
