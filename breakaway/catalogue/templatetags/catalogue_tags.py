"""Render a word-by-word change so that it reads correctly both on screen and aloud."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from breakaway.catalogue.selectors import FieldChange

register = template.Library()


def _text(text: str) -> SafeString:
    """Escaped, with its line breaks kept."""
    return linebreaksbr(text, autoescape=True)


@register.simple_tag
def diff_text(change: FieldChange) -> SafeString:
    """The new text with removed words struck through and added words underlined; screen
    readers hear "removed:" and "added:" before each change and "end" after it."""
    parts = []
    previous = ""
    for segment in change.segments:
        if segment.kind == "added" and previous == "removed":
            # A replacement: keep the struck-out and the new words apart on screen.
            parts.append(SafeString(" "))
        previous = segment.kind
        if segment.kind == "removed":
            parts.append(
                format_html(
                    '<del><span class="visually-hidden">[{}: </span>{}'
                    '<span class="visually-hidden">]</span></del>',
                    _("removed"),
                    _text(segment.text),
                )
            )
        elif segment.kind == "added":
            parts.append(
                format_html(
                    '<ins><span class="visually-hidden">[{}: </span>{}'
                    '<span class="visually-hidden">]</span></ins>',
                    _("added"),
                    _text(segment.text),
                )
            )
        else:
            parts.append(_text(segment.text))
    return format_html_join("", "{}", ((p,) for p in parts))
