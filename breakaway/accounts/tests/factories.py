import factory
from faker import Faker

from breakaway.accounts.models import Membership, Organisation, Role, Sector, User

_FAKE = Faker("en_GB")


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Provider {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    kind = Organisation.Kind.PROVIDER


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Client {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    kind = Organisation.Kind.CLIENT
    sector = Sector.NHS_MENTAL_HEALTH
    headcount = 1200
    provider = factory.SubFactory(ProviderFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    # Faker's names can hold apostrophes ("O'Neill"), which pages escape; tests that look
    # for a name in a page would then fail by chance, so they are left out.
    full_name = factory.LazyFunction(lambda: _FAKE.name().replace("'", ""))
    password = factory.django.Password("correct horse battery staple")
    membership = factory.RelatedFactory(
        "breakaway.accounts.tests.factories.MembershipFactory", factory_related_name="user"
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, membership=None)
    organisation = factory.SubFactory(ClientFactory)
    role = Role.CLIENT_ADMIN
