"""Our own questionnaires (evaluation/content.py) as version 1 of shared instruments.

Version 1 is what content.py holds when a database is first migrated. A later change to our
questionnaires is shipped as a new version (see `shipped.shipped_instruments_load`), so what
people answered is never rewritten.
"""

from django.db import migrations

from breakaway.evaluation.content import INSTRUMENTS

DEFINITIONS = [dict(definition) for definition in INSTRUMENTS]


def fill(apps, schema_editor):
    Instrument = apps.get_model("evaluation", "Instrument")
    InstrumentVersion = apps.get_model("evaluation", "InstrumentVersion")
    for definition in DEFINITIONS:
        instrument, _created = Instrument.objects.get_or_create(
            key=definition["id"], owner=None, defaults={"name": definition["name"]}
        )
        InstrumentVersion.objects.get_or_create(
            instrument=instrument, number=1, defaults={"definition": definition}
        )


def empty(apps, schema_editor):
    apps.get_model("evaluation", "Instrument").objects.filter(
        owner=None, key__in=[d["id"] for d in DEFINITIONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]
    operations = [migrations.RunPython(fill, empty)]
