"""The demo rosters: groups, a waiting list, a withdrawal and screening; run twice, the same."""

import pytest
from django.core.management import call_command

from breakaway.delivery.models import Enrolment, HealthScreening

pytestmark = pytest.mark.django_db


def test_the_demo_has_rosters_with_a_waiting_list_a_withdrawal_and_a_flag(capsys):
    from breakaway.core.demo import seed_demo

    seed_demo()
    capsys.readouterr()
    counts = {s: Enrolment.objects.filter(status=s).count() for s in Enrolment.Status.values}
    assert counts["enrolled"]
    assert counts["waiting"]
    assert counts["withdrawn"]
    assert HealthScreening.objects.filter(flagged=True).exists()
    before = (Enrolment.objects.count(), HealthScreening.objects.count())
    seed_demo()
    assert (Enrolment.objects.count(), HealthScreening.objects.count()) == before
    call_command("attendee_link", "--email", "aisha.khan@riverside.example")
    assert "/a/" in capsys.readouterr().out
