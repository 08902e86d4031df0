"""Issuing impact reports (figures and PDF kept), sending them to the client when the
follow-up closes, and alerting the provider when attendees rated a course poorly.

Both periodic jobs are idempotent: a report is issued and sent once per engagement, and an
alert is sent once per engagement (the audit log remembers it).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Final

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from breakaway.accounts.models import Membership, Role
from breakaway.core.audit import audit_log
from breakaway.core.emails import email_send
from breakaway.core.models import AuditEntry
from breakaway.evaluation.models import ImpactReport, Phase, Questionnaire
from breakaway.evaluation.report_display import report_context
from breakaway.evaluation.report_selectors import (
    impact_report_data,
    reaction_summary,
    responses_for,
)
from breakaway.scheduling.models import Engagement

logger = logging.getLogger(__name__)

PDF_TEMPLATE: Final = "evaluation/report/pdf/impact_report.html"
ALERT_ACTION: Final = "evaluation.reaction_alert"
DEFAULT_REACTION_THRESHOLD: Final = 3.0


def reaction_threshold() -> float:
    """Below this reaction score (1 to 5) the provider is alerted; setting
    `BREAKAWAY_REACTION_ALERT_BELOW`, 3.0 by default."""
    return float(getattr(settings, "BREAKAWAY_REACTION_ALERT_BELOW", DEFAULT_REACTION_THRESHOLD))


def site_url(path: str) -> str:
    return str(getattr(settings, "BREAKAWAY_SITE_URL", "http://localhost:8000")).rstrip("/") + path


def _provider_of(engagement: Engagement) -> Any:
    organisation = engagement.organisation
    return organisation if organisation.is_provider else organisation.provider


def impact_report_pdf(*, engagements: list[Engagement], data: dict[str, Any]) -> bytes:
    """The report as an A4 PDF (the page's print version)."""
    from breakaway.core.pdf import render_pdf  # WeasyPrint is slow to import: only here

    context = {
        **report_context(data),
        "organisation": engagements[0].organisation,
        "provider": _provider_of(engagements[0]),
        "produced_on": timezone.localdate(),
        "pdf": True,
    }
    return render_pdf(PDF_TEMPLATE, context)


@transaction.atomic
def impact_report_issue(*, engagement: Engagement, issued_by: Any = None) -> ImpactReport:
    """Issue the engagement's report: its figures and PDF are kept as they are today."""
    data = impact_report_data(engagements=[engagement])
    report = ImpactReport(engagement=engagement, data=data)
    report.full_clean(exclude=["pdf"])
    report.save()
    pdf = impact_report_pdf(engagements=[engagement], data=data)
    filename = f"impact-report-{engagement.organisation.slug}-{engagement.pk}-{report.pk}.pdf"
    report.pdf.save(filename, ContentFile(pdf), save=True)
    audit_log(
        actor=issued_by,
        action="evaluation.impact_report_issue",
        obj=report,
        after={"engagement": engagement.pk},
        organisation=engagement.organisation,
    )
    return report


def _emails_of(organisation_id: int, role: str) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(organisation_id=organisation_id, role=role)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


@transaction.atomic
def impact_report_send(*, report: ImpactReport, sent_by: Any = None) -> int:
    """E-mail the client's administrators a link to the issued report; returns how many."""
    engagement = report.engagement
    to = _emails_of(engagement.organisation_id, Role.CLIENT_ADMIN)
    if to:
        link = site_url(reverse("evaluation:impact_report", args=[engagement.pk]))
        email_send(
            template="impact_report",
            to=to,
            context={"engagement": engagement, "link": link, "summary": report.data["summary"]},
        )
    report.sent_at = timezone.now()
    report.save(update_fields=["sent_at"])
    audit_log(
        actor=sent_by,
        action="evaluation.impact_report_send",
        obj=report,
        after={"to": len(to)},
        organisation=engagement.organisation,
    )
    return len(to)


def impact_reports_send(now: dt.datetime) -> dict[str, int]:
    """Tick: once an engagement's follow-up questionnaire has closed, issue its impact report
    and send it to the client's administrators, once."""
    due = (
        Engagement.objects.filter(
            questionnaires__phase=Phase.FOLLOW_UP, questionnaires__closes_at__lte=now
        )
        .exclude(status=Engagement.Status.CANCELLED)
        .exclude(impact_reports__sent_at__isnull=False)
        .select_related("organisation__provider", "design")
        .prefetch_related("days")
        .distinct()
    )
    sent = failed = 0
    for engagement in due:
        try:
            with transaction.atomic():
                # Locked, then checked again: two ticks at once send one report.
                Engagement.objects.select_for_update(of=("self",)).filter(pk=engagement.pk).first()
                if ImpactReport.objects.filter(
                    engagement=engagement, sent_at__isnull=False
                ).exists():
                    continue
                report = impact_report_issue(engagement=engagement)
                impact_report_send(report=report)
                sent += 1
        except Exception:  # one bad engagement must not stop the others
            logger.exception("Impact report for engagement %s failed", engagement.pk)
            failed += 1
    return {"impact_reports_sent": sent, "impact_reports_failed": failed}


# Low reaction scores ------------------------------------------------------------------------


def guarantee_link(engagement: Engagement) -> str | None:
    """The claim page of the engagement's invoice (the quotes guarantee), if one exists."""
    if engagement.quote_id is None:
        return None
    invoice = engagement.quote.invoices.order_by("-pk").first()  # type: ignore[union-attr]
    if invoice is None:
        return None
    try:
        return site_url(reverse("quotes:claim_create", args=[invoice.pk]))
    except NoReverseMatch:
        return None


def _already_alerted() -> set[str]:
    return set(
        AuditEntry.objects.filter(
            action=ALERT_ACTION, object_type=Engagement._meta.label_lower
        ).values_list("object_id", flat=True)
    )


def reaction_alerts_send(now: dt.datetime) -> dict[str, int]:
    """Tick: when the end-of-course questionnaire has closed and the reaction score is below
    the threshold, e-mail the provider's administrators once, offering the guarantee."""
    threshold = reaction_threshold()
    alerted = _already_alerted()
    closed = (
        Questionnaire.objects.filter(phase=Phase.POST, closes_at__lte=now)
        .exclude(engagement__status=Engagement.Status.CANCELLED)
        .select_related("engagement__organisation__provider", "engagement__quote")
    )
    sent = 0
    for questionnaire in closed:
        engagement = questionnaire.engagement
        if str(engagement.pk) in alerted:
            continue
        reaction = reaction_summary(responses_for([engagement]))
        if not reaction or reaction["score"] is None or reaction["score"] >= threshold:
            continue
        with transaction.atomic():
            reaction_alert_send(engagement=engagement, reaction=reaction, threshold=threshold)
        sent += 1
    return {"reaction_alerts_sent": sent}


def reaction_alert_send(
    *, engagement: Engagement, reaction: dict[str, Any], threshold: float
) -> None:
    """E-mail the provider's administrators about one low-rated course, and remember it."""
    provider = _provider_of(engagement)
    to = _emails_of(provider.pk, Role.PROVIDER_ADMIN) if provider else []
    if to:
        email_send(
            template="reaction_alert",
            to=to,
            context={
                "engagement": engagement,
                "score": f"{reaction['score']:.1f}",
                "threshold": f"{threshold:.1f}",
                "n": reaction["score_n"],
                "comments": reaction["comments"][:10],
                "report_link": site_url(reverse("evaluation:impact_report", args=[engagement.pk])),
                "guarantee_link": guarantee_link(engagement),
            },
        )
    audit_log(
        actor=None,
        action=ALERT_ACTION,
        obj=engagement,
        after={"score": round(reaction["score"], 2), "threshold": threshold, "to": len(to)},
        organisation=engagement.organisation,
    )
