"""Forms for the staff list (search and filters, one person by hand, the upload and its
confirmation) and the training matrix."""

from __future__ import annotations

from typing import Any, Final

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from breakaway.accounts.models import Organisation, Site
from breakaway.core.forms import AccessibleForm, AccessibleModelForm
from breakaway.courses.models import CourseDesign
from breakaway.delivery.models import StaffMember, TrainingRequirement
from breakaway.delivery.selectors import StaffFilterChoices, StaffFilters

MAX_UPLOAD_BYTES: Final = 20 * 1024 * 1024
ACCEPTED_FILES: Final = ".csv,.txt,.tsv,.xlsx,.xlsm,.xls,.ods"
DATE_FORMATS: Final = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATE_ERROR: Final = _("Enter the date as day, month and year, like 27/11/2026")


def _date_field(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        help_text=help_text or _("For example, 27/11/2026"),
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "numeric"}),
        error_messages={"invalid": DATE_ERROR},
    )


class StaffFilterForm(AccessibleForm):
    """The staff list's search box and filters (GET)."""

    q = forms.CharField(label=_("Search by name, e-mail or employee number"), required=False)
    site = forms.ChoiceField(label=_("Site"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    archived = forms.BooleanField(label=_("Show archived people instead"), required=False)

    def __init__(self, *args: Any, choices: StaffFilterChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self._choose("site", every + choices.sites)
        self._choose("team", every + [(t, t) for t in choices.teams])
        self._choose("role", every + [(r, r) for r in choices.roles])

    def _choose(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        if isinstance(field, forms.ChoiceField):
            field.choices = choices

    def filters(self) -> StaffFilters:
        if not self.is_valid():
            return StaffFilters()
        data = self.cleaned_data
        return StaffFilters(
            search=data["q"].strip(),
            site=data["site"],
            team=data["team"],
            role=data["role"],
            archived=data["archived"],
        )


class StaffMemberForm(AccessibleModelForm):
    """One person, added or changed by hand."""

    autocomplete = {"first_name": "off", "last_name": "off", "email": "off"}

    start_date = _date_field(_("Start date"))
    leaving_date = _date_field(
        _("Leaving date"),
        _("For example, 27/11/2026. The next import archives people whose leaving date has come."),
    )

    class Meta:
        model = StaffMember
        fields = [
            "first_name",
            "last_name",
            "employee_number",
            "email",
            "role",
            "site",
            "site_name",
            "team",
            "start_date",
            "leaving_date",
        ]
        labels = {
            "email": _("Work e-mail address"),
            "site": _("Site"),
            "site_name": _("Or the site's name, if it is not listed"),
        }
        help_texts = {
            "employee_number": _("As your HR system has it, so that imports recognise them."),
            "email": _("Leave blank if they have no work e-mail address."),
            "role": _("Their job title as your HR system writes it, like “Staff Nurse”."),
            "team": _("Their ward, department or team."),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        site = self.fields["site"]
        site.queryset = Site.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        site.empty_label = _("Not listed")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("first_name", "").strip() or data.get("last_name", "").strip()):
            self.add_error("first_name", _("Enter the person's first name or last name"))
        number = (data.get("employee_number") or "").strip()
        if number:
            clash = StaffMember.objects.filter(
                organisation=self.instance.organisation, employee_number=number
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "employee_number",
                    _("Someone else on your staff list has this employee number"),
                )
        start, leaving = data.get("start_date"), data.get("leaving_date")
        if start and leaving and leaving < start:
            self.add_error("leaving_date", _("The leaving date must be after the start date"))
        return data

    def validate_unique(self) -> None:
        # The employee number's clash has its own message above.
        pass


class StaffUploadForm(AccessibleForm):
    file = forms.FileField(
        label=_("Upload your staff list"),
        help_text=_(
            "A CSV or Excel file (.csv or .xlsx) exported from your HR system, such as ESR, "
            "up to 20 MB. One row for each person, with their name; report titles above the "
            "column headings are fine."
        ),
        error_messages={
            "required": _("Choose the file with your staff list"),
            "empty": _("The file you chose is empty: export the staff list again and upload that"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s: the largest we can take is 20 MB. Export only the "
                    "columns you need, and upload that"
                )
                % {"size": filesizeformat(upload.size)}
            )
        return upload


class StaffConfirmForm(AccessibleForm):
    """Confirming an import; with rows that have errors, whether to import the others."""

    on_errors = forms.ChoiceField(
        label=_("Some rows have errors. What do you want to do?"),
        choices=[
            ("skip", _("Import the other rows now, and leave out the rows with errors")),
            ("stop", _("Import nothing: I will fix the file and upload it again")),
        ],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"required": _("Choose what to do with the rows that have errors")},
    )

    def __init__(self, *args: Any, has_errors: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_errors = has_errors
        if has_errors:
            self.fields["on_errors"].required = True
        else:
            del self.fields["on_errors"]


class TrainingRequirementForm(AccessibleModelForm):
    """One line of the training matrix."""

    class Meta:
        model = TrainingRequirement
        fields = ["role", "course_name", "course_design", "refresher_months"]
        labels = {
            "role": _("Role"),
            "course_name": _("Course they need"),
            "course_design": _("The course design that delivers it"),
            "refresher_months": _("Refresher every (months)"),
        }
        help_texts = {
            "course_name": _("Like “Breakaway and de-escalation”. Shown on the matrix."),
            "course_design": _(
                "Optional: certificates from this course count towards the requirement."
            ),
            "refresher_months": _("How often the course must be taken again: usually 12."),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        design = self.fields["course_design"]
        design.queryset = CourseDesign.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        design.empty_label = _("None chosen")  # type: ignore[attr-defined]
        design.label_from_instance = lambda d: f"{d} ({d.created_at:%d/%m/%Y})"  # type: ignore[attr-defined]
        self.fields["course_name"].required = False
        # Suggests the roles on the staff list (the page renders the datalist).
        self.fields["role"].widget.attrs["list"] = "staff-roles"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("course_name") or "").strip() and not data.get("course_design"):
            self.add_error("course_name", _("Enter the name of the course this role needs"))
        return data
