"""Learning outcomes for breakaway and personal-safety courses, in our own words.

Pure Python, plain data. Drawn from the course content in PRODUCT.md and the law and
evidence in FACTS.md (§1.6 for the law, §5 for the technique catalogue). Each outcome names
the risk areas (taxonomy.RISK_AREAS) it addresses and, for each, why: the risk profile shows
that sentence beside the outcome. The course-designer work will move these into a catalogue;
keep the ids stable, they are referenced from saved risk profiles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from breakaway.assessments.taxonomy import RISK_AREAS


@dataclass(frozen=True)
class Outcome:
    id: str
    title: str
    statement: str  # "By the end you can …"
    addresses: Mapping[str, str]  # risk area id → why this outcome helps with it
    basis: str = ""  # where the content comes from (PRODUCT.md, a FACTS.md section)

    @property
    def risk_areas(self) -> tuple[str, ...]:
        return tuple(self.addresses)


OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        "recognise-escalation",
        "Recognise escalating risk",
        "By the end you can spot the signs that a situation is moving towards violence — "
        "changes in voice, stare, pacing, muttering and restlessness — and say when it is "
        "time to act, step back or get help.",
        {
            "verbal_aggression": "Raised voices and abuse can be an early step up; seeing "
            "them early leaves time to calm things down.",
            "threatening_behaviour": "Threats are an escalation in themselves; reading where "
            "they are heading helps staff act before anyone is hurt.",
            "strikes_and_kicks": "Noticing the warning signs gives staff a moment to move "
            "out of reach before a strike.",
            "weapons_and_objects": "Noticing escalation early gives time to move away from "
            "objects that could be picked up or thrown.",
        },
        "PRODUCT.md course content; FACTS §2 (escalation cues, in our words)",
    ),
    Outcome(
        "de-escalation",
        "De-escalation and verbal skills",
        "By the end you can use your voice, words, listening and body language to lower the "
        "temperature: acknowledge feelings, set limits respectfully, offer choices and give "
        "the other person a way to step back without losing face.",
        {
            "verbal_aggression": "Calm, skilled responses to abuse are the main way to "
            "stop it growing.",
            "threatening_behaviour": "Talking someone down is the safest answer to a threat.",
            "restrictive_intervention": "De-escalation is the first of the ways to avoid or "
            "reduce the use of force.",
            "sexual_aggression": "Clear, calm limit-setting helps with harassing remarks and "
            "unwanted advances.",
        },
        "PRODUCT.md course content; FACTS §1.4 (NICE NG10), §1.6 (Use of Force Act s5)",
    ),
    Outcome(
        "behaviour-awareness",
        "Triggers of distress and anger, and pre-assault cues",
        "By the end you can describe what commonly triggers distress and anger in the people "
        "you support — waiting, refusals, pain, fear, confusion, changes of routine — and the "
        "behaviours that can come just before an assault.",
        {
            "verbal_aggression": "Knowing the triggers lets staff change the situation "
            "before abuse starts.",
            "threatening_behaviour": "Threats usually have a cause that staff can learn to "
            "look for.",
            "strikes_and_kicks": "Pre-assault cues give a moment to move out of reach.",
            "sexual_aggression": "Recognising grooming-like or disinhibited behaviour early "
            "helps staff protect themselves and others.",
        },
        "PRODUCT.md course content; FACTS §1.4 (why behaviour escalates)",
    ),
    Outcome(
        "body-signals-space",
        "Body signals and personal space",
        "By the end you can read the other person's body language, manage your own, and keep "
        "a safe distance and stance that protect you without looking threatening.",
        {
            "threatening_behaviour": "Distance and an open, calm stance reduce the sense of "
            "threat on both sides.",
            "strikes_and_kicks": "Staying just out of reach is the simplest protection "
            "against a strike or kick.",
            "grabs_and_holds": "Awareness of personal space makes a grab less likely to succeed.",
            "spitting_and_biting": "Side-on positioning and distance keep the face and arms "
            "away from spitting and bites.",
        },
        "PRODUCT.md course content; FACTS §1.3 (body language, personal space)",
    ),
    Outcome(
        "positioning-exits",
        "Positioning, exits and escape routes",
        "By the end you can set up a room and place yourself so you always have a way out, "
        "notice exits and obstacles as you arrive, and leave a situation safely.",
        {
            "threatening_behaviour": "Knowing the way out lets staff leave before a threat "
            "turns into an assault.",
            "strikes_and_kicks": "Good positioning keeps staff from being cornered.",
            "weapons_and_objects": "Leaving is the first answer to a weapon; it has to be "
            "planned before it is needed.",
            "lone_and_community_working": "On a home visit there is no colleague to help; "
            "knowing the exit matters most there.",
            "sexual_aggression": "Not being trapped in a closed room with the door behind "
            "the other person reduces the risk.",
        },
        "PRODUCT.md course content (body signals and escape routes); FACTS §5 (exit)",
    ),
    Outcome(
        "dynamic-risk-assessment",
        "Dynamic risk assessment and choosing options",
        "By the end you can weigh up a situation as it changes — the person, the place, the "
        "objects around, who can help — and choose the option that keeps everyone safest: "
        "talk, wait, withdraw, call for help or, as a last step, break away.",
        {
            "weapons_and_objects": "Deciding quickly whether to stay or go is essential when "
            "a weapon or object is involved.",
            "lone_and_community_working": "Lone workers make these decisions alone, often "
            "in unfamiliar places.",
            "threatening_behaviour": "Judging how serious a threat is decides the response.",
            "restrictive_intervention": "Choosing the least restrictive option starts with "
            "assessing the risk as it unfolds.",
        },
        "PRODUCT.md course content (navigating options to reduce adverse outcomes)",
    ),
    Outcome(
        "breakaway-grabs",
        "Breaking free from grabs and holds",
        "By the end you can free yourself from grabs to the wrist and arm (one or two hands), "
        "to clothing and to hair, from the front and from behind, using simple, low-force "
        "movements, and then move to safety.",
        {
            "grabs_and_holds": "These are the releases for grabs and holds to the wrist, "
            "arm, clothing and hair.",
            "sexual_aggression": "Releasing a grab lets staff get away from unwanted "
            "touching or holding.",
        },
        "PRODUCT.md course content; FACTS §5 (technique catalogue)",
    ),
    Outcome(
        "breakaway-strangles",
        "Breaking free from strangles and headlocks",
        "By the end you can protect your airway and release yourself from a strangle (from "
        "the front, from behind, against a wall) and from a headlock, then move to safety.",
        {
            "strangles_and_headlocks": "These are the releases for strangles and headlocks, "
            "which can quickly become life-threatening.",
        },
        "PRODUCT.md course content; FACTS §5 (technique catalogue; usually a full day)",
    ),
    Outcome(
        "breakaway-bear-hugs",
        "Breaking free from bear hugs",
        "By the end you can release yourself from a bear hug from the front or behind, with "
        "your arms held or free, and move away.",
        {
            "grabs_and_holds": "A bear hug is a whole-body hold; it needs its own release.",
            "sexual_aggression": "Being held against your will is one form sexual aggression "
            "takes; the release gives a way out.",
        },
        "PRODUCT.md course content; FACTS §5 (technique catalogue)",
    ),
    Outcome(
        "protect-strikes",
        "Protecting yourself against strikes and kicks",
        "By the end you can keep a protective stance and distance, deflect a punch or kick "
        "away from your head and body, and use the moment to get away.",
        {
            "strikes_and_kicks": "Deflection and distance reduce injury from punches, "
            "slaps, kicks and head-butts.",
            "weapons_and_objects": "The same guard and distance help against thrown objects "
            "and improvised weapons.",
        },
        "PRODUCT.md course content; FACTS §5 (deflections, safe hands, stance)",
    ),
    Outcome(
        "bites-scratches",
        "Responding to bites and scratches",
        "By the end you can respond to a bite or scratch in a way that reduces injury, get "
        "free, and know the first aid and reporting that should follow, including when "
        "skin is broken.",
        {
            "spitting_and_biting": "These are the responses to the bites, scratches and "
            "spitting recorded or expected.",
        },
        "PRODUCT.md course content; FACTS §5 (bites, scratching)",
    ),
    Outcome(
        "law-reasonable-force",
        "The law on self-defence and reasonable force at work",
        "By the end you can explain, in plain words, when force used at work to protect "
        "yourself or others is lawful: it must be reasonable in the circumstances as you "
        "honestly believed them to be, even if you were mistaken, and never out of "
        "proportion (common-law self-defence; Criminal Law Act 1967 s3; Criminal Justice and "
        "Immigration Act 2008 s76).",
        {
            "grabs_and_holds": "Staff need to know that a proportionate release is lawful "
            "and what would go too far.",
            "strangles_and_headlocks": "In a life-threatening hold, the law allows what you "
            "honestly and instinctively believe is necessary.",
            "strikes_and_kicks": "Protecting yourself from a strike must stay "
            "proportionate; staff should know where the line is.",
            "weapons_and_objects": "The law judges force against the danger as you honestly "
            "saw it.",
            "restrictive_intervention": "Any force used must be lawful, necessary and "
            "proportionate.",
            "sexual_aggression": "Staff may use reasonable force to stop an assault on "
            "themselves or others.",
        },
        "FACTS §1.6 (CJIA 2008 s76; Criminal Law Act 1967 s3)",
    ),
    Outcome(
        "duty-of-care",
        "Duty of care and managing risk",
        "By the end you can describe what your employer must do to protect you from violence "
        "at work and what you must do in return — following risk assessments, safe systems "
        "of work and training (Health and Safety at Work etc. Act 1974; Management of Health "
        "and Safety at Work Regulations 1999) — and how that sits beside your duty of care to "
        "the people you support.",
        {
            "lone_and_community_working": "Lone working is a foreseeable risk that must be "
            "assessed and planned for.",
            "restrictive_intervention": "Duty of care to the person and to colleagues shapes "
            "when, and whether, to intervene.",
            "threatening_behaviour": "Threats and abuse are work-related violence that "
            "employers must assess and manage.",
            "verbal_aggression": "Verbal abuse is part of work-related violence, not just "
            "part of the job.",
        },
        "FACTS §1.6 (HSWA 1974, MHSWR 1999, HSE definition)",
    ),
    Outcome(
        "lone-working",
        "Lone working and home visits",
        "By the end you can plan a lone visit — what to find out before, who knows where you "
        "are, how to raise the alarm, where to park and sit — and recognise when to end a "
        "visit and leave.",
        {
            "lone_and_community_working": "This is the planning and the habits that keep "
            "lone and community workers safe.",
            "threatening_behaviour": "Ending a visit early when threatened is a skill that "
            "needs practice and permission.",
            "sexual_aggression": "Lone workers in people's homes are exposed to harassment "
            "with no one else present.",
        },
        "PRODUCT.md (lone working, home visits); FACTS §1.6 (MHSWR risk assessment)",
    ),
    Outcome(
        "after-an-incident",
        "After an incident: reporting, debrief and support",
        "By the end you can report an incident fully, including near misses and verbal "
        "abuse; know that your employer must report some incidents under RIDDOR (such as "
        "more than seven days' incapacity); and take part in a debrief and seek support "
        "for yourself and colleagues.",
        {
            "verbal_aggression": "Abuse is often not reported because it feels like part "
            "of the job; reporting it shows where training is needed.",
            "strikes_and_kicks": "Injuries must be recorded, and some reported under RIDDOR.",
            "sexual_aggression": "Sexual incidents need careful reporting and support for "
            "the person affected.",
            "spitting_and_biting": "Bites and spitting can need first aid and follow-up, "
            "and must be reported.",
            "restrictive_intervention": "Every restrictive intervention should be followed "
            "by a debrief and a review.",
        },
        "PRODUCT.md; FACTS §1.6 (RIDDOR 2013), §1.4 (debrief), §4 (under-reporting)",
    ),
    Outcome(
        "dignity-rights",
        "Dignity, rights and trauma-informed practice",
        "By the end you can keep the dignity, rights and wishes of the people you support at "
        "the centre of how you respond, recognise how past trauma shapes behaviour, and "
        "avoid responses that re-traumatise.",
        {
            "restrictive_intervention": "Restrictive interventions affect people's rights "
            "and can re-traumatise; respect for dignity reduces their use.",
            "verbal_aggression": "Respectful, trauma-aware responses lower the heat of "
            "verbal conflict.",
            "threatening_behaviour": "Many threats come from fear; a trauma-informed "
            "response reduces that fear.",
        },
        "PRODUCT.md course content; FACTS §1.2 (trauma-informed), §1.6 (Use of Force Act s5)",
    ),
    Outcome(
        "intoxication-confusion",
        "Working with people who are intoxicated or confused",
        "By the end you can adapt how you speak, move and position yourself when a person is "
        "intoxicated, confused, living with dementia or delirium, or unable to understand "
        "what is happening, and recognise when they may not be able to control what they do.",
        {
            "strikes_and_kicks": "Intoxicated or confused people may lash out suddenly.",
            "spitting_and_biting": "People who are confused or distressed may spit, bite or "
            "scratch without understanding what they are doing.",
            "grabs_and_holds": "People living with dementia or confusion may grab and hold "
            "on, often during personal care.",
            "verbal_aggression": "Intoxication and confusion can lower inhibition and make "
            "abuse more likely.",
        },
        "PRODUCT.md (intoxication); FACTS §4 (medical factors)",
    ),
    Outcome(
        "restrictive-practice",
        "Restrictive practice and its risks",
        "By the end you can explain what counts as restrictive practice (physical, mechanical "
        "or chemical restraint, or isolation), the risks it carries for the person and for "
        "staff, the ways to avoid or reduce it, and — where the Mental Health Units (Use of "
        "Force) Act 2018 applies — the topics its training must cover.",
        {
            "restrictive_intervention": "This is the core knowledge for services where "
            "restraint or seclusion is used.",
        },
        "FACTS §1.1 (RRN), §1.6 (Use of Force Act s5)",
    ),
)

OUTCOMES_BY_ID: dict[str, Outcome] = {o.id: o for o in OUTCOMES}


def outcomes_for(area: str) -> list[Outcome]:
    """The outcomes that address a risk area: the most specific first, then catalogue order."""
    if area not in RISK_AREAS:
        raise ValueError(f"Unknown risk area {area!r}.")
    order = {o.id: i for i, o in enumerate(OUTCOMES)}
    found = [o for o in OUTCOMES if area in o.addresses]
    return sorted(found, key=lambda o: (len(o.addresses), order[o.id]))
