"""Forms that render accessibly with includes/field.html, includes/radios.html and checkboxes.html.

Ids follow Django's own convention, so every form gets matching references, even a form
without the mixin (allauth's): the hint is `<id>_helptext` and the error message
`<id>_error`, where `<id>` is the field's `auto_id` (`id_email`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.forms.boundfield import BoundField


def widget_css_class(widget: forms.Widget) -> str:
    """The stylesheet's class for a widget (breakaway.css styles each one)."""
    # CheckboxSelectMultiple is a RadioSelect, and both are Selects: most specific first.
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
        return "checkboxes__input"
    if isinstance(widget, forms.RadioSelect):
        return "radios__input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file-upload"
    return "input"


def hint_id(bound_field: BoundField) -> str:
    return f"{bound_field.auto_id}_helptext"


def error_id(bound_field: BoundField) -> str:
    return f"{bound_field.auto_id}_error"


class AccessibleBoundField(BoundField):
    """Works out aria-describedby and aria-invalid when the field is rendered.

    Rendering happens after validation, so the attributes always match the errors shown,
    including errors a view adds with `form.add_error()` after `is_valid()`.
    """

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        if widget.is_hidden:
            attrs.pop("aria-invalid", None)
            return attrs
        if self.errors:
            attrs["aria-invalid"] = "true"
        else:
            attrs.pop("aria-invalid", None)
        # Radios and checkboxes are described on their fieldset (includes/radios.html).
        if not self.use_fieldset:
            described_by = [
                *widget.attrs.get("aria-describedby", "").split(),
                *([hint_id(self)] if self.help_text else []),
                *([error_id(self)] if self.errors else []),
            ]
            if described_by and self.auto_id:
                attrs["aria-describedby"] = " ".join(dict.fromkeys(described_by))
        return attrs


class AccessibleFormMixin:
    """Mix into a Form or ModelForm: CSS classes, autocomplete and ARIA on every widget.

    Set `autocomplete = {"email": "email", "full_name": "name"}` on the form class for the
    fields a browser can fill in (https://html.spec.whatwg.org/#autofill-field).
    """

    autocomplete: ClassVar[dict[str, str]] = {}
    bound_field_class: type[BoundField] | None = AccessibleBoundField
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is a deep copy per form instance, so changing widgets here is safe.
        for name, field in self.fields.items():
            widget = field.widget
            css_class = widget_css_class(widget)
            classes = widget.attrs.get("class", "").split()
            if css_class not in classes:
                widget.attrs["class"] = " ".join([*classes, css_class])
            if name in self.autocomplete:
                widget.attrs.setdefault("autocomplete", self.autocomplete[name])


class AccessibleForm(AccessibleFormMixin, forms.Form):
    """A plain form with the accessible defaults."""


class AccessibleModelForm(AccessibleFormMixin, forms.ModelForm):
    """A model form with the accessible defaults."""
