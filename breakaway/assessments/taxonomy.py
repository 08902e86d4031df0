"""Our taxonomy for incident values, and how the words real exports use map onto it.

Pure Python. Exports from incident systems (Datix-style reports, local spreadsheets) name
the same thing many ways; `classify` maps a raw value onto our code, or None when it cannot
tell. Unknown values are kept beside the code, never dropped, and a person can map them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIELDS = ("category", "harm", "location_type", "assault_form", "perpetrator_type")
# The code stored for a value an export gave but we could not map (the raw value is kept).
UNRECOGNISED = "unrecognised"


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    # Whole normalised values that mean this term, and words that suggest it inside a value.
    synonyms: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


CATEGORIES = (
    Term(
        "physical_assault",
        "Physical assault",
        (
            "physical assault",
            "assault physical",
            "physical",
            "assault",
            "violence physical",
            "physical violence",
            "assault on staff",
            "physical assault on staff",
        ),
        ("physical", "assault", "hit", "punch", "kick", "bite", "spat", "spit", "push", "slap"),
    ),
    Term(
        "verbal_abuse",
        "Verbal abuse",
        (
            "verbal abuse",
            "verbal",
            "verbal aggression",
            "abuse verbal",
            "verbal assault",
            "verbal threats abuse",
            "verbal threat",
        ),
        ("verbal", "swear", "shout", "abusive language", "insult"),
    ),
    Term(
        "threatening_behaviour",
        "Threatening behaviour",
        (
            "threatening behaviour",
            "threatening behavior",
            "threat",
            "threats",
            "intimidation",
            "aggressive behaviour",
            "aggression",
            "non physical assault",
        ),
        ("threat", "intimidat", "aggressive", "menac"),
    ),
    Term(
        "sexual_assault",
        "Sexual assault or harassment",
        (
            "sexual assault",
            "sexual harassment",
            "sexual",
            "inappropriate touching",
            "sexual behaviour",
            "sexual safety",
        ),
        ("sexual", "indecent", "groping"),
    ),
    Term(
        "hate_incident",
        "Hate incident",
        ("hate incident", "hate crime", "racial abuse", "racist abuse", "discriminatory abuse"),
        ("hate", "racis", "racial", "homophob", "discriminat"),
    ),
    Term(
        "antisocial_behaviour",
        "Antisocial behaviour",
        (
            "antisocial behaviour",
            "anti social behaviour",
            "asb",
            "nuisance",
            "disruptive behaviour",
        ),
        ("antisocial", "anti social", "disrupt", "nuisance"),
    ),
    Term(
        "damage_to_property",
        "Damage to property",
        ("damage to property", "criminal damage", "property damage", "vandalism"),
        ("damage", "vandal", "smash", "broke"),
    ),
    Term(
        "security",
        "Security",
        ("security", "theft", "trespass", "intruder", "lockdown"),
        ("security", "theft", "stolen", "trespass", "intruder"),
    ),
)

HARM = (
    Term(
        "none",
        "No harm",
        (
            "no harm",
            "none",
            "nil",
            "no injury",
            "near miss",
            "0",
            "no",
            "no harm caused",
            "not applicable",
        ),
        ("no harm", "near miss", "no injur"),
    ),
    Term(
        "low",
        "Low harm",
        (
            "low",
            "low harm",
            "minor",
            "minor harm",
            "minimal harm",
            "1",
            "slight",
            "minor injury",
            "first aid",
        ),
        ("low", "minor", "minimal", "first aid", "bruis", "scratch"),
    ),
    Term(
        "moderate",
        "Moderate harm",
        ("moderate", "moderate harm", "medium", "2", "significant", "moderate injury"),
        ("moderate", "medium"),
    ),
    Term(
        "severe",
        "Severe harm",
        (
            "severe",
            "severe harm",
            "major",
            "major harm",
            "serious",
            "3",
            "serious injury",
            "specified injury",
        ),
        ("severe", "major", "serious", "fracture", "hospital"),
    ),
    Term(
        "death",
        "Death",
        ("death", "catastrophic", "fatal", "4", "died"),
        ("death", "fatal", "catastroph", "died"),
    ),
)

LOCATION_TYPES = (
    Term(
        "bedroom",
        "Bedroom",
        ("bedroom", "patient bedroom", "bed space", "bay", "dormitory"),
        ("bedroom", "bed space", "bay"),
    ),
    Term(
        "corridor",
        "Corridor",
        ("corridor", "hallway", "hall", "stairs", "stairwell", "lift"),
        ("corridor", "hallway", "stair", "lift"),
    ),
    Term(
        "communal_area",
        "Lounge or communal area",
        (
            "lounge",
            "day room",
            "dayroom",
            "communal area",
            "activity room",
            "tv room",
            "dining room",
            "dining area",
        ),
        ("lounge", "day room", "dayroom", "communal", "dining", "activity"),
    ),
    Term(
        "reception",
        "Reception or waiting area",
        (
            "reception",
            "waiting area",
            "waiting room",
            "front desk",
            "entrance",
            "foyer",
            "emergency department waiting room",
            "triage",
        ),
        ("reception", "waiting", "front desk", "entrance", "foyer", "triage"),
    ),
    Term(
        "clinical_room",
        "Treatment or clinic room",
        (
            "treatment room",
            "clinic room",
            "clinical room",
            "consulting room",
            "cubicle",
            "clinic",
            "resus",
            "majors",
            "minors",
        ),
        ("treatment", "clinic", "consult", "cubicle", "resus", "majors"),
    ),
    Term(
        "nursing_station",
        "Nursing station or office",
        ("nursing station", "nurses station", "office", "staff office", "ward office"),
        ("nurs", "office", "station"),
    ),
    Term(
        "bathroom",
        "Bathroom or toilet",
        ("bathroom", "toilet", "toilets", "shower", "wc"),
        ("bathroom", "toilet", "shower"),
    ),
    Term(
        "seclusion",
        "Seclusion or extra-care area",
        ("seclusion", "seclusion room", "extra care area", "pica", "de escalation room"),
        ("seclusion", "extra care", "de escalation"),
    ),
    Term(
        "outdoors",
        "Garden, grounds or car park",
        ("garden", "grounds", "car park", "courtyard", "outside", "outdoors", "smoking area"),
        ("garden", "ground", "car park", "courtyard", "outside", "outdoor"),
    ),
    Term(
        "community",
        "Home visit or community",
        (
            "home visit",
            "community",
            "patient home",
            "service user home",
            "client home",
            "community visit",
            "street",
            "public place",
        ),
        ("home", "community", "visit", "street"),
    ),
    Term(
        "transport",
        "Vehicle or transport",
        ("vehicle", "ambulance", "transport", "car", "minibus", "taxi", "escort"),
        ("vehicle", "ambulance", "transport", "minibus", "taxi", "escort"),
    ),
    Term(
        "classroom",
        "Classroom",
        ("classroom", "class", "teaching room", "lesson"),
        ("classroom", "class", "lesson"),
    ),
    Term(
        "playground",
        "Playground",
        ("playground", "yard", "field", "sports hall"),
        ("playground", "yard", "sports"),
    ),
)

ASSAULT_FORMS = (
    Term(
        "grab",
        "Grab or hold",
        ("grab", "grabbed", "hold", "held", "grip", "wrist grab"),
        ("grab", "grip", "held", "hold", "pinch"),
    ),
    Term("hair_pull", "Hair pull", ("hair pull", "hair pulled", "hair grab"), ("hair",)),
    Term(
        "strangle",
        "Strangle or headlock",
        ("strangle", "choke", "headlock", "strangulation"),
        ("strangl", "chok", "headlock", "throat", "neck"),
    ),
    Term(
        "punch",
        "Punch or slap",
        ("punch", "punched", "slap", "slapped", "hit", "struck"),
        ("punch", "slap", "hit", "struck", "strike"),
    ),
    Term("kick", "Kick", ("kick", "kicked"), ("kick",)),
    Term(
        "headbutt", "Head-butt", ("headbutt", "head butt", "head butted"), ("head butt", "headbutt")
    ),
    Term("bite", "Bite", ("bite", "bitten", "bit"), ("bite", "bitten")),
    Term("scratch", "Scratch", ("scratch", "scratched"), ("scratch",)),
    Term("spit", "Spitting", ("spit", "spat", "spitting", "spat at"), ("spit", "spat")),
    Term(
        "push",
        "Push or shove",
        ("push", "pushed", "shove", "shoved", "barge"),
        ("push", "shove", "barge"),
    ),
    Term(
        "thrown_object",
        "Object thrown",
        ("thrown object", "object thrown", "throwing objects"),
        ("thrown", "throw"),
    ),
    Term(
        "weapon",
        "Weapon or object used",
        ("weapon", "knife", "blade", "improvised weapon"),
        ("weapon", "knife", "blade", "bat", "ligature"),
    ),
    Term(
        "sexual_touching",
        "Sexual touching",
        ("sexual touching", "groped", "inappropriate touch"),
        ("grop", "sexual"),
    ),
)

PERPETRATOR_TYPES = (
    Term(
        "service_user",
        "Patient or service user",
        (
            "patient",
            "service user",
            "resident",
            "client",
            "inpatient",
            "service user patient",
            "person in our care",
        ),
        ("patient", "service user", "resident", "client"),
    ),
    Term(
        "pupil",
        "Pupil or student",
        ("pupil", "student", "child", "young person"),
        ("pupil", "student", "child", "young person"),
    ),
    Term(
        "relative_visitor",
        "Relative or visitor",
        ("relative", "visitor", "family member", "carer", "parent", "relative visitor"),
        ("relative", "visitor", "family", "parent", "carer"),
    ),
    Term(
        "public",
        "Member of the public",
        ("public", "member of the public", "mop", "stranger"),
        ("public", "stranger"),
    ),
    Term(
        "colleague",
        "Colleague",
        ("colleague", "staff", "staff member", "employee", "contractor"),
        ("colleague", "staff", "employee", "contractor"),
    ),
)

TERMS: dict[str, tuple[Term, ...]] = {
    "category": CATEGORIES,
    "harm": HARM,
    "location_type": LOCATION_TYPES,
    "assault_form": ASSAULT_FORMS,
    "perpetrator_type": PERPETRATOR_TYPES,
}

LABELS: dict[str, dict[str, str]] = {
    field: {t.code: t.label for t in terms} for field, terms in TERMS.items()
}


def normalise(value: str) -> str:
    """Lower case, punctuation to spaces, single spaces: how synonyms are compared."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", value.casefold()).split())


_EXACT = {
    field: {normalise(s): t.code for t in terms for s in (*t.synonyms, t.label, t.code)}
    for field, terms in TERMS.items()
}


def classify(field: str, raw: str) -> str | None:
    """Our code for a raw value of `field`, or None when it is blank or not recognised."""
    value = normalise(raw)
    if not value:
        return None
    exact = _EXACT[field].get(value)
    if exact:
        return exact
    padded = f" {value} "
    for term in TERMS[field]:
        if any(_contains(padded, keyword) for keyword in term.keywords):
            return term.code
    return None


def classify_decided(decided: dict[tuple[str, str], str], field: str, raw: str) -> str | None:
    """Our code for a raw value: a person's decision for it first (keyed by field and
    normalised value), else the taxonomy's guess; None when neither knows it."""
    code = decided.get((field, normalise(raw)))
    return code if code is not None else classify(field, raw)


def _contains(padded: str, keyword: str) -> bool:
    # Keywords match at the start of a word ("kick" in "kicked", not "bat" in "combat").
    return f" {keyword}" in padded


# The risk areas are shared with the course designer: keep the ids stable.
RISK_AREAS = {
    "verbal_aggression": "Verbal aggression",
    "threatening_behaviour": "Threatening behaviour",
    "grabs_and_holds": "Grabs and holds",
    "strangles_and_headlocks": "Strangles and headlocks",
    "strikes_and_kicks": "Strikes and kicks",
    "weapons_and_objects": "Weapons and thrown objects",
    "spitting_and_biting": "Spitting and biting",
    "sexual_aggression": "Sexual aggression",
    "lone_and_community_working": "Lone and community working",
    "restrictive_intervention": "Restrictive intervention",
}

# The questionnaire's checklists. Codes are stable: the risk rules and reports read them.
SERVICE_USER_GROUPS = {
    "mental_health": "People with mental ill-health",
    "learning_disability": "People with learning disabilities or autism",
    "dementia": "People living with dementia or delirium",
    "substance_use": "People who use drugs or alcohol",
    "children": "Children and young people",
    "older_people": "Older people",
    "acute_patients": "Patients in acute or emergency care",
    "offenders": "People in the justice system",
    "homeless": "People who are homeless",
    "general_public": "Members of the public",
}

ENVIRONMENTS = {
    "inpatient_ward": "Inpatient wards",
    "secure_unit": "Secure or locked units",
    "emergency_department": "Emergency department",
    "reception": "Reception and waiting areas",
    "outpatient_clinic": "Clinics and consulting rooms",
    "residential_home": "Residential or care homes",
    "community": "Community settings",
    "home_visits": "Home visits",
    "transport": "Transport and escorts",
    "school": "Schools and classrooms",
    "office": "Offices and public counters",
}

FLASHPOINTS = {
    "waiting_times": "Waiting times and delays",
    "refusals": "Refusing a request",
    "intoxication": "Intoxication with drugs or alcohol",
    "medication_rounds": "Medication rounds",
    "restraint": "Restraint or physical intervention",
    "leave_decisions": "Decisions about leave or discharge",
    "bad_news": "Giving bad news",
    "personal_care": "Personal care",
    "admission": "Admission or arrival",
    "visiting": "Visiting times",
    "money_and_benefits": "Money, benefits or charges",
    "exclusions": "Exclusions, sanctions or consequences",
    "transitions": "Changes of routine or staff",
    "smoking_restrictions": "Smoking restrictions",
}

STANDARDS = {
    "rrn": "Restraint Reduction Network Training Standards",
    "cstf": "Core Skills Training Framework (conflict resolution)",
    "use_of_force_act": "Mental Health Units (Use of Force) Act 2018",
    "none": "None of these",
}
