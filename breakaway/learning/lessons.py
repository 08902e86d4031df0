"""Pre-course lessons: a few minutes each on the attendee's link before the day, so the room
can be spent on practice. Written by us from FACTS.md (§1.6 the law, §2 escalation cues and
the assault cycle, §4 reporting, §5 principles); plain words, short paragraphs.

Each lesson ends with retrieval questions (answering from memory is what makes learning
stick), in the item bank's form: the right answer first, shuffled on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from breakaway.learning.bank.base import BankItem, item


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    minutes: int
    outcome: str  # the learning outcome it prepares (assessments/outcomes.py)
    module: str  # the catalogue module it prepares
    paragraphs: tuple[str, ...]
    questions: tuple[BankItem, ...]


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        id="the-law",
        title="The law in plain words: what “reasonable force” means",
        minutes=4,
        outcome="law-reasonable-force",
        module="law-and-force",
        paragraphs=(
            "You may use force to protect yourself or someone else, or to prevent a crime, but "
            "only force that is reasonable in the circumstances.",
            "Reasonable is judged on the situation as you honestly believed it to be, even if "
            "you were mistaken, as long as the belief was genuinely held.",
            "Force far out of proportion to the threat is not reasonable. Once you are free and "
            "the danger has passed, the need for force has passed too.",
            "The law accepts that in a split second nobody can weigh force exactly. If you did "
            "only what you honestly and instinctively thought necessary, that counts strongly "
            "in your favour.",
            "On this course every physical skill aims at one thing: getting free and getting "
            "away, with as little force as possible.",
        ),
        questions=(
            item(
                "lesson-law-1",
                "law-and-force",
                "law-reasonable-force",
                "law",
                "Force is judged on…",
                "The situation as you honestly believed it to be",
                "What a court finds happened, whatever you believed",
                "Whether you were hurt",
                "What your manager says",
                why="Honest belief, even if mistaken, is the starting point.",
            ),
            item(
                "lesson-law-2",
                "law-and-force",
                "law-reasonable-force",
                "law",
                "When you are free and the danger has passed, further force is…",
                "No longer justified",
                "Justified to prevent a repeat",
                "Required by policy",
                "Up to you",
                why="The justification ends with the need.",
            ),
            item(
                "lesson-law-3",
                "law-and-force",
                "law-reasonable-force",
                "law",
                "The aim of every physical skill on the course is to…",
                "Get free and get away with as little force as possible",
                "Control the person",
                "Win",
                "Teach them a lesson",
                why="Breakaway is about escape, not control.",
            ),
        ),
    ),
    Lesson(
        id="duty-of-care",
        title="Duty of care: what your employer does, and what you do",
        minutes=3,
        outcome="duty-of-care",
        module="duty-of-care",
        paragraphs=(
            "Your employer must protect your health, safety and welfare at work so far as is "
            "reasonably practicable, and that includes protecting you from violence.",
            "That means assessing the risk of violence, planning how to control it, giving you "
            "information, instruction and training, and reviewing what happens.",
            "Violence at work includes abuse and threats, not only physical assaults.",
            "Your part is to take reasonable care, follow the safe ways of working you are "
            "given, and report incidents and near misses so that risks can be dealt with.",
        ),
        questions=(
            item(
                "lesson-duty-1",
                "duty-of-care",
                "duty-of-care",
                "law",
                "Which of these counts as violence at work?",
                "Threats and verbal abuse as well as assaults",
                "Only assaults that injure",
                "Only assaults by strangers",
                "Only incidents the police attend",
                why="Abuse and threats count.",
            ),
            item(
                "lesson-duty-2",
                "duty-of-care",
                "duty-of-care",
                "law",
                "Who must assess the risk of violence at work?",
                "The employer",
                "Each worker alone",
                "The police",
                "Nobody",
                why="Risk assessment is the employer's duty; your part is to follow it.",
            ),
        ),
    ),
    Lesson(
        id="escalation",
        title="Recognising escalation and reading body signals",
        minutes=4,
        outcome="recognise-escalation",
        module="recognising-escalation",
        paragraphs=(
            "Aggression rarely comes from nowhere. It usually builds from a trigger, through "
            "rising tension, to a crisis, then a recovery in which it can flare again.",
            "Early cues to watch for: a hard stare, a louder or sharper voice, visible anxiety, "
            "muttering, and pacing. One cue is a reason to watch; several together mean the "
            "risk is rising.",
            "Common triggers are waiting without explanation, being refused something, pain, "
            "fear, confusion and changes of routine.",
            "The best time to calm things down is while tension is building, before the "
            "crisis. Your own calm voice, open hands and respectful distance help most.",
        ),
        questions=(
            item(
                "lesson-esc-1",
                "recognising-escalation",
                "recognise-escalation",
                "signals",
                "Which set of cues suggests rising risk?",
                "Staring, a louder voice, muttering and pacing",
                "Yawning and looking at the time",
                "Reading quietly",
                "Smiling and nodding",
                why="These are the early cues to watch for.",
            ),
            item(
                "lesson-esc-2",
                "recognising-escalation",
                "recognise-escalation",
                "signals",
                "When is calming someone down most likely to work?",
                "While tension is building, before the crisis",
                "At the peak of the crisis",
                "Only afterwards",
                "Never",
                why="Act early.",
            ),
            item(
                "lesson-esc-3",
                "recognising-escalation",
                "behaviour-awareness",
                "signals",
                "Just after an outburst, the risk is…",
                "Still raised: it can flare again",
                "Over",
                "Lower than before",
                "Unimportant",
                why="Recovery is not the end; give space and time.",
            ),
        ),
    ),
    Lesson(
        id="exits",
        title="Positioning and escape routes",
        minutes=3,
        outcome="positioning-exits",
        module="positioning-and-exits",
        paragraphs=(
            "Before anything happens, know your way out: notice exits as you arrive and keep "
            "the route to one clear.",
            "Sit or stand so that you can leave without passing the other person, and keep "
            "objects that could be thrown or used out of reach where you can.",
            "Stand at an angle, beyond arm's reach, with your hands open and visible. This "
            "protects you without looking like a challenge.",
            "If talking stops working, leaving and getting help is the right choice, not a "
            "failure.",
        ),
        questions=(
            item(
                "lesson-exit-1",
                "positioning-and-exits",
                "positioning-exits",
                "scenario",
                "In a meeting room, where should you sit?",
                "Where you can reach the door without passing the other person",
                "Furthest from the door",
                "In the corner",
                "It makes no difference",
                why="Keep your way out clear.",
            ),
            item(
                "lesson-exit-2",
                "positioning-and-exits",
                "positioning-exits",
                "scenario",
                "Talking is not working and the risk is rising. You should…",
                "Leave and get help",
                "Stay until they calm down",
                "Block the door",
                "Turn your back",
                why="Leaving is a skill, not a failure.",
            ),
        ),
    ),
    Lesson(
        id="reporting",
        title="After an incident: reporting, support and learning",
        minutes=3,
        outcome="after-an-incident",
        module="after-an-incident",
        paragraphs=(
            "Report every incident, including verbal abuse and near misses. Reports are how "
            "risks are seen and dealt with; thinking it is “part of the job” hides them.",
            "A useful report says what happened, when, where and who was involved.",
            "Incidents caused by someone's illness must still be reported; the report can note "
            "that medical factors were involved.",
            "Some incidents must be reported by your employer to the enforcing authority, such "
            "as an injury that keeps someone off normal work for more than seven days.",
            "After a frightening incident you should be offered a debrief and support. Its "
            "purpose is care and learning, not blame.",
        ),
        questions=(
            item(
                "lesson-rep-1",
                "after-an-incident",
                "after-an-incident",
                "reporting",
                "Should a near miss be reported?",
                "Yes: it shows a risk before anyone is hurt",
                "No: nobody was hurt",
                "Only if it happens twice",
                "Only to a friend",
                why="Near misses are early warnings.",
            ),
            item(
                "lesson-rep-2",
                "after-an-incident",
                "after-an-incident",
                "reporting",
                "An assault by a patient who did not know what they were doing because of "
                "illness should be…",
                "Reported, noting the medical factors",
                "Left unreported",
                "Reported only if someone is injured",
                "Reported to the press",
                why="Clinical assaults are still reported.",
            ),
        ),
    ),
)
