"""Delivery's models, one module per concern; others add theirs beside these.

* `staff`: the client's staff list (`StaffMember`) and its imports (`StaffImport`);
* `matrix`: the training matrix (`TrainingRequirement`): which roles need which course;
* `roster`: groups, enrolments (with the waiting list and the outcome) and attendee links;
* `screening`: health screening before physical practice (special-category data);
* `day`: attendance, competence per technique, injuries and near misses in training;
* `certificates`: certificates and their expiry reminders.
"""

from breakaway.delivery.models.certificates import Certificate, CertificateReminder
from breakaway.delivery.models.day import Attendance, CompetenceRecord, TrainingIncident
from breakaway.delivery.models.matrix import TrainingRequirement
from breakaway.delivery.models.roster import AttendeeLink, Enrolment, TrainingGroup
from breakaway.delivery.models.screening import HealthScreening
from breakaway.delivery.models.staff import StaffImport, StaffMember

__all__ = [
    "Attendance",
    "AttendeeLink",
    "Certificate",
    "CertificateReminder",
    "CompetenceRecord",
    "Enrolment",
    "HealthScreening",
    "StaffImport",
    "StaffMember",
    "TrainingGroup",
    "TrainingIncident",
    "TrainingRequirement",
]
