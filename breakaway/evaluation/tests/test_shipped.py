import pytest

from breakaway.evaluation.content import INSTRUMENTS
from breakaway.evaluation.models import Instrument, InstrumentVersion
from breakaway.evaluation.shipped import shipped_instruments_load

pytestmark = pytest.mark.django_db


def test_our_instruments_are_in_the_database_once_and_change_by_new_versions(monkeypatch):
    shipped_instruments_load()
    shipped_instruments_load()
    assert Instrument.objects.filter(owner=None).count() == len(INSTRUMENTS)
    assert InstrumentVersion.objects.count() == len(INSTRUMENTS)
    changed = [dict(INSTRUMENTS[0], name="Confidence (revised)"), *INSTRUMENTS[1:]]
    monkeypatch.setattr("breakaway.evaluation.shipped.INSTRUMENTS", changed)
    versions = shipped_instruments_load()
    assert versions[0].number == 2
    assert (
        InstrumentVersion.objects.get(instrument=versions[0].instrument, number=1).definition[
            "name"
        ]
        == INSTRUMENTS[0]["name"]
    )
