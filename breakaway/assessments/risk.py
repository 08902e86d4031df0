"""The risk profile: each risk area on a 5×5 likelihood × severity matrix, with reasons.

Pure Python. The scoring rules are ours, documented in docs/risk-profile.md; they are not a
validated instrument and the report says so.

`score_risks(context, profile, rules, adjustments=...)` reads the questionnaire (a
`RiskContext`) and, when there is one, the incident profile (`profiling.IncidentProfile`,
whose `by_area` holds the per-area counts the caller computed in SQL). Every risk area in
taxonomy.RISK_AREAS is always scored. The thresholds live in `RiskRules` (`DEFAULT_RULES`;
`RiskRules.from_dict` takes overrides from settings) and `describe_rules` says them in words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from fractions import Fraction
from itertools import pairwise
from types import MappingProxyType
from typing import Any

from breakaway.assessments.outcomes import outcomes_for
from breakaway.assessments.profiling import (
    MODERATE_OR_WORSE,
    SEVERE_OR_WORSE,
    AreaCounts,
    IncidentProfile,
    band_hours,
    label,
    rate_per_100_staff_year,
    round_half_up,
    share_down,
)
from breakaway.assessments.taxonomy import FLASHPOINTS, RISK_AREAS, SERVICE_USER_GROUPS


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


DISCLAIMER = (
    "These scores come from our own scoring rules, not a validated instrument. They "
    "organise your incident data and your answers to help plan training, and an advisor "
    "reviews them. Training reliably improves staff knowledge and confidence; the evidence "
    "that it reduces assaults is weak, so this profile is a guide to what to train, not a "
    "forecast."
)

LIKELIHOOD_WORDS = {1: "rare", 2: "unlikely", 3: "possible", 4: "likely", 5: "almost certain"}
SEVERITY_WORDS = {1: "negligible", 2: "minor", 3: "moderate", 4: "major", 5: "catastrophic"}

# Score bands by their highest score. Only products of 1–5 × 1–5 occur (1, 2, 3, 4, 5, 6,
# 8, 9, 10, 12, 15, 16, 20, 25); the bands are total over 1–25 so 7, 13 and 14, which
# cannot occur, still have a band: 1–3 low, 4–6 moderate, 8–12 high, 15–25 extreme.
SCORE_BANDS: tuple[tuple[str, int], ...] = (
    ("low", 3),
    ("moderate", 6),
    ("high", 12),
    ("extreme", 25),
)
# The overall level a quote uses, by the highest score: ≤ 6 low, 8–12 medium, ≥ 15 high.
OVERALL_LEVELS: tuple[tuple[str, int], ...] = (("low", 6), ("medium", 12), ("high", 25))


def band(score: int) -> str:
    """The band of a score 1–25: low, moderate, high or extreme."""
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 25:
        raise ValueError(f"A score is a whole number from 1 to 25, not {score!r}.")
    return next(name for name, top in SCORE_BANDS if score <= top)


def overall_level(highest_score: int) -> str:
    """The overall risk level from the highest area score: low, medium or high."""
    if isinstance(highest_score, bool) or not isinstance(highest_score, int):
        raise ValueError(f"A score is a whole number from 1 to 25, not {highest_score!r}.")
    if not 1 <= highest_score <= 25:
        raise ValueError(f"A score is a whole number from 1 to 25, not {highest_score!r}.")
    return next(name for name, top in OVERALL_LEVELS if highest_score <= top)


# ----------------------------------------------------------------------------------------
# What the incident data says about each area, in words a client reads

_AREA_PHRASES = {
    "verbal_aggression": "{be} verbal abuse",
    "threatening_behaviour": "{be} threatening behaviour",
    "grabs_and_holds": "involved a grab, hold or hair pull",
    "strangles_and_headlocks": "involved a strangle or headlock",
    "strikes_and_kicks": "involved a punch, slap, kick, head-butt or push",
    "weapons_and_objects": "involved a weapon or a thrown object",
    "spitting_and_biting": "involved spitting, biting or scratching",
    "sexual_aggression": "{be} sexual assault or harassment",
    "lone_and_community_working": "happened on a home visit or in the community",
    "restrictive_intervention": "happened in seclusion or an extra-care area",
}

# Why each area carries at least some severity, whatever the harm grades say.
_AREA_NATURE = {
    "verbal_aggression": "Verbal abuse can cause real distress and can escalate",
    "threatening_behaviour": "Threats cause fear and distress and can turn into assault",
    "grabs_and_holds": "Grabs and holds can cause bruising, strains and falls",
    "strangles_and_headlocks": "Strangles and headlocks can restrict breathing or blood "
    "flow within seconds",
    "strikes_and_kicks": "Punches, kicks and head-butts can cause injuries such as cuts "
    "and fractures",
    "weapons_and_objects": "Weapons and thrown objects can cause serious injury",
    "spitting_and_biting": "Bites and scratches can break the skin, and spitting is "
    "degrading and distressing",
    "sexual_aggression": "Sexual assault and harassment cause serious harm to the person targeted",
    "lone_and_community_working": "Staff working alone have no colleague at hand to help "
    "or raise the alarm",
    "restrictive_intervention": "Restraint and other restrictive interventions carry risks "
    "of serious harm to the person held and to staff",
}

DEFAULT_SEVERITY_FLOORS: dict[str, int] = {
    "verbal_aggression": 2,
    "threatening_behaviour": 2,
    "grabs_and_holds": 2,
    "strangles_and_headlocks": 4,
    "strikes_and_kicks": 3,
    "weapons_and_objects": 4,
    "spitting_and_biting": 2,
    "sexual_aggression": 3,
    "lone_and_community_working": 3,
    "restrictive_intervention": 4,
}

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _date(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _period(start: date, end: date) -> str:
    if start == end:
        return f"on {_date(start)}"
    return f"from {_date(start)} to {_date(end)}"


def _place(location: str) -> str:
    return label("location_type", location) if location.strip() else "location not recorded"


def _pct(part: int, whole: int) -> str:
    """'38%' (half up); 'under 1%' and 'over 99%' rather than a misleading 0% or 100%."""
    if whole <= 0 or part <= 0:
        return "0%"
    if part >= whole:
        return "100%"
    value = (200 * part + whole) // (2 * whole)
    if value == 0:
        return "under 1%"
    if value == 100:
        return "over 99%"
    return f"{value}%"


def _rate_words(rate: Fraction) -> str:
    rounded = round_half_up(rate, 1)
    if rounded < 0.1:
        return "less than 0.1"
    return f"{rounded:,.1f}"


def _quoted(codes: frozenset[str], labels: Mapping[str, str]) -> str:
    names = [f'"{labels[c]}"' for c in sorted(codes, key=lambda c: list(labels).index(c))]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# ----------------------------------------------------------------------------------------
# What the answers say: signals that raise an area's likelihood


@dataclass(frozen=True)
class Signal:
    """An answer that raises the likelihood of some areas to at least a level."""

    id: str
    areas: tuple[str, ...]
    default_level: int
    description: str  # for describe_rules: what in the answers triggers it
    detect: Callable[[RiskContext], str | None]  # the client's sentence, or None


_FRUSTRATION = frozenset(
    {
        "waiting_times",
        "refusals",
        "bad_news",
        "leave_decisions",
        "money_and_benefits",
        "exclusions",
        "visiting",
        "smoking_restrictions",
    }
)
_PUBLIC_FACING = {
    "reception": "reception and waiting areas",
    "emergency_department": "an emergency department",
    "office": "offices and public counters",
}


def _when(
    test: Callable[[RiskContext], bool], sentence: str
) -> Callable[[RiskContext], str | None]:
    return lambda c: sentence if test(c) else None


def _group(code: str) -> Callable[[RiskContext], str | None]:
    sentence = f"You support {_lower_first(SERVICE_USER_GROUPS[code])} (from your answers)."
    return _when(lambda c: code in c.service_user_groups, sentence)


def _intoxication(c: RiskContext) -> str | None:
    named = "intoxication" in c.flashpoints
    supports = "substance_use" in c.service_user_groups
    if named and supports:
        return (
            "You support people who use drugs or alcohol and named intoxication as a "
            "flashpoint (from your answers)."
        )
    if named:
        return "You named intoxication with drugs or alcohol as a flashpoint (from your answers)."
    if supports:
        return "You support people who use drugs or alcohol (from your answers)."
    return None


def _frustration(c: RiskContext) -> str | None:
    named = c.flashpoints & _FRUSTRATION
    if not named:
        return None
    noun = "a flashpoint" if len(named) == 1 else "flashpoints"
    return f"You named {_quoted(named, FLASHPOINTS)} as {noun} (from your answers)."


def _public_facing(c: RiskContext) -> str | None:
    found = [words for code, words in _PUBLIC_FACING.items() if code in c.environments]
    if not found:
        return None
    places = found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]
    return f"Staff work face to face with the public in {places} (from your answers)."


SIGNALS: tuple[Signal, ...] = (
    Signal(
        "lone_working_often",
        ("lone_and_community_working",),
        4,
        "staff often work alone",
        _when(lambda c: c.lone_working == "often", "Staff often work alone (from your answers)."),
    ),
    Signal(
        "lone_working_sometimes",
        ("lone_and_community_working",),
        3,
        "staff sometimes work alone",
        _when(
            lambda c: c.lone_working == "sometimes",
            "Staff sometimes work alone (from your answers).",
        ),
    ),
    Signal(
        "home_visits",
        ("lone_and_community_working",),
        3,
        "staff make home visits",
        _when(
            lambda c: "home_visits" in c.environments,
            "Staff make home visits (from your answers).",
        ),
    ),
    Signal(
        "community_settings",
        ("lone_and_community_working",),
        3,
        "staff work in community settings",
        _when(
            lambda c: "community" in c.environments,
            "Staff work in community settings (from your answers).",
        ),
    ),
    Signal(
        "restrictive_intervention_used",
        ("restrictive_intervention",),
        4,
        "staff use restrictive interventions",
        _when(
            lambda c: c.restrictive_intervention_used,
            "Staff use restrictive interventions such as restraint (from your answers).",
        ),
    ),
    Signal(
        "restraint_flashpoint",
        ("restrictive_intervention",),
        4,
        "restraint or physical intervention is named as a flashpoint",
        _when(
            lambda c: "restraint" in c.flashpoints,
            'You named "Restraint or physical intervention" as a flashpoint (from your answers).',
        ),
    ),
    Signal(
        "secure_unit",
        ("restrictive_intervention",),
        3,
        "staff work in secure or locked units",
        _when(
            lambda c: "secure_unit" in c.environments,
            "Staff work in secure or locked units (from your answers).",
        ),
    ),
    Signal(
        "intoxication",
        ("strikes_and_kicks", "spitting_and_biting"),
        3,
        "intoxication is named as a flashpoint, or the people supported use drugs or alcohol",
        _intoxication,
    ),
    Signal(
        "dementia",
        ("grabs_and_holds", "spitting_and_biting"),
        3,
        "the people supported include people living with dementia or delirium",
        _group("dementia"),
    ),
    Signal(
        "learning_disability",
        ("grabs_and_holds", "spitting_and_biting"),
        3,
        "the people supported include people with learning disabilities or autism",
        _group("learning_disability"),
    ),
    Signal(
        "children",
        ("grabs_and_holds", "spitting_and_biting"),
        3,
        "the people supported include children and young people",
        _group("children"),
    ),
    Signal(
        "personal_care",
        ("grabs_and_holds",),
        3,
        "personal care is named as a flashpoint",
        _when(
            lambda c: "personal_care" in c.flashpoints,
            'You named "Personal care" as a flashpoint (from your answers).',
        ),
    ),
    Signal(
        "frustration_flashpoints",
        ("verbal_aggression", "threatening_behaviour"),
        3,
        "waiting, refusals, bad news, leave decisions, money, sanctions, visiting or smoking "
        "restrictions are named as flashpoints",
        _frustration,
    ),
    Signal(
        "public_facing",
        ("verbal_aggression", "threatening_behaviour"),
        3,
        "staff work in reception, an emergency department or at public counters",
        _public_facing,
    ),
    Signal(
        "mental_health_inpatient",
        ("strikes_and_kicks",),
        3,
        "the people supported include people with mental ill-health on inpatient or secure wards",
        _when(
            lambda c: (
                "mental_health" in c.service_user_groups
                and bool(c.environments & {"inpatient_ward", "secure_unit"})
            ),
            "You support people with mental ill-health on inpatient or secure wards "
            "(from your answers).",
        ),
    ),
)

SIGNALS_BY_ID = {s.id: s for s in SIGNALS}


# ----------------------------------------------------------------------------------------
# The rules


def _exact(value: float | int) -> Fraction:
    """A threshold as the decimal a person wrote (0.1 is exactly one tenth)."""
    return Fraction(str(value))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_level(value: Any, low: int = 1) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= 5


def _rising(values: Any, count: int, *, top: float | None) -> bool:
    if not isinstance(values, tuple) or len(values) != count:
        return False
    if not all(_is_number(v) and math.isfinite(v) and v > 0 for v in values):
        return False
    if top is not None and any(v > top for v in values):
        return False
    return all(a <= b for a, b in pairwise(values))


@dataclass(frozen=True)
class RiskRules:
    """Every threshold the scoring uses. Validated on creation; see docs/risk-profile.md."""

    # An area's share of all incidents at or above these → likelihood 3, 4, 5.
    share_levels: tuple[float, float, float] = (0.10, 0.25, 0.50)
    # An area's incidents per 100 staff per year at or above these → likelihood 3, 4, 5.
    rate_levels: tuple[float, float, float] = (2.0, 10.0, 25.0)
    # With fewer incidents than this in an area, its share alone lifts likelihood to 3 at most.
    min_incidents_for_share: int = 5
    # Likelihood where there is no incident data (before the answers raise it).
    no_data_likelihood: int = 1
    # Share of an area's harm-graded incidents that were moderate or worse → severity 3, 4.
    moderate_harm_levels: tuple[float, float] = (0.05, 0.20)
    # Share that were severe or death at or above this → severity 5 (any severe → 4).
    severe_share_for_5: float = 0.10
    # The least severity of each area, from its nature.
    severity_floors: Mapping[str, int] = field(
        default_factory=lambda: dict(DEFAULT_SEVERITY_FLOORS)
    )
    # Likelihood each answer signal raises its areas to (0 turns a signal off).
    signal_levels: Mapping[str, int] = field(
        default_factory=lambda: {s.id: s.default_level for s in SIGNALS}
    )
    # "Recent serious incidents" in the answers raises these areas' severity to this.
    serious_incidents_severity: int = 4
    serious_incident_areas: tuple[str, ...] = ("strikes_and_kicks", "weapons_and_objects")

    def __post_init__(self) -> None:
        def fail(message: str) -> None:
            raise ValueError(f"Risk rules: {message}")

        for name in ("share_levels", "rate_levels", "moderate_harm_levels"):
            value = getattr(self, name)
            if isinstance(value, list):
                object.__setattr__(self, name, tuple(value))
        if isinstance(self.serious_incident_areas, list | set | frozenset):
            object.__setattr__(self, "serious_incident_areas", tuple(self.serious_incident_areas))

        if not _rising(self.share_levels, 3, top=1):
            fail(
                "share_levels must be 3 rising fractions above 0 and at most 1, "
                "e.g. [0.1, 0.25, 0.5]."
            )
        if not _rising(self.rate_levels, 3, top=None):
            fail("rate_levels must be 3 rising numbers above 0, e.g. [2, 10, 25].")
        if not _rising(self.moderate_harm_levels, 2, top=1):
            fail("moderate_harm_levels must be 2 rising fractions above 0 and at most 1.")
        if not (
            _is_number(self.severe_share_for_5)
            and math.isfinite(self.severe_share_for_5)
            and 0 < self.severe_share_for_5 <= 1
        ):
            fail("severe_share_for_5 must be a fraction above 0 and at most 1.")
        if not (
            isinstance(self.min_incidents_for_share, int)
            and not isinstance(self.min_incidents_for_share, bool)
            and self.min_incidents_for_share >= 1
        ):
            fail("min_incidents_for_share must be a whole number of at least 1.")
        if not _is_level(self.no_data_likelihood):
            fail("no_data_likelihood must be a whole number from 1 to 5.")
        if not _is_level(self.serious_incidents_severity):
            fail("serious_incidents_severity must be a whole number from 1 to 5.")
        if not isinstance(self.serious_incident_areas, tuple) or any(
            a not in RISK_AREAS for a in self.serious_incident_areas
        ):
            fail(f"serious_incident_areas must be risk areas from: {', '.join(RISK_AREAS)}.")

        if not isinstance(self.severity_floors, Mapping):
            fail("severity_floors must map risk areas to levels 1–5.")
        floors = {**DEFAULT_SEVERITY_FLOORS, **self.severity_floors}
        for key, value in floors.items():
            if key not in RISK_AREAS:
                fail(f"severity_floors has an unknown risk area {key!r}.")
            if not _is_level(value):
                fail(f"severity_floors[{key!r}] must be a whole number from 1 to 5.")
        object.__setattr__(self, "severity_floors", MappingProxyType(floors))

        if not isinstance(self.signal_levels, Mapping):
            fail("signal_levels must map signal ids to levels 0–5.")
        levels = {**{s.id: s.default_level for s in SIGNALS}, **self.signal_levels}
        for key, value in levels.items():
            if key not in SIGNALS_BY_ID:
                fail(
                    f"signal_levels has an unknown signal {key!r}; "
                    f"known: {', '.join(SIGNALS_BY_ID)}."
                )
            if not _is_level(value, low=0):
                fail(f"signal_levels[{key!r}] must be a whole number from 0 (off) to 5.")
        object.__setattr__(self, "signal_levels", MappingProxyType(levels))

    @classmethod
    def from_dict(cls, overrides: Mapping[str, Any] | None) -> RiskRules:
        """The default rules with `overrides` applied (e.g. from a Django setting).

        Keys are the field names; lists become tuples; `severity_floors` and `signal_levels`
        may name only the entries they change. Raises ValueError on anything unknown or out
        of range.
        """
        if not overrides:
            return DEFAULT_RULES
        if not isinstance(overrides, Mapping):
            raise ValueError("Risk rules: overrides must be a mapping of rule names to values.")
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(overrides) - names)
        if unknown:
            raise ValueError(
                f"Risk rules: unknown setting {', '.join(unknown)}; "
                f"known: {', '.join(sorted(names))}."
            )
        values: dict[str, Any] = {}
        for key, value in overrides.items():
            if key in ("severity_floors", "signal_levels"):
                if not isinstance(value, Mapping):
                    raise ValueError(f"Risk rules: {key} must be a mapping.")
                values[key] = {**getattr(DEFAULT_RULES, key), **value}
            elif isinstance(value, list):
                values[key] = tuple(value)
            else:
                values[key] = value
        return replace(DEFAULT_RULES, **values)

    def to_dict(self) -> dict[str, Any]:
        return {
            "share_levels": list(self.share_levels),
            "rate_levels": list(self.rate_levels),
            "min_incidents_for_share": self.min_incidents_for_share,
            "no_data_likelihood": self.no_data_likelihood,
            "moderate_harm_levels": list(self.moderate_harm_levels),
            "severe_share_for_5": self.severe_share_for_5,
            "severity_floors": dict(self.severity_floors),
            "signal_levels": dict(self.signal_levels),
            "serious_incidents_severity": self.serious_incidents_severity,
            "serious_incident_areas": list(self.serious_incident_areas),
        }


DEFAULT_RULES = RiskRules()


def _fmt(value: float) -> str:
    return f"{value:g}"


def _pct_threshold(value: float) -> str:
    return f"{float(_exact(value) * 100):g}%"


def _area_names(areas: tuple[str, ...]) -> str:
    names = [f'"{RISK_AREAS[a]}"' for a in areas]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def describe_rules(rules: RiskRules = DEFAULT_RULES) -> list[str]:
    """The rules in sentences, for the report and the API."""
    s3, s4, s5 = (_pct_threshold(v) for v in rules.share_levels)
    r3, r4, r5 = (_fmt(v) for v in rules.rate_levels)
    m3, m4 = (_pct_threshold(v) for v in rules.moderate_harm_levels)
    lines = [
        "These are our own scoring rules, not a validated instrument; an advisor reviews "
        "every profile.",
        "Each risk area gets a likelihood from 1 (rare) to 5 (almost certain) and a severity "
        "from 1 (negligible) to 5 (catastrophic); its score is likelihood × severity.",
        "Scores of 1–3 are low, 4–6 moderate, 8–12 high and 15–25 extreme. The overall level "
        "is low when the highest score is 6 or less, medium at 8–12 and high at 15 or more.",
        "Likelihood from the incident log: an area with no incidents starts at 1, with any at "
        f"2. It rises to 3, 4 or 5 when the area's share of all incidents reaches {s3}, {s4} "
        f"or {s5}, or when its incidents per 100 staff a year reach {r3}, {r4} or {r5}. With "
        f"fewer than {rules.min_incidents_for_share} incidents, the share alone lifts it no "
        "higher than 3.",
        f"Without incident data, likelihood starts at {rules.no_data_likelihood} and only "
        "your answers raise it.",
        "Your answers can raise likelihood but never lower it, as follows.",
    ]
    for s in SIGNALS:
        level = rules.signal_levels[s.id]
        if level > 0:
            lines.append(f"When {s.description}: {_area_names(s.areas)} at least {level}.")
    lines.append(
        "Severity starts from the nature of each area, at least: "
        + "; ".join(f'"{RISK_AREAS[a]}" {rules.severity_floors[a]}' for a in RISK_AREAS)
        + "."
    )
    lines.append(
        "Harm recorded in an area's incidents raises its severity: any death, or severe harm "
        f"or death in {_pct_threshold(rules.severe_share_for_5)} or more of those with a harm "
        f"grade, gives 5; any severe harm, or moderate harm or worse in {m4} or more, gives 4; "
        f"moderate or worse in {m3} or more gives 3; any harm gives 2."
    )
    if rules.serious_incident_areas:
        lines.append(
            "When you tell us about recent serious incidents, the severity of "
            + _area_names(rules.serious_incident_areas)
            + f" is at least {rules.serious_incidents_severity}."
        )
    lines.append(
        "An advisor can change any area's likelihood and severity, giving a reason; the "
        "computed score stays visible beside the change."
    )
    return lines


# ----------------------------------------------------------------------------------------
# Scoring


@dataclass(frozen=True)
class Adjustment:
    likelihood: int
    severity: int
    reason: str

    @property
    def score(self) -> int:
        return self.likelihood * self.severity


@dataclass(frozen=True)
class OutcomeLink:
    id: str
    title: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "reason": self.reason}


@dataclass(frozen=True)
class AreaRisk:
    """One risk area: computed likelihood and severity, any adjustment, and why."""

    id: str
    name: str
    computed_likelihood: int
    computed_severity: int
    evidence: Mapping[str, Any]
    reasons: tuple[str, ...]
    outcomes: tuple[OutcomeLink, ...]
    adjustment: Adjustment | None = None

    @property
    def likelihood(self) -> int:
        return self.adjustment.likelihood if self.adjustment else self.computed_likelihood

    @property
    def severity(self) -> int:
        return self.adjustment.severity if self.adjustment else self.computed_severity

    @property
    def score(self) -> int:
        return self.likelihood * self.severity

    @property
    def band(self) -> str:
        return band(self.score)

    @property
    def computed_score(self) -> int:
        return self.computed_likelihood * self.computed_severity

    def all_reasons(self) -> list[str]:
        reasons = list(self.reasons)
        if self.adjustment:
            a = self.adjustment
            reasons.append(
                f"Your advisor set likelihood {a.likelihood} × severity {a.severity} = "
                f"{a.score} ({band(a.score)}) in place of the computed "
                f"{self.computed_likelihood} × {self.computed_severity} = "
                f"{self.computed_score}: {a.reason}"
            )
        return reasons

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "likelihood": self.likelihood,
            "severity": self.severity,
            "score": self.score,
            "band": self.band,
            "computed": {
                "likelihood": self.computed_likelihood,
                "severity": self.computed_severity,
                "score": self.computed_score,
                "band": band(self.computed_score),
            },
            "adjusted": self.adjustment is not None,
            "adjustment": (
                {
                    "likelihood": self.adjustment.likelihood,
                    "severity": self.adjustment.severity,
                    "score": self.adjustment.score,
                    "band": band(self.adjustment.score),
                    "reason": self.adjustment.reason,
                }
                if self.adjustment
                else None
            ),
            "evidence": dict(self.evidence),
            "reasons": self.all_reasons(),
            "outcomes": [o.to_dict() for o in self.outcomes],
        }


@dataclass(frozen=True)
class RiskProfile:
    """All ten risk areas, scored. `to_dict()` is GET …/needs-assessments/{id}/risk-profile."""

    areas: tuple[AreaRisk, ...]  # in taxonomy.RISK_AREAS order
    rules: RiskRules
    incident_profile: IncidentProfile | None = None

    @property
    def has_incident_data(self) -> bool:
        return self.incident_profile is not None and self.incident_profile.total > 0

    @property
    def highest_score(self) -> int:
        return max(a.score for a in self.areas)

    @property
    def overall_level(self) -> str:
        return overall_level(self.highest_score)

    def area(self, area_id: str) -> AreaRisk:
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def ranked(self) -> list[AreaRisk]:
        """Highest score first, then by id."""
        return sorted(self.areas, key=lambda a: (-a.score, a.id))

    def to_dict(self) -> dict[str, Any]:
        p = self.incident_profile
        return {
            "overall_level": self.overall_level,
            "highest_score": self.highest_score,
            "areas": [a.to_dict() for a in self.ranked()],
            "rules": describe_rules(self.rules),
            "rule_settings": self.rules.to_dict(),
            "disclaimer": DISCLAIMER,
            "incident_data": self.has_incident_data,
            "period": (
                {"from": p.period_from.isoformat(), "to": p.period_to.isoformat(), "days": p.days}
                if p is not None
                else None
            ),
            "flashpoints": [f.to_dict() for f in p.flashpoints] if p is not None else [],
        }


def _check_adjustment(area: str, likelihood: Any, severity: Any, reason: Any) -> Adjustment:
    if area not in RISK_AREAS:
        raise ValueError(f"Unknown risk area {area!r}.")
    if not _is_level(likelihood) or not _is_level(severity):
        raise ValueError(f"{area}: likelihood and severity must be whole numbers from 1 to 5.")
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError(f"{area}: an adjustment needs a reason.")
    return Adjustment(likelihood, severity, reason.strip())


def adjust(
    profile: RiskProfile, area: str, likelihood: int, severity: int, reason: str
) -> RiskProfile:
    """`profile` with an advisor's adjustment to one area; the computed score stays visible."""
    adjustment = _check_adjustment(area, likelihood, severity, reason)
    areas = tuple(replace(a, adjustment=adjustment) if a.id == area else a for a in profile.areas)
    return replace(profile, areas=areas)


def _level_from(value: Fraction, thresholds: tuple[float, ...], first: int) -> int:
    """first-1 plus the number of thresholds reached: thresholds map to first, first+1, …"""
    level = first - 1
    for step, threshold in enumerate(thresholds):
        if value >= _exact(threshold):
            level = first + step
    return level


def _harm_severity(counts: AreaCounts, rules: RiskRules) -> int | None:
    recorded = counts.harm_recorded
    if not recorded:
        return None
    deaths = counts.harm.get("death", 0)
    severe = sum(counts.harm.get(c, 0) for c in SEVERE_OR_WORSE)
    moderate = sum(counts.harm.get(c, 0) for c in MODERATE_OR_WORSE)
    harmed = recorded - counts.harm.get("none", 0)
    if deaths or Fraction(severe, recorded) >= _exact(rules.severe_share_for_5):
        return 5
    if severe:
        return 4
    level = _level_from(Fraction(moderate, recorded), rules.moderate_harm_levels, 3)
    if level >= 3:
        return level
    return 2 if harmed else 1


def score_risks(
    context: RiskContext,
    profile: IncidentProfile | None,
    rules: RiskRules = DEFAULT_RULES,
    adjustments: Mapping[str, tuple[int, int, str]] | None = None,
) -> RiskProfile:
    """Score every risk area from the answers and, where there is some, the incident data.

    Raises ValueError when the profile has incidents but no `by_area` counts, or an
    adjustment is malformed (unknown area, a level outside 1–5, an empty reason).
    """
    checked = {area: _check_adjustment(area, *value) for area, value in (adjustments or {}).items()}
    has_data = profile is not None and profile.total > 0
    if profile is not None and has_data and profile.by_area is None:
        raise ValueError(
            "The incident profile has incidents but no counts per risk area (by_area); "
            "build them with profiling.area_counts_from_rows."
        )
    headcount = None
    if profile is not None and profile.headcount is not None:
        headcount = profile.headcount
    elif context.headcount is not None:
        headcount = context.headcount

    fired: list[tuple[Signal, str]] = []
    for signal in SIGNALS:
        sentence = signal.detect(context)
        if sentence and rules.signal_levels[signal.id] > 0:
            fired.append((signal, sentence))

    areas = []
    for area_id, name in RISK_AREAS.items():
        reasons: list[str] = []
        evidence: dict[str, Any] = {"incident_data": has_data}

        # Likelihood from the incidents, or the starting point without them.
        if profile is not None and profile.by_area is not None and has_data:
            counts = profile.by_area.get(area_id, AreaCounts())
            base, data_reasons, data_evidence = _from_incidents(
                area_id, counts, profile, headcount, rules
            )
            reasons.extend(data_reasons)
            evidence.update(data_evidence)
        else:
            counts = AreaCounts()
            base = rules.no_data_likelihood
            if profile is None:
                reasons.append(
                    "No incident log was provided, so this rating relies on your answers."
                )
            else:
                reasons.append(
                    "The incident log has no incidents "
                    f"{_period(profile.period_from, profile.period_to)}, so this rating relies "
                    "on your answers."
                )

        # The answers raise it.
        mine = [(s, text) for s, text in fired if area_id in s.areas]
        from_answers = max((rules.signal_levels[s.id] for s, _ in mine), default=0)
        reasons.extend(text for _, text in mine)
        likelihood = max(base, from_answers)
        evidence["signals"] = [s.id for s, _ in mine]
        evidence["likelihood_from_answers"] = from_answers or None
        if has_data:
            if likelihood > base:
                reasons.append(
                    f"The incident data alone puts likelihood at {base} of 5; your answers "
                    f"raise it to {likelihood} ({LIKELIHOOD_WORDS[likelihood]})."
                )
            else:
                reasons.append(
                    f"The incident data puts likelihood at {likelihood} of 5 "
                    f"({LIKELIHOOD_WORDS[likelihood]})."
                )
        elif likelihood > base:
            reasons.append(
                f"Your answers put likelihood at {likelihood} of 5 "
                f"({LIKELIHOOD_WORDS[likelihood]})."
            )
        else:
            reasons.append(
                f"With no incident data and no answer pointing to this risk, we start "
                f"likelihood at {base} of 5 ({LIKELIHOOD_WORDS[base]})."
            )

        # Severity: the nature of the area, the harm recorded, and serious incidents.
        floor = rules.severity_floors[area_id]
        from_harm = _harm_severity(counts, rules) if has_data else None
        from_serious = (
            rules.serious_incidents_severity
            if context.recent_serious_incidents and area_id in rules.serious_incident_areas
            else None
        )
        severity = max(floor, from_harm or 0, from_serious or 0)
        reasons.append(f"{_AREA_NATURE[area_id]}, so we rate severity at least {floor} of 5.")
        if from_harm is not None and from_harm > floor:
            reasons.append(
                f"The harm recorded raises severity to {from_harm} of 5 "
                f"({SEVERITY_WORDS[from_harm]})."
            )
        if from_serious is not None:
            reasons.append(
                "You told us about recent serious incidents (from your answers), so we rate "
                f"severity at least {from_serious} of 5."
            )
        evidence["severity_floor"] = floor
        evidence["severity_from_harm"] = from_harm
        evidence["severity_from_answers"] = from_serious

        score = likelihood * severity
        reasons.append(
            f"Our rules give likelihood {likelihood} × severity {severity} = {score} "
            f"({band(score)})."
        )
        outcomes = tuple(
            OutcomeLink(o.id, o.title, o.addresses[area_id]) for o in outcomes_for(area_id)
        )
        areas.append(
            AreaRisk(
                id=area_id,
                name=name,
                computed_likelihood=likelihood,
                computed_severity=severity,
                evidence=evidence,
                reasons=tuple(reasons),
                outcomes=outcomes,
                adjustment=checked.get(area_id),
            )
        )
    return RiskProfile(areas=tuple(areas), rules=rules, incident_profile=profile)


def _from_incidents(
    area_id: str,
    counts: AreaCounts,
    profile: IncidentProfile,
    headcount: int | None,
    rules: RiskRules,
) -> tuple[int, list[str], dict[str, Any]]:
    """Likelihood from one area's incidents, the sentences that quote them, the evidence."""
    total, n = profile.total, counts.count
    period = _period(profile.period_from, profile.period_to)
    phrase = _AREA_PHRASES[area_id].format(be="was" if n == 1 else "were")
    noun = "incident" if total == 1 else "incidents"
    reasons: list[str] = []
    share = Fraction(n, total)
    rate = rate_per_100_staff_year(n, headcount, profile.days)
    evidence: dict[str, Any] = {
        "incidents": n,
        "total_incidents": total,
        "share": share_down(n, total),
        "headcount": headcount,
        "rate_per_100_staff_year": None if rate is None else round_half_up(rate, 2),
        "harm": dict(counts.harm),
        "harm_recorded": counts.harm_recorded,
        "moderate_or_worse": sum(counts.harm.get(c, 0) for c in MODERATE_OR_WORSE),
        "severe_or_worse": sum(counts.harm.get(c, 0) for c in SEVERE_OR_WORSE),
        "top_flashpoint": None,
    }
    if not n:
        reasons.append(f"Of the {total:,} {noun} in the log {period}, none {phrase}.")
        evidence["likelihood_from_incidents"] = 1
        return 1, reasons, evidence

    reasons.append(f"{n:,} of {total:,} {noun} in the log {period} ({_pct(n, total)}) {phrase}.")
    from_share = _level_from(share, rules.share_levels, 3)
    if n < rules.min_incidents_for_share:
        from_share = min(from_share, 3)
    from_rate = 0
    if rate is not None:
        from_rate = _level_from(rate, rules.rate_levels, 3)
        reasons.append(
            f"That is about {_rate_words(rate)} a year for every 100 staff "
            f"(headcount {headcount:,})."
        )
    top = counts.top_flashpoint
    if top is not None and top.count:
        start, end = band_hours(top.time_band)
        reasons.append(
            f"{_pct(top.count, n).capitalize()} of these ({top.count:,} of {n:,}) happened in "
            f"one place and time band: {_place(top.location)}, "
            f"{start}–{end}."
        )
        evidence["top_flashpoint"] = {**top.to_dict(), "share": share_down(top.count, n)}
    recorded = counts.harm_recorded
    if not recorded:
        reasons.append("No harm grade was recorded for any of these.")
    else:
        worse = evidence["moderate_or_worse"]
        severe = counts.harm.get("severe", 0)
        deaths = counts.harm.get("death", 0)
        if not worse:
            reasons.append(
                f"Of the {recorded:,} with a harm grade recorded, none caused moderate harm "
                "or worse."
            )
        else:
            sentence = (
                f"Of the {recorded:,} with a harm grade recorded, {worse:,} "
                f"({_pct(worse, recorded)}) caused moderate harm or worse"
            )
            extra = []
            if severe:
                extra.append(f"{severe:,} with severe harm")
            if deaths:
                extra.append(f"{deaths:,} recorded as a death")
            if extra:
                sentence += ", including " + " and ".join(extra)
            reasons.append(sentence + ".")
    likelihood = max(2, from_share, from_rate)
    evidence["likelihood_from_incidents"] = likelihood
    return likelihood, reasons, evidence
