"""The public site's testimonials section: `{% load testimonials %}{% published_testimonials %}`."""

from __future__ import annotations

from typing import Any

from django import template

from breakaway.evaluation.testimonial_services import testimonial_list_published

register = template.Library()


@register.inclusion_tag("evaluation/report/_testimonials.html")
def published_testimonials(limit: int = 3) -> dict[str, Any]:
    """The newest published testimonials (none: the section is left out)."""
    return {"testimonials": testimonial_list_published(limit=limit)}
