import factory
from faker import Faker

from breakaway.accounts.models import Sector
from breakaway.enquiries.models import Enquiry

_FAKE = Faker("en_GB")


class EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enquiry

    organisation_name = factory.Sequence(lambda n: f"Oakwood Care Home {n}")
    sector = Sector.SOCIAL_CARE
    # No apostrophes ("O'Neill" is escaped in pages, which would fail name checks by chance).
    contact_name = factory.LazyFunction(lambda: _FAKE.name().replace("'", ""))
    email = factory.Sequence(lambda n: f"contact{n}@oakwood.example")
    phone = "01632 960 001"
    headcount = 24
    preferred_dates = "Any weekday in March"
    message = ""
    stage = Enquiry.Stage.ENQUIRY
    lost_reason = factory.LazyAttribute(
        lambda o: "Chose another provider" if o.stage == Enquiry.Stage.LOST else ""
    )
