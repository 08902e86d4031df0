"""How pipeline stages and an enquiry's history look on the page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from breakaway.core.models import AuditEntry
from breakaway.enquiries.models import Enquiry

register = template.Library()

STAGE_COLOURS: dict[str, str] = {
    Enquiry.Stage.ENQUIRY: "blue",
    Enquiry.Stage.ASSESSMENT: "purple",
    Enquiry.Stage.PROPOSAL: "orange",
    Enquiry.Stage.BOOKED: "teal",
    Enquiry.Stage.DELIVERED: "green",
    Enquiry.Stage.EVALUATED: "grey",
    Enquiry.Stage.LOST: "red",
}


def _stage_label(value: Any) -> str:
    return str(Enquiry.Stage(value).label) if value in Enquiry.Stage.values else str(value or "")


@register.inclusion_tag("includes/tag.html")
def stage_tag(stage: str) -> dict[str, Any]:
    """A coloured tag with the stage's name: the colour is never the only clue."""
    return {"colour": STAGE_COLOURS.get(stage, "grey"), "text": _stage_label(stage)}


@register.simple_tag
def history_summary(entry: AuditEntry) -> str:
    """One line saying what happened to the enquiry, in words an advisor would use."""
    before, after = entry.before or {}, entry.after or {}
    if entry.action == "enquiry.create":
        return _("Received from the public site")
    if entry.action == "enquiry.convert":
        return _("Made a client and its contact invited to sign in")
    if entry.action == "enquiry.move":
        old, new = _stage_label(before.get("stage")), _stage_label(after.get("stage"))
        if after.get("stage") == Enquiry.Stage.LOST:
            if old == new:
                return _("Reason for losing it changed to “%(reason)s”") % {
                    "reason": after.get("lost_reason", "")
                }
            return _("Moved from %(old)s to %(new)s: “%(reason)s”") % {
                "old": old,
                "new": new,
                "reason": after.get("lost_reason", ""),
            }
        return _("Moved from %(old)s to %(new)s") % {"old": old, "new": new}
    return entry.action


@register.filter
def get_count(counts: dict[str, int], stage: str) -> int:
    """The count for one stage from `pipeline_counts`."""
    return counts.get(stage, 0)
