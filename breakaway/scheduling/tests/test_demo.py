import pytest
from django.utils import timezone

from breakaway.core.demo import seed_demo
from breakaway.scheduling.models import Assignment, Engagement, Venue

pytestmark = pytest.mark.django_db


def test_the_demo_has_venues_and_engagements_some_staffed_and_seeds_once():
    seed_demo()
    seed_demo()
    assert Venue.objects.count() == 5
    # The rota's ten upcoming courses (the certificates' demo adds past, delivered ones).
    upcoming = Engagement.objects.filter(quote__isnull=True, days__date__gte=timezone.localdate())
    assert upcoming.distinct().count() == 10
    assert Assignment.objects.exists()
    assert all(-8 < v.lon < 2 and 49 < v.lat < 61 for v in Venue.objects.all())
