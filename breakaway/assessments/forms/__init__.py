"""The needs assessment's question pages, and the advisor's review form.

Each page is a `QuestionForm`: it validates one page of answers and turns them into the
JSON stored under its section's id in `NeedsAssessment.answers` (and back again). The
sections that group the pages are in `assessments/questionnaire.py`.

The package: `base` (the choices, field helpers, `QuestionForm` and `SummaryRow`), the
question pages by section in `sections_organisation` (1 to 4), `sections_history` (5 to 7)
and `sections_requirements` (8 to 11), and the advisor's `ReviewForm` in `review`.
"""

from breakaway.assessments.forms.base import (
    EARLIEST_YEAR,
    INCIDENT_DATA,
    LONE_WORKING,
    MAX_HEADCOUNT,
    MAX_SITES,
    MAX_STAFF_GROUPS,
    MAX_TEXT,
    NONE,
    NOT_ANSWERED,
    PHYSICAL_LEVEL_HINTS,
    PHYSICAL_LEVELS,
    REFRESHER_INTERVALS,
    SHIFT_PATTERNS,
    STAFF_NUMBER_MESSAGES,
    TRAINING,
    YES_NO,
    YES_NO_DONT_KNOW,
    YES_NO_DRAFT,
    YES_NO_NOT_SURE,
    QuestionForm,
    SummaryRow,
)
from breakaway.assessments.forms.review import (
    ReviewForm,
)
from breakaway.assessments.forms.sections_history import (
    FlashpointsForm,
    RefreshedForm,
    RefresherIntervalForm,
    RestrictiveInterventionForm,
    RiddorForm,
    SeriousIncidentsForm,
    TrainingForm,
    had_training,
)
from breakaway.assessments.forms.sections_organisation import (
    EnvironmentsForm,
    HomeVisitsForm,
    LoneWorkingForm,
    SectorForm,
    ServiceUserGroupsForm,
    SettingForm,
    SizeForm,
    StaffGroupsForm,
)
from breakaway.assessments.forms.sections_requirements import (
    IncidentDataForm,
    LimitationsForm,
    PhysicalLevelForm,
    PoliciesForm,
    StandardsForm,
    VenueForm,
)

__all__ = [
    "EARLIEST_YEAR",
    "INCIDENT_DATA",
    "LONE_WORKING",
    "MAX_HEADCOUNT",
    "MAX_SITES",
    "MAX_STAFF_GROUPS",
    "MAX_TEXT",
    "NONE",
    "NOT_ANSWERED",
    "PHYSICAL_LEVELS",
    "PHYSICAL_LEVEL_HINTS",
    "REFRESHER_INTERVALS",
    "SHIFT_PATTERNS",
    "STAFF_NUMBER_MESSAGES",
    "TRAINING",
    "YES_NO",
    "YES_NO_DONT_KNOW",
    "YES_NO_DRAFT",
    "YES_NO_NOT_SURE",
    "EnvironmentsForm",
    "FlashpointsForm",
    "HomeVisitsForm",
    "IncidentDataForm",
    "LimitationsForm",
    "LoneWorkingForm",
    "PhysicalLevelForm",
    "PoliciesForm",
    "QuestionForm",
    "RefreshedForm",
    "RefresherIntervalForm",
    "RestrictiveInterventionForm",
    "ReviewForm",
    "RiddorForm",
    "SectorForm",
    "SeriousIncidentsForm",
    "ServiceUserGroupsForm",
    "SettingForm",
    "SizeForm",
    "StaffGroupsForm",
    "StandardsForm",
    "SummaryRow",
    "TrainingForm",
    "VenueForm",
    "had_training",
]
