"""One nightly model per journal (docs/insights-api.md, "Method in brief").

Cramps per logged night are regressed on every recorded factor at once plus a
smooth time trend over the journal's span: a Poisson GLM (statsmodels) whose
standard errors are scaled by the Pearson dispersion (quasi-Poisson), floored
at 1 so clustered nights can only widen an interval, never narrow it. Where
the clustering is worse on high-rate nights, the sandwich (robust) error is
larger and is used instead. Intervals and p values use Student's t on the
residual degrees of freedom, a little more careful than the normal curve for
short journals.

A medicine's level change is also checked against a smooth bend without it
(``smooth_trend_fits_as_well``): within a year or two the two look alike.

Plain arrays in, plain numbers out; nothing here knows what a trigger is.
"""

import math
import warnings
from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm
from scipy import stats
from scipy.interpolate import BSpline

# The trend: a slow curve (straight line, then a cubic B-spline with one
# interior knot per TREND_NIGHTS_PER_KNOT nights) plus, once a journal spans
# most of a year, an annual wave for the seasons. Chosen by the simulation in
# tests/insights/test_simulation.py: bendy enough for drift and seasons, stiff
# enough that a medicine's level change is not absorbed by the trend.
TREND_NIGHTS_PER_KNOT = 365
CURVED_FROM_NIGHTS = 150  # a quadratic term from this span on (kept only if the F test asks)
SEASONS_FROM_NIGHTS = 300  # an annual sine and cosine (kept below two years only if asked)
MAX_TREND_KNOTS = 30
SPLINE_FROM_NIGHTS = 2 * TREND_NIGHTS_PER_KNOT  # below: line, curve and wave by F test
# Strict: a bend kept on weak evidence biased the medicine steps estimated with it
# (simulation (a): +0.38 on the log scale for a no-effect statin when kept at p < 0.2).
# A bend the test misses is caught for medicine changes by
# smooth_trend_fits_as_well instead.
TREND_TEST_P = 0.01
YEAR = 365.25
# Quasi-AIC cost of one column when a medicine's step and a bend compete
# (smooth_trend_fits_as_well): Akaike's.
STEP_VS_BEND_PENALTY = 2.0
# A column whose part not explained by the columns before it is this small
# (relative to its own size) cannot be estimated and is left out.
COLLINEAR_TOLERANCE = 1e-6
CONFIDENCE = 0.95
# Beyond this the estimate runs off to infinity (every exposed night with, or
# every one without, cramps after the other terms): reported as not estimable.
MAX_LOG_RATIO = 8.0
MAX_LOG_SE = 4.0


@dataclass(frozen=True)
class Estimate:
    rate_ratio: float
    ci_low: float
    ci_high: float
    p: float


@dataclass(frozen=True)
class ModelFit:
    estimates: dict  # column name -> Estimate, for each tested column that was estimable
    dropped: tuple  # tested column names that could not be told apart from the rest
    scale: float  # Pearson dispersion used (>= 1)
    nights: int
    trend_columns: int


def trend_basis(offsets, span):
    """Columns of a smooth trend over nights 0..span-1, including the intercept."""
    x = np.asarray(offsets, dtype=float)
    span = max(int(span), 2)
    centred = (x - (span - 1) / 2) / ((span - 1) / 2)
    knots = min(MAX_TREND_KNOTS, span // TREND_NIGHTS_PER_KNOT - 1)
    if knots >= 1:
        inner = np.linspace(0, span - 1, knots + 2)
        t = np.concatenate([[inner[0]] * 3, inner, [inner[-1]] * 3])
        # The B-spline basis sums to 1 at every night, so it carries the intercept.
        columns = list(BSpline.design_matrix(np.clip(x, 0, span - 1), t, 3).toarray().T)
    else:
        columns = [np.ones_like(x), centred]
        if span >= CURVED_FROM_NIGHTS:
            columns.append(centred**2)
    if span >= SEASONS_FROM_NIGHTS:
        angle = 2 * math.pi * x / YEAR
        columns += [np.sin(angle), np.cos(angle)]
    return np.column_stack(columns)


def independent_columns(columns, tolerance=COLLINEAR_TOLERANCE):
    """Indexes of columns kept, in order, each adding something the earlier ones lack.

    Incremental Gram-Schmidt: cheap for the few dozen columns a journal has, and
    it keeps the earlier (more important) column when two say the same thing.
    """
    kept, basis = [], []
    for index, column in enumerate(columns):
        norm = np.linalg.norm(column)
        if norm == 0:
            continue
        residual = column.astype(float)
        for q in basis:
            residual = residual - (q @ residual) * q
        for q in basis:  # a second pass keeps the basis orthogonal in floating point
            residual = residual - (q @ residual) * q
        rest = np.linalg.norm(residual)
        if rest > tolerance * norm:
            kept.append(index)
            basis.append(residual / rest)
    return kept


@dataclass
class _Glm:
    result: object
    kept: list
    n_trend: int
    df_resid: int
    scale: float
    se: np.ndarray


def _glm(y, trend, columns_after):
    columns = [trend[:, j] for j in range(trend.shape[1])] + columns_after
    kept = independent_columns(columns)
    n_trend = trend.shape[1]
    if len(kept) < n_trend or len(y) <= len(kept) + 1:
        return None
    design = np.column_stack([columns[i] for i in kept])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # hasconst: the trend carries the intercept (saves statsmodels a rank check).
            model = sm.GLM(y, design, family=sm.families.Poisson(), hasconst=True)
            result = model.fit(maxiter=50)
    except (ValueError, np.linalg.LinAlgError):
        return None
    df_resid = len(y) - len(kept)
    mu = result.fittedvalues
    pearson = float(np.sum((y - mu) ** 2 / np.maximum(mu, 1e-12)))
    scale = max(1.0, pearson / df_resid)
    # Cramps cluster more on nights with a higher rate than one Pearson scale
    # says; each standard error is the larger of the quasi-Poisson one and the
    # sandwich (heteroskedasticity-robust) one, small-sample corrected.
    bread = result.normalized_cov_params
    meat = design.T @ (design * ((y - mu) ** 2)[:, None])
    robust = np.sqrt(np.clip(np.diag(bread @ meat @ bread), 0, None) * len(y) / df_resid)
    se = np.maximum(result.bse * math.sqrt(scale), robust)
    return _Glm(result, kept, n_trend, df_resid, scale, se)


def _straight_line(offsets, span):
    """The stiffest trend: intercept and a straight line over the span."""
    x = np.asarray(offsets, dtype=float)
    return np.column_stack([np.ones_like(x), (x - (span - 1) / 2) / ((span - 1) / 2)])


def _bends_needed(y, offsets, span, columns_after, flexible):
    """The straight-line fit, unless the extra bends of the trend clearly improve it.

    A quasi-likelihood F test of the curve and seasonal terms (the method asks for "a
    smooth time trend"): in a journal under a year or two a bend and a
    medicine's level change look alike, so the bend is kept only when the
    journal shows one (p < TREND_TEST_P). Returns the chosen fit.
    """
    stiff = _glm(y, _straight_line(offsets, span), columns_after)
    if stiff is None:
        return flexible
    extra = len(flexible.kept) - len(stiff.kept)
    if extra <= 0:
        return stiff
    gain = (stiff.result.deviance - flexible.result.deviance) / extra / flexible.scale
    p = float(stats.f.sf(gain, extra, flexible.df_resid))
    return flexible if p < TREND_TEST_P else stiff


def fit_nightly_model(y, offsets, span, tested, nuisance=()):
    """Quasi-Poisson GLM of nightly counts on trend + tested + nuisance columns.

    ``tested`` is {name: column}; ``nuisance`` a sequence of columns that are
    adjusted for but not reported (missing-value indicators, lead-up terms).
    Returns None when the model cannot be fitted at all.
    """
    y = np.asarray(y, dtype=float)
    span = max(int(span), 2)
    names = list(tested)
    columns_after = [np.asarray(tested[name], dtype=float) for name in names]
    columns_after += [np.asarray(c, dtype=float) for c in nuisance]
    fit = _glm(y, trend_basis(offsets, span), columns_after)
    if fit is None:
        return None
    if span < SPLINE_FROM_NIGHTS and fit.n_trend > 2:
        fit = _bends_needed(y, offsets, span, columns_after, fit)
    t_crit = float(stats.t.ppf(0.5 + CONFIDENCE / 2, fit.df_resid))
    position = {column: j for j, column in enumerate(fit.kept)}
    estimates, dropped = {}, []
    for k, name in enumerate(names):
        j = position.get(fit.n_trend + k)
        beta = float(fit.result.params[j]) if j is not None else math.nan
        se = float(fit.se[j]) if j is not None else math.nan
        if not (abs(beta) <= MAX_LOG_RATIO and 0 < se <= MAX_LOG_SE):
            dropped.append(name)
            continue
        estimates[name] = Estimate(
            rate_ratio=_exp(beta),
            ci_low=_exp(beta - t_crit * se),
            ci_high=_exp(beta + t_crit * se),
            p=float(2 * stats.t.sf(abs(beta / se), fit.df_resid)),
        )
    return ModelFit(estimates, tuple(dropped), fit.scale, len(y), fit.n_trend)


def smooth_trend_fits_as_well(y, offsets, span, tested, nuisance, steps):
    """The medicine steps that a smooth bend over time explains as well as the step.

    Within a year or two a step at a medicine change and a slow drift or the
    seasons look alike. For each name in ``steps`` (columns of ``tested``),
    the straight-line model with every column is compared by quasi-AIC
    (deviance over its Pearson scale, plus STEP_VS_BEND_PENALTY per column)
    with each bend in place of that step: a curve (from CURVED_FROM_NIGHTS)
    and the annual wave (from SEASONS_FROM_NIGHTS). When one of them does as
    well, the change gets no verdict. Journals spanning SPLINE_FROM_NIGHTS or
    more always have the bends in the model, and short ones have none: there
    nothing is returned.
    """
    span = max(int(span), 2)
    bends = _bends(offsets, span)
    if span >= SPLINE_FROM_NIGHTS or not bends or not steps:
        return set()
    names = list(tested)
    columns = [np.asarray(tested[name], dtype=float) for name in names]
    columns_nuisance = [np.asarray(c, dtype=float) for c in nuisance]
    y = np.asarray(y, dtype=float)
    stiff = _glm(y, _straight_line(offsets, span), columns + columns_nuisance)
    if stiff is None:
        return set()

    def score(fit):
        return fit.result.deviance / stiff.scale + STEP_VS_BEND_PENALTY * len(fit.kept)

    explained = set()
    for k, name in enumerate(names):
        if name not in steps:
            continue
        others = columns[:k] + columns[k + 1 :] + columns_nuisance
        for bend in bends:
            fit = _glm(y, bend, others)
            if fit is not None and score(fit) <= score(stiff):
                explained.add(name)
                break
    return explained


def _bends(offsets, span):
    """Trends that bend, each the straight line plus one shape: a curve, the annual wave."""
    line = _straight_line(offsets, span)
    bends = []
    if span >= CURVED_FROM_NIGHTS:
        bends.append(np.column_stack([line, line[:, 1] ** 2]))
    if span >= SEASONS_FROM_NIGHTS:
        angle = 2 * math.pi * np.asarray(offsets, dtype=float) / YEAR
        bends.append(np.column_stack([line, np.sin(angle), np.cos(angle)]))
    return bends


def _exp(value):
    return math.exp(min(value, 700.0))
