import factory

from breakaway.catalogue.models import (
    Intensity,
    LearningOutcome,
    Method,
    Module,
    ModuleVersion,
    Phase,
    Technique,
)


class LearningOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningOutcome
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-outcome-{n}")
    title = factory.Sequence(lambda n: f"Test outcome {n}")
    statement = "By the end you can keep yourself safe."
    addresses = factory.LazyFunction(lambda: {"grabs_and_holds": "Releases for grabs."})


class TechniqueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Technique
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-technique-{n}")
    name = factory.Sequence(lambda n: f"Test technique {n}")
    group = Technique.Group.GRABS
    description = "A release from a grab."
    intensity = Intensity.MODERATE
    screening = factory.LazyFunction(lambda: ["bone_joint_back", "other"])


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    code = factory.Sequence(lambda n: f"test-module-{n}")
    position = factory.Sequence(lambda n: 100 + n)


class ModuleVersionFactory(factory.django.DjangoModelFactory):
    """A module's current first version, awaiting legal review, with one outcome."""

    class Meta:
        model = ModuleVersion
        skip_postgeneration_save = True

    module = factory.SubFactory(ModuleFactory)
    number = 1
    is_current = True
    title = factory.Sequence(lambda n: f"Test module {n}")
    summary = "Releases from grabs to the wrist and arm."
    phase = Phase.BREAKAWAY_PRACTICE
    typical_minutes = 45
    intensity = Intensity.MODERATE
    is_mandatory = False
    methods = factory.LazyFunction(lambda: [Method.LECTURE, Method.PHYSICAL_PRACTICE])
    trainer_qualifications = factory.LazyFunction(lambda: ["First aid"])
    equipment = "First-aid kit."
    venue = "A room big enough to move in."
    risk_controls = "Agree a stop word."
    risk_areas = factory.LazyFunction(lambda: ["grabs_and_holds"])
    standards = factory.LazyFunction(lambda: ["uof-s5-safety"])
    change_note = "First version."

    @factory.post_generation
    def outcomes(self, create, extracted, **kwargs):
        if create:
            self.outcomes.set(extracted if extracted is not None else [LearningOutcomeFactory()])

    @factory.post_generation
    def techniques(self, create, extracted, **kwargs):
        if create and extracted:
            self.techniques.set(extracted)
