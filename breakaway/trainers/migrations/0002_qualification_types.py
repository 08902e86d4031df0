"""The qualification types the catalogue's modules ask for, plus two the rota also checks.

Names match the labels in `catalogue/content.py` so a module's `trainer_qualifications` maps
onto these records; codes are what `plan_rota` input uses.
"""

from django.db import migrations

TYPES = [
    ("conflict_management_l3", "Level 3 Award in Delivery of Conflict Management Training", True),
    ("breakaway_instructor", "Breakaway / physical-intervention instructor", True),
    ("teaching_l3", "Teaching qualification (Level 3 or above)", False),
    ("first_aid", "First aid", True),
    ("high_risk_physical", "High-risk physical skills instructor", True),
]


def fill(apps, schema_editor):
    QualificationType = apps.get_model("trainers", "QualificationType")
    for code, name, expires in TYPES:
        QualificationType.objects.update_or_create(
            code=code, defaults={"name": name, "expires": expires}
        )


def empty(apps, schema_editor):
    apps.get_model("trainers", "QualificationType").objects.filter(
        code__in=[code for code, _name, _expires in TYPES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("trainers", "0001_initial")]
    operations = [migrations.RunPython(fill, empty)]
