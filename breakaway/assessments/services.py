"""Writes to needs assessments."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakaway.accounts.models import Organisation
from breakaway.accounts.roles import SALES, has_role
from breakaway.assessments.models import NeedsAssessment
from breakaway.assessments.questionnaire import (
    SECTIONS_BY_ID,
    Section,
    progress,
    seconds_on_page,
    section_answers,
)
from breakaway.core.audit import audit_log, snapshot
from breakaway.enquiries.models import Enquiry

# The questionnaire -----------------------------------------------------------------------------

_REVIEW_FIELDS = ("status", "advisor_notes", "reviewed_by_id", "reviewed_at")


class AssessmentIncompleteError(ValidationError):
    """Sending was refused: `sections` are the required sections still to complete."""

    def __init__(self, sections: list[Section]) -> None:
        self.sections = sections
        names = ", ".join(str(section.title) for section in sections)
        super().__init__(
            _("Complete these sections before you send the assessment: %(sections)s")
            % {"sections": names},
            code="incomplete",
        )


def _locked(assessment: NeedsAssessment) -> NeedsAssessment:
    return NeedsAssessment.objects.select_for_update().get(pk=assessment.pk)


def _refresh(assessment: NeedsAssessment, locked: NeedsAssessment) -> None:
    """Copy what the service wrote onto the caller's instance."""
    for field in locked._meta.concrete_fields:
        value = getattr(locked, field.attname)
        if field.is_relation and getattr(assessment, field.attname) != value:
            assessment._state.fields_cache.pop(field.name, None)
        setattr(assessment, field.attname, value)


@transaction.atomic
def assessment_start(
    *, organisation: Organisation, started_by: Any
) -> tuple[NeedsAssessment, bool]:
    """Start a needs assessment for a client, or return the one it already has in progress
    (one at a time); the bool says whether it is new."""
    if not Organisation.objects.clients().filter(pk=organisation.pk).exists():
        raise ValidationError(_("Needs assessments are for organisations that receive training."))
    # Lock the organisation so two people pressing Start at once get the same assessment.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    existing = NeedsAssessment.objects.filter(
        organisation=organisation, status=NeedsAssessment.Status.IN_PROGRESS
    ).first()
    if existing is not None:
        return existing, False
    assessment = NeedsAssessment(
        organisation=organisation,
        enquiry=Enquiry.objects.filter(client=organisation).order_by("-created_at").first(),
        started_by=started_by if getattr(started_by, "is_authenticated", False) else None,
    )
    assessment.full_clean()
    assessment.save()
    audit_log(
        actor=started_by,
        action="assessment.start",
        obj=assessment,
        after=snapshot(assessment, ["organisation_id", "enquiry_id", "status"]),
        organisation=organisation,
    )
    return assessment, True


@transaction.atomic
def assessment_save_section(
    *,
    assessment: NeedsAssessment,
    section_id: str,
    page_id: str,
    answers: dict[str, Any],
    saved_by: Any,
    shown_token: str | None = None,
) -> NeedsAssessment:
    """Save one question page's answers into its section at once (a draft may be partial),
    and add the time since the page was shown, up to the cap, to the time spent."""
    section = SECTIONS_BY_ID.get(section_id)
    page = section.page(page_id) if section else None
    if section is None or page is None:
        raise ValidationError(_("There is no such question page."))
    keys = set(page.form_class.answer_keys())
    if not set(answers) <= keys:
        raise ValidationError(_("These answers do not belong to this page."))
    # The same rules as the page's form, so a caller other than the page cannot store nonsense.
    check = page.form_class(data=page.form_class.data_from_answers(answers), partial=True)
    if not check.is_valid():
        raise ValidationError(check.errors.get_json_data())

    locked = _locked(assessment)
    if locked.status != NeedsAssessment.Status.IN_PROGRESS:
        raise ValidationError(_("This needs assessment has been sent, so it cannot be changed."))
    before = section_answers(locked, section_id)
    after = {k: v for k, v in before.items() if k not in keys} | check.to_answers()
    seconds = seconds_on_page(shown_token, locked.pk, section_id, page_id)
    if after:
        locked.answers = {**locked.answers, section_id: after}
    else:
        locked.answers = {k: v for k, v in locked.answers.items() if k != section_id}
    locked.active_seconds += seconds
    locked.full_clean()
    locked.save(update_fields=["answers", "active_seconds"])
    if after != before:
        audit_log(
            actor=saved_by,
            action="assessment.save_answers",
            obj=locked,
            before={"section": section_id, "answers": before},
            after={"section": section_id, "page": page_id, "answers": after},
            organisation=assessment.organisation,
        )
    _refresh(assessment, locked)
    return assessment


@transaction.atomic
def assessment_submit(*, assessment: NeedsAssessment, submitted_by: Any) -> NeedsAssessment:
    """Send a finished assessment to the provider; refused, naming them, while required
    sections are incomplete."""
    locked = _locked(assessment)
    if locked.status != NeedsAssessment.Status.IN_PROGRESS:
        raise ValidationError(_("This needs assessment has already been sent."))
    missing = progress(locked).missing
    if missing:
        raise AssessmentIncompleteError(missing)
    locked.status = NeedsAssessment.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = submitted_by if getattr(submitted_by, "is_authenticated", False) else None
    locked.full_clean()
    locked.save(update_fields=["status", "submitted_at", "submitted_by"])
    audit_log(
        actor=submitted_by,
        action="assessment.submit",
        obj=locked,
        before={"status": NeedsAssessment.Status.IN_PROGRESS},
        after={"status": locked.status, "active_seconds": locked.active_seconds},
        organisation=assessment.organisation,
    )
    _refresh(assessment, locked)
    return assessment


@transaction.atomic
def assessment_review(
    *,
    assessment: NeedsAssessment,
    reviewed_by: Any,
    advisor_notes: str,
    mark_reviewed: bool = False,
) -> NeedsAssessment:
    """Sales staff keep notes on an assessment at any time, and mark a sent one reviewed."""
    if not has_role(reviewed_by, *SALES):
        raise PermissionDenied(_("Only training advisors can review a needs assessment."))
    locked = _locked(assessment)
    before = snapshot(locked, _REVIEW_FIELDS)
    locked.advisor_notes = advisor_notes.strip()
    if mark_reviewed and locked.status != NeedsAssessment.Status.REVIEWED:
        if locked.status != NeedsAssessment.Status.SUBMITTED:
            raise ValidationError(
                _("The client has not sent this assessment yet, so it cannot be reviewed.")
            )
        locked.status = NeedsAssessment.Status.REVIEWED
        locked.reviewed_by = reviewed_by
        locked.reviewed_at = timezone.now()
    locked.full_clean()
    after = snapshot(locked, _REVIEW_FIELDS)
    if after != before:
        locked.save(update_fields=["status", "advisor_notes", "reviewed_by", "reviewed_at"])
        audit_log(
            actor=reviewed_by,
            action="assessment.review" if mark_reviewed else "assessment.notes",
            obj=locked,
            before=before,
            after=after,
            organisation=assessment.organisation,
        )
    _refresh(assessment, locked)
    return assessment
