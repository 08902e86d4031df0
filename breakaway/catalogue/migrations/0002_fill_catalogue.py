"""Load the catalogue Breakaway ships (awaiting legal review) into every installation."""

from django.db import migrations


def fill_catalogue(apps, schema_editor):
    from breakaway.catalogue.content import load_catalogue

    load_catalogue(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(fill_catalogue, migrations.RunPython.noop, elidable=False),
    ]
