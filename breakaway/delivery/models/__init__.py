"""Delivery's models, one module per concern; others add theirs beside these.

* `staff`: the client's staff list (`StaffMember`) and its imports (`StaffImport`);
* `matrix`: the training matrix (`TrainingRequirement`): which roles need which course.
"""

from breakaway.delivery.models.matrix import TrainingRequirement
from breakaway.delivery.models.staff import StaffImport, StaffMember

__all__ = ["StaffImport", "StaffMember", "TrainingRequirement"]
