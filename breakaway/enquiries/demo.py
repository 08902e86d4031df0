"""Demo enquiries: a pipeline with something at every stage, for the demo installation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from breakaway.accounts.models import Organisation, Sector
from breakaway.enquiries.models import Enquiry


@dataclass(frozen=True)
class DemoEnquiry:
    organisation_name: str
    sector: str
    contact_name: str
    email: str
    headcount: int
    stage: str
    days_ago: int
    preferred_dates: str = ""
    message: str = ""
    lost_reason: str = ""


# Fictional organisations and people; the e-mail domains are reserved for examples.
ENQUIRIES = [
    DemoEnquiry(
        "Brookfield Community Health Trust",
        Sector.NHS_COMMUNITY,
        "Aisha Bello",
        "aisha.bello@brookfield.example",
        60,
        Enquiry.Stage.ENQUIRY,
        1,
        "Any weekday in the spring",
        "Our district nurses visit patients at home alone and some have been threatened.",
    ),
    DemoEnquiry(
        "St Aldric's Primary School",
        Sector.EDUCATION,
        "Ruth Penhaligon",
        "office@st-aldrics.example",
        22,
        Enquiry.Stage.ENQUIRY,
        3,
        "An INSET day if possible",
    ),
    DemoEnquiry(
        "Larchwood Supported Living",
        Sector.SOCIAL_CARE,
        "Kwame Mensah",
        "k.mensah@larchwood.example",
        35,
        Enquiry.Stage.ASSESSMENT,
        9,
        message="Two services for adults with learning disabilities; new staff start in March.",
    ),
    DemoEnquiry(
        "Eastgate Borough Council Housing",
        Sector.LOCAL_AUTHORITY,
        "Fiona Doyle",
        "fiona.doyle@eastgate.example",
        80,
        Enquiry.Stage.PROPOSAL,
        16,
        "Before the end of the financial year",
    ),
    DemoEnquiry(
        "Harbourside Night Shelter",
        Sector.CHARITY,
        "Owen Pritchard",
        "owen@harbourside.example",
        14,
        Enquiry.Stage.BOOKED,
        30,
    ),
    DemoEnquiry(
        "Northfield General Hospital Emergency Department",
        Sector.NHS_ACUTE,
        "Dr Leah Goldberg",
        "leah.goldberg@northfield.example",
        48,
        Enquiry.Stage.DELIVERED,
        55,
    ),
    DemoEnquiry(
        "Millbrook Medical Practice",
        Sector.PRIMARY_CARE,
        "Imran Qureshi",
        "practice.manager@millbrook.example",
        18,
        Enquiry.Stage.EVALUATED,
        120,
    ),
    DemoEnquiry(
        "Westmoor Security Services",
        Sector.SECURITY,
        "Gary Lomax",
        "gary.lomax@westmoor.example",
        25,
        Enquiry.Stage.LOST,
        40,
        lost_reason="Chose a course nearer their head office",
    ),
]


@transaction.atomic
def seed_enquiries(*, provider: Organisation) -> list[Enquiry]:
    """Create the demo enquiries for the provider where missing; running it again adds nothing."""
    now = timezone.now()
    enquiries = []
    for demo in ENQUIRIES:
        received = now - timedelta(days=demo.days_ago)
        enquiry, _ = Enquiry.objects.get_or_create(
            provider=provider,
            email=demo.email,
            organisation_name=demo.organisation_name,
            defaults={
                "sector": demo.sector,
                "contact_name": demo.contact_name,
                "headcount": demo.headcount,
                "preferred_dates": demo.preferred_dates,
                "message": demo.message,
                "stage": demo.stage,
                "lost_reason": demo.lost_reason,
                "created_at": received,
                "stage_changed_at": received + timedelta(days=demo.days_ago // 3),
            },
        )
        enquiries.append(enquiry)
    return enquiries
