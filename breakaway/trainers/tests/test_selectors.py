import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from breakaway.accounts.tests.factories import ProviderFactory
from breakaway.catalogue.tests.factories import ModuleFactory, ModuleVersionFactory
from breakaway.trainers import selectors
from breakaway.trainers.models import Trainer
from breakaway.trainers.tests.factories import (
    CpdEntryFactory,
    QualificationFactory,
    TrainerFactory,
    UnavailabilityFactory,
    qualification_type,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 27)  # a Friday
START, END = datetime.date(2026, 11, 30), datetime.date(2026, 12, 6)  # Monday to Sunday


def _days(n):
    return TODAY + datetime.timedelta(days=n)


def test_administrators_see_only_their_own_providers_trainers(provider, provider_admin):
    mine = TrainerFactory(provider=provider)
    theirs = TrainerFactory(provider=ProviderFactory(name="Elsewhere Training"))
    assert list(selectors.trainer_list_for_user(user=provider_admin)) == [mine]
    with pytest.raises(Http404):
        selectors.trainer_get_for_user(user=provider_admin, pk=theirs.pk)


def test_a_trainer_sees_their_own_records_and_nobody_elses(provider, provider_admin):
    one, two = TrainerFactory(provider=provider), TrainerFactory(provider=provider)
    q1, q2 = QualificationFactory(trainer=one), QualificationFactory(trainer=two)
    assert selectors.qualification_get_for_user(user=one.user, pk=q1.pk) == q1
    assert selectors.qualification_get_for_user(user=provider_admin, pk=q2.pk) == q2
    with pytest.raises(Http404):
        selectors.qualification_get_for_user(user=one.user, pk=q2.pk)
    assert list(selectors.trainer_list_for_user(user=one.user)) == []


def test_warnings_flag_expired_expiring_unverified_and_cpd_short():
    trainer = TrainerFactory(cpd_hours_required=Decimal(30))
    expired = QualificationFactory(trainer=trainer, expires_on=_days(-1))
    expiring = QualificationFactory(
        trainer=trainer, type=qualification_type("breakaway_instructor"), expires_on=_days(60)
    )
    QualificationFactory(
        trainer=trainer, type=qualification_type("teaching_l3"), expires_on=None, verified_at=None
    )
    CpdEntryFactory(trainer=trainer, done_on=_days(-364), hours=Decimal(20))
    CpdEntryFactory(trainer=trainer, done_on=_days(-365), hours=Decimal(20))  # a year ago: out
    loaded = selectors._with_qualifications(Trainer.objects.with_cpd_hours(TODAY)).get()
    warnings = selectors.trainer_warnings(loaded, TODAY)
    assert warnings.expired == [expired]
    assert warnings.expiring == [expiring]
    assert [q.type.code for q in warnings.unverified] == ["teaching_l3"]
    assert (warnings.cpd_hours, warnings.cpd_short, warnings.cpd_hours_missing) == (
        Decimal(20),
        True,
        Decimal(10),
    )


def test_a_renewed_qualification_replaces_the_lapsed_one():
    trainer = TrainerFactory()
    QualificationFactory(trainer=trainer, expires_on=_days(-100))
    QualificationFactory(trainer=trainer, expires_on=_days(600))
    loaded = selectors._with_qualifications(Trainer.objects.with_cpd_hours(TODAY)).get()
    assert selectors.trainer_warnings(loaded, TODAY).expired == []


def test_module_fit_names_the_qualifications_a_trainer_lacks():
    trainer = TrainerFactory()
    QualificationFactory(trainer=trainer)  # first aid
    version = ModuleVersionFactory(
        trainer_qualifications=["First aid", "Breakaway / physical-intervention instructor"]
    )
    trainer.modules.add(version.module)
    [fit] = selectors.trainer_module_fit(trainer)
    assert fit.missing == ["Breakaway / physical-intervention instructor"]


# The rota's facts ------------------------------------------------------------------------


def test_rota_facts_have_the_optimisers_shape(provider):
    trainer = TrainerFactory(provider=provider, working_days=[0, 1, 2, 3], max_days_per_week=3)
    QualificationFactory(trainer=trainer, expires_on=datetime.date(2027, 6, 30))
    QualificationFactory(trainer=trainer, expires_on=datetime.date(2025, 6, 30))  # lapsed copy
    QualificationFactory(trainer=trainer, type=qualification_type("teaching_l3"), expires_on=None)
    QualificationFactory(
        trainer=trainer, type=qualification_type("breakaway_instructor"), verified_at=None
    )
    UnavailabilityFactory(trainer=trainer, starts_on=datetime.date(2026, 11, 25), ends_on=START)
    UnavailabilityFactory(
        trainer=trainer, kind="blocked", starts_on=datetime.date(2026, 12, 2), ends_on=END
    )
    module = ModuleFactory(code="grabs-and-holds")
    trainer.modules.add(module)
    CpdEntryFactory(trainer=trainer, done_on=TODAY, hours=Decimal(30))
    [facts] = selectors.trainer_rota_facts(provider, START, END, today=TODAY)
    assert facts == {
        "id": str(trainer.pk),
        "name": trainer.user.full_name,
        "base": {"lat": 53.4808, "lon": -2.2426},
        "qualifications": [
            {"type": "first_aid", "expires_on": "2027-06-30"},
            {"type": "teaching_l3", "expires_on": "9999-12-31"},
        ],
        # Monday on leave, Wednesday to Sunday blocked; Thursday is also not a working day.
        "unavailable": [
            "2026-11-30",
            "2026-12-02",
            "2026-12-03",
            "2026-12-04",
            "2026-12-05",
            "2026-12-06",
        ],
        "max_days_per_week": 3,
        "modules": ["grabs-and-holds"],
        "cpd_current": True,
    }


def test_rota_facts_leave_out_inactive_trainers_those_without_a_base_and_other_providers(
    provider,
):
    TrainerFactory(provider=provider, is_active=False)
    TrainerFactory(provider=provider, base_lat=None, base_lon=None)
    TrainerFactory(provider=ProviderFactory(name="Elsewhere Training"))
    kept = TrainerFactory(provider=provider)
    facts = selectors.trainer_rota_facts(provider, START, END, today=TODAY)
    assert [f["id"] for f in facts] == [str(kept.pk)]
    assert facts[0]["cpd_current"] is False


def test_rota_facts_take_four_queries_however_many_trainers(provider, django_assert_num_queries):
    for _n in range(2):
        trainer = TrainerFactory(provider=provider)
        QualificationFactory(trainer=trainer)
        UnavailabilityFactory(trainer=trainer, starts_on=START, ends_on=START)
        trainer.modules.add(ModuleFactory())
    with django_assert_num_queries(4):
        assert len(selectors.trainer_rota_facts(provider, START, END, today=TODAY)) == 2
    for _n in range(5):
        trainer = TrainerFactory(provider=provider)
        QualificationFactory(trainer=trainer)
        CpdEntryFactory(trainer=trainer)
        trainer.modules.add(ModuleFactory())
    with django_assert_num_queries(4):
        assert len(selectors.trainer_rota_facts(provider, START, END, today=TODAY)) == 7
