"""The statistical building blocks against the worked example in docs/insights-api.md, SciPy and statsmodels."""

import math
import random

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats

from insights.analysis import POSSIBLE_FEWER, POSSIBLE_MORE, decide
from insights.model import Estimate, fit_nightly_model, independent_columns, trend_basis
from insights.stats import (
    NightGroup,
    benjamini_hochberg,
    fisher_exact_one_sided,
    mid_p_value,
    rate_ratio_interval,
    raw_comparison,
    shrunken_rate_ratio,
)

# --- The worked check (docs/insights-api.md): 6 cramps in 10 exposed nights vs 4 in 20 ----------


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
    # The worked example rounds these to 2.3 (0.8-6.9) and 0.94; the closed form agrees
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
    assert low < 1 < high  # even a tripling is not established by 30 nights
    exposed = NightGroup.of([1] * 6 + [0] * 4)
    unexposed = NightGroup.of([1] * 4 + [0] * 16)
    raw = raw_comparison(exposed, unexposed)
    assert (raw.rate_ratio, raw.ci_low, raw.ci_high) == (ratio, low, high)
    assert raw.p == pytest.approx(0.0962, abs=1e-4)
    assert decide(Estimate(ratio, low, high, raw.p), 0.096, exposed, unexposed) == "no_clear"


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


# --- The nightly model against statsmodels -------------------------------------------


def small_journal_arrays():
    """80 nights: a factor on every 4th night, counts worked out so the model is known."""
    rng = np.random.default_rng(11)
    nights = 80
    factor = (np.arange(nights) % 4 == 0).astype(float)
    y = rng.poisson(0.6 * np.where(factor == 1, 2.5, 1.0) * rng.gamma(2, 0.5, nights))
    return y.astype(float), factor, np.arange(nights, dtype=float)


def test_model_matches_statsmodels_quasi_poisson_and_sandwich_fits():
    y, factor, offsets = small_journal_arrays()
    fit = fit_nightly_model(y, offsets, 80, {"factor": factor})
    design = np.column_stack([np.ones(80), (offsets - 39.5) / 39.5, factor])
    quasi = sm.GLM(y, design, family=sm.families.Poisson()).fit(scale="X2")
    sandwich = sm.GLM(y, design, family=sm.families.Poisson()).fit(cov_type="HC0")
    est = fit.estimates["factor"]
    assert est.rate_ratio == pytest.approx(math.exp(quasi.params[2]), rel=1e-6)
    scale = max(1.0, quasi.scale)
    assert fit.scale == pytest.approx(scale, rel=1e-6)
    # The larger of the quasi-Poisson and the small-sample corrected sandwich errors.
    se = max(
        quasi.bse[2] / math.sqrt(quasi.scale) * math.sqrt(scale),
        sandwich.bse[2] * math.sqrt(80 / 77),
    )
    t = stats.t.ppf(0.975, 80 - 3)
    assert est.ci_low == pytest.approx(math.exp(quasi.params[2] - t * se), rel=1e-6)
    assert est.ci_high == pytest.approx(math.exp(quasi.params[2] + t * se), rel=1e-6)
    assert est.p == pytest.approx(2 * stats.t.sf(abs(quasi.params[2] / se), 77), rel=1e-6)


def test_overdispersion_widens_the_interval():
    y, factor, offsets = small_journal_arrays()
    calm = fit_nightly_model(y, offsets, 80, {"factor": factor}).estimates["factor"]
    clustered = y.copy()
    clustered[clustered > 0] *= 4  # the same nights, four times as many cramps each
    wide = fit_nightly_model(clustered, offsets, 80, {"factor": factor})
    assert wide.scale > 2
    est = wide.estimates["factor"]
    assert math.log(est.ci_high / est.ci_low) > math.log(calm.ci_high / calm.ci_low)


def test_a_column_that_repeats_another_is_not_estimated():
    y, factor, offsets = small_journal_arrays()
    fit = fit_nightly_model(y, offsets, 80, {"a": factor, "b": factor.copy()})
    assert set(fit.estimates) == {"a"} and fit.dropped == ("b",)
    assert independent_columns(
        [np.ones(4), np.array([1.0, 2, 3, 4]), np.array([2.0, 3, 4, 5])]
    ) == [
        0,
        1,
    ]


def test_trend_basis_grows_with_the_span():
    assert trend_basis(np.arange(100), 100).shape == (100, 2)  # intercept + line
    assert trend_basis(np.arange(200), 200).shape == (200, 3)  # + a gentle curve
    assert trend_basis(np.arange(365), 365).shape == (365, 5)  # + an annual wave
    ten_years = trend_basis(np.arange(3650), 3650)
    assert ten_years.shape[1] == 9 + 4 + 2  # cubic B-spline with 9 knots + annual wave
    assert np.allclose(ten_years[:, :-2].sum(axis=1), 1.0)  # the spline carries the intercept


# --- Labels ---------------------------------------------------------------------------


def estimate_of(ratio, low, high):
    return Estimate(ratio, low, high, 0.001)


SPREAD = NightGroup.of([2, 1, 2, 1, 0, 2, 1, 0])  # 9 cramps on 6 nights, heaviest 2
CALM = NightGroup.of([1, 0, 0, 0, 0, 0, 1, 0])  # 2 cramps in 8 nights


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
    assert decide(estimate_of(ratio, low, high), q, SPREAD, CALM) == verdict


def test_one_heavy_night_is_not_a_pattern():
    strong = estimate_of(22.0, 3.0, 160.0)
    # Two cramp nights on the higher side: never a link, however strong the model says.
    two = NightGroup.of([6, 1, 0, 0])
    assert decide(strong, 0.001, two, CALM) == "no_clear"
    # Three cramp nights, but without the 6-cramp night the rest is no worse than
    # the other side: 3 in 5 nights (0.6) vs 5 in 8 (0.625).
    heavy = NightGroup.of([6, 1, 1, 1, 0, 0])  # without the heavy night: 3 in 5 = 0.6
    calm = NightGroup.of([1, 1, 1, 1, 1, 0, 0, 0])  # 5 in 8 = 0.625
    assert decide(strong, 0.001, heavy, calm) == "no_clear"
    # One more cramp night: without the heavy night 4 in 5 (0.8) still beats 0.625.
    assert decide(strong, 0.001, NightGroup.of([6, 1, 1, 1, 1, 0]), calm) == POSSIBLE_MORE


def test_bends_of_the_trend_are_kept_only_when_the_journal_shows_them():
    rng = np.random.default_rng(5)
    nights = np.arange(365, dtype=float)
    flat = rng.poisson(1.0, 365).astype(float)
    factor = (nights % 3 == 0).astype(float)
    assert fit_nightly_model(flat, nights, 365, {"f": factor}).trend_columns == 2
    seasonal = rng.poisson(np.exp(0.8 * np.sin(2 * np.pi * nights / 365.25))).astype(float)
    assert fit_nightly_model(seasonal, nights, 365, {"f": factor}).trend_columns == 5
