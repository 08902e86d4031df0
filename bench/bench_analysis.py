"""Questionnaire analysis: 100,000 people answering a 30-item instrument before, after and
at follow-up (some missing a phase, some answering twice), read from CSV and analysed — every
scale, item and knowledge question compared three ways. Target: under 10 s. The ratio is
against a bare `csv.reader` pass over the same file."""

from __future__ import annotations

import csv
import io
import random
import time

from breakaway.evaluation.analysis import analyse, read_responses_csv
from breakaway.evaluation.instruments import parse_instrument

PEOPLE = 100_000
TARGET_SECONDS = 10.0
CONFIDENCE = [f"c{n}" for n in range(1, 11)]
KNOWLEDGE = [f"k{n}" for n in range(1, 21)]


def instrument() -> dict:
    items = [
        {"id": c, "text": c, "type": "scale", "min": 0, "max": 10, "reverse": n % 4 == 0}
        for n, c in enumerate(CONFIDENCE)
    ] + [
        {"id": k, "text": k, "type": "choice", "options": ["a", "b", "c", "d"], "correct": "a"}
        for k in KNOWLEDGE
    ]
    return {
        "id": "bench",
        "name": "Bench",
        "items": items,
        "scales": [
            {"id": "confidence", "name": "Confidence", "items": CONFIDENCE, "score": "mean"},
            {
                "id": "knowledge",
                "name": "Knowledge",
                "items": KNOWLEDGE,
                "score": "percent_correct",
            },
        ],
    }


def responses_csv(seed: int = 1) -> str:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["person", "phase", *CONFIDENCE, *KNOWLEDGE])
    for person in range(PEOPLE):
        ability = rng.random()
        for phase, gain in (("pre", 0.0), ("post", 0.25), ("follow_up", 0.15)):
            if phase != "pre" and rng.random() < 0.15:
                continue  # attrition
            copies = 2 if rng.random() < 0.01 else 1
            for _ in range(copies):
                level = min(1.0, ability + gain)
                confidence = [
                    "" if rng.random() < 0.01 else str(round(10 * level * rng.uniform(0.7, 1.0)))
                    for _ in CONFIDENCE
                ]
                knowledge = ["a" if rng.random() < level else "b" for _ in KNOWLEDGE]
                writer.writerow([f"P{person:06d}", phase, *confidence, *knowledge])
    return out.getvalue()


def run() -> list[tuple[str, float, str, float | None]]:
    text = responses_csv()
    spec = parse_instrument(instrument())
    started = time.perf_counter()
    rows = sum(1 for _ in csv.reader(io.StringIO(text)))
    bare = time.perf_counter() - started
    started = time.perf_counter()
    responses = read_responses_csv(text, spec)
    read = time.perf_counter() - started
    started = time.perf_counter()
    result = analyse(responses)
    analysed = time.perf_counter() - started
    total = read + analysed
    pairs = result["attrition"]["paired"]["pre→post"]
    return [
        (f"rows read ({PEOPLE:,} people, 30 items)", rows, "rows", None),
        ("pre→post pairs", pairs, "people", None),
        ("reading and checking the CSV", read, "s", read / bare),
        ("scoring and every comparison", analysed, "s", None),
        ("total (target 10 s)", total, "s", total / TARGET_SECONDS),
    ]
