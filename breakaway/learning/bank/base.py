"""The refresher item bank's shared parts: the item type, its kinds and module codes.

The items (in the sibling modules) are written by us from FACTS.md (§1.6 the law, §2
escalation cues and the assault cycle, §3 the evidence on fade, §4 reporting, §5 breakaway
principles). Each item names the catalogue module and the learning outcome it keeps fresh.
The right answer is listed first here; the page shuffles the options. `why` is the feedback
shown after answering.

Technique items recall principles (escape, low force, protect the airway, move to the exit),
never step-by-step mechanics: those are taught and practised in the room.
"""

from __future__ import annotations

from dataclasses import dataclass

SCENARIO, LAW, SIGNALS, TECHNIQUE, REPORTING = (
    "scenario",
    "law",
    "signals",
    "technique",
    "reporting",
)
KINDS = (SCENARIO, LAW, SIGNALS, TECHNIQUE, REPORTING)


@dataclass(frozen=True)
class BankItem:
    id: str
    module: str  # catalogue module code
    outcome: str  # learning outcome id (assessments/outcomes.py)
    kind: str
    prompt: str
    options: tuple[str, ...]  # the right answer first
    why: str


def item(
    item_id: str, module: str, outcome: str, kind: str, prompt: str, *options: str, why: str
) -> BankItem:
    return BankItem(item_id, module, outcome, kind, prompt, tuple(options), why)


LAW_MODULE, DUTY, DIGNITY = "law-and-force", "duty-of-care", "dignity-and-rights"
ESCALATION, SIGNALS_MODULE, LONE = "recognising-escalation", "body-signals", "lone-working"
VERBAL, DRA, EXITS = "verbal-de-escalation", "dynamic-risk-assessment", "positioning-and-exits"
CONFUSION, WRIST, CLOTHING = (
    "intoxication-and-confusion",
    "breakaway-wrist-and-arm",
    "breakaway-clothing-and-hair",
)
STRANGLES, HUGS, BITES = (
    "breakaway-strangles-and-headlocks",
    "breakaway-bear-hugs",
    "bites-and-scratches",
)
STRIKES, FLOOR, AFTER = "deflecting-strikes", "on-the-floor", "after-an-incident"
