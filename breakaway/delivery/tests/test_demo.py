import pytest

from breakaway.core.demo import _clients, _provider
from breakaway.delivery.demo import seed_staff
from breakaway.delivery.models import StaffMember, TrainingRequirement
from breakaway.delivery.selectors import staff_requirement_pairs

pytestmark = pytest.mark.django_db


def test_seed_staff_lists_about_forty_people_and_a_matrix_for_each_client_once():
    provider = _provider()
    _clients(provider)
    seed_staff(provider)
    people = StaffMember.objects.count()
    assert 35 <= people <= 45
    assert TrainingRequirement.objects.values("organisation").distinct().count() == 3
    assert StaffMember.objects.filter(site__isnull=False).count() == people
    seed_staff(provider)
    assert StaffMember.objects.count() == people


def test_every_current_demo_person_needs_at_least_one_course():
    provider = _provider()
    _clients(provider)
    seed_staff(provider)
    person = StaffMember.objects.get(first_name="Aisha")
    pairs = staff_requirement_pairs(organisation=person.organisation)
    courses = [r.course_name for p, r in pairs if p == person]
    assert courses == [
        "Breakaway and de-escalation (1 day)",
        "Conflict resolution and de-escalation",
    ]
