"""The UK standard rates of VAT since 1 April 1991."""

from datetime import date
from decimal import Decimal

from django.db import migrations

UK_STANDARD_RATES = [
    (date(1991, 4, 1), Decimal("0.175")),
    (date(2008, 12, 1), Decimal("0.15")),
    (date(2010, 1, 1), Decimal("0.175")),
    (date(2011, 1, 4), Decimal("0.20")),
]


def fill(apps, schema_editor):
    VatRate = apps.get_model("quotes", "VatRate")
    for valid_from, rate in UK_STANDARD_RATES:
        VatRate.objects.update_or_create(valid_from=valid_from, defaults={"rate": rate})


def empty(apps, schema_editor):
    VatRate = apps.get_model("quotes", "VatRate")
    VatRate.objects.filter(valid_from__in=[d for d, _ in UK_STANDARD_RATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("quotes", "0001_initial")]

    operations = [migrations.RunPython(fill, empty)]
