"""The statistical building blocks against DOMAIN.md's worked example and SciPy."""

import math
import random

import numpy as np
import pytest
from scipy import special, stats

from insights.analysis import (
    POSSIBLE_FEWER,
    POSSIBLE_MORE,
    Comparison,
    NightGroup,
    benjamini_hochberg,
    beta_quantile,
    compare_groups,
    decide,
    dispersion_index,
    fisher_exact_one_sided,
    mid_p_value,
    rate_ratio_interval,
    regularized_beta,
    shrunken_rate_ratio,
    widen_interval,
)

# --- DOMAIN.md worked check: 6 cramps in 10 exposed nights vs 4 in 20 ----------


def test_worked_example_rate_ratio_and_exact_interval():
    ratio, low, high = rate_ratio_interval(6, 10, 4, 20)
    assert ratio == pytest.approx(3.0)
    # Clopper-Pearson for 6 of 10 is (0.2624, 0.8784); p/(1-p) * 20/10 maps it.
    assert low == pytest.approx(0.71, abs=0.005)
    assert high == pytest.approx(14.5, abs=0.05)


def test_worked_example_mid_p():
    # X ~ Bin(10, 1/3): P(X > 6) = 1161/59049, P(X = 6) = 3360/59049.
    one_sided = (1161 + 3360 / 2) / 59049
    assert mid_p_value(6, 10, 4, 20) == pytest.approx(2 * one_sided, rel=1e-9)
    assert round(mid_p_value(6, 10, 4, 20), 3) == 0.096


def test_worked_example_shrunken_estimate():
    median, low, high, p_greater = shrunken_rate_ratio(6, 10, 4, 20)
    # Closed form: B ~ Beta(0.5 + 5/3 + 6, 0.5 + 5/3 + 4); RR = B/(1-B) * 25/15.
    assert median == pytest.approx(2.2374, abs=1e-3)
    assert low == pytest.approx(0.7736, abs=1e-3)
    assert high == pytest.approx(6.8409, abs=1e-3)
    assert p_greater == pytest.approx(0.9321, abs=1e-3)
    # DOMAIN.md rounds these to 2.3 (0.8-6.9) and 0.94; the closed form agrees
    # to within that rounding.
    assert abs(median - 2.3) < 0.1 and abs(low - 0.8) < 0.05 and abs(high - 6.9) < 0.1
    assert abs(p_greater - 0.94) < 0.01


def test_shrunken_closed_form_matches_sampling():
    rng = np.random.default_rng(1)
    a = 0.5 + 5 * (10 / 30)
    draws = rng.gamma(a + 6, 1 / 15, 200_000) / rng.gamma(a + 4, 1 / 25, 200_000)
    median, low, high, p_greater = shrunken_rate_ratio(6, 10, 4, 20)
    assert median == pytest.approx(np.median(draws), rel=0.01)
    assert low == pytest.approx(np.quantile(draws, 0.025), rel=0.02)
    assert high == pytest.approx(np.quantile(draws, 0.975), rel=0.02)
    assert p_greater == pytest.approx((draws > 1).mean(), abs=0.003)


def test_worked_example_fisher_on_any_cramp_nights():
    # 0.1037 is the table with 5 of 10 exposed nights and 4 of 20 unexposed
    # nights having any cramp (one exposed night had two of the six cramps).
    assert round(fisher_exact_one_sided(5, 10, 4, 20), 4) == 0.1037
    assert fisher_exact_one_sided(5, 10, 4, 20) == pytest.approx(
        stats.fisher_exact([[5, 5], [4, 16]], alternative="greater").pvalue, rel=1e-9
    )


def test_thirty_nights_cannot_establish_a_tripling():
    ratio, low, high = rate_ratio_interval(6, 10, 4, 20)
    comparison = Comparison(ratio, low, high, mid_p_value(6, 10, 4, 20), 0.7, False, "rate")
    assert decide(comparison, q_value=0.096) == "no_clear"


# --- SciPy cross-checks on random tables ------------------------------------------


def random_tables(count, seed, most=40):
    rng = random.Random(seed)
    tables = []
    while len(tables) < count:
        x1, x0 = rng.randint(0, most), rng.randint(0, most)
        n1, n0 = rng.randint(1, 80), rng.randint(1, 80)
        if x1 + x0:
            tables.append((x1, n1, x0, n0))
    return tables


@pytest.mark.parametrize("table", random_tables(60, seed=4))
def test_exact_interval_matches_scipy(table):
    x1, n1, x0, n0 = table
    total = x1 + x0
    ratio, low, high = rate_ratio_interval(*table)
    p_low = stats.beta.ppf(0.025, x1, total - x1 + 1) if x1 else 0.0
    p_high = stats.beta.ppf(0.975, x1 + 1, total - x1) if x1 < total else 1.0
    assert low == pytest.approx(p_low / (1 - p_low) * n0 / n1, rel=1e-7, abs=1e-12)
    if p_high == 1.0:
        assert high == math.inf
    else:
        assert high == pytest.approx(p_high / (1 - p_high) * n0 / n1, rel=1e-7)
    assert ratio == (math.inf if x0 == 0 else pytest.approx((x1 / n1) / (x0 / n0)))


@pytest.mark.parametrize("table", random_tables(60, seed=5))
def test_mid_p_matches_scipy(table):
    x1, n1, x0, n0 = table
    total, p0 = x1 + x0, n1 / (n1 + n0)
    half = 0.5 * stats.binom.pmf(x1, total, p0)
    upper = stats.binom.sf(x1, total, p0) + half
    lower = stats.binom.cdf(x1 - 1, total, p0) + half
    assert mid_p_value(*table) == pytest.approx(min(1.0, 2 * min(upper, lower)), rel=1e-7)


@pytest.mark.parametrize("table", random_tables(60, seed=6))
def test_fisher_matches_scipy(table):
    _, n1, _, n0 = table
    rng = random.Random(sum(table))
    c1, c0 = rng.randint(0, n1), rng.randint(0, n0)
    for alternative in ("greater", "less"):
        expected = stats.fisher_exact([[c1, n1 - c1], [c0, n0 - c0]], alternative=alternative)
        assert fisher_exact_one_sided(c1, n1, c0, n0, alternative) == pytest.approx(
            expected.pvalue, rel=1e-6
        )


@pytest.mark.parametrize("table", random_tables(40, seed=7))
def test_shrunken_matches_scipy_beta(table):
    x1, n1, x0, n0 = table
    a = 0.5 + 5 * (x1 + x0) / (n1 + n0)
    beta = stats.beta(a + x1, a + x0)
    scale = (5 + n0) / (5 + n1)
    median, low, high, p_greater = shrunken_rate_ratio(*table)
    for ours, q in ((median, 0.5), (low, 0.025), (high, 0.975)):
        b = beta.ppf(q)
        assert ours == pytest.approx(b / (1 - b) * scale, rel=1e-7)
    assert p_greater == pytest.approx(beta.sf((5 + n1) / (10 + n1 + n0)), rel=1e-7, abs=1e-12)


@pytest.mark.parametrize(
    ("x", "a", "b"), [(0.3, 2.5, 7.0), (0.9, 0.5, 0.5), (0.62, 3000, 1800), (1e-4, 1, 4000)]
)
def test_regularized_beta_and_quantile_match_scipy(x, a, b):
    assert regularized_beta(x, a, b) == pytest.approx(special.betainc(a, b, x), rel=1e-9)
    for q in (0.025, 0.5, 0.975):
        assert beta_quantile(q, a, b) == pytest.approx(stats.beta.ppf(q, a, b), rel=1e-8)


def test_large_counts_stay_accurate():
    # Ten years of nights: thousands of cramps on each side.
    ratio, low, high = rate_ratio_interval(2600, 1200, 3900, 2400)
    total = 6500
    p_low, p_high = stats.beta.ppf([0.025, 0.975], [2600, 2601], [total - 2600 + 1, total - 2600])
    assert low == pytest.approx(p_low / (1 - p_low) * 2400 / 1200, rel=1e-7)
    assert high == pytest.approx(p_high / (1 - p_high) * 2400 / 1200, rel=1e-7)
    assert ratio == pytest.approx((2600 / 1200) / (3900 / 2400))


# --- Benjamini-Hochberg ------------------------------------------------------------


def test_benjamini_hochberg_hand_example():
    # Sorted: 0.01 (rank 1), 0.03 (2), 0.04 (3), 0.20 (4); m = 4.
    # Raw p*m/rank: 0.04, 0.06, 0.0533, 0.20; step-up minimum makes rank 2 0.0533.
    q = benjamini_hochberg([0.01, 0.04, 0.03, 0.20])
    assert q == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.20])


def test_benjamini_hochberg_caps_at_one_and_handles_empty():
    assert benjamini_hochberg([0.9, 0.8]) == pytest.approx([0.9, 0.9])
    assert benjamini_hochberg([1.0]) == [1.0]
    assert benjamini_hochberg([]) == []


def test_benjamini_hochberg_matches_scipy():
    rng = random.Random(3)
    p = [rng.random() ** 3 for _ in range(25)]
    assert benjamini_hochberg(p) == pytest.approx(list(stats.false_discovery_control(p)))


# --- Overdispersion ------------------------------------------------------------------


def test_dispersion_index_hand_example():
    # Group [0, 0, 2, 2]: mean 1, Pearson sum 4. Group [1, 1, 1, 1]: 0. df = 8 - 2.
    assert dispersion_index([NightGroup.of([0, 0, 2, 2]), NightGroup.of([1, 1, 1, 1])]) == (
        pytest.approx(4 / 6)
    )
    # [0, 4]: mean 2, (4 + 4)/2 = 4. [0, 0, 0, 3]: mean 0.75, (3*0.5625 + 5.0625)/0.75 = 9.
    assert dispersion_index([NightGroup.of([0, 4]), NightGroup.of([0, 0, 0, 3])]) == (
        pytest.approx(13 / 4)
    )


def test_widen_interval_on_log_scale():
    low, high = widen_interval(3.0, 1.5, 6.0, 2.0)
    assert low == pytest.approx(0.75)  # log distance doubled: 3 * (1.5/3)^2
    assert high == pytest.approx(12.0)
    assert widen_interval(3.0, 1.5, 6.0, 1.0) == (1.5, 6.0)


def test_poisson_like_counts_use_the_exact_rate_method():
    exposed = NightGroup.of([1] * 6 + [0] * 4)
    unexposed = NightGroup.of([1] * 4 + [0] * 16)
    comparison = compare_groups(exposed, unexposed)
    # Pearson: (2.4/0.6 + 3.2/0.2) / 28 = 20/28 < 1.
    assert comparison.dispersion == pytest.approx(20 / 28)
    assert comparison.method == "rate" and not comparison.overdispersed
    assert comparison.rate_ratio == pytest.approx(3.0)
    assert comparison.ci_low == pytest.approx(0.7114, abs=1e-4)


def test_mild_overdispersion_widens_the_interval_and_p():
    exposed = NightGroup.of([3, 0, 0, 3, 0, 0, 3, 0, 0, 3])
    unexposed = NightGroup.of([2, 0, 0, 0, 0] * 4)
    plain_ratio, plain_low, plain_high = rate_ratio_interval(12, 10, 8, 20)
    comparison = compare_groups(exposed, unexposed)
    # Exposed: mean 1.2, sum (y-1.2)^2 = 4*3.24 + 6*1.44 = 21.6 -> 18.
    # Unexposed: mean 0.4, 4*2.56 + 16*0.16 = 12.8 -> 32. (18 + 32)/28 = 1.786.
    assert comparison.dispersion == pytest.approx(50 / 28)
    assert comparison.overdispersed
    assert comparison.method == "rate (interval widened for overdispersion)"
    assert comparison.ci_low < plain_low and comparison.ci_high > plain_high
    assert comparison.p > mid_p_value(12, 10, 8, 20)


def test_strong_overdispersion_falls_back_to_any_cramp_nights():
    exposed = NightGroup.of([8, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    unexposed = NightGroup.of([0] * 18 + [1, 1])
    comparison = compare_groups(exposed, unexposed)
    assert comparison.dispersion > 2
    assert comparison.method == "any-cramp (Fisher)"
    # Any-cramp nights: 2 of 10 vs 2 of 20; Laplace-smoothed risks 3/12 and 3/22.
    assert comparison.rate_ratio == pytest.approx((3 / 12) / (3 / 22))
    greater = stats.fisher_exact([[2, 8], [2, 18]], alternative="greater").pvalue
    less = stats.fisher_exact([[2, 8], [2, 18]], alternative="less").pvalue
    assert comparison.p == pytest.approx(min(1.0, 2 * min(greater, less)))


# --- Labels ---------------------------------------------------------------------------


def comparison_of(ratio, low, high):
    return Comparison(ratio, low, high, 0.001, 1.0, False, "rate")


@pytest.mark.parametrize(
    ("ratio", "low", "high", "q", "verdict"),
    [
        (2.0, 1.2, 3.5, 0.10, POSSIBLE_MORE),  # q exactly 0.10 passes
        (2.0, 1.2, 3.5, 0.1001, "no_clear"),  # q just above fails
        (1.5, 1.1, 2.0, 0.01, POSSIBLE_MORE),  # RR exactly 1.5 passes
        (1.49, 1.1, 2.0, 0.01, "no_clear"),  # a "significant" but small ratio is not a link
        (2.0, 1.0, 3.5, 0.01, "no_clear"),  # interval touching 1 does not exclude it
        (1 / 1.5, 0.4, 0.9, 0.01, POSSIBLE_FEWER),
        (0.7, 0.4, 0.9, 0.01, "no_clear"),  # not as low as 1/1.5
        (math.inf, 2.0, math.inf, 0.01, POSSIBLE_MORE),  # no cramps at all unexposed
    ],
)
def test_decide_rules(ratio, low, high, q, verdict):
    assert decide(comparison_of(ratio, low, high), q) == verdict
