"""AccessibleFormMixin: classes, autocomplete and ARIA that match includes/field.html."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string

from breakaway.core.forms import AccessibleFormMixin


class PersonForm(AccessibleFormMixin, forms.Form):
    autocomplete = {"full_name": "name", "email": "email"}

    full_name = forms.CharField(label="Full name")
    email = forms.EmailField(label="Email address", help_text="We send the invitation here.")
    sector = forms.ChoiceField(
        label="Sector",
        choices=[("nhs", "NHS"), ("education", "Education")],
        widget=forms.RadioSelect,
        help_text="Choose one.",
    )
    staff_groups = forms.MultipleChoiceField(
        label="Staff groups",
        choices=[("nurses", "Nurses"), ("porters", "Porters")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    region = forms.ChoiceField(label="Region", choices=[("north", "North"), ("south", "South")])
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    agree = forms.BooleanField(label="I agree", required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)


VALID = {"full_name": "Sam Jones", "email": "sam@example.org", "sector": "nhs", "region": "north"}


def _tag(html: str, element_id: str) -> str:
    """The opening tag of the element with this id."""
    match = re.search(rf'<[^>]*\bid="{element_id}"[^>]*>', html)
    assert match, f"no element with id {element_id} in {html}"
    return match.group(0)


def test_each_widget_gets_the_class_for_its_type():
    form = PersonForm()
    classes = {name: field.widget.attrs["class"] for name, field in form.fields.items()}
    assert classes == {
        "full_name": "input",
        "email": "input",
        "sector": "radios__input",
        "staff_groups": "checkboxes__input",
        "region": "select",
        "notes": "textarea",
        "agree": "checkboxes__input",
        "secret": "input",
    }


def test_existing_classes_are_kept_and_not_repeated():
    class Form(AccessibleFormMixin, forms.Form):
        name = forms.CharField(widget=forms.TextInput(attrs={"class": "input--width-10"}))

    form = Form()
    assert form.fields["name"].widget.attrs["class"] == "input--width-10 input"
    # A second instance starts from the class's own widget, not the first instance's copy.
    assert Form().fields["name"].widget.attrs["class"] == "input--width-10 input"


def test_autocomplete_comes_from_the_form_class_without_overriding_the_widget():
    class Form(AccessibleFormMixin, forms.Form):
        autocomplete = {"email": "email", "password": "new-password"}

        email = forms.EmailField()
        password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "off"}))

    form = Form()
    assert form.fields["email"].widget.attrs["autocomplete"] == "email"
    assert form.fields["password"].widget.attrs["autocomplete"] == "off"


def test_an_unbound_field_is_described_by_its_hint_only():
    html = str(PersonForm()["email"])
    assert 'aria-describedby="id_email_helptext"' in html
    assert "aria-invalid" not in html


def test_a_field_without_hint_or_error_has_no_aria_describedby():
    assert "aria-describedby" not in str(PersonForm()["full_name"])


def test_after_validation_a_field_with_an_error_is_invalid_and_described_by_the_error():
    form = PersonForm(data={**VALID, "email": "not an address"})
    assert not form.is_valid()
    email = str(form["email"])
    assert 'aria-invalid="true"' in email
    assert 'aria-describedby="id_email_helptext id_email_error"' in email
    full_name = str(form["full_name"])
    assert "aria-invalid" not in full_name


def test_an_error_added_after_is_valid_is_still_reflected():
    form = PersonForm(data=VALID)
    assert form.is_valid()
    form.add_error("full_name", "That name is already invited.")
    html = str(form["full_name"])
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_full_name_error"' in html


def test_a_valid_form_has_no_invalid_fields():
    form = PersonForm(data=VALID)
    assert form.is_valid()
    assert "aria-invalid" not in form.as_div()


def test_field_template_ids_match_the_widgets_references():
    form = PersonForm(data={**VALID, "email": "nope"})
    form.is_valid()
    html = render_to_string("includes/field.html", {"field": form["email"]})
    described_by = re.search(r'aria-describedby="([^"]+)"', _tag(html, "id_email")).group(1)
    for element_id in described_by.split():
        assert f'id="{element_id}"' in html
    assert 'class="form-group form-group--error"' in html
    assert re.search(r'<label class="label"\s+for="id_email">', html)


def test_radios_render_as_a_fieldset_described_by_its_hint_and_error():
    form = PersonForm(data={**VALID, "sector": ""})
    form.is_valid()
    html = render_to_string("includes/field.html", {"field": form["sector"]})
    fieldset = _tag(html, "id_sector")
    assert fieldset.startswith("<fieldset")
    assert 'aria-describedby="id_sector_helptext id_sector_error"' in fieldset
    assert '<legend class="fieldset__legend">' in html
    assert 'id="id_sector_helptext"' in html
    assert 'id="id_sector_error"' in html
    # Each radio: large input and its own label; the inputs themselves are not described.
    assert html.count('class="radios__item"') == 2
    assert '<label class="radios__label" for="id_sector_0">NHS</label>' in html
    assert "aria-describedby" not in _tag(html, "id_sector_0")


def test_checkboxes_render_as_a_fieldset_of_checkboxes():
    html = render_to_string("includes/checkboxes.html", {"field": PersonForm()["staff_groups"]})
    assert '<div class="checkboxes">' in html
    assert html.count('class="checkboxes__item"') == 2
    assert "(optional)" in html


def test_a_single_checkbox_has_its_label_after_the_box():
    html = render_to_string("includes/field.html", {"field": PersonForm()["agree"]})
    assert html.index('id="id_agree"') < html.index('<label class="checkboxes__label"')


def test_error_summary_links_each_error_to_its_field():
    form = PersonForm(data={"email": "nope"})
    form.is_valid()
    html = render_to_string("includes/error_summary.html", {"form": form})
    assert "data-autofocus" in html
    assert 'href="#id_full_name"' in html
    assert 'href="#id_email"' in html
    # Radios link to the first radio, the one that takes focus.
    assert 'href="#id_sector_0"' in html


def test_error_summary_is_empty_without_errors():
    assert render_to_string("includes/error_summary.html", {"form": PersonForm()}).strip() == ""


def test_a_model_form_gets_the_same_treatment():
    from breakaway.accounts.models import Organisation

    class OrganisationForm(AccessibleFormMixin, forms.ModelForm):
        autocomplete = {"name": "organization"}

        class Meta:
            model = Organisation
            fields = ["name", "sector", "address"]

    form = OrganisationForm(data={"name": ""})
    assert not form.is_valid()
    assert form.fields["sector"].widget.attrs["class"] == "select"
    assert form.fields["address"].widget.attrs["class"] == "textarea"
    name = str(form["name"])
    assert 'autocomplete="organization"' in name
    assert 'aria-invalid="true"' in name
