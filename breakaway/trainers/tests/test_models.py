import datetime

import pytest
from django.core.exceptions import ValidationError

from breakaway.trainers.models import Qualification, Trainer, normalise_postcode, year_window
from breakaway.trainers.tests.factories import (
    QualificationFactory,
    TrainerFactory,
    qualification_type,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("m1  1ae", "M1 1AE"),
        ("sw1a1aa", "SW1A 1AA"),
        ("LS1 4DY", "LS1 4DY"),
        ("nowhere", "nowhere"),
    ],
)
def test_postcodes_are_stored_as_written_on_letters(written, stored):
    assert normalise_postcode(written) == stored


def test_the_year_window_is_the_twelve_months_up_to_today():
    assert year_window(datetime.date(2026, 11, 27)) == (
        datetime.date(2025, 11, 28),
        datetime.date(2026, 11, 27),
    )
    assert year_window(datetime.date(2028, 2, 29))[0] == datetime.date(2027, 3, 1)


def test_a_home_base_needs_both_coordinates():
    trainer = Trainer(base_lat=53.48, base_lon=None)
    with pytest.raises(ValidationError) as error:
        trainer.full_clean(exclude=["user", "provider"])
    assert "base_lon" in error.value.message_dict


@pytest.mark.parametrize(("lat", "lon"), [(40.4, -3.7), (53.5, 10.0), (48.9, -2.2)])
def test_a_home_base_outside_the_uk_is_refused(lat, lon):
    trainer = Trainer(base_lat=lat, base_lon=lon)
    with pytest.raises(ValidationError):
        trainer.full_clean(exclude=["user", "provider"])


def test_working_days_must_be_days_of_the_week():
    trainer = Trainer(working_days=[0, 7])
    with pytest.raises(ValidationError) as error:
        trainer.full_clean(exclude=["user", "provider"])
    assert "working_days" in error.value.message_dict


def test_a_qualification_that_lapses_needs_an_expiry_date():
    qualification = QualificationFactory.build(
        trainer=TrainerFactory(), type=qualification_type("first_aid"), expires_on=None
    )
    with pytest.raises(ValidationError) as error:
        qualification.full_clean()
    assert "expires_on" in error.value.message_dict


def test_a_teaching_qualification_may_have_no_expiry():
    qualification = QualificationFactory.build(
        trainer=TrainerFactory(), type=qualification_type("teaching_l3"), expires_on=None
    )
    qualification.full_clean()
    assert qualification.is_valid_on(datetime.date(2099, 1, 1))


def test_a_qualification_is_valid_up_to_and_including_its_expiry_date():
    qualification = Qualification(expires_on=datetime.date(2027, 3, 31))
    assert qualification.is_valid_on(datetime.date(2027, 3, 31))
    assert not qualification.is_valid_on(datetime.date(2027, 4, 1))
