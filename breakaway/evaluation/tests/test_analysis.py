"""Scoring, pairing and `manage.py analyse_responses`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from breakaway.evaluation.analysis import (
    ResponsesError,
    analyse,
    read_responses,
    read_responses_csv,
    scale_scores,
)
from breakaway.evaluation.instruments import InstrumentError, parse_instrument
from breakaway.evaluation.statistics import paired_comparison

INSTRUMENT = {
    "id": "confidence-and-knowledge",
    "name": "Confidence and knowledge",
    "items": [
        {"id": "c1", "text": "I can calm an angry visitor", "type": "scale", "min": 0, "max": 10},
        {"id": "c2", "text": "I know how to leave safely", "type": "scale", "min": 0, "max": 10},
        {
            "id": "c3",
            "text": "I freeze when someone shouts",
            "type": "scale",
            "min": 0,
            "max": 10,
            "reverse": True,
        },
        {
            "id": "k1",
            "text": "Force must be…",
            "type": "choice",
            "options": [
                {"value": "a", "text": "Reasonable in the circumstances"},
                {"value": "b", "text": "Whatever stops them"},
            ],
            "correct": "a",
        },
        {
            "id": "k2",
            "text": "First, when a relative blocks the door…",
            "type": "choice",
            "options": ["step back", "push past"],
            "correct": "step back",
        },
        {"id": "comment", "text": "Anything else?", "type": "text"},
    ],
    "scales": [
        {"id": "confidence", "name": "Confidence", "items": ["c1", "c2", "c3"], "score": "mean"},
        {"id": "knowledge", "name": "Knowledge", "items": ["k1", "k2"], "score": "percent_correct"},
    ],
}
CONTRACT = {
    "scale", "from", "to", "n_pairs", "from_mean", "to_mean", "mean_diff", "mean_diff_ci95",
    "t_statistic", "t_p", "wilcoxon_statistic", "wilcoxon_p", "cohens_dz", "cohens_dz_ci95",
    "rank_biserial",
}  # fmt: skip
HEADER = ["person", "phase", "c1", "c2", "c3", "k1", "k2", "comment"]


def _responses(*rows):
    return read_responses([HEADER, *rows], parse_instrument(INSTRUMENT))


def test_reverse_keyed_items_count_as_min_plus_max_minus_the_answer():
    responses = _responses(["p1", "pre", "4", "6", "8", "a", "push past", ""])
    confidence = parse_instrument(INSTRUMENT).scales[0]
    # c3 = 8 counts as 0 + 10 - 8 = 2: (4 + 6 + 2) / 3.
    assert scale_scores(responses, "pre", confidence)[0] == pytest.approx(4.0)
    knowledge = parse_instrument(INSTRUMENT).scales[1]
    assert scale_scores(responses, "pre", knowledge)[0] == 50.0  # one of two right


def test_a_scale_score_needs_every_item_answered():
    responses = _responses(["p1", "pre", "4", "", "8", "a", "", ""])
    instrument = parse_instrument(INSTRUMENT)
    assert np.isnan(scale_scores(responses, "pre", instrument.scales[0])[0])
    assert np.isnan(scale_scores(responses, "pre", instrument.scales[1])[0])


def test_the_last_response_wins_and_duplicates_are_counted():
    responses = _responses(
        ["p1", "pre", "1", "1", "9", "b", "push past", ""],
        ["p1", "pre", "5", "5", "5", "a", "step back", ""],
        ["p1", "post", "8", "8", "2", "a", "step back", "Great"],
        ["p2", "Follow-up", "8", "8", "2", "a", "step back", ""],
    )
    result = analyse(responses)
    assert result["duplicates"] == 1
    first = next(c for c in result["comparisons"] if c["scale"] == "confidence")
    assert (first["from"], first["to"], first["n_pairs"]) == ("pre", "post", 1)
    assert first["from_mean"] == 5.0
    assert first["to_mean"] == 8.0
    assert result["attrition"]["responded"] == {"pre": 1, "post": 1, "follow_up": 1}


def test_every_scale_is_compared_three_ways_with_the_contract_fields():
    result = analyse(_responses(["p1", "pre", "4", "4", "6", "b", "push past", ""]))
    assert [(c["scale"], c["from"], c["to"]) for c in result["comparisons"]] == [
        (scale, a, b)
        for scale in ("confidence", "knowledge")
        for a, b in (("pre", "post"), ("post", "follow_up"), ("pre", "follow_up"))
    ]
    for comparison in result["comparisons"]:
        assert set(comparison) == CONTRACT
    assert result["comparisons"][0]["n_pairs"] == 0
    assert result["comparisons"][0]["mean_diff"] is None


def test_knowledge_per_question_with_mcnemar():
    rows = []
    for n in range(10):  # 8 learn the law, 1 forgets it, 1 knew it already
        before, after = ("b", "a") if n < 8 else (("a", "b") if n == 8 else ("a", "a"))
        rows += [[f"p{n}", "pre", "5", "5", "5", before, "step back", ""]]
        rows += [[f"p{n}", "post", "7", "7", "3", after, "step back", ""]]
    knowledge = analyse(_responses(*rows))["knowledge"]
    k1 = next(k for k in knowledge if k["item"] == "k1" and k["to"] == "post")
    assert (k1["n_pairs"], k1["from_correct"], k1["to_correct"]) == (10, 2, 9)
    assert (k1["right_to_wrong"], k1["wrong_to_right"]) == (1, 8)
    assert k1["mcnemar_p"] == pytest.approx(0.0390625)  # 2 × P(X ≤ 1), X ~ Bin(9, ½)


def test_bad_responses_name_the_row_column_and_value():
    with pytest.raises(ResponsesError) as caught:
        _responses(
            ["p1", "during", "4", "4", "4", "a", "", ""],
            ["p2", "pre", "11", "x", "4", "c", "", ""],
            ["", "pre", "4", "4", "4", "a", "", ""],
        )
    phase_error = "the phase must be pre, post or follow_up"
    assert caught.value.problems == [
        {"row": 2, "column": "phase", "value": "during", "error": phase_error},
        {"row": 4, "column": "person", "value": "", "error": "say whose response this is"},
        {"row": 3, "column": "c1", "value": "11", "error": "must be a number from 0 to 10"},
        {"row": 3, "column": "c2", "value": "x", "error": "must be a number from 0 to 10"},
        {"row": 3, "column": "k1", "value": "c", "error": "must be one of: a, b"},
    ]  # fmt: skip


def test_an_unknown_column_is_refused():
    with pytest.raises(ResponsesError) as caught:
        read_responses_csv("person,phase,c9\np1,pre,4\n", parse_instrument(INSTRUMENT))
    assert caught.value.problems[0]["column"] == "c9"


def test_instrument_problems_are_all_listed():
    broken = {
        "id": "x",
        "items": [
            {"id": "a", "text": "A", "type": "scale", "min": 5, "max": 5},
            {"id": "a", "text": "B", "type": "choice", "options": ["only"], "correct": "none"},
            {"id": "c", "text": "C", "type": "slider"},
        ],
        "scales": [{"id": "s", "name": "S", "items": ["a", "z"], "score": "median"}],
    }
    with pytest.raises(InstrumentError) as caught:
        parse_instrument(broken)
    assert caught.value.problems == [
        "name is missing",
        "items[0]: min must be less than max",
        "items[1].options must list at least two options",
        "items[1].correct must be the value of one of its options",
        "items[1].id 'a' is used twice",
        "items[2].type must be one of scale, choice, text",
        "scales[0].score must be one of mean, sum, percent_correct",
    ]


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10), st.integers(0, 10), st.booleans()), min_size=1, max_size=40
    )
)
def test_scale_comparisons_are_the_paired_statistics_of_the_people_with_both(people):
    rows, before, after = [], [], []
    for n, (pre, post, answered_post) in enumerate(people):
        rows.append([f"p{n}", "pre", str(pre), str(pre), str(10 - pre), "a", "step back", ""])
        if answered_post:
            rows.append([f"p{n}", "post", str(post), str(post), str(10 - post), "a", "", ""])
            before.append(pre)
            after.append(post)
    comparison = analyse(_responses(*rows))["comparisons"][0]
    assert comparison == {
        "scale": "confidence",
        "from": "pre",
        "to": "post",
        **paired_comparison(before, after).to_dict(),
    }


def _manage(*args):
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "analyse_responses", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_prints_the_contract(tmp_path: Path):
    instrument = tmp_path / "i.json"
    instrument.write_text(json.dumps(INSTRUMENT))
    responses = tmp_path / "r.csv"
    responses.write_text(
        "person,phase,c1,c2,c3,k1,k2\n"
        "p1,pre,3,4,7,b,push past\np1,post,7,8,2,a,step back\n"
        "p2,pre,5,5,5,a,step back\np2,post,6,7,4,a,step back\n"
        "p3,pre,2,3,8,b,step back\np3,post,6,6,3,a,step back\n"
    )
    done = _manage("--instrument", str(instrument), "--responses", str(responses), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["duplicates"] == 0
    assert {c["scale"] for c in result["comparisons"]} == {"confidence", "knowledge"}
    first = result["comparisons"][0]
    assert set(first) == CONTRACT
    assert first["n_pairs"] == 3
    assert first["mean_diff"] > 0


def test_the_command_exits_2_with_every_problem(tmp_path: Path):
    instrument = tmp_path / "i.json"
    instrument.write_text(json.dumps(INSTRUMENT))
    responses = tmp_path / "r.csv"
    responses.write_text("person,phase,c1\np1,pre,12\np1,later,1\n")
    done = _manage("--instrument", str(instrument), "--responses", str(responses), "--json")
    assert done.returncode == 2
    errors = json.loads(done.stdout)["errors"]
    assert errors == [
        "row 3, column phase: 'later' the phase must be pre, post or follow_up",
        "row 2, column c1: '12' must be a number from 0 to 10",
    ]
    missing = _manage("--instrument", str(tmp_path / "none.json"), "--responses", str(responses))
    assert missing.returncode == 1
