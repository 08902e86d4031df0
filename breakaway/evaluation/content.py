"""Breakaway's own questionnaires, written by us from the facts in FACTS.md (§1.6 the law,
§2 escalation cues, §3 evidence). Licensed instruments (CCPA, MAVAS, POPAS, DASA…) are never
bundled: a client loads its own.

Each item may name the learning outcome it measures (`outcome`, a code from
`assessments/outcomes.py`), so the report can show change outcome by outcome.
"""

from __future__ import annotations

from typing import Any

AGREE_0_10 = "0 = not at all confident, 10 = completely confident"


def _confidence(item_id: str, outcome: str, text: str, reverse: bool = False) -> dict[str, Any]:
    return {
        "id": item_id,
        "text": text,
        "type": "scale",
        "min": 0,
        "max": 10,
        "reverse": reverse,
        "outcome": outcome,
        "hint": AGREE_0_10 if not reverse else "0 = not at all true of me, 10 = completely true",
    }


CONFIDENCE: dict[str, Any] = {
    "id": "breakaway-confidence",
    "name": "Confidence in managing aggression at work",
    "version": 1,
    "items": [
        _confidence(
            "spot-signs",
            "recognise-escalation",
            "I can spot the signs that someone is becoming more likely to be aggressive.",
        ),
        _confidence(
            "calm-words",
            "de-escalation",
            "I can use my voice and words to help an angry person calm down.",
        ),
        _confidence(
            "own-body",
            "body-signals-space",
            "I can keep a safe distance and stance without looking threatening.",
        ),
        _confidence(
            "exits",
            "positioning-exits",
            "When I go into a room, I know how I would get out if I needed to.",
        ),
        _confidence(
            "choose-option",
            "dynamic-risk-assessment",
            "I can decide quickly whether to stay and talk, get help, or leave.",
        ),
        _confidence(
            "break-free",
            "breakaway-grabs",
            "If someone grabbed my wrist or clothing, I could free myself and get away.",
        ),
        _confidence(
            "law",
            "law-reasonable-force",
            "I understand when the law allows me to use force to protect myself or others.",
        ),
        _confidence(
            "report",
            "after-an-incident",
            "I know how to report an incident, including near misses and verbal abuse.",
        ),
        # Reverse-keyed: agreeing is the worse answer, which catches answering on autopilot.
        _confidence(
            "freeze",
            "de-escalation",
            "When someone shouts at me, I freeze and do not know what to do.",
            reverse=True,
        ),
        _confidence(
            "avoid",
            "dynamic-risk-assessment",
            "I would rather not deal with an upset person at all, in case it goes wrong.",
            reverse=True,
        ),
    ],
    "scales": [
        {
            "id": "confidence",
            "name": "Confidence",
            "items": [
                "spot-signs",
                "calm-words",
                "own-body",
                "exits",
                "choose-option",
                "break-free",
                "law",
                "report",
                "freeze",
                "avoid",
            ],
            "score": "mean",
        }
    ],
}


def _question(item_id: str, outcome: str, text: str, right: str, *wrong: str) -> dict[str, Any]:
    """A multiple-choice question; the right answer is listed first here and option "a"."""
    options = [right, *wrong]
    return {
        "id": item_id,
        "text": text,
        "type": "choice",
        "outcome": outcome,
        "options": [
            {"value": letter, "text": option}
            for letter, option in zip("abcd", options, strict=False)
        ],
        "correct": "a",
    }


KNOWLEDGE_QUESTIONS = [
    # The law (FACTS §1.6)
    _question(
        "law-test",
        "law-reasonable-force",
        "When is force you use to protect yourself at work lawful?",
        "When it is reasonable in the circumstances as you honestly believed them to be",
        "Whenever the other person touched you first",
        "Only when a manager has given permission",
        "Never: staff may not use force in any situation",
    ),
    _question(
        "law-mistake",
        "law-reasonable-force",
        "You honestly but wrongly believed you were about to be hit. How is your force judged?",
        "On the situation as you honestly believed it to be",
        "On what was really happening, whatever you believed",
        "On what a trained police officer would have seen",
        "It is not judged: any mistake makes the force unlawful",
    ),
    _question(
        "law-proportion",
        "law-reasonable-force",
        "Force far greater than the threat called for is…",
        "Not reasonable, so not lawful",
        "Lawful, as long as you were frightened",
        "Lawful if the person was a stranger",
        "Lawful if you reported it afterwards",
    ),
    _question(
        "law-nicety",
        "law-reasonable-force",
        "In the moment, must you weigh exactly how much force to use?",
        "No: doing what you honestly and instinctively thought necessary is strong evidence "
        "that it was reasonable",
        "Yes: any force beyond the least possible is unlawful",
        "Yes: you must check the organisation's policy first",
        "No: in an emergency the law does not apply",
    ),
    # Duty of care (FACTS §1.6)
    _question(
        "duty-employer",
        "duty-of-care",
        "Who must protect staff from violence at work, so far as is reasonably practicable?",
        "The employer, with information, instruction, training and supervision",
        "Each member of staff alone",
        "The police",
        "Nobody: violence is part of the job",
    ),
    _question(
        "duty-worker",
        "duty-of-care",
        "What is your own duty as a worker?",
        "To take reasonable care and follow the safety arrangements your employer puts in place",
        "To restrain anyone who becomes aggressive",
        "To carry on working whatever the risk",
        "None: safety is only the employer's duty",
    ),
    _question(
        "duty-definition",
        "duty-of-care",
        "Which of these counts as violence at work?",
        "Verbal abuse and threats, as well as physical assault",
        "Only assaults that cause an injury",
        "Only assaults by strangers",
        "Only incidents the police are called to",
    ),
    _question(
        "duty-risk",
        "duty-of-care",
        "What must an employer do about the risk of violence before harm happens?",
        "Assess the risk, plan how to control it, and review it",
        "Wait for the first incident, then act",
        "Nothing, unless staff complain",
        "Buy personal alarms and nothing else",
    ),
    # Escalation and body signals (FACTS §2: STAMP cues; the assault cycle)
    _question(
        "signs-early",
        "recognise-escalation",
        "Which is a recognised early warning sign that someone may become aggressive?",
        "A rising or changing tone and volume of voice",
        "Sitting quietly and reading",
        "Asking politely for directions",
        "Smiling and relaxing their shoulders",
    ),
    _question(
        "signs-stare",
        "recognise-escalation",
        "A visitor is staring hard at you, muttering and pacing. What does this suggest?",
        "Their risk of aggression is rising: act now to calm things and keep safe",
        "Nothing: these signs mean nothing on their own or together",
        "They are about to leave",
        "They want to make a complaint in writing",
    ),
    _question(
        "cycle-when",
        "behaviour-awareness",
        "When is talking someone down most likely to work?",
        "As their distress builds, before it reaches a crisis",
        "At the height of the crisis",
        "Only once the police have arrived",
        "It never works once someone is upset",
    ),
    _question(
        "cycle-after",
        "behaviour-awareness",
        "A person has just calmed down after an outburst. What should you bear in mind?",
        "They can flare up again quickly, so give them space and time before talking it over",
        "The risk is over, so you can challenge their behaviour straight away",
        "You should leave them alone for the rest of the day",
        "It is the best moment to tell them the consequences",
    ),
    # De-escalation
    _question(
        "deesc-doorway",
        "de-escalation",
        "A relative blocks the doorway and raises their voice. What do you do first?",
        "Keep a safe distance, stay calm, and acknowledge what they are upset about",
        "Move closer and ask them firmly to lower their voice",
        "Try to squeeze past them through the door",
        "Raise your own voice so that you are heard",
    ),
    _question(
        "deesc-words",
        "de-escalation",
        "Which approach is most likely to lower the temperature?",
        "Speak slowly and calmly, listen, and offer choices",
        "Explain the rules loudly and repeatedly",
        "Tell them to calm down",
        "Stand square on with your arms folded",
    ),
    _question(
        "space-stance",
        "body-signals-space",
        "Where is it safest to stand with someone who is agitated?",
        "At an angle, beyond arm's reach, with neither of you blocked from leaving",
        "Face to face and close, so they can hear you",
        "Between them and the only door",
        "Behind them, out of their sight",
    ),
    # Escape routes and lone working
    _question(
        "exits-arrive",
        "positioning-exits",
        "You arrive in an unfamiliar room to meet someone who may become aggressive. What first?",
        "Notice the exits and keep your way out clear",
        "Sit in the chair furthest from the door",
        "Close the door for privacy",
        "Put your bag and keys down across the room",
    ),
    _question(
        "lone-plan",
        "lone-working",
        "Before a home visit on your own, what matters most?",
        "Someone knows where you are, when you will be back, and what to do if you are not",
        "You carry something to defend yourself with",
        "You park as close to the front door as you can, blocking the drive",
        "You turn your phone off so as not to be distracting",
    ),
    # Breakaway principles (FACTS §3)
    _question(
        "break-aim",
        "breakaway-grabs",
        "What is the aim of a breakaway technique?",
        "To get free and move away to safety",
        "To hold the person until help arrives",
        "To hurt the person so they let go",
        "To show the person who is in charge",
    ),
    _question(
        "break-after",
        "breakaway-grabs",
        "You have freed yourself from a grab. What next?",
        "Move to a safe place, raise the alarm and get help",
        "Stay close in case they grab again",
        "Hold their wrist so they cannot grab again",
        "Carry on with your task as if nothing happened",
    ),
    _question(
        "break-fade",
        "breakaway-grabs",
        "What does research find about breakaway skills over time?",
        "They fade within months unless they are practised and refreshed",
        "Once learned they last for life",
        "They improve on their own with experience",
        "They only work for people who are strong",
    ),
    # Reporting and support (FACTS §1.6 RIDDOR; §1.4 NICE NG10)
    _question(
        "report-near-miss",
        "after-an-incident",
        "Why report a near miss when nobody was hurt?",
        "It shows a risk before someone is harmed, so it can be dealt with",
        "You should not: only injuries are reported",
        "So that the person involved can be banned",
        "Reporting is only needed for insurance",
    ),
    _question(
        "report-riddor",
        "after-an-incident",
        "An assault at work keeps a colleague off their normal work for more than 7 days. "
        "What must the employer do?",
        "Report it to the enforcing authority under RIDDOR",
        "Nothing, as long as the colleague is not in hospital",
        "Record it only if the colleague asks",
        "Tell the police, but nobody else",
    ),
    _question(
        "report-debrief",
        "after-an-incident",
        "What should happen soon after a serious incident?",
        "A debrief and support for those involved, and a review of what can be learned",
        "Nothing, so as not to upset people further",
        "A disciplinary hearing for the staff involved",
        "An email to all staff naming the person involved",
    ),
    _question(
        "dignity-why",
        "dignity-rights",
        "Why keep the dignity and wishes of the person at the centre when they are distressed?",
        "It lowers the risk and respects their rights; past trauma can shape how they react",
        "It does not matter once they become aggressive",
        "Only because the law requires a form to be filled in",
        "So that they cannot make a complaint later",
    ),
]

KNOWLEDGE: dict[str, Any] = {
    "id": "breakaway-knowledge",
    "name": "Knowledge check",
    "version": 1,
    "items": KNOWLEDGE_QUESTIONS,
    "scales": [
        {
            "id": "knowledge",
            "name": "Knowledge",
            "items": [question["id"] for question in KNOWLEDGE_QUESTIONS],
            "score": "percent_correct",
        }
    ],
}

REACTION: dict[str, Any] = {
    "id": "breakaway-reaction",
    "name": "Your view of the course",
    "version": 1,
    "items": [
        {
            "id": "relevant",
            "text": "How relevant was the course to the situations you meet at work?",
            "type": "scale",
            "min": 1,
            "max": 5,
            "hint": "1 = not at all, 5 = very",
        },
        {
            "id": "trainer",
            "text": "How well did the trainer explain and show things?",
            "type": "scale",
            "min": 1,
            "max": 5,
            "hint": "1 = poorly, 5 = very well",
        },
        {
            "id": "pace",
            "text": "How was the pace?",
            "type": "choice",
            "options": [
                {"value": "slow", "text": "Too slow"},
                {"value": "right", "text": "About right"},
                {"value": "fast", "text": "Too fast"},
            ],
        },
        {
            "id": "recommend",
            "text": "How likely are you to recommend this course to a colleague?",
            "type": "scale",
            "min": 0,
            "max": 10,
            "hint": "0 = not at all likely, 10 = extremely likely",
        },
        {"id": "comments", "text": "Anything you would like to tell us?", "type": "text"},
        {
            "id": "testimonial",
            "text": "May we show your comment on our website, with your role and type of "
            "organisation only (never your name)?",
            "type": "choice",
            "options": [{"value": "yes", "text": "Yes"}, {"value": "no", "text": "No"}],
        },
    ],
    "scales": [
        {"id": "reaction", "name": "Reaction", "items": ["relevant", "trainer"], "score": "mean"}
    ],
}

FOLLOW_UP: dict[str, Any] = {
    "id": "breakaway-follow-up",
    "name": "Using it at work",
    "version": 1,
    "items": [
        {
            "id": "used-deescalation",
            "text": "Since the course, have you used what you learned to calm a situation?",
            "type": "choice",
            "options": [
                {"value": "often", "text": "Yes, several times"},
                {"value": "once", "text": "Yes, once or twice"},
                {"value": "no", "text": "No"},
            ],
        },
        {
            "id": "used-breakaway",
            "text": "Since the course, have you had to free yourself from a grab or hold?",
            "type": "choice",
            "options": [
                {"value": "yes-worked", "text": "Yes, and the technique worked"},
                {"value": "yes-other", "text": "Yes, but I did something else"},
                {"value": "no", "text": "No"},
            ],
        },
        {
            "id": "incidents",
            "text": "How many incidents of aggression (including verbal) have you met since the "
            "course?",
            "type": "choice",
            "options": [
                {"value": "0", "text": "None"},
                {"value": "1-2", "text": "1 or 2"},
                {"value": "3-5", "text": "3 to 5"},
                {"value": "6+", "text": "6 or more"},
            ],
        },
        _confidence(
            "confidence-now",
            "de-escalation",
            "Today, how confident are you in managing aggression at work?",
        ),
        {"id": "comments", "text": "What has helped, or what would help more?", "type": "text"},
    ],
    "scales": [],
}

INSTRUMENTS = (CONFIDENCE, KNOWLEDGE, REACTION, FOLLOW_UP)
