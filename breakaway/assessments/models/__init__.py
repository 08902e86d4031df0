from breakaway.assessments.models.incidents import Incident, IncidentImport, ValueMapping
from breakaway.assessments.models.questionnaire import NeedsAssessment, RiskAdjustment

__all__ = ["Incident", "IncidentImport", "NeedsAssessment", "RiskAdjustment", "ValueMapping"]
