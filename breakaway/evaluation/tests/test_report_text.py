"""The report's summary says what the numbers show, with their uncertainty, and what they
cannot show."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from breakaway.evaluation.report_text import (
    WHAT_IT_CANNOT_SHOW,
    change_sentence,
    incident_sentence,
    summary_paragraphs,
)

CONFIDENCE = {"id": "confidence", "name": "Confidence", "score": "mean", "min": 0, "max": 10}
KNOWLEDGE = {"id": "knowledge", "name": "Knowledge", "score": "percent_correct"}


def _comparison(scale="confidence", earlier="pre", later="post", **values):
    base = {
        "scale": scale,
        "from": earlier,
        "to": later,
        "n_pairs": 42,
        "from_mean": 5.1,
        "to_mean": 7.4,
        "mean_diff": 2.3,
        "mean_diff_ci95": [1.8, 2.8],
    }
    return {**base, **values}


def test_a_clear_rise_is_written_with_its_interval_and_n():
    text = change_sentence(_comparison(), CONFIDENCE)
    assert text == (
        "Confidence rose from 5.1 before to 7.4 out of 10 at the end (mean rise 2.3, "
        "95% CI 1.8 to 2.8; n = 42)."
    )


def test_an_interval_including_zero_is_no_clear_change():
    text = change_sentence(_comparison(mean_diff=0.3, mean_diff_ci95=[-0.2, 0.8]), CONFIDENCE)
    assert text.startswith("There was no clear change in confidence")
    assert "rose" not in text
    assert "includes no change" in text


def test_knowledge_is_in_percent_and_percentage_points():
    comparison = _comparison(
        "knowledge", from_mean=55.0, to_mean=80.0, mean_diff=25.0, mean_diff_ci95=[20.0, 30.0]
    )
    text = change_sentence(comparison, KNOWLEDGE)
    assert "Knowledge rose from 55% before to 80% at the end" in text
    assert "percentage points" in text


def test_a_small_sample_is_flagged_and_a_single_pair_has_no_interval():
    assert "caution" in change_sentence(_comparison(n_pairs=5), CONFIDENCE)
    single = change_sentence(
        _comparison(n_pairs=1, mean_diff=None, mean_diff_ci95=None), CONFIDENCE
    )
    assert "too few people" in single


def test_the_summary_always_ends_with_what_it_cannot_show():
    paragraphs = summary_paragraphs(
        attendance={"enrolled": 12, "attended": 11, "completed": 10},
        scales=[CONFIDENCE],
        comparisons=[
            _comparison(),
            _comparison(
                earlier="post", later="follow_up", mean_diff=-0.2, mean_diff_ci95=[-0.6, 0.2]
            ),
        ],
        reaction={"n": 11, "score": 4.5, "recommend": {"n": 11, "promoters": 8, "detractors": 1}},
        incidents=None,
    )
    assert paragraphs[0] == "11 of 12 people booked attended the training, and 10 completed it."
    assert "held up" in paragraphs[1]
    assert "4.5 out of 5" in paragraphs[2]
    assert paragraphs[-1] == WHAT_IT_CANNOT_SHOW
    assert "cannot show that assaults" in paragraphs[-1]


def test_without_pairs_the_summary_says_so():
    paragraphs = summary_paragraphs(
        attendance={"enrolled": 0, "attended": 0},
        scales=[CONFIDENCE],
        comparisons=[_comparison(n_pairs=0, from_mean=None, to_mean=None)],
        reaction=None,
        incidents=None,
    )
    assert paragraphs[0].startswith("Not enough people have answered")


def test_the_incident_sentence_keeps_the_caveat_or_says_why_there_is_none():
    ok = incident_sentence({"status": "ok", "finding": "The rate after was 20% lower."})
    assert "cannot prove the training caused" in ok
    assert incident_sentence({"status": "too_short", "message": "Too short."}) == "Too short."


finite = st.floats(-10, 10, allow_nan=False)


@given(
    n=st.integers(0, 500),
    from_mean=st.floats(0, 10),
    diff=finite,
    half_width=st.floats(0, 5),
)
def test_the_verb_follows_the_interval(n, from_mean, diff, half_width):
    lo, hi = diff - half_width, diff + half_width
    comparison = _comparison(
        n_pairs=n,
        from_mean=from_mean,
        to_mean=from_mean + diff,
        mean_diff=diff,
        mean_diff_ci95=[lo, hi],
    )
    text = change_sentence(comparison, CONFIDENCE)
    if n == 0:
        assert text == ""
        return
    assert f"n = {n}" in text
    if lo > 0:
        assert " rose " in text
    elif hi < 0:
        assert " fell " in text
    else:
        assert "no clear change" in text
    assert "nan" not in text.casefold()
    paragraphs = summary_paragraphs(
        attendance={},
        scales=[CONFIDENCE],
        comparisons=[comparison],
        reaction=None,
        incidents=None,
    )
    assert paragraphs[-1] == WHAT_IT_CANNOT_SHOW
