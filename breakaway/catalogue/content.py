"""The catalogue Breakaway ships: our own summary, in plain English, awaiting legal review.

Pure data, written from PRODUCT.md (the course content) and /work/shared/domain/FACTS.md
(§1 law and standards, §5 techniques and screening). It is a summary for training, not legal
advice: every module ships as version 1 with no legal sign-off, and a named reviewer in each
installation signs it off (docs/catalogue.md).

The learning outcomes are the 18 in `assessments/outcomes.py`, imported rather than copied so
the risk profile and the catalogue never disagree. `load_catalogue` is called by the data
migration `0002_fill_catalogue` with the migration's historical models, so it touches only the
fields that exist at that migration; if a later schema change needs new content, add a new
`fill_` migration rather than changing what this loader writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from breakaway.assessments.outcomes import OUTCOMES

# Values shared with models.py (Phase, Intensity, Method), written here as plain values so the
# data migration never imports the live models.
LAW_AND_AWARENESS, DE_ESCALATION, BREAKAWAY_PRACTICE, SCENARIOS, REVIEW = 1, 2, 3, 4, 5
NONE, LIGHT, MODERATE, HIGH = 0, 1, 2, 3
LECTURE, QA, PHYSICAL, SCENARIO = "lecture", "qa", "physical_practice", "scenario_rehearsal"

# Trainer qualifications, as plain labels the rota can match against a trainer's records.
CONFLICT_TRAINER = "Level 3 Award in Delivery of Conflict Management Training"
BREAKAWAY_INSTRUCTOR = "Breakaway / physical-intervention instructor"
FIRST_AID = "First aid"
QUALIFICATIONS = (CONFLICT_TRAINER, BREAKAWAY_INSTRUCTOR, FIRST_AID)

# The PAR-Q-style questions asked before physical practice (FACTS §5). A technique lists the
# ones that matter for it; a "yes" means the trainer agrees adapted participation or watching.
SCREENING: dict[str, str] = {
    "heart": "Heart condition",
    "chest_pain": "Chest pain during physical activity",
    "dizziness": "Dizziness, fainting or loss of balance",
    "bone_joint_back": "Bone, joint or back problems",
    "heart_bp_medicine": "Medicine for blood pressure or a heart condition",
    "pregnancy": "Pregnancy",
    "other": "Any other condition or recent injury that physical activity could make worse",
}

# Tags for the standards a module serves. The Use of Force Act topics are the s5 list (a)–(k)
# and NICE NG10's are its training topics (FACTS §1.6, §1.4). The CSTF conflict-resolution
# learning outcomes could not be verified (FACTS §1.3), so that tag claims no alignment yet.
STANDARDS: dict[str, str] = {
    "uof-s5-involving-patients": "Use of Force Act s5: involving patients",
    "uof-s5-wishes-and-feelings": "Use of Force Act s5: patients' wishes and feelings",
    "uof-s5-diversity": "Use of Force Act s5: respecting diversity",
    "uof-s5-non-discrimination": "Use of Force Act s5: avoiding discrimination",
    "uof-s5-techniques-to-avoid-force": "Use of Force Act s5: techniques to avoid or reduce force",
    "uof-s5-risks-of-force": "Use of Force Act s5: the risks of using force",
    "uof-s5-trauma": "Use of Force Act s5: trauma",
    "uof-s5-impact-on-health": "Use of Force Act s5: impact on mental and physical health",
    "uof-s5-impact-on-development": "Use of Force Act s5: impact on development",
    "uof-s5-safety": "Use of Force Act s5: patient and public safety",
    "uof-s5-legal-and-ethical": "Use of Force Act s5: legal and ethical issues",
    "nice-ng10-person-centred": "NICE NG10: person-centred values",
    "nice-ng10-mental-health-and-violence": "NICE NG10: mental health and violence",
    "nice-ng10-why-behaviour-escalates": "NICE NG10: assessing why behaviour escalates",
    "nice-ng10-de-escalation": "NICE NG10: de-escalation",
    "nice-ng10-restrictive-interventions": "NICE NG10: using restrictive interventions safely",
    "nice-ng10-debrief": "NICE NG10: debrief and post-incident review",
    "cstf-conflict-resolution": "CSTF conflict resolution (alignment to be confirmed)",
}

# The law and duty of care are in every course, whatever else is chosen.
ALWAYS_MANDATORY = ("law-and-force", "duty-of-care")
SHIPPED_CHANGE_NOTE = (
    "Shipped with Breakaway: our own summary for training, not legal advice. "
    "Awaiting legal review in this installation."
)


@dataclass(frozen=True)
class TechniqueSpec:
    code: str
    name: str
    group: str
    intensity: int
    screening: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class ModuleSpec:
    code: str
    title: str
    phase: int
    summary: str
    outcomes: tuple[str, ...]
    minutes: int
    intensity: int
    methods: tuple[str, ...]
    qualifications: tuple[str, ...]
    equipment: str
    venue: str
    risk_areas: tuple[str, ...]
    standards: tuple[str, ...] = ()
    techniques: tuple[str, ...] = ()
    risk_controls: str = ""
    mandatory: bool = False


# Techniques (FACTS §5) ---------------------------------------------------------------------------

_LIGHT = ("bone_joint_back", "other")
_MOVING = ("dizziness", "bone_joint_back", "other")
_HIGH = tuple(SCREENING)

TECHNIQUES: tuple[TechniqueSpec, ...] = (
    TechniqueSpec(
        "stance-and-safe-hands",
        "Stance and safe hands",
        "foundations",
        LIGHT,
        _LIGHT,
        "A relaxed, side-on stance with open hands held in front of the body: it looks calm, "
        "keeps you balanced and puts your hands where they can protect your head and body.",
    ),
    TechniqueSpec(
        "moving-away",
        "Moving away to safety",
        "foundations",
        LIGHT,
        _MOVING,
        "Stepping back and away towards an exit or help as soon as you are free, without "
        "turning your back on the person until you have distance.",
    ),
    TechniqueSpec(
        "wrist-grab-same-side",
        "Wrist grab, one hand, same side",
        "grabs",
        MODERATE,
        ("bone_joint_back", "other"),
        "Releasing a one-handed grab to your wrist from the hand opposite it, by turning "
        "your wrist against the gap between the thumb and fingers and stepping away.",
    ),
    TechniqueSpec(
        "wrist-grab-cross",
        "Wrist grab, one hand, across the body",
        "grabs",
        MODERATE,
        ("bone_joint_back", "other"),
        "Releasing a one-handed grab that reaches across the body to your wrist, using the "
        "same principle: work against the thumb, not against the strength of the grip.",
    ),
    TechniqueSpec(
        "wrist-grab-two-hands",
        "Two hands on one wrist",
        "grabs",
        MODERATE,
        ("bone_joint_back", "other"),
        "Releasing a grab where both of the other person's hands hold one of your wrists, "
        "using your free hand to help and your body, not just your arm.",
    ),
    TechniqueSpec(
        "both-wrists-held",
        "Both wrists held",
        "grabs",
        MODERATE,
        ("bone_joint_back", "other"),
        "Releasing both wrists when each is held by one of the other person's hands, one at "
        "a time or together, then moving out of reach.",
    ),
    TechniqueSpec(
        "upper-arm-grab",
        "Upper arm grab",
        "grabs",
        MODERATE,
        ("bone_joint_back", "other"),
        "Releasing a grab to the upper arm or elbow, from the front or the side, by turning "
        "the arm and body away from the grip and stepping away.",
    ),
    TechniqueSpec(
        "clothing-grab-front",
        "Clothing or collar grab from the front",
        "clothing_hair",
        MODERATE,
        ("bone_joint_back", "pregnancy", "other"),
        "Releasing a grab to your clothing, collar or lanyard from the front, first "
        "securing the hand so it cannot pull you off balance.",
    ),
    TechniqueSpec(
        "clothing-grab-behind",
        "Clothing or collar grab from behind",
        "clothing_hair",
        MODERATE,
        ("bone_joint_back", "pregnancy", "other"),
        "Releasing a grab to your clothing or collar from behind, turning to face the "
        "person only as far as you need to get free and move away.",
    ),
    TechniqueSpec(
        "hair-grab-front",
        "Hair grab from the front",
        "clothing_hair",
        MODERATE,
        ("dizziness", "bone_joint_back", "other"),
        "Protecting your head and neck from a hair grab from the front by holding the "
        "grabbing hand against your head to take away the pull, then releasing it.",
    ),
    TechniqueSpec(
        "hair-grab-behind",
        "Hair grab from behind",
        "clothing_hair",
        MODERATE,
        ("dizziness", "bone_joint_back", "other"),
        "The same protection for a hair grab from behind: secure the hand to take away the "
        "pull, turn, release and move away.",
    ),
    TechniqueSpec(
        "strangle-front",
        "Strangle from the front",
        "strangles",
        HIGH,
        _HIGH,
        "Protecting your airway first, then breaking a two-handed hold on the neck from the "
        "front and moving away at once.",
    ),
    TechniqueSpec(
        "strangle-against-wall",
        "Strangle against a wall",
        "strangles",
        HIGH,
        _HIGH,
        "Releasing a hold on the neck while pinned against a wall or door, where stepping "
        "back is not possible, and moving along the wall to get away.",
    ),
    TechniqueSpec(
        "strangle-behind",
        "Strangle from behind",
        "strangles",
        HIGH,
        _HIGH,
        "Protecting your airway from an arm or hands around the neck from behind, then "
        "turning out of the hold and moving away.",
    ),
    TechniqueSpec(
        "side-headlock",
        "Side headlock",
        "strangles",
        HIGH,
        _HIGH,
        "Protecting your airway and neck when an arm is wrapped around your head from the "
        "side (sometimes called a side head chancery), then releasing and moving away.",
    ),
    TechniqueSpec(
        "bear-hug-front-arms-free",
        "Bear hug from the front, arms free",
        "bear_hugs",
        HIGH,
        _HIGH,
        "Making space and releasing a hold around your body from the front when your arms are "
        "free, then moving away.",
    ),
    TechniqueSpec(
        "bear-hug-front-arms-held",
        "Bear hug from the front, arms held",
        "bear_hugs",
        HIGH,
        _HIGH,
        "Making space and releasing a hold around your body from the front that traps your "
        "arms, by lowering your weight and working one arm free.",
    ),
    TechniqueSpec(
        "bear-hug-behind-arms-free",
        "Bear hug from behind, arms free",
        "bear_hugs",
        HIGH,
        _HIGH,
        "Releasing a hold around your body from behind when your arms are free, keeping your "
        "balance and turning out of it.",
    ),
    TechniqueSpec(
        "bear-hug-behind-arms-held",
        "Bear hug from behind, arms held",
        "bear_hugs",
        HIGH,
        _HIGH,
        "Releasing a hold from behind that traps your arms, by lowering your weight, making "
        "space and turning out of it.",
    ),
    TechniqueSpec(
        "bite-release",
        "Release from a bite",
        "bites",
        MODERATE,
        ("bone_joint_back", "other"),
        "Getting free of a bite with the least harm: not pulling straight away, which can "
        "tear the skin, but releasing the hold and then moving away.",
    ),
    TechniqueSpec(
        "scratch-protection",
        "Protecting against scratching",
        "bites",
        LIGHT,
        ("other",),
        "Protecting your face and eyes from scratching and grabbing at the face, keeping the "
        "forearms up and turning away, then moving out of reach.",
    ),
    TechniqueSpec(
        "punch-deflection",
        "Deflecting a punch or slap",
        "strikes",
        MODERATE,
        _MOVING,
        "Moving your head and body off the line of a punch or slap and guiding it away with "
        "open hands and forearms, then using the moment to get away.",
    ),
    TechniqueSpec(
        "head-butt-avoidance",
        "Avoiding a head-butt",
        "strikes",
        MODERATE,
        _MOVING,
        "Keeping a safe distance and a side-on stance so a head-butt is less likely to land, "
        "and turning the head and body away if one comes.",
    ),
    TechniqueSpec(
        "kick-deflection",
        "Avoiding and deflecting a kick",
        "strikes",
        MODERATE,
        ("dizziness", "bone_joint_back", "pregnancy", "other"),
        "Stepping off the line of a kick, standing or from someone on the floor, and "
        "protecting the legs and body while you move out of range.",
    ),
    TechniqueSpec(
        "floor-protection",
        "Protecting yourself on the floor",
        "floor",
        HIGH,
        _HIGH,
        "If you are knocked to the floor: protecting your head, using your legs to keep the "
        "person at a distance and turning to face them. Practised on mats only.",
    ),
    TechniqueSpec(
        "strangle-on-ground",
        "Strangle on the ground",
        "floor",
        HIGH,
        _HIGH,
        "Protecting your airway and releasing a hold on the neck while you are on the floor, "
        "then getting up and away. Practised on mats only.",
    ),
    TechniqueSpec(
        "getting-up-safely",
        "Getting up safely from the floor",
        "floor",
        HIGH,
        _HIGH,
        "Getting back on your feet from the floor while still protecting yourself, and "
        "moving away. Practised on mats only.",
    ),
)


# Modules -----------------------------------------------------------------------------------------

_TALK_VENUE = "A training room with seating for the group."
_TALK_EQUIPMENT = "A screen or handouts with the key points; a flip chart for questions."
_MOVE_VENUE = "A room with enough clear floor for the whole group to stand and move in pairs."
_PHYSICAL_VENUE = (
    "A room big enough to move in: a clear, non-slip floor, furniture moved to the walls, and "
    "space for each pair to work well apart from the next."
)
_PHYSICAL_EQUIPMENT = (
    "First-aid kit; drinking water; the group's screening list; a screen or handouts for the "
    "demonstration points."
)
_FLOOR_EQUIPMENT = _PHYSICAL_EQUIPMENT + " Mats covering the whole practice area."
_LIGHT_CONTROLS = (
    "Check the group's screening answers before the movement drills; anyone may watch "
    "instead of taking part.\n"
    "Clear bags, cables and other trip hazards from the floor."
)
_PHYSICAL_CONTROLS = (
    "Check every attendee's screening answers before practice, and agree adapted "
    "participation or watching with anyone who answered yes to a question that matters for "
    "the technique.\n"
    "Warm up first. Remove watches, jewellery, lanyards and anything in pockets.\n"
    "Agree a stop word and a tap-out: anyone may stop at any time, and practice stops at once.\n"
    "Practise slowly in pairs of similar size, building speed only when the release is "
    "clean.\n"
    "The trainer watches every pair. Record any training injury in the injury log."
)
_CONFLICT = (CONFLICT_TRAINER,)
_LIGHT_TRAINERS = (CONFLICT_TRAINER, FIRST_AID)
_PHYSICAL_TRAINERS = (CONFLICT_TRAINER, BREAKAWAY_INSTRUCTOR, FIRST_AID)

MODULES: tuple[ModuleSpec, ...] = (
    # Law and awareness
    ModuleSpec(
        code="law-and-force",
        title="The law on self-defence and reasonable force at work",
        phase=LAW_AND_AWARENESS,
        summary=(
            "What the law allows when you protect yourself or others at work, in plain words. "
            "Force must be reasonable in the circumstances as you honestly believed them to "
            "be, even if you were mistaken, and never out of proportion to the danger. Covers "
            "common-law self-defence, the Criminal Law Act 1967 s3 and the Criminal Justice "
            "and Immigration Act 2008 s76: you are not expected to weigh your response to a "
            "nicety, and doing only what you honestly and instinctively thought necessary is "
            "strong evidence that it was reasonable. Why getting away is usually the safest "
            "choice. In schools, it also covers the power of authorised staff to use "
            "reasonable force (Education and Inspections Act 2006 s93). This is our summary "
            "for training, not legal advice."
        ),
        outcomes=("law-reasonable-force",),
        minutes=45,
        intensity=NONE,
        methods=(LECTURE, QA),
        qualifications=_CONFLICT,
        equipment=_TALK_EQUIPMENT,
        venue=_TALK_VENUE,
        # A module "addresses" a risk area when it trains staff to handle it; the law frames
        # every physical area but does not teach how to get free, so it claims only these.
        risk_areas=("restrictive_intervention", "weapons_and_objects"),
        standards=("uof-s5-legal-and-ethical", "cstf-conflict-resolution"),
        mandatory=True,
    ),
    ModuleSpec(
        code="duty-of-care",
        title="Duty of care and risk management",
        phase=LAW_AND_AWARENESS,
        summary=(
            "What your employer must do to protect you from violence at work — assess the "
            "risks, including foreseeable violence, and provide safe ways of working, "
            "information, instruction, training and supervision (Health and Safety at Work "
            "etc. Act 1974; Management of Health and Safety at Work Regulations 1999) — and "
            "what you must do in return. How this sits beside your duty of care to the people "
            "you support and to colleagues, and how risk assessments, care plans and local "
            "policies turn it into daily practice. Abuse, threats and assaults, verbal "
            "included, all count as work-related violence."
        ),
        outcomes=("duty-of-care",),
        minutes=30,
        intensity=NONE,
        methods=(LECTURE, QA),
        qualifications=_CONFLICT,
        equipment=_TALK_EQUIPMENT,
        venue=_TALK_VENUE,
        # Duty of care sets the frame for every risk but teaches no skill for a particular
        # one: it claims only the areas it does teach (risk assessment, lone working plans).
        risk_areas=("lone_and_community_working", "restrictive_intervention"),
        standards=("uof-s5-safety", "uof-s5-legal-and-ethical", "cstf-conflict-resolution"),
        mandatory=True,
    ),
    ModuleSpec(
        code="dignity-and-rights",
        title="Dignity, rights and trauma-informed practice",
        phase=LAW_AND_AWARENESS,
        summary=(
            "Keeping the dignity, rights and wishes of the people you support at the centre "
            "of how you respond: involving them in plans, respecting difference and avoiding "
            "discrimination. How past trauma can shape behaviour, and how to avoid responses "
            "that frighten or re-traumatise."
        ),
        outcomes=("dignity-rights",),
        minutes=40,
        intensity=NONE,
        methods=(LECTURE, QA),
        qualifications=_CONFLICT,
        equipment=_TALK_EQUIPMENT,
        venue=_TALK_VENUE,
        risk_areas=("verbal_aggression", "threatening_behaviour", "restrictive_intervention"),
        standards=(
            "uof-s5-involving-patients",
            "uof-s5-wishes-and-feelings",
            "uof-s5-diversity",
            "uof-s5-non-discrimination",
            "uof-s5-trauma",
            "nice-ng10-person-centred",
        ),
    ),
    ModuleSpec(
        code="restrictive-practice",
        title="Restrictive practice and its risks",
        phase=LAW_AND_AWARENESS,
        summary=(
            "What counts as restrictive practice — physical, mechanical or chemical "
            "restraint, and isolation — the risks it carries for the person and for staff, "
            "and the ways to avoid or reduce it. Where the Mental Health Units (Use of Force) "
            "Act 2018 applies, the topics its training must cover. This module is knowledge "
            "only: it does not teach restraint."
        ),
        outcomes=("restrictive-practice",),
        minutes=45,
        intensity=NONE,
        methods=(LECTURE, QA),
        qualifications=_CONFLICT,
        equipment=_TALK_EQUIPMENT,
        venue=_TALK_VENUE,
        risk_areas=("restrictive_intervention",),
        standards=(
            "uof-s5-techniques-to-avoid-force",
            "uof-s5-risks-of-force",
            "uof-s5-impact-on-health",
            "uof-s5-impact-on-development",
            "uof-s5-legal-and-ethical",
            "nice-ng10-restrictive-interventions",
        ),
    ),
    ModuleSpec(
        code="recognising-escalation",
        title="Recognising escalation: the assault cycle and early cues",
        phase=LAW_AND_AWARENESS,
        summary=(
            "How a situation often builds towards violence and calms down again: a trigger, "
            "rising tension, a crisis, recovery and a low point afterwards (the assault cycle, "
            "described in our own words). The early cues to watch for — a fixed stare, a "
            "louder or changing voice, signs of anxiety, muttering and pacing — and the "
            "common triggers of distress and anger: waiting, refusals, pain, fear, confusion "
            "and changes of routine. What each stage asks of you."
        ),
        outcomes=("recognise-escalation", "behaviour-awareness"),
        minutes=45,
        intensity=NONE,
        methods=(LECTURE, QA),
        qualifications=_CONFLICT,
        equipment=_TALK_EQUIPMENT,
        venue=_TALK_VENUE,
        risk_areas=(
            "verbal_aggression",
            "threatening_behaviour",
            "strikes_and_kicks",
            "weapons_and_objects",
            "sexual_aggression",
        ),
        standards=(
            "nice-ng10-why-behaviour-escalates",
            "nice-ng10-mental-health-and-violence",
            "cstf-conflict-resolution",
        ),
    ),
    ModuleSpec(
        code="body-signals",
        title="Body signals and personal space",
        phase=LAW_AND_AWARENESS,
        summary=(
            "Reading the other person's body language and managing your own: face, hands, "
            "posture and breathing; how close is too close; and a relaxed, open stance that "
            "keeps you safe without looking threatening. Short movement drills to practise "
            "distance and a side-on stance."
        ),
        outcomes=("body-signals-space",),
        minutes=30,
        intensity=LIGHT,
        methods=(LECTURE, QA, PHYSICAL),
        qualifications=_LIGHT_TRAINERS,
        equipment="A clear space for pairs to stand and move.",
        venue=_MOVE_VENUE,
        risk_areas=("threatening_behaviour", "strikes_and_kicks"),
        standards=("uof-s5-techniques-to-avoid-force", "cstf-conflict-resolution"),
        techniques=("stance-and-safe-hands",),
        risk_controls=_LIGHT_CONTROLS,
    ),
    ModuleSpec(
        code="lone-working",
        title="Lone working and home visits",
        phase=LAW_AND_AWARENESS,
        summary=(
            "Planning a lone visit: what to find out before you go, who knows where you are "
            "and when you are due back, how to raise the alarm, where to park and where to "
            "sit, and recognising when to end a visit and leave. Covers the employer's duty "
            "to assess lone-working risks and the habits that keep community staff safe."
        ),
        outcomes=("lone-working", "dynamic-risk-assessment"),
        minutes=45,
        intensity=NONE,
        methods=(LECTURE, QA),
        qualifications=_CONFLICT,
        equipment=_TALK_EQUIPMENT,
        venue=_TALK_VENUE,
        risk_areas=("threatening_behaviour", "sexual_aggression", "lone_and_community_working"),
        standards=("uof-s5-safety", "cstf-conflict-resolution"),
    ),
    # De-escalation
    ModuleSpec(
        code="verbal-de-escalation",
        title="Verbal de-escalation",
        phase=DE_ESCALATION,
        summary=(
            "Using your voice, words, listening and body language to lower the temperature: "
            "acknowledging feelings, setting limits respectfully, offering real choices and "
            "giving the other person a way to step back without losing face. Practised in "
            "short spoken exchanges before the longer scenarios."
        ),
        outcomes=("de-escalation",),
        minutes=60,
        intensity=NONE,
        methods=(LECTURE, QA, SCENARIO),
        qualifications=_CONFLICT,
        equipment=_TALK_EQUIPMENT,
        venue=_TALK_VENUE,
        risk_areas=(
            "verbal_aggression",
            "threatening_behaviour",
            "sexual_aggression",
            "restrictive_intervention",
        ),
        standards=(
            "nice-ng10-de-escalation",
            "uof-s5-techniques-to-avoid-force",
            "cstf-conflict-resolution",
        ),
        risk_controls=(
            "The exchanges are talk only, with no physical contact.\n"
            "Agree a word that stops a role-play at once, and check in afterwards with anyone "
            "it has upset."
        ),
    ),
    ModuleSpec(
        code="dynamic-risk-assessment",
        title="Dynamic risk assessment and choosing options",
        phase=DE_ESCALATION,
        summary=(
            "Weighing up a situation as it changes — the person, the place, objects that "
            "could be picked up or thrown, who can help — and choosing the option that keeps "
            "everyone safest: talk, wait, withdraw, call for help or, only when danger cannot "
            "be avoided another way, break away. Introduces the NEAR order: Negotiate, Exit, "
            "Assistance, Reasonable force."
        ),
        outcomes=("dynamic-risk-assessment",),
        minutes=40,
        intensity=NONE,
        methods=(LECTURE, QA, SCENARIO),
        qualifications=_CONFLICT,
        equipment=_TALK_EQUIPMENT,
        venue=_TALK_VENUE,
        risk_areas=(
            "threatening_behaviour",
            "weapons_and_objects",
            "lone_and_community_working",
            "restrictive_intervention",
        ),
        standards=(
            "uof-s5-techniques-to-avoid-force",
            "uof-s5-safety",
            "cstf-conflict-resolution",
        ),
        risk_controls="Scenarios are talked through, with no physical contact.",
    ),
    ModuleSpec(
        code="positioning-and-exits",
        title="Positioning, exits and escape routes",
        phase=DE_ESCALATION,
        summary=(
            "Setting up a room and placing yourself so that you always have a way out: "
            "noticing exits and obstacles as you arrive, keeping the door on your side, not "
            "getting cornered, and leaving calmly and safely. Practised by walking the "
            "training room as if it were a ward, a classroom or a client's home."
        ),
        outcomes=("positioning-exits",),
        minutes=30,
        intensity=LIGHT,
        methods=(LECTURE, PHYSICAL),
        qualifications=_LIGHT_TRAINERS,
        equipment="Chairs and a table to stand for the furniture of a real room.",
        venue=_MOVE_VENUE,
        risk_areas=(
            "threatening_behaviour",
            "strikes_and_kicks",
            "weapons_and_objects",
            "sexual_aggression",
            "lone_and_community_working",
        ),
        standards=(
            "uof-s5-techniques-to-avoid-force",
            "uof-s5-safety",
            "cstf-conflict-resolution",
        ),
        techniques=("stance-and-safe-hands", "moving-away"),
        risk_controls=_LIGHT_CONTROLS,
    ),
    ModuleSpec(
        code="intoxication-and-confusion",
        title="Working with people who are intoxicated or confused",
        phase=DE_ESCALATION,
        summary=(
            "Adapting how you speak, move and position yourself when someone is intoxicated, "
            "confused, living with dementia or delirium, or unable to understand what is "
            "happening — and recognising when they may not be able to control what they do, "
            "so that your response stays calm, safe and respectful."
        ),
        outcomes=("intoxication-confusion",),
        minutes=30,
        intensity=NONE,
        methods=(LECTURE, QA),
        qualifications=_CONFLICT,
        equipment=_TALK_EQUIPMENT,
        venue=_TALK_VENUE,
        risk_areas=("verbal_aggression", "spitting_and_biting"),
        standards=("nice-ng10-mental-health-and-violence", "nice-ng10-why-behaviour-escalates"),
    ),
    # Breakaway practice
    ModuleSpec(
        code="breakaway-wrist-and-arm",
        title="Breakaway from wrist and arm grabs",
        phase=BREAKAWAY_PRACTICE,
        summary=(
            "Simple, low-force releases from a grab to the wrist or arm — one hand or two, "
            "same side or across the body, and the upper arm — followed straight away by "
            "moving to safety. The releases work against the weakest part of the grip rather "
            "than against strength, so they suit staff of any size."
        ),
        outcomes=("breakaway-grabs",),
        minutes=45,
        intensity=MODERATE,
        methods=(LECTURE, QA, PHYSICAL),
        qualifications=_PHYSICAL_TRAINERS,
        equipment=_PHYSICAL_EQUIPMENT,
        venue=_PHYSICAL_VENUE,
        risk_areas=("grabs_and_holds", "sexual_aggression"),
        standards=("uof-s5-safety",),
        techniques=(
            "stance-and-safe-hands",
            "wrist-grab-same-side",
            "wrist-grab-cross",
            "wrist-grab-two-hands",
            "both-wrists-held",
            "upper-arm-grab",
            "moving-away",
        ),
        risk_controls=_PHYSICAL_CONTROLS,
    ),
    ModuleSpec(
        code="breakaway-clothing-and-hair",
        title="Breakaway from clothing and hair grabs",
        phase=BREAKAWAY_PRACTICE,
        summary=(
            "Releases from a grab to clothing, a collar or a lanyard, and to the hair, from "
            "the front and from behind. The first step is always to protect yourself — for a "
            "hair grab, holding the hand to your head to take away the pull — then release "
            "and move away."
        ),
        outcomes=("breakaway-grabs",),
        minutes=40,
        intensity=MODERATE,
        methods=(LECTURE, QA, PHYSICAL),
        qualifications=_PHYSICAL_TRAINERS,
        equipment=_PHYSICAL_EQUIPMENT,
        venue=_PHYSICAL_VENUE,
        risk_areas=("grabs_and_holds", "sexual_aggression"),
        standards=("uof-s5-safety",),
        techniques=(
            "clothing-grab-front",
            "clothing-grab-behind",
            "hair-grab-front",
            "hair-grab-behind",
            "moving-away",
        ),
        risk_controls=_PHYSICAL_CONTROLS
        + "\nHair grabs are practised with the hand resting on the head: partners never pull.",
    ),
    ModuleSpec(
        code="breakaway-strangles-and-headlocks",
        title="Breakaway from strangles and headlocks",
        phase=BREAKAWAY_PRACTICE,
        summary=(
            "Protecting your airway and releasing yourself from a strangle from the front, "
            "from behind and against a wall, and from a side headlock, then moving to safety. "
            "These holds can become life-threatening within moments, so the releases are "
            "kept simple and practised until they are quick. Usually taught on a full-day "
            "course."
        ),
        outcomes=("breakaway-strangles",),
        minutes=60,
        intensity=HIGH,
        methods=(LECTURE, QA, PHYSICAL),
        qualifications=_PHYSICAL_TRAINERS,
        equipment=_PHYSICAL_EQUIPMENT,
        venue=_PHYSICAL_VENUE,
        risk_areas=("strangles_and_headlocks",),
        standards=("uof-s5-safety",),
        techniques=(
            "strangle-front",
            "strangle-against-wall",
            "strangle-behind",
            "side-headlock",
            "moving-away",
        ),
        risk_controls=_PHYSICAL_CONTROLS
        + "\nPartners never press on the throat or neck: hands rest on the shoulders or "
        "collar bone, and a headlock is held loosely around the shoulders.",
    ),
    ModuleSpec(
        code="breakaway-bear-hugs",
        title="Breakaway from bear hugs",
        phase=BREAKAWAY_PRACTICE,
        summary=(
            "Releasing yourself from a bear hug from the front or from behind, with your arms "
            "held or free: lowering your weight, making space and turning out of the hold, "
            "then moving away."
        ),
        outcomes=("breakaway-bear-hugs",),
        minutes=40,
        intensity=HIGH,
        methods=(LECTURE, QA, PHYSICAL),
        qualifications=_PHYSICAL_TRAINERS,
        equipment=_PHYSICAL_EQUIPMENT,
        venue=_PHYSICAL_VENUE,
        risk_areas=("grabs_and_holds", "sexual_aggression"),
        standards=("uof-s5-safety",),
        techniques=(
            "bear-hug-front-arms-free",
            "bear-hug-front-arms-held",
            "bear-hug-behind-arms-free",
            "bear-hug-behind-arms-held",
            "moving-away",
        ),
        risk_controls=_PHYSICAL_CONTROLS
        + "\nHolds are applied gently around the upper arms and chest, never squeezing.",
    ),
    ModuleSpec(
        code="bites-and-scratches",
        title="Responding to bites, scratches and spitting",
        phase=BREAKAWAY_PRACTICE,
        summary=(
            "What to do if someone bites, scratches or spits at you: staying calm, not pulling "
            "straight away from a bite, getting free with the least harm, and protecting your "
            "face. Then first aid — washing the wound, and getting medical advice when the "
            "skin is broken — and reporting."
        ),
        outcomes=("bites-scratches",),
        minutes=30,
        intensity=MODERATE,
        methods=(LECTURE, QA, PHYSICAL),
        qualifications=_PHYSICAL_TRAINERS,
        equipment=_PHYSICAL_EQUIPMENT,
        venue=_PHYSICAL_VENUE,
        risk_areas=("spitting_and_biting",),
        standards=("uof-s5-safety",),
        techniques=("bite-release", "scratch-protection", "moving-away"),
        risk_controls=_PHYSICAL_CONTROLS
        + "\nBites are never practised with the mouth: a hand gripping the forearm stands "
        "for the bite.",
    ),
    ModuleSpec(
        code="deflecting-strikes",
        title="Deflecting strikes, kicks and head-butts",
        phase=BREAKAWAY_PRACTICE,
        summary=(
            "Keeping a protective stance and distance, moving off the line of a punch, slap, "
            "kick or head-butt, guiding it away from your head and body, and using the moment "
            "to get away."
        ),
        outcomes=("protect-strikes", "body-signals-space"),
        minutes=45,
        intensity=MODERATE,
        methods=(LECTURE, QA, PHYSICAL),
        qualifications=_PHYSICAL_TRAINERS,
        equipment=_PHYSICAL_EQUIPMENT,
        venue=_PHYSICAL_VENUE,
        risk_areas=("strikes_and_kicks", "weapons_and_objects"),
        standards=("uof-s5-safety",),
        techniques=(
            "stance-and-safe-hands",
            "punch-deflection",
            "head-butt-avoidance",
            "kick-deflection",
            "moving-away",
        ),
        risk_controls=_PHYSICAL_CONTROLS
        + "\nStrikes and kicks are thrown slowly, open-handed, and stop short of contact.",
    ),
    ModuleSpec(
        code="on-the-floor",
        title="Protecting yourself on the floor and getting up safely",
        phase=BREAKAWAY_PRACTICE,
        summary=(
            "If you are knocked or pulled to the floor: protecting your head, keeping the "
            "person at a distance, releasing a hold on the neck, and getting back on your "
            "feet and away. Practised on mats, usually on a full-day course."
        ),
        outcomes=("protect-strikes", "breakaway-strangles"),
        minutes=40,
        intensity=HIGH,
        methods=(LECTURE, QA, PHYSICAL),
        qualifications=_PHYSICAL_TRAINERS,
        equipment=_FLOOR_EQUIPMENT,
        venue=_PHYSICAL_VENUE + " Mats must cover the practice area.",
        risk_areas=("strangles_and_headlocks", "strikes_and_kicks"),
        standards=("uof-s5-safety",),
        techniques=("floor-protection", "strangle-on-ground", "getting-up-safely", "moving-away"),
        risk_controls=_PHYSICAL_CONTROLS
        + "\nFloor work happens on mats only, one pair per mat, and nobody is taken to the "
        "floor: pairs start there.",
    ),
    # Scenarios
    ModuleSpec(
        code="scenario-rehearsal",
        title="Scenario rehearsal built on your own flashpoints",
        phase=SCENARIOS,
        summary=(
            "Short, realistic scenarios written from the client's own flashpoints — the "
            "places, times and situations its needs assessment and incident log point to — "
            "in which attendees put it all together: spot the cues, talk the situation down, "
            "keep an exit, and break away only if they must. Each scenario ends with a short "
            "debrief of what worked."
        ),
        outcomes=(
            "de-escalation",
            "dynamic-risk-assessment",
            "positioning-exits",
            "breakaway-grabs",
        ),
        minutes=60,
        intensity=MODERATE,
        methods=(QA, PHYSICAL, SCENARIO),
        qualifications=_PHYSICAL_TRAINERS,
        equipment=_PHYSICAL_EQUIPMENT + " Props to set each scene (chairs, a desk, a door).",
        venue=_PHYSICAL_VENUE,
        risk_areas=(
            "verbal_aggression",
            "threatening_behaviour",
            "grabs_and_holds",
            "lone_and_community_working",
        ),
        standards=(
            "nice-ng10-de-escalation",
            "uof-s5-techniques-to-avoid-force",
            "cstf-conflict-resolution",
        ),
        techniques=(
            "stance-and-safe-hands",
            "moving-away",
            "wrist-grab-same-side",
            "clothing-grab-front",
        ),
        risk_controls=_PHYSICAL_CONTROLS
        + "\nScenarios never re-enact a real incident that someone in the room was part of, "
        "and anyone may step out of a scenario.",
    ),
    # Review
    ModuleSpec(
        code="after-an-incident",
        title="After an incident: reporting, RIDDOR, debrief and support",
        phase=REVIEW,
        summary=(
            "What to do once you are safe: first aid, telling your manager, and reporting the "
            "incident fully, including near misses and verbal abuse. When your employer must "
            "report to the Health and Safety Executive under RIDDOR (the Reporting of "
            "Injuries, Diseases and Dangerous Occurrences Regulations 2013) — for example an "
            "injury from violence that keeps someone off normal work for more than seven days "
            "— and what must be recorded. How a debrief works, and where to find support for "
            "yourself and colleagues."
        ),
        outcomes=("after-an-incident",),
        minutes=30,
        intensity=NONE,
        methods=(LECTURE, QA),
        qualifications=_CONFLICT,
        equipment=_TALK_EQUIPMENT,
        venue=_TALK_VENUE,
        risk_areas=(
            "verbal_aggression",
            "strikes_and_kicks",
            "spitting_and_biting",
            "sexual_aggression",
            "restrictive_intervention",
        ),
        standards=("nice-ng10-debrief", "cstf-conflict-resolution"),
    ),
)


def load_catalogue(apps: Any = None) -> dict[str, int]:
    """Add the shipped outcomes, techniques and modules the installation does not have yet.

    Idempotent, and it never changes what is there: an installation's own edits win.
    `apps` is a migration's app registry; without it, the live one.
    """
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    outcome_model = apps.get_model("catalogue", "LearningOutcome")
    technique_model = apps.get_model("catalogue", "Technique")
    module_model = apps.get_model("catalogue", "Module")
    version_model = apps.get_model("catalogue", "ModuleVersion")
    added = {"outcomes": 0, "techniques": 0, "modules": 0}

    for position, outcome in enumerate(OUTCOMES):
        _row, made = outcome_model.objects.get_or_create(
            code=outcome.id,
            defaults={
                "title": outcome.title,
                "statement": outcome.statement,
                "addresses": dict(outcome.addresses),
                "basis": outcome.basis,
                "position": position,
            },
        )
        added["outcomes"] += made
    for position, technique in enumerate(TECHNIQUES):
        _row, made = technique_model.objects.get_or_create(
            code=technique.code,
            defaults={
                "name": technique.name,
                "group": technique.group,
                "intensity": technique.intensity,
                "screening": list(technique.screening),
                "description": technique.description,
                "position": position,
            },
        )
        added["techniques"] += made
    existing = set(module_model.objects.values_list("code", flat=True))
    for position, spec in enumerate(MODULES):
        if spec.code in existing:
            continue
        module = module_model.objects.create(code=spec.code, position=position)
        version = version_model.objects.create(
            module=module,
            number=1,
            is_current=True,
            title=spec.title,
            summary=spec.summary,
            phase=spec.phase,
            typical_minutes=spec.minutes,
            intensity=spec.intensity,
            is_mandatory=spec.mandatory,
            methods=list(spec.methods),
            trainer_qualifications=list(spec.qualifications),
            equipment=spec.equipment,
            venue=spec.venue,
            risk_controls=spec.risk_controls,
            risk_areas=list(spec.risk_areas),
            standards=list(spec.standards),
            change_note=SHIPPED_CHANGE_NOTE,
        )
        version.outcomes.set(outcome_model.objects.filter(code__in=spec.outcomes))
        version.techniques.set(technique_model.objects.filter(code__in=spec.techniques))
        added["modules"] += 1
    return added
