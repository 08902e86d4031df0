"""The risk profile: each risk area on a 5×5 likelihood × severity matrix, with reasons.

Pure Python. The scoring rules are ours, documented in docs/risk-profile.md; they are not a
validated instrument and the report says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RiskContext:
    """What the questionnaire says, in the terms the risk rules read.

    Codes come from `assessments.taxonomy` (SERVICE_USER_GROUPS, ENVIRONMENTS, FLASHPOINTS).
    """

    sector: str = ""
    service_user_groups: frozenset[str] = field(default_factory=frozenset)
    environments: frozenset[str] = field(default_factory=frozenset)
    lone_working: str = "never"  # never | sometimes | often
    flashpoints: frozenset[str] = field(default_factory=frozenset)
    restrictive_intervention_used: bool = False
    recent_serious_incidents: bool = False
    headcount: int | None = None
