import datetime as dt
from zoneinfo import ZoneInfo

import factory

from breakaway.assessments import profiling
from breakaway.assessments.models import Incident

LONDON = ZoneInfo("Europe/London")


class IncidentFactory(factory.django.DjangoModelFactory):
    """An incident; give `when` as a local (London) datetime, or `when_date` with no time."""

    class Meta:
        model = Incident
        exclude = ("when",)

    when = dt.datetime(2026, 3, 10, 19, 30)
    occurred_at = factory.LazyAttribute(lambda o: o.when.replace(tzinfo=LONDON).astimezone(dt.UTC))
    occurred_on = factory.LazyAttribute(lambda o: o.when.date())
    hour = factory.LazyAttribute(lambda o: o.when.hour)
    weekday = factory.LazyAttribute(lambda o: o.when.weekday())
    category = "physical_assault"
    category_raw = "Physical assault"
    location_type = "corridor"
    location = "Ward corridor"
    harm = "low"
    harm_raw = "Low"
    site = "Riverside Hospital"
    riddor = None
    days_lost = None
    riddor_reportable = factory.LazyAttribute(
        lambda o: profiling.is_riddor_reportable(
            marked=o.riddor, days_lost=o.days_lost, harm=o.harm
        )
    )
