"""The declared access policy: every web route and API route, and who may reach it.

The permission-matrix test walks the URL configuration and the OpenAPI document and
fails for any route missing here, so each new route must state its policy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

PROVIDER = ("provider_admin", "advisor", "designer", "trainer", "superuser")
SALES = ("provider_admin", "advisor", "superuser")
ADMINS = ("provider_admin", "superuser")
CATALOGUE_EDITORS = ("provider_admin", "designer", "superuser")
COURSE_DESIGNERS = ("provider_admin", "designer", "advisor", "superuser")
CLIENTS = ("client_admin", "client_manager", "other_client_admin")
PERSONAS = ("anonymous", *PROVIDER, *CLIENTS)
INCIDENT_IMPORTERS = ("provider_admin", "advisor", "superuser", "client_admin", "client_manager")
SMALL_EXPORT = b"Ref,Date of incident,Category\r\nA1,03/03/2026,Physical assault\r\n"

Kwargs = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Rule:
    """Who gets what. `allowed` get `ok`; other signed-in users `denied`; anonymous `anonymous`.

    `outsiders` are allowed roles that still may not see this tenant's object (404).
    """

    allowed: tuple[str, ...] | str = "everyone"
    ok: tuple[int, ...] = (200,)
    denied: tuple[int, ...] | str = (403,)
    anonymous: tuple[int, ...] | str = "login"
    method: str = "get"
    kwargs: Kwargs | None = None
    # The request body, or a function of the world making it (an uploaded file can be read
    # only once; some bodies name the world's objects).
    data: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]] = field(default_factory=dict)
    multipart: bool = False
    outsiders: tuple[str, ...] = ()

    def body(self, world: dict[str, Any]) -> dict[str, Any]:
        return self.data(world) if callable(self.data) else self.data

    def expected(self, persona: str) -> tuple[int, ...] | str:
        if persona == "anonymous":
            return self.anonymous
        if persona in self.outsiders:
            return (404,)
        if self.allowed == "everyone" or self.allowed == "signed-in" or persona in self.allowed:
            return self.ok
        return self.denied


def public(*ok: int, **extra: Any) -> Rule:
    codes = ok or (200,)
    return Rule(allowed="everyone", ok=codes, anonymous=codes, **extra)


def signed_in(*ok: int, **extra: Any) -> Rule:
    return Rule(allowed="signed-in", ok=ok or (200,), **extra)


def roles(allowed: tuple[str, ...], *ok: int, **extra: Any) -> Rule:
    return Rule(allowed=allowed, ok=ok or (200,), **extra)


def _enquiry(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": world["enquiry"].pk}


def _module(world: dict[str, Any]) -> dict[str, Any]:
    return {"code": world["module"].code}


def _assessment(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": world["assessment"].pk}


def _assessment_page(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": world["assessment"].pk, "section": "organisation", "page": "sector"}


def _incident_import(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": world["incident_import"].pk}


def _design(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": world["course_design"].pk}


def _quote(world: dict[str, Any]) -> dict[str, Any]:
    """The client's quote, made the first time a route asks (its PDF takes a moment)."""
    if "quote" not in world:
        from datetime import timedelta

        from django.utils import timezone

        from breakaway.quotes.demo import seed_rate_card
        from breakaway.quotes.quote_services import quote_create

        seed_rate_card(world["provider"])
        world["quote"] = quote_create(
            design=world["course_design"],
            content="breakaway",
            supply_date=timezone.localdate() + timedelta(days=20),
            travel=[],
            created_by=None,
        )
    return {"pk": world["quote"].pk}


def _delivered_quote(world: dict[str, Any]) -> Any:
    """The client's quote, accepted, for a course that ran two days ago (made on demand)."""
    if "delivered_quote" not in world:
        from datetime import timedelta

        from django.utils import timezone

        from breakaway.quotes.demo import seed_rate_card
        from breakaway.quotes.quote_services import quote_accept, quote_create

        seed_rate_card(world["provider"])
        quote = quote_create(
            design=world["course_design"],
            content="breakaway",
            supply_date=timezone.localdate() - timedelta(days=2),
            travel=[],
            created_by=None,
        )
        world["delivered_quote"] = quote_accept(
            quote=quote, accepted_by=world["people"]["client_admin"], purchase_order="PO-1"
        )
    return world["delivered_quote"]


def _accepted_quote(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _delivered_quote(world).pk}


def _invoice(world: dict[str, Any]) -> dict[str, Any]:
    """The invoice after the client's course, issued on demand."""
    if "invoice" not in world:
        from breakaway.quotes.invoice_services import invoice_create

        world["invoice"] = invoice_create(
            quote=_delivered_quote(world), kind="final", created_by=world["people"]["advisor"]
        )
    return {"pk": world["invoice"].pk}


def _claim(world: dict[str, Any]) -> dict[str, Any]:
    """A claim under the guarantee on the client's invoice, waiting for a decision."""
    if "claim" not in world:
        from decimal import Decimal

        from breakaway.quotes.guarantee_services import claim_create
        from breakaway.quotes.models import Invoice

        _invoice(world)
        world["claim"] = claim_create(
            invoice=Invoice.objects.get(pk=world["invoice"].pk),
            claimed_by=world["people"]["client_admin"],
            scope="part",
            amount=Decimal("50.00"),
            reason="Too short",
        )
    return {"pk": world["claim"].pk}


def _approved_claim(world: dict[str, Any]) -> dict[str, Any]:
    """The claim, approved: its credit note issued, its refund still to record."""
    if "credit_note" not in world:
        from breakaway.quotes.guarantee_services import claim_approve
        from breakaway.quotes.models import GuaranteeClaim

        _claim(world)
        world["credit_note"] = claim_approve(
            claim=GuaranteeClaim.objects.get(pk=world["claim"].pk),
            decided_by=world["people"]["provider_admin"],
        )
    return {"pk": world["claim"].pk}


def _credit_note(world: dict[str, Any]) -> dict[str, Any]:
    _approved_claim(world)
    return {"pk": world["credit_note"].pk}


def _today() -> str:
    """Today as the forms take dates (payments and refunds cannot be in the future)."""
    from django.utils import timezone

    return timezone.localdate().strftime("%d/%m/%Y")


def _client_slug(world: dict[str, Any]) -> dict[str, Any]:
    return {"slug": world["client_org"].slug}


def _trainer_records(world: dict[str, Any]) -> dict[str, Any]:
    """The trainer persona's profile with a qualification, CPD entry and leave, made on demand."""
    if "trainer_records" not in world:
        from breakaway.trainers.tests.factories import trainer_with_records

        world["trainer_records"] = trainer_with_records(
            user=world["people"]["trainer"], provider=world["provider"]
        )
    return world["trainer_records"]


def _trainer(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _trainer_records(world)["trainer"].pk}


def _trainer_record(name: str) -> Kwargs:
    return lambda world: {"pk": _trainer_records(world)[name].pk}


# Trainer records: the provider's administrators, and the trainer for their own.
TRAINER_RECORDS = (*ADMINS, "trainer")


def _engagement(world: dict[str, Any]) -> dict[str, Any]:
    """The client's engagement at its first site, six weeks ahead, made on demand."""
    if "engagement" not in world:
        from datetime import timedelta

        from django.utils import timezone

        from breakaway.accounts.models import Site
        from breakaway.scheduling.engagement_services import engagement_create, venue_save

        site, _made = Site.objects.get_or_create(
            organisation=world["client_org"], name="Matrix House", defaults={"postcode": "M1 1AA"}
        )
        venue = venue_save(site=site, lat=53.48, lon=-2.24, room_notes="", changed_by=None)
        world["engagement"] = engagement_create(
            design=world["course_design"],
            design_version=1,
            venue=venue,
            days=[timezone.localdate() + timedelta(days=42)],
            created_by=None,
        )
    return {"pk": world["engagement"].pk}


def _engagement_site(world: dict[str, Any]) -> dict[str, Any]:
    _engagement(world)
    return {"pk": world["engagement"].venue.site_id}


def _own_assignment(world: dict[str, Any]) -> dict[str, Any]:
    """The trainer persona, published on the client's engagement."""
    if "own_assignment" not in world:
        from breakaway.scheduling.models import Assignment, Engagement

        _engagement(world)
        trainer = _trainer_records(world)["trainer"]
        world["own_assignment"] = Assignment.objects.create(
            engagement=Engagement.objects.get(pk=world["engagement"].pk),
            trainer=trainer,
            status=Assignment.Status.PUBLISHED,
        )
    return {"pk": world["own_assignment"].pk}


def _rota_plan(world: dict[str, Any]) -> dict[str, Any]:
    """A queued rota plan of the provider (its worker never runs in the matrix)."""
    if "rota_plan" not in world:
        from breakaway.scheduling.models import RotaPlan

        world["rota_plan"] = RotaPlan.objects.create(provider=world["provider"])
    return {"pk": world["rota_plan"].pk}


# Planning the rota: the provider's administrators and advisors.
PLANNERS = SALES
# A client's administrators see the venues of their own organisation's sites.
VENUE_READERS = ("provider_admin", "advisor", "designer", "superuser", *CLIENTS[:1], CLIENTS[2])
SMALL_ROTA = {
    "horizon": {"start": "2027-03-01", "end": "2027-03-31"},
    "settings": {"road_factor": 1.25, "max_day_trip_miles": 90, "overnight_miles": 120},
    "trainers": [
        {
            "id": "T1",
            "base": {"lat": 53.48, "lon": -2.24},
            "qualifications": [{"type": "first_aid", "expires_on": "2028-01-01"}],
            "unavailable": [],
            "max_days_per_week": 4,
        }
    ],
    "engagements": [
        {
            "id": "E1",
            "venue": {"lat": 53.8, "lon": -1.55},
            "days": ["2027-03-02"],
            "required_qualifications": ["first_aid"],
            "trainers_needed": 1,
        }
    ],
}


# Who imports incidents: the client's admins and managers, and the provider's sales staff.
IMPORTERS = SALES + CLIENTS

# The staff list and training matrix: the client's admins and managers, and the provider's
# sales staff for their clients.
STAFF_KEEPERS = SALES + CLIENTS
SMALL_STAFF_LIST = (
    b"Employee Number,First Name,Last Name,Email Address,Position Title\r\n"
    b"1001,Jane,Smith,jane.smith@example.org,Staff Nurse\r\n"
)


def _staff_member(world: dict[str, Any]) -> dict[str, Any]:
    """A person on the client's staff list, made on demand."""
    if "staff_member" not in world:
        from breakaway.delivery.models import StaffMember

        world["staff_member"] = StaffMember.objects.create(
            organisation=world["client_org"], first_name="Jane", last_name="Smith"
        )
    return {"pk": world["staff_member"].pk}


def _staff_import(world: dict[str, Any]) -> dict[str, Any]:
    """A staff list uploaded for the client, waiting to be checked, made on demand."""
    if "staff_import" not in world:
        from breakaway.delivery.services import staff_import_upload

        world["staff_import"] = staff_import_upload(
            organisation=world["client_org"],
            upload=SimpleUploadedFile("staff.csv", SMALL_STAFF_LIST, "text/csv"),
            created_by=None,
        )
    return {"pk": world["staff_import"].pk}


def _requirement(world: dict[str, Any]) -> dict[str, Any]:
    """A line of the client's training matrix, made on demand."""
    if "requirement" not in world:
        from breakaway.delivery.models import TrainingRequirement

        world["requirement"] = TrainingRequirement.objects.create(
            organisation=world["client_org"], role="Staff Nurse", course_name="Breakaway"
        )
    return {"pk": world["requirement"].pk}


def _day_world(world: dict[str, Any]) -> dict[str, Any]:
    """The client's engagement day with the trainer persona on it and one person enrolled."""
    if "day_enrolment" not in world:
        from breakaway.delivery.models import Enrolment
        from breakaway.scheduling.models import EngagementDay

        _own_assignment(world)
        _staff_member(world)
        world["engagement_day"] = EngagementDay.objects.filter(
            engagement_id=world["engagement"].pk
        ).first()
        world["day_enrolment"] = Enrolment.objects.create(
            engagement_id=world["engagement"].pk, staff_member=world["staff_member"]
        )
    return world


def _day(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _day_world(world)["engagement_day"].pk}


def _day_person(world: dict[str, Any]) -> dict[str, Any]:
    _day_world(world)
    return {"pk": world["engagement_day"].pk, "enrolment_pk": world["day_enrolment"].pk}


def _day_engagement(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _day_world(world)["engagement"].pk}


def _day_engagement_person(world: dict[str, Any]) -> dict[str, Any]:
    _day_world(world)
    return {"pk": world["engagement"].pk, "enrolment_pk": world["day_enrolment"].pk}


# The day in the room: the provider's administrators, and trainers on the engagement (another
# trainer gets 404 from the selector).
DAY_RUNNERS = ("provider_admin", "superuser", "trainer")


def _roster_world(world: dict[str, Any]) -> dict[str, Any]:
    """The client's engagement with the trainer persona on it, its groups, one person in a
    group and that person's health screening."""
    if "roster_enrolment" not in world:
        from breakaway.delivery.models import Enrolment, HealthScreening
        from breakaway.delivery.roster_services import roster_groups_ensure
        from breakaway.scheduling.models import Engagement

        _own_assignment(world)
        _staff_member(world)
        engagement = Engagement.objects.get(pk=world["engagement"].pk)
        groups = roster_groups_ensure(engagement=engagement)
        world["roster_group"] = groups[0]
        world["roster_enrolment"], _made = Enrolment.objects.get_or_create(
            engagement=engagement,
            staff_member=world["staff_member"],
            defaults={"group": groups[0]},
        )
        world["screening"] = HealthScreening.objects.create(
            enrolment=world["roster_enrolment"],
            answers={"heart": True},
            consent=True,
            flagged=True,
            delete_after=timezone_today_plus(60),
        )
    return world


def timezone_today_plus(days: int) -> Any:
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localdate() + timedelta(days=days)


def _roster(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _roster_world(world)["engagement"].pk}


def _roster_enrolment(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _roster_world(world)["roster_enrolment"].pk}


def _roster_group(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _roster_world(world)["roster_group"].pk}


def _screening(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _roster_world(world)["screening"].pk}


# Rosters: the client's staff and the provider's sales staff build them; designers and the
# engagement's trainers read them. Screening answers: the engagement's trainers and the
# provider's safeguarding lead (no persona here is one) only; anyone else 404.
ROSTER_KEEPERS = STAFF_KEEPERS
ROSTER_READERS = PROVIDER + CLIENTS
SCREENING_READERS = Rule(allowed=("trainer",), denied=(404,), kwargs=_roster)


def _certificate_world(world: dict[str, Any]) -> dict[str, Any]:
    """A certificate for a person who completed the client's engagement, which the trainer
    persona is on (made straight through the models: no PDF until one is asked for)."""
    if "certificate" not in world:
        from breakaway.delivery.certificate_codes import code_new
        from breakaway.delivery.models import Certificate, Enrolment, StaffMember

        _own_assignment(world)
        holder = StaffMember.objects.create(
            organisation=world["client_org"], first_name="Cert", last_name="Holder"
        )
        enrolment = Enrolment.objects.create(
            engagement_id=world["engagement"].pk, staff_member=holder, outcome="completed"
        )
        world["certificate"] = Certificate.objects.create(
            code=code_new(),
            enrolment=enrolment,
            staff_member=holder,
            organisation=world["client_org"],
            holder_name=holder.full_name,
            course_name="Breakaway",
            completed_on=timezone_today_plus(-10),
            expires_on=timezone_today_plus(355),
        )
    return world


def _certificate(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _certificate_world(world)["certificate"].pk}


def _certificate_code(world: dict[str, Any]) -> dict[str, Any]:
    return {"code": _certificate_world(world)["certificate"].code}


def _certificate_engagement(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _certificate_world(world)["engagement"].pk}


# Certificates: the provider's administrators and the engagement's trainers issue them; the
# provider's administrators revoke them; the client's staff, the provider's sales staff and the
# trainers open them (anyone else: 404). Verification is public.
CERTIFIERS = ("provider_admin", "superuser", "trainer")
CERTIFICATE_READERS = Rule(
    allowed=(*SALES, "trainer", *CLIENTS),
    denied=(404,),
    kwargs=_certificate,
    outsiders=("other_client_admin",),
)


def _evaluation_engagement(world: dict[str, Any]) -> dict[str, Any]:
    """The client's engagement, with the trainer persona on it."""
    _own_assignment(world)
    return {"pk": world["engagement"].pk}


def _client_instrument(world: dict[str, Any]) -> dict[str, Any]:
    """An instrument of the client's own (licensed), made on demand."""
    if "client_instrument" not in world:
        from breakaway.evaluation.instrument_services import instrument_create

        world["client_instrument"] = instrument_create(
            owner=world["client_org"],
            definition={
                "id": "own-scale",
                "name": "Our own scale",
                "items": [{"id": "c1", "text": "C", "type": "scale", "min": 0, "max": 10}],
                "scales": [],
            },
            licence_reference="Licence 1",
            created_by=None,
        )
    return {"pk": world["client_instrument"].pk}


# Questionnaires: the attendee whose link this browser opened (no link here: a clear 403
# page); an engagement's questionnaires and paper forms: the provider's administrators and
# advisors and its own trainers; attaching a client's instrument: administrators. A client's
# own instruments: its administrators only (another client's: 404).
EVALUATION_STAFF = ("provider_admin", "advisor", "trainer", "superuser")
INSTRUMENT_KEEPERS = ("client_admin", "other_client_admin")


def _impact_engagement(world: dict[str, Any]) -> dict[str, Any]:
    _engagement(world)
    return {"pk": world["engagement"].pk}


def _impact_client(world: dict[str, Any]) -> dict[str, Any]:
    _engagement(world)
    return {"slug": world["client_org"].slug}


def _impact_issued(world: dict[str, Any]) -> dict[str, Any]:
    """An issued impact report of the client's engagement, with a stored PDF."""
    if "impact_report" not in world:
        from django.core.files.base import ContentFile

        from breakaway.evaluation.models import ImpactReport

        _engagement(world)
        report = ImpactReport.objects.create(engagement=world["engagement"], data={})
        report.pdf.save("impact.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        world["impact_report"] = report
    return {"pk": world["impact_report"].pk}


def _testimonial(world: dict[str, Any]) -> dict[str, Any]:
    """A consented reaction comment from the client's engagement, not yet published."""
    if "testimonial" not in world:
        from django.utils import timezone

        from breakaway.delivery.models import Enrolment, StaffMember
        from breakaway.evaluation.models import Questionnaire, Response, Testimonial
        from breakaway.evaluation.shipped import shipped_instruments_load

        _engagement(world)
        version = next(
            v for v in shipped_instruments_load() if v.instrument.key == "breakaway-reaction"
        )
        person = StaffMember.objects.create(
            organisation=world["client_org"], first_name="Sam", last_name="Lee", role="Nurse"
        )
        enrolment = Enrolment.objects.create(engagement=world["engagement"], staff_member=person)
        questionnaire, _made = Questionnaire.objects.get_or_create(
            engagement=world["engagement"],
            phase="post",
            defaults={"opens_at": timezone.now(), "closes_at": timezone.now()},
        )
        response = Response.objects.create(
            questionnaire=questionnaire,
            enrolment=enrolment,
            instrument_version=version,
            answers={"comments": "Good", "testimonial": "yes"},
            submitted_at=timezone.now(),
        )
        world["testimonial"] = Testimonial.objects.create(
            response=response, text="Good", role="Nurse", consented_at=timezone.now()
        )
    return {"pk": world["testimonial"].pk}


# The impact report: the client's administrators and managers (another client: 404) and
# the provider's sales staff; results across courses: sales staff; testimonials: admins.
IMPACT_READERS = ("provider_admin", "advisor", "superuser", "client_admin", "client_manager",
                  "other_client_admin")  # fmt: skip


def _lesson_video(world: dict[str, Any]) -> dict[str, Any]:
    """A lesson video of the provider (its files are a few bytes; the matrix never plays it)."""
    if "lesson_video" not in world:
        from django.core.files.base import ContentFile

        from breakaway.learning.models import LessonVideo

        video = LessonVideo(
            provider=world["provider"],
            lesson_id="the-law",
            title="Getting free from a wrist grab",
            content_type="video/mp4",
        )
        video.video.save("wrist.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=False)
        video.captions.save("wrist.vtt", ContentFile(b"WEBVTT\n"), save=False)
        video.save()
        world["lesson_video"] = video
    return {"pk": world["lesson_video"].pk}


# Learning that lasts (issue 9), the staff's pages: a client's retention by team for its own
# staff and the provider's office staff; the most forgotten questions for all provider staff;
# lesson videos for the provider's administrators and designers.
RETENTION_READERS = ("provider_admin", "advisor", "designer", "superuser", *CLIENTS)
VIDEO_KEEPERS = ("provider_admin", "designer", "superuser")


# Signed-in users are sent on from pages meant for visitors (allauth's login and reset pages).
VISITOR_PAGE = Rule(allowed="signed-in", ok=(302,), anonymous=(200,))

WEB: dict[str, Rule] = {
    "healthz": public(),
    "readyz": public(),
    # Public site
    "enquiries:home": public(),
    "enquiries:training": public(),
    "enquiries:how_it_works": public(),
    "enquiries:faq": public(),
    "enquiries:book": public(),
    "enquiries:thanks": public(),
    # The pipeline
    "enquiries:board": roles(SALES),
    "enquiries:list": roles(SALES),
    "enquiries:detail": roles(SALES, kwargs=_enquiry),
    "enquiries:move": roles(SALES, 302, method="post", kwargs=_enquiry, data={"stage": "proposal"}),
    "enquiries:convert": roles(SALES, 302, method="post", kwargs=_enquiry),
    # Portal
    "portal:home": signed_in(),
    "portal:organisation_list": roles(PROVIDER + CLIENTS),
    "portal:organisation_detail": roles(
        PROVIDER + CLIENTS,
        kwargs=lambda w: {"slug": w["client_org"].slug},
        outsiders=("other_client_admin",),
    ),
    "core:audit_list": roles(ADMINS),
    # The needs-assessment questionnaire: the client's staff and the provider's sales staff
    "assessments:assessment_list": roles(SALES + CLIENTS),
    "assessments:assessment_choose_client": roles(SALES + CLIENTS),
    "assessments:assessment_start": roles(
        SALES + CLIENTS,
        kwargs=lambda w: {"slug": w["client_org"].slug},
        outsiders=("other_client_admin",),
    ),
    "assessments:assessment_detail": roles(
        SALES + CLIENTS, kwargs=_assessment, outsiders=("other_client_admin",)
    ),
    "assessments:assessment_page": roles(
        SALES + CLIENTS, kwargs=_assessment_page, outsiders=("other_client_admin",)
    ),
    "assessments:assessment_check": roles(
        SALES + CLIENTS, kwargs=_assessment, outsiders=("other_client_admin",)
    ),
    "assessments:assessment_submit": roles(
        SALES + CLIENTS, 302, method="post", kwargs=_assessment, outsiders=("other_client_admin",)
    ),
    "assessments:assessment_review": roles(
        SALES, 302, method="post", kwargs=_assessment, data={"advisor_notes": "Called the ward."}
    ),
    # Reports: the incident profile (the organisation's staff and the provider's), the
    # needs-assessment report and its PDF (as the assessment), and the advisor's adjustments.
    "assessments:incident_profile": roles(
        PROVIDER + CLIENTS,
        kwargs=lambda w: {"slug": w["client_org"].slug},
        outsiders=("other_client_admin",),
    ),
    "assessments:assessment_report": roles(
        SALES + CLIENTS, kwargs=_assessment, outsiders=("other_client_admin",)
    ),
    "assessments:assessment_report_pdf": roles(
        SALES + CLIENTS, kwargs=_assessment, outsiders=("other_client_admin",)
    ),
    "assessments:risk_adjust": roles(
        SALES,
        302,
        method="post",
        kwargs=_assessment,
        data={
            "area": "grabs_and_holds",
            "grabs_and_holds-likelihood": "4",
            "grabs_and_holds-severity": "3",
            "grabs_and_holds-reason": "Two grabs on the ward last month were not logged.",
        },
    ),
    # Incident imports
    "assessments:incident_upload": roles(
        IMPORTERS, kwargs=_client_slug, outsiders=("other_client_admin",)
    ),
    "assessments:incident_import_list": roles(
        IMPORTERS, kwargs=_client_slug, outsiders=("other_client_admin",)
    ),
    "assessments:incident_values": roles(
        IMPORTERS, kwargs=_client_slug, outsiders=("other_client_admin",)
    ),
    "assessments:incident_mapping": roles(
        IMPORTERS, kwargs=_incident_import, outsiders=("other_client_admin",)
    ),
    # The import has no columns chosen yet, so the preview sends people to choose them.
    "assessments:incident_preview": roles(
        IMPORTERS, 302, kwargs=_incident_import, outsiders=("other_client_admin",)
    ),
    "assessments:incident_import_detail": roles(
        IMPORTERS, kwargs=_incident_import, outsiders=("other_client_admin",)
    ),
    "assessments:incident_import_rejects": roles(
        IMPORTERS, kwargs=_incident_import, outsiders=("other_client_admin",)
    ),
    # The import has no errors to skip, so this goes back to it.
    "assessments:incident_import_skip_invalid": roles(
        IMPORTERS, 302, method="post", kwargs=_incident_import, outsiders=("other_client_admin",)
    ),
    # The module catalogue: provider staff read it; designers and administrators edit it;
    # administrators record the legal sign-off.
    "catalogue:module_list": roles(PROVIDER),
    "catalogue:technique_list": roles(PROVIDER),
    "catalogue:module_detail": roles(PROVIDER, kwargs=_module),
    "catalogue:module_edit": roles(CATALOGUE_EDITORS, kwargs=_module),
    "catalogue:module_sign_off": roles(ADMINS, kwargs=_module),
    # Course designs: designers (administrators, designers, advisors) create and change them;
    # all provider staff read them. Clients see none until a quote exists (403).
    "courses:design_list": roles(PROVIDER),
    "courses:design_new": roles(COURSE_DESIGNERS),
    "courses:design_detail": roles(PROVIDER, kwargs=_design),
    "courses:design_edit": roles(COURSE_DESIGNERS, kwargs=_design),
    "courses:design_check": roles(COURSE_DESIGNERS, method="post", kwargs=_design),
    # A design's documents: provider staff get all four; the client's own staff get the
    # outline and the screening form (403 for the trainers' lesson plan and risk assessment);
    # another organisation's design is not found.
    "courses:document": roles(
        PROVIDER + CLIENTS,
        kwargs=lambda w: {**_design(w), "kind": "outline"},
        outsiders=("other_client_admin",),
    ),
    "courses:document_preview": roles(
        PROVIDER, kwargs=lambda w: {**_design(w), "kind": "lesson-plan"}
    ),
    # Quotes: advisors and administrators make them from a design and see every client's;
    # the client's own staff see theirs and accept or decline; another client's are not found.
    "quotes:list": roles(SALES + CLIENTS),
    "quotes:create": roles(SALES, kwargs=_design),
    "quotes:detail": roles(SALES + CLIENTS, kwargs=_quote, outsiders=("other_client_admin",)),
    "quotes:pdf": roles(SALES + CLIENTS, kwargs=_quote, outsiders=("other_client_admin",)),
    "quotes:accept": roles(
        SALES + CLIENTS, 302, method="post", kwargs=_quote, outsiders=("other_client_admin",)
    ),
    "quotes:decline": roles(
        SALES + CLIENTS,
        302,
        method="post",
        kwargs=_quote,
        data={"decline-reason": "Over budget"},
        outsiders=("other_client_admin",),
    ),
    # Revising a quote: sales staff only.
    "quotes:revise": roles(SALES, kwargs=_quote),
    # Invoices: sales staff issue them, record payments and export them; the client's staff
    # see their own; another client's are not found.
    "quotes:invoice_create": roles(SALES, kwargs=_accepted_quote),
    "quotes:invoice_list": roles(SALES + CLIENTS),
    "quotes:invoice_export": roles(SALES),
    "quotes:invoice_detail": roles(
        SALES + CLIENTS, kwargs=_invoice, outsiders=("other_client_admin",)
    ),
    "quotes:invoice_pdf": roles(
        SALES + CLIENTS, kwargs=_invoice, outsiders=("other_client_admin",)
    ),
    "quotes:invoice_paid": roles(
        SALES,
        302,
        method="post",
        kwargs=_invoice,
        data=lambda w: {"paid-paid_on": _today(), "paid-reference": "BACS 1"},
    ),
    # The satisfaction guarantee: the client's administrator claims; the provider's
    # administrators decide and record refunds; the report and claims are for sales staff
    # and the client's own staff.
    "quotes:claim_create": roles(
        ("client_admin",), kwargs=_invoice, outsiders=("other_client_admin",)
    ),
    "quotes:claim_list": roles(SALES + CLIENTS),
    "quotes:claim_detail": roles(SALES + CLIENTS, kwargs=_claim, outsiders=("other_client_admin",)),
    "quotes:claim_decide": roles(
        ADMINS, 302, method="post", kwargs=_claim, data={"decision-decision": "approve"}
    ),
    "quotes:claim_refund": roles(
        ADMINS,
        302,
        method="post",
        kwargs=_approved_claim,
        data=lambda w: {
            "refund-refunded_on": _today(),
            "refund-method": "bank_transfer",
            "refund-reference": "BACS R1",
        },
    ),
    "quotes:credit_note_pdf": roles(
        SALES + CLIENTS, kwargs=_credit_note, outsiders=("other_client_admin",)
    ),
    # Trainers: administrators manage them; a trainer keeps their own records.
    "trainers:list": roles(ADMINS),
    "trainers:create": roles(ADMINS),
    "trainers:detail": roles(ADMINS, kwargs=_trainer),
    "trainers:edit": roles(ADMINS, kwargs=_trainer),
    "trainers:qualification_add": roles(ADMINS, kwargs=_trainer),
    "trainers:qualification_verify": roles(
        ADMINS, 302, method="post", kwargs=_trainer_record("qualification")
    ),
    "trainers:qualification_edit": roles(TRAINER_RECORDS, kwargs=_trainer_record("qualification")),
    "trainers:qualification_evidence": roles(
        TRAINER_RECORDS, kwargs=_trainer_record("qualification")
    ),
    "trainers:cpd_evidence": roles(TRAINER_RECORDS, kwargs=_trainer_record("cpd_entry")),
    "trainers:cpd_delete": roles(
        TRAINER_RECORDS, 302, method="post", kwargs=_trainer_record("cpd_entry")
    ),
    "trainers:unavailability_delete": roles(
        TRAINER_RECORDS, 302, method="post", kwargs=_trainer_record("unavailability")
    ),
    "trainers:my_profile": roles(("trainer",)),
    "trainers:my_edit": roles(("trainer",)),
    "trainers:my_qualification_add": roles(("trainer",)),
    "trainers:my_cpd_add": roles(("trainer",)),
    "trainers:my_availability_add": roles(("trainer",)),
    # Engagements: planners book and staff them; the client's staff read their own.
    "scheduling:engagement_list": roles(PLANNERS + CLIENTS),
    "scheduling:engagement_new": roles(PLANNERS),
    "scheduling:engagement_detail": roles(
        PLANNERS + CLIENTS, kwargs=_engagement, outsiders=("other_client_admin",)
    ),
    "scheduling:engagement_edit": roles(PLANNERS, kwargs=_engagement),
    "scheduling:engagement_trainers": roles(PLANNERS, kwargs=_engagement),
    # No trainer chosen: the form comes back with the problem.
    "scheduling:assignment_add": roles(
        PLANNERS, 400, method="post", kwargs=_engagement, data={"trainer": ""}
    ),
    "scheduling:assignment_remove": roles(
        PLANNERS, 302, method="post", kwargs=lambda w: {**_engagement(w), "assignment_pk": 0}
    ),
    "scheduling:engagement_confirm": roles(PLANNERS, 302, method="post", kwargs=_engagement),
    "scheduling:engagement_deliver": roles(PLANNERS, 302, method="post", kwargs=_engagement),
    "scheduling:engagement_close": roles(PLANNERS, 302, method="post", kwargs=_engagement),
    "scheduling:engagement_cancel": roles(PLANNERS, kwargs=_engagement),
    "scheduling:engagement_move": roles(PLANNERS, kwargs=_engagement),
    # Venues: provider staff (not trainers) set positions; a client's administrator the notes.
    "scheduling:venue_list": roles(VENUE_READERS),
    "scheduling:venue_edit": roles(
        VENUE_READERS, kwargs=_engagement_site, outsiders=("other_client_admin",)
    ),
    # A trainer's own rota and calendar; the feed itself needs no sign-in, only its secret.
    "scheduling:my_rota": roles(("trainer",)),
    "scheduling:assignment_accept": roles(("trainer",), 302, method="post", kwargs=_own_assignment),
    "scheduling:assignment_decline": roles(("trainer",), kwargs=_own_assignment),
    "scheduling:feed_settings": roles(("trainer",)),
    "scheduling:feed": public(404, kwargs=lambda w: {"token": "not-a-real-token"}),
    # Planning the rota.
    "scheduling:plan_list": roles(PLANNERS),
    "scheduling:plan_new": roles(PLANNERS),
    "scheduling:plan_detail": roles(PLANNERS, kwargs=_rota_plan),
    # Not finished: publishing explains why not and goes back to the plan.
    "scheduling:plan_publish": roles(PLANNERS, 302, method="post", kwargs=_rota_plan),
    "scheduling:trainer_unavailable": roles(PLANNERS, kwargs=_trainer),
    # The staff list and training matrix
    "delivery:staff_list": roles(
        STAFF_KEEPERS, kwargs=_client_slug, outsiders=("other_client_admin",)
    ),
    "delivery:staff_add": roles(
        STAFF_KEEPERS, kwargs=_client_slug, outsiders=("other_client_admin",)
    ),
    "delivery:staff_edit": roles(
        STAFF_KEEPERS, kwargs=_staff_member, outsiders=("other_client_admin",)
    ),
    "delivery:staff_archive": roles(
        STAFF_KEEPERS, 302, method="post", kwargs=_staff_member, outsiders=("other_client_admin",)
    ),
    "delivery:staff_restore": roles(
        STAFF_KEEPERS, 302, method="post", kwargs=_staff_member, outsiders=("other_client_admin",)
    ),
    "delivery:staff_upload": roles(
        STAFF_KEEPERS, kwargs=_client_slug, outsiders=("other_client_admin",)
    ),
    "delivery:staff_import_list": roles(
        STAFF_KEEPERS, kwargs=_client_slug, outsiders=("other_client_admin",)
    ),
    "delivery:staff_import_detail": roles(
        STAFF_KEEPERS, kwargs=_staff_import, outsiders=("other_client_admin",)
    ),
    "delivery:matrix": roles(STAFF_KEEPERS, kwargs=_client_slug, outsiders=("other_client_admin",)),
    "delivery:matrix_edit": roles(
        STAFF_KEEPERS, kwargs=_requirement, outsiders=("other_client_admin",)
    ),
    "delivery:matrix_delete": roles(
        STAFF_KEEPERS, 302, method="post", kwargs=_requirement, outsiders=("other_client_admin",)
    ),
    # The day in the room: register, competence, incidents; the scan needs a remembered link.
    "delivery:day_today": roles(DAY_RUNNERS),
    "delivery:day_register": roles(DAY_RUNNERS, kwargs=_day),
    "delivery:day_register_code": roles(DAY_RUNNERS, kwargs=_day),
    "delivery:day_register_confirm": roles(DAY_RUNNERS, 302, method="post", kwargs=_day),
    "delivery:day_attendance_mark": roles(DAY_RUNNERS, kwargs=_day_person),
    "delivery:competence_list": roles(DAY_RUNNERS, kwargs=_day_engagement),
    "delivery:competence_person": roles(DAY_RUNNERS, kwargs=_day_engagement_person),
    "delivery:training_incident_list": roles(DAY_RUNNERS, kwargs=_day_engagement),
    "delivery:training_incident_new": roles(DAY_RUNNERS, kwargs=_day_engagement),
    "delivery:training_incident_all": roles(ADMINS),
    "register:scan": public(403, kwargs=lambda w: {"day_pk": _day(w)["pk"], "code": "abcdefghij"}),
    # Rosters and health screening
    "delivery:roster_list": roles(
        (*STAFF_KEEPERS, "designer"), kwargs=_client_slug, outsiders=("other_client_admin",)
    ),
    "delivery:roster": roles(ROSTER_READERS, kwargs=_roster, outsiders=("other_client_admin",)),
    "delivery:roster_pick": roles(
        ROSTER_KEEPERS, kwargs=_roster, outsiders=("other_client_admin",)
    ),
    "delivery:roster_paste": roles(
        ROSTER_KEEPERS, kwargs=_roster, outsiders=("other_client_admin",)
    ),
    "delivery:roster_person": roles(
        ROSTER_KEEPERS, kwargs=_roster, outsiders=("other_client_admin",)
    ),
    "delivery:roster_invite": roles(
        ROSTER_KEEPERS, 302, method="post", kwargs=_roster, outsiders=("other_client_admin",)
    ),
    # The person in the group has no e-mail: their letter, ready to print.
    "delivery:roster_letters": roles(
        ROSTER_KEEPERS, method="post", kwargs=_roster, outsiders=("other_client_admin",)
    ),
    "delivery:roster_withdraw": roles(
        ROSTER_KEEPERS, kwargs=_roster_enrolment, outsiders=("other_client_admin",)
    ),
    # No group chosen: back to the roster with a message.
    "delivery:roster_move": roles(
        ROSTER_KEEPERS,
        302,
        method="post",
        kwargs=_roster_enrolment,
        outsiders=("other_client_admin",),
    ),
    "delivery:roster_invite_one": roles(
        ROSTER_KEEPERS,
        302,
        method="post",
        kwargs=_roster_enrolment,
        outsiders=("other_client_admin",),
    ),
    "delivery:roster_group": roles(
        ROSTER_KEEPERS, 302, method="post", kwargs=_roster_group, outsiders=("other_client_admin",)
    ),
    "delivery:screening_list": SCREENING_READERS,
    "delivery:screening_detail": Rule(allowed=("trainer",), denied=(404,), kwargs=_screening),
    "delivery:screening_discussed": Rule(
        allowed=("trainer",), ok=(302,), denied=(404,), method="post", kwargs=_screening
    ),
    # The attendee's pages: the token is the key; a made-up one is a friendly 404.
    "attendee:page": public(404, kwargs=lambda w: {"token": "not-a-real-token"}),
    "attendee:screening_step": public(
        404, kwargs=lambda w: {"token": "not-a-real-token", "pk": 1, "step": "heart"}
    ),
    "attendee:screening_check": public(
        404, kwargs=lambda w: {"token": "not-a-real-token", "pk": 1}
    ),
    "attendee:new_link": public(),
    "attendee:new_link_sent": public(),
    # The attendee's learning pages (issue 9): the token is the key, as above.
    "learning_attendee:lesson": public(
        404, kwargs=lambda w: {"token": "not-a-real-token", "lesson_id": "the-law"}
    ),
    "learning_attendee:video": public(
        404, kwargs=lambda w: {"token": "not-a-real-token", "lesson_id": "the-law", "pk": 1}
    ),
    "learning_attendee:captions": public(
        404, kwargs=lambda w: {"token": "not-a-real-token", "lesson_id": "the-law", "pk": 1}
    ),
    "learning_attendee:refresher_start": public(
        404, kwargs=lambda w: {"token": "not-a-real-token"}
    ),
    "learning_attendee:refresher": public(
        404, kwargs=lambda w: {"token": "not-a-real-token", "pk": 1}
    ),
    "learning_attendee:feedback": public(
        404, kwargs=lambda w: {"token": "not-a-real-token", "pk": 1}
    ),
    "learning_attendee:stop": public(
        404, method="post", kwargs=lambda w: {"token": "not-a-real-token"}
    ),
    "learning_attendee:restart": public(
        404, method="post", kwargs=lambda w: {"token": "not-a-real-token"}
    ),
    "evaluation:question_page": public(403, kwargs=lambda w: {"pk": 1, "version_pk": 1, "page": 1}),
    "evaluation:questionnaire_check": public(403, kwargs=lambda w: {"pk": 1, "version_pk": 1}),
    "evaluation:questionnaire_done": public(403, kwargs=lambda w: {"pk": 1, "version_pk": 1}),
    "evaluation:engagement_questionnaires": roles(EVALUATION_STAFF, kwargs=_evaluation_engagement),
    "evaluation:questionnaire_attach": roles(
        ADMINS, 302, method="post", kwargs=_evaluation_engagement
    ),
    "evaluation:paper_upload": roles(EVALUATION_STAFF, kwargs=_evaluation_engagement),
    # Nothing uploaded yet: back to the upload page, or to the questionnaires.
    "evaluation:paper_preview": roles(EVALUATION_STAFF, 302, kwargs=_evaluation_engagement),
    "evaluation:paper_confirm": roles(
        EVALUATION_STAFF, 302, method="post", kwargs=_evaluation_engagement
    ),
    "evaluation:instrument_list": roles(INSTRUMENT_KEEPERS),
    "evaluation:instrument_new": roles(INSTRUMENT_KEEPERS),
    "evaluation:instrument_detail": roles(
        INSTRUMENT_KEEPERS, kwargs=_client_instrument, outsiders=("other_client_admin",)
    ),
    "evaluation:instrument_edit": roles(
        INSTRUMENT_KEEPERS, kwargs=_client_instrument, outsiders=("other_client_admin",)
    ),
    "evaluation:impact_report": roles(
        IMPACT_READERS, kwargs=_impact_engagement, outsiders=("other_client_admin",)
    ),
    "evaluation:impact_report_pdf": roles(
        IMPACT_READERS, kwargs=_impact_engagement, outsiders=("other_client_admin",)
    ),
    "evaluation:impact_report_issued_pdf": roles(
        IMPACT_READERS, kwargs=_impact_issued, outsiders=("other_client_admin",)
    ),
    "evaluation:client_impact_report": roles(
        IMPACT_READERS, kwargs=_impact_client, outsiders=("other_client_admin",)
    ),
    "evaluation:client_impact_report_pdf": roles(
        IMPACT_READERS, kwargs=_impact_client, outsiders=("other_client_admin",)
    ),
    "evaluation:provider_impact": roles(SALES),
    "evaluation:testimonial_list": roles(ADMINS),
    "evaluation:testimonial_publish": roles(ADMINS, 302, method="post", kwargs=_testimonial),
    "evaluation:testimonial_withdraw": roles(ADMINS, 302, method="post", kwargs=_testimonial),
    # Certificates, verification and the compliance view
    "delivery:certificate_engagement_list": roles(CERTIFIERS),
    "delivery:certificate_engagement": roles(CERTIFIERS, kwargs=_certificate_engagement),
    # Everyone who completed it has a certificate: back to the page with a message.
    "delivery:certificate_issue": roles(
        CERTIFIERS, 302, method="post", kwargs=_certificate_engagement
    ),
    "delivery:certificate_pdf": CERTIFICATE_READERS,
    "delivery:certificate_revoke": roles(ADMINS, kwargs=_certificate),
    "delivery:certificate_download": public(404, kwargs=lambda w: {"token": "not-a-real-token"}),
    "delivery:compliance": roles(
        STAFF_KEEPERS, kwargs=_client_slug, outsiders=("other_client_admin",)
    ),
    "delivery:compliance_export": roles(
        STAFF_KEEPERS,
        kwargs=lambda w: {**_client_slug(w), "fmt": "xlsx"},
        outsiders=("other_client_admin",),
    ),
    # No course chosen: back to the compliance view with a message.
    "delivery:compliance_refresher": roles(
        STAFF_KEEPERS, 302, kwargs=_client_slug, outsiders=("other_client_admin",)
    ),
    "verify:form": public(),
    "verify:certificate": public(kwargs=_certificate_code),
    # Learning that lasts (issue 9): the staff's pages.
    "learning:retention": roles(
        RETENTION_READERS, kwargs=_client_slug, outsiders=("other_client_admin",)
    ),
    "learning:item_list": roles(PROVIDER),
    "learning:video_list": roles(VIDEO_KEEPERS),
    "learning:video_upload": roles(VIDEO_KEEPERS),
    "learning:video_delete": roles(VIDEO_KEEPERS, kwargs=_lesson_video),
    "learning:video_move": roles(
        VIDEO_KEEPERS, 302, method="post", kwargs=_lesson_video, data={"direction": "up"}
    ),
    # Privacy (issue 10): retention and the special-category access log for the provider's
    # administrators (and safeguarding leads, tested in breakaway/privacy); a person's data
    # (export, erasure) for the provider's administrators and the client's own administrators
    # (another client's: 404; managers and other provider staff: 403).
    "privacy:home": roles(("provider_admin", "superuser", "client_admin", "other_client_admin")),
    "privacy:retention": roles(ADMINS),
    "privacy:agreement": roles(ADMINS, kwargs=_client_slug),
    "privacy:people": roles(
        ("provider_admin", "superuser", "client_admin", "other_client_admin"),
        kwargs=_client_slug,
        outsiders=("other_client_admin",),
    ),
    "privacy:person": roles(
        ("provider_admin", "superuser", "client_admin", "other_client_admin"),
        kwargs=_staff_member,
        outsiders=("other_client_admin",),
    ),
    "privacy:export": roles(
        ("provider_admin", "superuser", "client_admin", "other_client_admin"),
        method="post",
        kwargs=_staff_member,
        outsiders=("other_client_admin",),
    ),
    "privacy:erase": roles(
        ("provider_admin", "superuser", "client_admin", "other_client_admin"),
        kwargs=_staff_member,
        outsiders=("other_client_admin",),
    ),
    "privacy:access_log": roles(ADMINS),
    # Accounts
    "accounts:invitation_accept": public(kwargs=lambda w: {"token": w["invitation_token"]}),
    "accounts:api_tokens": signed_in(),
    "accounts:api_token_revoke": Rule(
        allowed=("provider_admin",),
        ok=(302,),
        denied=(404,),
        method="post",
        kwargs=lambda w: {"pk": w["provider_admin_token"].pk},
    ),
    # django-allauth
    "account_login": VISITOR_PAGE,
    # Signing out when not signed in just goes home.
    "account_logout": signed_in(anonymous=(302,)),
    "account_inactive": public(),
    # Sign-up is closed: visitors read that accounts are by invitation.
    "account_signup": Rule(allowed="signed-in", ok=(302,), anonymous=(200,)),
    "account_reauthenticate": signed_in(),
    # Codes by e-mail are off, so these send people back to the password form.
    "account_request_reauthentication_code": signed_in(302),
    "account_confirm_reauthentication_code": signed_in(302),
    "account_email": signed_in(),
    "account_email_verification_sent": public(),
    "account_change_password": signed_in(),
    "account_set_password": signed_in(302),
    "account_reset_password": public(),
    "account_confirm_login_code": public(302),
    "account_confirm_email": public(200, kwargs=lambda w: {"key": "not-a-real-key"}),
    "account_reset_password_from_key_done": public(),
    "account_reset_password_from_key": public(
        200, kwargs=lambda w: {"uidb36": "1", "key": "not-a-real-key"}
    ),
    "account_reset_password_done": public(),
    "mfa_index": signed_in(),
    "mfa_authenticate": public(302),
    "mfa_reauthenticate": signed_in(302),
    # Setting up MFA asks for the password again first (a recent sign-in).
    "mfa_activate_totp": signed_in(302),
    "mfa_deactivate_totp": signed_in(404),
    "mfa_view_recovery_codes": signed_in(404),
    "mfa_generate_recovery_codes": signed_in(302),
    "mfa_download_recovery_codes": signed_in(404),
}

# Django's admin: the superuser only; everyone else is sent to the admin's own login.
# The superuser must never see a server error; the made-up object ids the walk uses may not
# exist (404), and the autocomplete endpoint refuses a request without its parameters (403).
ADMIN_RULE = Rule(
    allowed=("superuser",), ok=(200, 302, 403, 404), denied="admin-login", anonymous="admin-login"
)


API: dict[tuple[str, str], Rule] = {
    ("get", "/api/v1/openapi.json"): public(),
    ("get", "/api/v1/docs"): public(),
    ("get", "/api/v1/me"): Rule(allowed="everyone", anonymous=(401,)),
    ("get", "/api/v1/organisations"): Rule(allowed="everyone", anonymous=(401,)),
    ("get", "/api/v1/catalogue/modules"): Rule(allowed=PROVIDER, anonymous=(401,)),
    ("post", "/api/v1/organisations"): Rule(
        allowed=SALES,
        ok=(201,),
        anonymous=(401,),
        data={"name": "Matrix Trust", "sector": "nhs-acute", "headcount": 10},
    ),
    ("get", "/api/v1/organisations/{slug}"): Rule(
        allowed="everyone",
        anonymous=(401,),
        kwargs=lambda w: {"slug": w["client_org"].slug},
        outsiders=("other_client_admin",),
    ),
    ("post", "/api/v1/organisations/{slug}/incidents/import"): Rule(
        allowed=INCIDENT_IMPORTERS,
        ok=(202,),
        anonymous=(401,),
        kwargs=lambda w: {"slug": w["client_org"].slug},
        outsiders=("other_client_admin",),
        multipart=True,
        data=lambda w: {"file": SimpleUploadedFile("incidents.csv", SMALL_EXPORT, "text/csv")},
    ),
    ("get", "/api/v1/incident-imports/{job_id}"): Rule(
        allowed="everyone",
        anonymous=(401,),
        kwargs=lambda w: {"job_id": w["incident_import"].pk},
        outsiders=("other_client_admin",),
    ),
    ("get", "/api/v1/organisations/{slug}/incident-profile"): Rule(
        allowed="everyone",
        anonymous=(401,),
        kwargs=lambda w: {"slug": w["client_org"].slug},
        outsiders=("other_client_admin",),
    ),
    ("get", "/api/v1/needs-assessments/{assessment_id}/risk-profile"): Rule(
        allowed="everyone",
        anonymous=(401,),
        kwargs=lambda w: {"assessment_id": w["assessment"].pk},
        # Needs assessments are for sales staff and the client; other provider roles see none.
        outsiders=("designer", "trainer", "other_client_admin"),
    ),
    # Pricing a quote: the provider's administrators, advisors and designers. The request
    # carries its own rate card so that the check does not depend on demo data.
    # Pure computation on what the caller sends: any signed-in API user.
    ("post", "/api/v1/evaluation/analyse"): Rule(
        allowed="signed-in",
        anonymous=(401,),
        data={
            "instrument": {
                "id": "i",
                "name": "I",
                "items": [{"id": "c1", "text": "C", "type": "scale", "min": 0, "max": 10}],
                "scales": [{"id": "c", "name": "C", "items": ["c1"], "score": "mean"}],
            },
            "responses": "person,phase,c1\np1,pre,4\np1,post,7\n",
        },
    ),
    ("post", "/api/v1/quotes/price"): Rule(
        allowed=("provider_admin", "advisor", "designer", "superuser"),
        anonymous=(401,),
        data={
            "supply_date": "2027-03-12",
            "vat_treatment": "standard",
            "rate_card": {
                "day_rates": {"breakaway": {"low": "650", "medium": "750", "high": "850"}},
                "part_day_fraction": "0.6",
                "materials_per_attendee": "4.50",
                "mileage_rate": "0.45",
                "overnight_threshold_miles": "60",
                "overnight_rate": "95",
            },
            "course": {
                "content": "breakaway",
                "risk_level": "medium",
                "length": "1-day",
                "attendees_per_trainer": 12,
            },
            "groups": [{"date": "2027-03-12", "attendees": 12}],
            "travel": [{"trainer": "Dan Hughes", "one_way_miles": 42, "days": 1}],
        },
    ),
    ("post", "/api/v1/course-designs"): Rule(
        allowed=("provider_admin", "designer", "advisor", "superuser"),
        ok=(201,),
        anonymous=(401,),
        outsiders=("other_client_admin",),
        data=lambda w: {
            "organisation": w["client_org"].slug,
            "length": "half-day",
            "headcount": 10,
        },
    ),
    ("post", "/api/v1/rota/plan"): Rule(
        allowed=PLANNERS, ok=(202,), anonymous=(401,), data=SMALL_ROTA
    ),
    ("get", "/api/v1/rota/plan/{plan_id}"): Rule(
        allowed=PLANNERS, anonymous=(401,), kwargs=lambda w: {"plan_id": _rota_plan(w)["pk"]}
    ),
    ("get", "/api/v1/organisations/{slug}/staff"): Rule(
        allowed=STAFF_KEEPERS,
        anonymous=(401,),
        kwargs=_client_slug,
        outsiders=("other_client_admin",),
    ),
    ("post", "/api/v1/organisations/{slug}/staff/import"): Rule(
        allowed=STAFF_KEEPERS,
        anonymous=(401,),
        kwargs=_client_slug,
        outsiders=("other_client_admin",),
        multipart=True,
        data=lambda w: {"file": SimpleUploadedFile("staff.csv", SMALL_STAFF_LIST, "text/csv")},
    ),
    ("get", "/api/v1/certificates/{code}"): public(kwargs=_certificate_code),
    ("get", "/api/v1/organisations/{slug}/compliance"): Rule(
        allowed=STAFF_KEEPERS,
        anonymous=(401,),
        kwargs=_client_slug,
        outsiders=("other_client_admin",),
    ),
}
