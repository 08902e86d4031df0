import factory

from breakaway.accounts.tests.factories import ClientFactory
from breakaway.delivery.models import StaffMember, TrainingRequirement


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    organisation = factory.SubFactory(ClientFactory)
    employee_number = factory.Sequence(lambda n: f"{30000000 + n}")
    first_name = factory.Sequence(lambda n: f"Person{n}")
    last_name = "Example"
    email = factory.LazyAttribute(lambda o: f"{o.first_name}.{o.last_name}@example.org".lower())
    role = "Staff Nurse"
    team = "Ward A"


class TrainingRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRequirement

    organisation = factory.SubFactory(ClientFactory)
    role = "Staff Nurse"
    course_name = "Breakaway and de-escalation"
