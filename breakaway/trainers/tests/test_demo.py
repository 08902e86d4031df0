import datetime

import pytest
from django.utils import timezone

from breakaway.accounts.models import Organisation
from breakaway.core.demo import seed_demo
from breakaway.trainers import selectors
from breakaway.trainers.models import CpdEntry, Qualification, Trainer, Unavailability

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Trainer, Qualification, CpdEntry, Unavailability)]


def test_the_demo_has_six_trainers_including_the_demo_login():
    seed_demo()
    trainers = Trainer.objects.select_related("user")
    assert trainers.count() == 6
    assert trainers.filter(user__email="trainer@northway.example").exists()
    assert all(t.has_base for t in trainers)


def test_the_demo_shows_a_qualification_expiring_within_a_month_and_one_expired():
    seed_demo()
    today = timezone.localdate()
    expiries = list(
        Qualification.objects.exclude(expires_on=None).values_list("expires_on", flat=True)
    )
    assert any(today <= d <= today + datetime.timedelta(days=31) for d in expiries)
    assert any(d < today for d in expiries)


def test_the_demo_trainers_are_ready_for_the_rota():
    seed_demo()
    provider = Organisation.objects.providers().get()
    today = timezone.localdate()
    facts = selectors.trainer_rota_facts(provider, today, today + datetime.timedelta(days=28))
    assert len(facts) == 6
    assert all(f["modules"] for f in facts)
    assert sum(not f["cpd_current"] for f in facts) == 1


def test_seeding_again_changes_nothing():
    seed_demo()
    first = _counts()
    seed_demo()
    assert _counts() == first
