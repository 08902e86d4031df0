"""The statistics agree with SciPy on generated data, including ties, zeros and tiny samples."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from breakaway.evaluation.statistics import (
    mcnemar,
    paired_comparison,
    rate_ratio,
    signed_rank,
)

# Answers on a 0-10 scale: ties and zero differences are common, as in real questionnaires.
scores = st.integers(0, 10).map(float)
pairs = st.lists(st.tuples(scores, scores), min_size=0, max_size=120)
# Continuous differences, so that the exact Wilcoxon path is taken.
continuous = st.lists(
    st.floats(-50, 50, allow_nan=False).filter(lambda x: abs(x) > 1e-6),
    min_size=1,
    max_size=50,
    unique_by=abs,  # no ties among the sizes of the differences
)


def _scipy_wilcoxon(nonzero):
    ties = len(np.unique(np.abs(nonzero))) < len(nonzero)
    method = "exact" if len(nonzero) <= 50 and not ties else "approx"
    return stats.wilcoxon(nonzero, correction=False, method=method)


@settings(max_examples=400, deadline=None)
@given(pairs)
def test_paired_comparison_agrees_with_scipy(data):
    earlier = np.array([a for a, _b in data])
    later = np.array([b for _a, b in data])
    result = paired_comparison(earlier, later)
    n = len(data)
    assert result.n_pairs == n
    if n == 0:
        assert result.mean_diff is None
        return
    diff = later - earlier
    assert result.mean_diff == pytest.approx(diff.mean())
    assert result.from_mean == pytest.approx(earlier.mean())
    assert result.to_mean == pytest.approx(later.mean())
    varied = n >= 2 and np.ptp(diff) > 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if varied:
            t = stats.ttest_rel(later, earlier)
            assert result.t_statistic == pytest.approx(t.statistic, rel=1e-9)
            assert result.t_p == pytest.approx(t.pvalue, rel=1e-9, abs=1e-300)
            low, high = t.confidence_interval(0.95)
            assert result.mean_diff_ci95 == pytest.approx((low, high), rel=1e-9)
            sd = diff.std(ddof=1)
            assert result.cohens_dz == pytest.approx(diff.mean() / sd)
        else:
            assert result.t_statistic is None
            assert result.t_p is None
            assert result.cohens_dz is None
            assert result.cohens_dz_ci95 is None
        nonzero = diff[diff != 0]
        if len(nonzero):
            w = _scipy_wilcoxon(nonzero)
            assert result.wilcoxon_statistic == pytest.approx(w.statistic)
            assert result.wilcoxon_p == pytest.approx(w.pvalue, rel=1e-9, abs=1e-300)
        else:
            assert result.wilcoxon_statistic is None
            assert result.wilcoxon_p is None
            assert result.rank_biserial is None
    for value in result.to_dict().values():  # undefined is None, never NaN
        assert not (isinstance(value, float) and math.isnan(value))


@settings(max_examples=300, deadline=None)
@given(continuous)
def test_the_exact_signed_rank_test_agrees_with_scipy(diffs):
    ranked = signed_rank(diffs)
    reference = stats.wilcoxon(diffs, correction=False, method="exact")
    assert ranked.exact
    assert ranked.statistic == pytest.approx(reference.statistic)
    assert ranked.p == pytest.approx(reference.pvalue, rel=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-5, 5).filter(bool).map(float), min_size=1, max_size=200))
def test_rank_biserial_is_the_share_of_rank_sum_in_favour(diffs):
    ranked = signed_rank(diffs)
    r = paired_comparison(np.zeros(len(diffs)), np.array(diffs)).rank_biserial
    assert r == pytest.approx((ranked.w_plus - ranked.w_minus) / (ranked.w_plus + ranked.w_minus))
    assert -1 <= r <= 1
    if all(d > 0 for d in diffs):
        assert r == 1


def test_a_worked_example():
    # Five people, confidence before and after a course.
    before = [4, 5, 3, 6, 5]
    after = [7, 6, 6, 6, 8]
    result = paired_comparison(before, after)
    assert result.mean_diff == pytest.approx(2.0)
    assert result.n_pairs == 5
    # Non-zero differences 3, 1, 3, 3 (one zero dropped): ranks 3, 1, 3, 3 → W+ = 10, W- = 0.
    assert result.wilcoxon_statistic == 0
    assert result.rank_biserial == 1
    assert result.cohens_dz == pytest.approx(2.0 / np.std([3, 1, 3, 0, 3], ddof=1))
    low, high = result.cohens_dz_ci95
    se = math.sqrt(1 / 5 + result.cohens_dz**2 / 10)
    assert (low, high) == pytest.approx(
        (result.cohens_dz - 1.959964 * se, result.cohens_dz + 1.959964 * se), rel=1e-6
    )


def test_one_pair_has_a_difference_but_no_test():
    result = paired_comparison([3], [5])
    assert (result.n_pairs, result.mean_diff) == (1, 2.0)
    assert result.mean_diff_ci95 is None
    assert result.t_p is None
    assert result.cohens_dz is None
    assert result.wilcoxon_statistic == 0  # one positive difference: W- = 0


def test_mcnemar_exact_and_undefined():
    assert mcnemar(0, 0) is None
    assert mcnemar(1, 9) == pytest.approx(stats.binomtest(1, 10, 0.5).pvalue)
    assert mcnemar(5, 5) == 1.0


def test_rate_ratio_with_a_poisson_interval():
    ratio, (low, high) = rate_ratio(40, 1000.0, 30, 1000.0)
    assert ratio == pytest.approx(0.75)
    se = math.sqrt(1 / 40 + 1 / 30)
    assert low == pytest.approx(0.75 * math.exp(-1.959964 * se), rel=1e-6)
    assert high == pytest.approx(0.75 * math.exp(1.959964 * se), rel=1e-6)
    assert rate_ratio(0, 1000.0, 3, 1000.0) is None


def test_identical_changes_in_floats_have_no_effect_size_rather_than_a_huge_one():
    # 7.3 - 5.2 and 6.1 - 4.0 differ in the last bit of a float; the change is the same.
    result = paired_comparison([5.2, 4.0, 3.1], [7.3, 6.1, 5.2])
    assert result.mean_diff == pytest.approx(2.1)
    assert result.cohens_dz is None
    assert result.t_statistic is None
