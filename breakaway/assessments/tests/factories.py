import copy

import factory

from breakaway.accounts.tests.factories import ClientFactory
from breakaway.assessments.models import NeedsAssessment

# A full set of answers that passes every page's form: each section "Completed".
COMPLETE_ANSWERS = {
    "organisation": {
        "sector": "nhs-mental-health",
        "setting": "Adult inpatient wards",
        "sites": 2,
        "headcount": 340,
    },
    "people": {"service_user_groups": ["mental_health", "substance_use"]},
    "environments": {
        "environments": ["inpatient_ward", "reception"],
        "lone_working": "sometimes",
        "home_visits": "yes",
    },
    "staff": {
        "staff_groups": [
            {"name": "Ward nurses", "headcount": 120, "shift_pattern": "shifts"},
            {"name": "Reception staff", "headcount": 12, "shift_pattern": "day"},
        ]
    },
    "training": {
        "training": ["conflict_resolution"],
        "refreshed_month": 3,
        "refreshed_year": 2024,
        "refresher_interval": "12",
    },
    "flashpoints": {"flashpoints": ["waiting_times", "refusals"]},
    "incidents": {
        "serious_incidents": "yes",
        "serious_incidents_description": "A nurse was punched during a medication round.",
        "riddor_reported": "no",
        "restrictive_intervention_used": "yes",
    },
    "policies": {
        "violence_policy": "yes",
        "lone_working_policy": "draft",
        "post_incident_support": "yes",
        "restrictive_practice_plan": "no",
    },
    "standards": {"standards": ["rrn"]},
    "physical": {"physical_level": "moderate", "staff_limitations": "not_sure", "room": "yes"},
    "incident_data": {"incident_data": "later"},
}


def complete_answers() -> dict:
    return copy.deepcopy(COMPLETE_ANSWERS)


class NeedsAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedsAssessment

    organisation = factory.SubFactory(ClientFactory)
    status = NeedsAssessment.Status.IN_PROGRESS
    answers = factory.LazyFunction(dict)

    class Params:
        complete = factory.Trait(answers=factory.LazyFunction(complete_answers))
