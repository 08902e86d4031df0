"""Loading our own questionnaires into the database (the data migration does it once; tests
that flush the database call this again)."""

from __future__ import annotations

from breakaway.evaluation.content import INSTRUMENTS
from breakaway.evaluation.instruments import parse_instrument
from breakaway.evaluation.models import Instrument, InstrumentVersion


def shipped_instruments_load() -> list[InstrumentVersion]:
    """Each shipped instrument's current version: made when missing, and a new version when
    content.py has changed since the last one. Idempotent."""
    versions = []
    for definition in INSTRUMENTS:
        parse_instrument(definition)  # never store what cannot be read back
        instrument, _created = Instrument.objects.get_or_create(
            key=definition["id"], owner=None, defaults={"name": definition["name"]}
        )
        latest = instrument.versions.order_by("-number").first()
        if latest is None or latest.definition != definition:
            latest = InstrumentVersion.objects.create(
                instrument=instrument,
                number=(latest.number + 1) if latest else 1,
                definition=definition,
            )
        versions.append(latest)
    return versions
