import pytest

from breakaway.accounts.models import Organisation
from breakaway.core.demo import _clients, _logins, _provider
from breakaway.delivery.compliance import DUE, EXPIRED, IN_DATE, NEVER
from breakaway.delivery.compliance_selectors import compliance_report
from breakaway.delivery.demo import seed_staff
from breakaway.delivery.demo_certificates import seed_certificates
from breakaway.delivery.models import Certificate
from breakaway.delivery.tests.certificate_fixtures import make_design

pytestmark = pytest.mark.django_db


def test_demo_certificates_show_every_status_once_seeded_twice():
    provider = _provider()
    _clients(provider)
    _logins()
    for client in Organisation.objects.filter(provider=provider):
        make_design(client)
    seed_staff(provider)
    seed_certificates(provider)
    made = Certificate.objects.count()
    assert made >= 15
    assert Certificate.objects.filter(revoked_at__isnull=False).count() == 1
    riverside = Organisation.objects.get(slug="riverside-mental-health")
    counts = compliance_report(organisation=riverside).counts
    assert all(counts[status] > 0 for status in (IN_DATE, DUE, EXPIRED, NEVER)), counts
    seed_certificates(provider)
    assert Certificate.objects.count() == made
