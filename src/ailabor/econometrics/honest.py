"""Rambachan-Roth (2023) "HonestDiD" sensitivity analysis of an event study.

Given an event study's coefficients ``betahat`` (pre periods oldest first, then post periods; the
reference period is excluded because it is normalised to 0) and their full covariance ``sigma``,
:func:`sensitivity` reports robust confidence intervals for two targets, the first post-period
effect (l = e_1) and the average of the post-period effects (l = 1/num_post each), when parallel
trends may fail in a bounded way:

* relative magnitudes, ΔRM(M̄): every post-period change of the differential trend,
  |δ_{t+1} - δ_t| for t >= 0, is at most M̄ times the largest change between consecutive
  pre-periods (including the step into the reference period). Conditional least-favourable
  hybrid ("C-LF", kappa = alpha/10) confidence sets, the HonestDiD default for ΔRM.
* smoothness, ΔSD(M): the slope of the differential trend changes by at most M per period,
  |δ_{t+1} - 2 δ_t + δ_{t-1}| <= M. Optimal fixed-length confidence intervals ("FLCI").

:func:`breakdown` finds, per target and restriction, the smallest M̄ or M at which the robust
interval includes zero.

Implementation and its relation to ``moderndid.didhonest`` (moderndid 0.2.0)
----------------------------------------------------------------------------
* ΔSD uses ``moderndid.didhonest.compute_flci`` (its CLARABEL "solution may be inaccurate"
  warnings are silenced and logged at DEBUG), with its worst-case-bias programme compiled once
  per covariance and target and re-solved per h (:class:`_BiasProgramme`, substituted for
  moderndid's ``maximize_bias`` during the call; same programme, solver and results).
  moderndid's FLCI never terminates with a single pre-period (its golden-section tolerance is 0
  when h_min = h_max), so for num_pre == 1 the FLCI is computed in closed form here: the affine
  estimator is then unique and its worst-case bias is M sum_j |c_j| (:func:`sd_single_pre_bias`,
  any weights l, checked against a linear programme).
* ΔRM: moderndid's ``compute_conditional_cs_rm`` / ``create_sensitivity_results_rm`` has a bug:
  it loops over s = -(T_pre-1), ..., -1 with 0-based indexing, so the polyhedron in which the
  largest pre-period change is the *oldest* one (between the first two pre periods) is never
  included; R's HonestDiD loops over s = -(T_pre-1), ..., 0 with 1-based indexing and includes all
  T_pre pre-period changes. Example: betahat_pre = (0.05, 0, 0, 0, 0), M̄ = 1: moderndid's
  identified set is {0}, the correct one is [-0.05, 0.05]. It is also slow (about 17 s per M̄ value
  for 5 pre / 2 post periods), mostly because its least-favourable critical value solves 1,000
  linear programmes per polyhedron through ``scipy.optimize.linprog``.
  This module therefore builds the ΔRM polyhedra itself (all 2 * T_pre of them, exactly as R's
  ``.create_A_RM``; only rows that involve post-period coefficients enter the test, R's
  ``postPeriodMomentsOnly = TRUE``) and inverts for each polyhedron the conditional
  least-favourable hybrid test of moderndid's ``lp_conditional_test`` (hybrid "LF"; with a single
  post period, no nuisance parameter: ``test_in_identified_set_lf_hybrid``), computed exactly
  but without linear-programme solvers:

  - the test statistic η(θ) = min over the nuisance parameters of the largest standardised
    moment is a linear programme whose dual feasible set {γ >= 0, γ'[sd, X] = e_1} does not
    depend on θ; its vertices are enumerated once (at most C(2 T_post, T_post) bases, 20 for
    3 post periods), so η(θ) = max_v v'(y - a θ) in closed form (checked against
    ``scipy.optimize.linprog`` once per polyhedron). The truncation points [v_lo, v_up] of the
    conditional second stage (ARP's dual approach, which moderndid finds by bisection over linear
    programmes) follow in closed form from the same vertices. The least-favourable critical value
    uses the same 1,000 normal draws as moderndid (``default_rng(0)``); each draw's programme is
    evaluated through the vertices. Unit tests check that the critical value equals moderndid's
    ``compute_least_favorable_cv`` and the accept/reject decisions equal moderndid's test.
  - η(θ) > c_LF rejects and η(θ) <= 0 accepts, whatever the second stage does, so the acceptance
    region of a polyhedron lies between two intervals known in closed form; the C-LF bounds are
    found by bisection of the test on the gaps between them (``BISECT_TOL_SE`` times the standard
    error of the target) instead of on a 1,000-point grid. The union over the polyhedra is
    reported as its hull, as HonestDiD does (R reports the extreme accepted grid points).

  Polyhedra whose dual polytope cannot be enumerated (rank-deficient constraints, or a vertex
  formula that disagrees with the LP) fall back to moderndid's grid routine
  ``compute_arp_nuisance_ci`` (1,000 points).

Acceptance sets of a single polyhedron are assumed to be intervals (as moderndid's own binary
search does); breakdown values assume that "the robust CI includes 0" is monotone in M̄ and M.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .distributions import norm_ppf
from .event_study import sensitivity_inputs

log = logging.getLogger(__name__)

FIRST = "first post period"
AVERAGE = "average of post periods"
TARGETS = (FIRST, AVERAGE)
RM = "relative magnitudes (ΔRM)"
SD = "smoothness (ΔSD)"
ORIGINAL = "none (original CI)"
NO_PRE_NOTE = "not identified: no pre-period before the reference period"

LF_SIMS = 1000  # draws for the least-favourable critical value (moderndid and R default)
LF_SEED = 0  # moderndid's default seed for those draws
BISECT_TOL_SE = 1e-4  # C-LF interval end points are located to this many standard errors of the target
SCAN_POINTS = 100  # seed search inside a polyhedron whose "accept for sure" set is empty
SPAN_FACTOR = 10  # ΔRM search half-width, in units of _half_width (beyond it a C-LF set is treated as unbounded)
MBAR_SEARCH_MAX = 10.0  # breakdown search bound for M̄
M_SEARCH_MAX_SE = 50.0  # breakdown search bound for M, in standard errors of the first post coefficient
DEFAULT_M_GRID_SE = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0)  # default M grid, in SEs of the first post coefficient

COLUMNS = [
    "target",
    "restriction",
    "method",
    "parameter",
    "value",
    "lb",
    "ub",
    "alpha",
    "num_pre",
    "num_post",
    "estimate",
    "se",
    "note",
]
BREAKDOWN_COLUMNS = [
    "target",
    "restriction",
    "method",
    "parameter",
    "breakdown",
    "search_max",
    "alpha",
    "num_pre",
    "num_post",
    "note",
]


# --------------------------------------------------------------------------------------------
# inputs


def _check(betahat, sigma, num_pre: int, num_post: int) -> tuple[np.ndarray, np.ndarray]:
    b = np.asarray(betahat, dtype=float).ravel()
    s = np.asarray(sigma, dtype=float)
    if num_pre < 0 or num_post < 1:
        raise ValueError(f"need num_pre >= 0 and num_post >= 1, got {num_pre}, {num_post}")
    if b.size != num_pre + num_post or s.shape != (b.size, b.size):
        raise ValueError(
            f"betahat has {b.size} elements and sigma shape {s.shape}; expected {num_pre} + {num_post} periods"
        )
    if not (np.all(np.isfinite(b)) and np.all(np.isfinite(s))):
        raise ValueError("betahat and sigma must be finite")
    s = (s + s.T) / 2
    if np.min(np.linalg.eigvalsh(s)) < -1e-10 * max(1.0, np.max(np.abs(np.diag(s)))):
        raise ValueError("sigma is not positive semi-definite")
    return b, s


def target_vectors(num_post: int) -> dict[str, np.ndarray]:
    """The two targets' weight vectors l over the post periods."""
    return {FIRST: np.eye(num_post)[0], AVERAGE: np.full(num_post, 1.0 / num_post)}


def original_ci(
    betahat, sigma, num_pre: int, num_post: int, l_vec, alpha: float = 0.05
) -> tuple[float, float, float, float]:
    """(estimate, se, lb, ub) of l'beta_post under exact parallel trends: l'b ± z_{1-alpha/2} sqrt(l'Σl)."""
    post = slice(num_pre, num_pre + num_post)
    est = float(l_vec @ betahat[post])
    se = float(np.sqrt(l_vec @ sigma[post, post] @ l_vec))
    z = norm_ppf(1 - alpha / 2)
    return est, se, est - z * se, est + z * se


def default_m_grid(sigma, num_pre: int) -> np.ndarray:
    """Default ΔSD grid: M = 0, 0.5, ..., 3 standard errors of the first post-period coefficient.

    HonestDiD's own default (10 points from 0 to a one-sided 95% upper bound on the largest
    pre-period second difference) depends on how noisy the pre-period coefficients are; a grid
    in units of the first post coefficient's standard error is comparable across exposure
    measures and covers the breakdown value of any effect with |t| below about 5 (the breakdown
    itself is computed separately, not read off the grid).
    """
    se1 = float(np.sqrt(sigma[num_pre, num_pre]))
    return se1 * np.asarray(DEFAULT_M_GRID_SE)


# --------------------------------------------------------------------------------------------
# ΔRM: polyhedra, the C-LF test and its inversion


def rm_constraint_matrix(num_pre: int, num_post: int, mbar: float, s_index: int, positive: bool) -> np.ndarray:
    """A with Δ^RM_{s,sign}(M̄) = {δ: A δ <= 0}, as R HonestDiD's ``.create_A_RM``.

    ``s_index`` in 0 .. num_pre-1 picks the pre-period change δ_{s+1} - δ_s that is the largest
    (positions in the vector (δ_pre, δ_0 = 0, δ_post); s_index = num_pre-1 is the step into the
    reference period); ``positive`` is its sign. Column of δ_0 dropped.
    """
    if not 0 <= s_index < num_pre:
        raise ValueError(f"s_index must be in 0..{num_pre - 1}")
    n = num_pre + num_post
    atilde = np.zeros((n, n + 1))
    atilde[np.arange(n), np.arange(n)] = -1.0
    atilde[np.arange(n), np.arange(n) + 1] = 1.0
    v = np.zeros(n + 1)
    v[s_index], v[s_index + 1] = -1.0, 1.0
    if not positive:
        v = -v
    a_ub = np.vstack([np.tile(v, (num_pre, 1)), np.tile(mbar * v, (num_post, 1))])
    a = np.vstack([atilde - a_ub, -atilde - a_ub])
    a = a[np.einsum("ij,ij->i", a, a) > 1e-10]
    return np.delete(a, num_pre, axis=1)


def _construct_gamma(l_vec: np.ndarray) -> np.ndarray:
    """Invertible Γ with l' as first row (moderndid's ``_construct_gamma``; the test is invariant to the choice)."""
    n = l_vec.size
    drop = int(np.argmax(np.abs(l_vec)))
    g = np.zeros((n, n))
    g[0] = l_vec
    others = [i for i in range(n) if i != drop]
    g[np.arange(1, n), others] = 1.0
    return g


def _dual_vertices(w: np.ndarray) -> np.ndarray | None:
    """Vertices of {γ >= 0, W'γ = e_1}, the dual feasible set of min η s.t. y - Xτ <= sd η (W = [sd, X]).

    None when W is rank deficient (then the vertex formula is not used)."""
    m, p = w.shape
    if p > m or np.linalg.matrix_rank(w) < p:
        return None
    e1 = np.zeros(p)
    e1[0] = 1.0
    verts = []
    for basis in itertools.combinations(range(m), p):
        wb = w[list(basis)]
        if np.linalg.cond(wb) > 1e12:
            continue
        g = np.linalg.solve(wb.T, e1)
        if np.all(g >= -1e-9 * np.max(np.abs(g))):
            full = np.zeros(m)
            full[list(basis)] = np.clip(g, 0.0, None)
            verts.append(full)
    if not verts:
        return None
    return np.unique(np.round(np.asarray(verts), 12), axis=0)


def _sublevel(vy: np.ndarray, va: np.ndarray, c: float) -> tuple[float, float] | None:
    """{θ: max_v (vy_v - va_v θ) <= c} as an interval (None if empty)."""
    eps = 1e-12 * max(1.0, float(np.max(np.abs(va))))
    pos, neg = va > eps, va < -eps
    zero = ~(pos | neg)
    if np.any(vy[zero] > c):
        return None
    lo = float(np.max((vy[pos] - c) / va[pos])) if pos.any() else -np.inf
    hi = float(np.min((vy[neg] - c) / va[neg])) if neg.any() else np.inf
    return (lo, hi) if lo <= hi else None


@dataclass
class _Fixed:
    """A polyhedron whose confidence set came from a moderndid grid routine."""

    interval: tuple[float, float] | None


class _Polyhedron:
    """The C-LF test of H0: l'τ_post = θ under one polyhedron Δ^RM_{s,sign}(M̄).

    ``accept`` is moderndid's ``lp_conditional_test`` (hybrid "LF") evaluated exactly through the
    vertices V of the dual polytope {γ >= 0, γ'[sd, X] = e_1}: η(θ) = max_v v'Y(θ), the optimal
    vertex γ*, and the truncation interval [v_lo, v_up] of ARP's dual approach (the c with
    max_v v'(S + b c) = c, b = Σγ*/γ*'Σγ*, S = Y - b η), which moderndid finds by bisection with
    linear programmes. ``accept_moderndid`` calls moderndid itself (slow; used to verify).

    ``outer`` = {θ: η(θ) <= c_LF} contains the acceptance set, ``inner`` = {θ: η(θ) <= 0} is
    contained in it (η <= 0 is never rejected; η > c_LF is rejected by the first stage)."""

    def __init__(self, y, sigma_y, a1, x, rows, alpha, kappa, lf_cv, verts, reference=None):
        self.y, self.sigma_y, self.a1, self.x, self.rows = y, sigma_y, a1, x, rows
        self.alpha, self.kappa, self.lf_cv = alpha, kappa, lf_cv
        self.nuisance = x.shape[1] > 0
        self.reference = reference  # (betahat, sigma, A[rows], num_pre) for moderndid's no-nuisance test
        self.mod_size = (alpha - kappa) / (1 - kappa)
        self.verts = verts
        self.vy = verts @ y[rows]
        self.va = verts @ a1[rows]
        self.gram = verts @ sigma_y[np.ix_(rows, rows)] @ verts.T  # v' Σ w for vertices v, w
        self.outer = _sublevel(self.vy, self.va, lf_cv)
        self.inner = _sublevel(self.vy, self.va, 0.0)
        self.n_tests = 0

    def eta(self, theta: float) -> float:
        return float(np.max(self.vy - self.va * theta))

    def accept(self, theta: float) -> bool:
        vals = self.vy - self.va * theta
        i = int(np.argmax(vals))
        eta = float(vals[i])
        if eta <= 0:
            return True
        if eta > self.lf_cv:
            return False
        self.n_tests += 1
        s2 = float(self.gram[i, i])
        if s2 < np.finfo(float).eps:
            return False  # moderndid: reject iff η > 0
        vb = self.gram[:, i] / s2  # v'b
        vs = vals - vb * eta  # v'S
        low, high = vb < 1 - 1e-10, vb > 1 + 1e-10
        vlo = float(np.max(vs[low] / (1 - vb[low]))) if low.any() else -np.inf
        vup = float(np.min(vs[high] / (1 - vb[high]))) if high.any() else np.inf
        sb = np.sqrt(s2)
        stat = eta / sb
        if self.nuisance:  # moderndid's/R's nuisance-parameter hybrid truncates at c_LF; the no-nuisance one does not
            vup = min(vup, self.lf_cv)
        zlo, zup = min(vlo / sb, stat), max(vup / sb, stat)  # η lies in [v_lo, v_up] up to rounding
        cval = max(0.0, _truncated_normal_quantile(1 - self.mod_size, zlo, zup))
        return not stat > cval

    def accept_moderndid(self, theta: float) -> bool:
        from moderndid.didhonest import lp_conditional_test, test_in_identified_set_lf_hybrid

        if not self.nuisance:
            b, sig, a, num_pre = self.reference
            e = np.zeros(b.size)
            e[num_pre] = 1.0
            return bool(
                test_in_identified_set_lf_hybrid(
                    b - e * theta, sig, a, np.zeros(a.shape[0]), self.alpha, self.kappa, self.lf_cv
                )
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = lp_conditional_test(
                self.y - self.a1 * theta,
                self.x,
                self.sigma_y,
                self.alpha,
                "LF",
                {"hybrid_kappa": self.kappa, "lf_cv": self.lf_cv},
                self.rows,
            )
        return not res["reject"]


def _truncated_normal_quantile(p: float, lower: float, upper: float) -> float:
    """moderndid's ``_norminvp_generalized`` (the p-quantile of N(0, 1) truncated to [lower,
    upper]) with the CDF and its inverse from ``scipy.special`` (ndtr, ndtri: what
    ``scipy.stats.norm`` computes at loc 0 and scale 1, without the distribution object's
    argument handling). tests/unit/test_honest.py checks it equals moderndid's bit for bit."""
    from scipy.special import ndtr, ndtri

    if p <= 0:
        return lower if not np.isinf(lower) else -np.inf
    if p >= 1:
        return upper if not np.isinf(upper) else np.inf
    if np.isinf(lower) and np.isinf(upper):
        return float(ndtri(p))
    p_l = float(ndtr(lower)) if not np.isinf(lower) else 0
    p_u = float(ndtr(upper)) if not np.isinf(upper) else 1
    p_trunc = p_l + p * (p_u - p_l)
    if p_trunc <= p_l:
        return lower
    if p_trunc >= p_u:
        return upper
    return float(ndtri(p_trunc))


def _lp_eta(y, x, sd) -> float:
    """η = min η s.t. y - Xτ <= sd η, by scipy (used once per polyhedron to check the vertex formula)."""
    from scipy import optimize

    c = np.r_[1.0, np.zeros(x.shape[1])]
    r = optimize.linprog(c, A_ub=-np.column_stack([sd, x]), b_ub=-y, bounds=[(None, None)] * c.size, method="highs")
    return float(r.x[0]) if r.success else np.nan


def _rm_polyhedra(b, sig, num_pre, num_post, l_vec, mbar, alpha) -> list:
    """All 2 * num_pre polyhedra of ΔRM(M̄) for target l."""
    kappa = alpha / 10
    gamma_inv = np.linalg.inv(_construct_gamma(l_vec))
    est = float(l_vec @ b[num_pre:])
    sd_theta = float(np.sqrt(l_vec @ sig[num_pre:, num_pre:] @ l_vec))
    out: list = []
    for s_index in range(num_pre):
        for positive in (True, False):
            a = rm_constraint_matrix(num_pre, num_post, mbar, s_index, positive)
            rows = np.flatnonzero(np.any(a[:, num_pre:] != 0, axis=1))
            a_post = a[:, num_pre:] @ gamma_inv
            a1, x = a_post[:, 0], a_post[:, 1:]
            y = a @ b
            sigma_y = a @ sig @ a.T
            sig_r = sigma_y[np.ix_(rows, rows)]
            sd = np.sqrt(np.diag(sig_r))
            verts = _dual_vertices(np.column_stack([sd, x[rows]])) if np.all(sd > 0) else None
            if verts is not None:
                check = _lp_eta(y[rows] - a1[rows] * est, x[rows], sd)
                mine = float(np.max(verts @ (y[rows] - a1[rows] * est)))
                if not np.isclose(mine, check, rtol=1e-6, atol=1e-8):
                    log.warning(
                        "ΔRM polyhedron s=%d%s: vertex formula %.6g != LP %.6g; using moderndid's grid routine",
                        s_index,
                        "+" if positive else "-",
                        mine,
                        check,
                    )
                    verts = None
            if verts is None:
                out.append(
                    _rm_fixed_nuisance(b, sig, num_pre, num_post, l_vec, a, rows, alpha, kappa, est, sd_theta, mbar)
                )
                continue
            # least-favourable critical value: moderndid's compute_least_favorable_cv (same draws), LPs by vertices
            rng = np.random.default_rng(LF_SEED)
            xi = rng.multivariate_normal(mean=np.zeros(rows.size), cov=sig_r, size=LF_SIMS)
            lf_cv = float(np.quantile(np.max(xi @ verts.T, axis=1), 1 - kappa))
            out.append(
                _Polyhedron(y, sigma_y, a1, x, rows, alpha, kappa, lf_cv, verts, reference=(b, sig, a[rows], num_pre))
            )
    return out


def _half_width(b, num_pre, l_vec, sd_theta, mbar) -> float:
    """Half-width of the θ range around the estimate that can hold a ΔRM(M̄) confidence set:
    M̄ sum_t t |l_t| times the largest estimated pre-period change, plus 20 standard errors of
    the target. The grid routine searches est ± this; the bisection, ``SPAN_FACTOR`` times it."""
    pre = np.r_[b[:num_pre], 0.0]
    maxpre = float(np.max(np.abs(np.diff(pre)))) if num_pre else 0.0
    return mbar * float(np.arange(1, l_vec.size + 1) @ np.abs(l_vec)) * maxpre + 20 * sd_theta


def _rm_fixed_nuisance(b, sig, num_pre, num_post, l_vec, a, rows, alpha, kappa, est, sd_theta, mbar) -> _Fixed:
    from moderndid.didhonest import compute_arp_nuisance_ci

    half = _half_width(b, num_pre, l_vec, sd_theta, mbar)
    lo, hi = est - half, est + half
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = compute_arp_nuisance_ci(
            b,
            sig,
            l_vec,
            a,
            np.zeros(a.shape[0]),
            num_pre,
            num_post,
            alpha,
            "LF",
            {"hybrid_kappa": kappa},
            lo,
            hi,
            1000,
            rows,
        )
    return _Fixed(None if np.isnan(r.ci_lb) else (float(r.ci_lb), float(r.ci_ub)))


def _bisect(accept, rejected: float, accepted: float, tol: float) -> float:
    """The accepted end of a bracket [rejected, accepted] (either order) shrunk below ``tol``."""
    while abs(accepted - rejected) > tol:
        mid = (accepted + rejected) / 2
        if accept(mid):
            accepted = mid
        else:
            rejected = mid
    return accepted


def _clip_outer(p: _Polyhedron, centre: float, span: float) -> tuple[float, float]:
    lo, hi = p.outer
    return max(lo, centre - span), min(hi, centre + span)


def _extend(p: _Polyhedron, bound: float, tol: float, centre: float, span: float, side: int) -> float:
    """How far polyhedron p's acceptance set reaches beyond the current hull end ``bound``.

    side = -1: returns min(bound, lower end of p's set); side = +1: max(bound, upper end)."""
    lo, hi = _clip_outer(p, centre, span)
    far, near = (lo, hi) if side < 0 else (hi, lo)  # far = outer end on this side
    if (side < 0 and far >= bound) or (side > 0 and far <= bound):
        return bound
    step = tol if side < 0 else -tol
    if p.inner is not None:
        z = p.inner[0] if side < 0 else p.inner[1]
        if (side < 0 and z <= bound) or (side > 0 and z >= bound) or not np.isfinite(bound):
            start = z
        elif p.accept(bound):  # p's set contains its inner set and (an interval) reaches past bound
            start = bound
        else:
            return bound
        if not np.isfinite(start):
            return start
        return _bisect(p.accept, far - step, start, tol)
    # nothing accepted for sure: scan the part of the outer set beyond the hull, then bisect
    stop = near if not np.isfinite(bound) else (min(near, bound) if side < 0 else max(near, bound))
    pts = np.linspace(far, stop, SCAN_POINTS)
    prev = far - step
    for t in pts:
        if p.accept(t):
            return _bisect(p.accept, prev, t, tol)
        prev = t
    return bound


def _rm_hull(polys, centre: float, sd_theta: float, span: float) -> tuple[float, float]:
    """Hull of the union of the polyhedra's C-LF confidence sets (NaN, NaN if all are empty)."""
    tol = BISECT_TOL_SE * sd_theta
    lb, ub = np.inf, -np.inf
    tests = [p for p in polys if isinstance(p, _Polyhedron) and p.outer is not None]
    for p in polys:
        iv = p.interval if isinstance(p, _Fixed) else p.inner
        if iv is not None:
            lb, ub = min(lb, iv[0]), max(ub, iv[1])
    for p in sorted(tests, key=lambda q: q.outer[0]):
        lb = _extend(p, lb, tol, centre, span, -1)
    for p in sorted(tests, key=lambda q: -q.outer[1]):
        ub = _extend(p, ub, tol, centre, span, +1)
    if lb > ub:
        return np.nan, np.nan
    return float(lb), float(ub)


def _reaches(p, t: float, side: int, centre: float, span: float) -> bool:
    """Does p's acceptance set contain a point <= t (side -1) or >= t (side +1)?"""
    if isinstance(p, _Fixed):
        return p.interval is not None and (p.interval[0] <= t if side < 0 else p.interval[1] >= t)
    if p.outer is None:
        return False
    lo, hi = _clip_outer(p, centre, span)
    if (side < 0 and lo > t) or (side > 0 and hi < t):
        return False
    if p.inner is not None:
        z = p.inner[0] if side < 0 else p.inner[1]
        if (side < 0 and z <= t) or (side > 0 and z >= t):
            return True
        return p.accept(t)
    pts = np.linspace(lo, min(hi, t), SCAN_POINTS) if side < 0 else np.linspace(max(lo, t), hi, SCAN_POINTS)
    return any(p.accept(x) for x in pts)


def _rm_covers(polys, t: float, centre: float, span: float) -> bool:
    """Whether the hull of the ΔRM confidence set contains t."""
    return any(_reaches(p, t, -1, centre, span) for p in polys) and any(_reaches(p, t, +1, centre, span) for p in polys)


def rm_ci(betahat, sigma, num_pre: int, num_post: int, l_vec, mbar: float, alpha: float = 0.05) -> tuple[float, float]:
    """C-LF confidence interval for l'τ_post under ΔRM(M̄) (hull of the union over the 2 num_pre polyhedra)."""
    b, s = _check(betahat, sigma, num_pre, num_post)
    l_vec = np.asarray(l_vec, dtype=float).ravel()
    if num_pre < 1:
        return np.nan, np.nan
    est = float(l_vec @ b[num_pre:])
    sd_theta = float(np.sqrt(l_vec @ s[num_pre:, num_pre:] @ l_vec))
    polys = _rm_polyhedra(b, s, num_pre, num_post, l_vec, mbar, alpha)
    return _rm_hull(polys, est, sd_theta, SPAN_FACTOR * _half_width(b, num_pre, l_vec, sd_theta, mbar))


def rm_ci_covers(
    betahat, sigma, num_pre: int, num_post: int, l_vec, mbar: float, value: float = 0.0, alpha: float = 0.05
) -> bool:
    """Whether the ΔRM(M̄) C-LF interval contains ``value`` (cheaper than computing its end points;
    :func:`breakdown` searches with it)."""
    b, s = _check(betahat, sigma, num_pre, num_post)
    l_vec = np.asarray(l_vec, dtype=float).ravel()
    est = float(l_vec @ b[num_pre:])
    sd_theta = float(np.sqrt(l_vec @ s[num_pre:, num_pre:] @ l_vec))
    polys = _rm_polyhedra(b, s, num_pre, num_post, l_vec, mbar, alpha)
    return _rm_covers(polys, value, est, SPAN_FACTOR * _half_width(b, num_pre, l_vec, sd_theta, mbar))


# --------------------------------------------------------------------------------------------
# ΔSD: fixed-length confidence intervals


def sd_single_pre_bias(l_vec, m: float) -> float:
    """Worst-case bias over ΔSD(M) of the FLCI estimator with a single pre period, any weights l.

    With one pre period the estimator v'β, v = (sum_t t l_t, l), is the only affine one whose
    bias is bounded (it extrapolates the line through δ_{-1} and δ_0 = 0). Writing δ through its
    second differences η_j = δ_{j+1} - 2 δ_j + δ_{j-1} (j = 0 .. T-1, |η_j| <= M) and δ_{-1}, the
    bias is v'δ = sum_j c_j η_j with c_j = sum_{t > j} (t - j) l_t (δ_{-1} drops out), so the
    worst case is M sum_j |c_j|. For l >= 0 every c_j >= 0.
    """
    l_vec = np.asarray(l_vec, dtype=float).ravel()
    t = np.arange(1, l_vec.size + 1)
    c = [float((t[j:] - j) @ l_vec[j:]) for j in range(l_vec.size)]
    return float(m) * float(np.sum(np.abs(c)))


class _BiasProgramme:
    """moderndid's ``maximize_bias`` (the worst-case bias of an affine estimator under ΔSD with
    standard deviation at most h, a second-order cone programme) for one Σ, ℓ_post and period
    count, built and compiled once with h² as a cvxpy parameter.

    moderndid builds and compiles a fresh problem for every h its bisection tries (hundreds per
    sensitivity table: most of the ``rambachan_roth`` job's time went to cvxpy's compilation).
    Only the constraint's right-hand side changes with h, so the compiled problem is reused and
    only re-solved; results for an h already solved are reused as well. The programme, solver
    (CLARABEL) and returned dictionary are moderndid's; tests/unit/test_honest.py checks the
    FLCIs against R HonestDiD's and this programme against moderndid's own function.
    """

    def __init__(self, sigma, n_pre: int, n_post: int, weights) -> None:
        import cvxpy as cp
        from moderndid.didhonest.fixed_length_ci import _create_diff_matrix

        self.cp, self.n_pre = cp, n_pre
        x = cp.Variable(2 * n_pre)
        bias_constant = sum(
            abs(np.dot(np.arange(1, s + 1), weights[(n_post - s) : n_post])) for s in range(1, n_post + 1)
        ) - np.dot(np.arange(1, n_post + 1), weights)
        absolute, w = x[:n_pre], x[n_pre:]
        lower = np.tril(np.ones((n_pre, n_pre)))
        transform = np.hstack([np.zeros((n_pre, n_pre)), _create_diff_matrix(n_pre)])
        sigma_pre, sigma_pre_post = sigma[:n_pre, :n_pre], sigma[:n_pre, n_pre:]
        sigma_post = weights @ sigma[n_pre:, n_pre:] @ weights
        a_quadratic = transform.T @ sigma_pre @ transform
        a_linear = 2 * transform.T @ sigma_pre_post @ weights
        self.h_sq = cp.Parameter(nonneg=True)
        constraints = [
            -absolute <= lower @ w,
            lower @ w <= absolute,
            cp.sum(w) == np.dot(np.arange(1, n_post + 1), weights),
            cp.quad_form(x, a_quadratic) + a_linear @ x + sigma_post <= self.h_sq,
        ]
        self.x = x
        self.problem = cp.Problem(cp.Minimize(bias_constant + cp.sum(absolute)), constraints)
        self.solved: dict[float, tuple[str, float, np.ndarray | None]] = {}

    def __call__(self, h, smoothness_bound=1.0) -> dict:
        from moderndid.didhonest.fixed_length_ci import _weights_to_l

        cp, n = self.cp, self.n_pre
        key = float(h)
        if key not in self.solved:
            self.h_sq.value = key**2
            try:
                self.problem.solve(solver=cp.CLARABEL, verbose=False)
                ok = self.problem.status in ("optimal", "optimal_inaccurate")
                self.solved[key] = (
                    ("optimal", self.problem.value, self.x.value.copy()) if ok else ("failed", np.inf, None)
                )
            except (ValueError, RuntimeError, cp.error.SolverError) as e:
                self.solved[key] = (f"error: {e!s}", np.inf, None)
        status, value, x = self.solved[key]
        if x is None:
            return {"status": status, "value": np.inf, "optimal_x": None, "optimal_w": None, "optimal_l": None}
        w = x[n:]
        return {
            "status": status,
            "value": value * smoothness_bound,
            "optimal_x": x,
            "optimal_w": w,
            "optimal_l": _weights_to_l(w),
        }


_BIAS_PROGRAMMES: dict[tuple, _BiasProgramme] = {}
_FLCI_LOCK = threading.Lock()


def _maximize_bias(h, sigma, n_pre_periods, n_post_periods, post_period_weights, smoothness_bound=1.0):
    """Drop-in for ``moderndid.didhonest.fixed_length_ci.maximize_bias`` (see :class:`_BiasProgramme`)."""
    sigma = np.ascontiguousarray(sigma, dtype=float)
    weights = np.ascontiguousarray(post_period_weights, dtype=float)
    key = (sigma.tobytes(), sigma.shape, int(n_pre_periods), int(n_post_periods), weights.tobytes())
    programme = _BIAS_PROGRAMMES.get(key)
    if programme is None:
        if len(_BIAS_PROGRAMMES) >= 64:
            _BIAS_PROGRAMMES.clear()
        programme = _BIAS_PROGRAMMES[key] = _BiasProgramme(sigma, int(n_pre_periods), int(n_post_periods), weights)
    return programme(h, smoothness_bound)


def _folded_normal_quantile(p, mu=0.0, sd=1.0, seed=0):
    """Drop-in for ``moderndid.didhonest.fixed_length_ci.folded_normal_quantile`` (the p-quantile
    of |N(mu, sd²)|): the same bracket and brentq on the same function, with the normal CDF
    evaluated by ``scipy.special.ndtr``, which is what ``scipy.stats.norm.cdf`` computes at loc 0
    and scale 1, without the distribution object's argument handling (most of the FLCI's time
    went to those calls). tests/unit/test_honest.py checks it equals moderndid's bit for bit."""
    from scipy import stats
    from scipy.optimize import brentq
    from scipy.special import ndtr

    if sd <= 0:
        raise ValueError("Standard deviation must be positive")
    mu_abs = abs(mu)
    if mu_abs == 0:
        return sd * stats.halfnorm.ppf(p)

    def cdf(x, mu_abs, sd, p=0.0):
        return float(ndtr((x - mu_abs) / sd) - ndtr((-x - mu_abs) / sd) - p)

    upper = mu_abs + 8 * sd
    while cdf(upper, mu_abs, sd) - p < 0:
        upper *= 2
    return brentq(cdf, 0, upper, args=(mu_abs, sd, p))


def sd_ci(betahat, sigma, num_pre: int, num_post: int, l_vec, m: float, alpha: float = 0.05) -> tuple[float, float]:
    """FLCI for l'τ_post under ΔSD(M) (moderndid ``compute_flci``; closed form when num_pre == 1)."""
    b, s = _check(betahat, sigma, num_pre, num_post)
    l_vec = np.asarray(l_vec, dtype=float).ravel()
    if num_pre < 1:
        return np.nan, np.nan
    if num_pre == 1:
        # unique affine estimator: weight sum_t t l_t on the single pre coefficient (linear extrapolation)
        w = float(np.arange(1, num_post + 1) @ l_vec)
        v = np.r_[w, l_vec]
        h = float(np.sqrt(v @ s @ v))
        half = _folded_normal_quantile(1 - alpha, mu=sd_single_pre_bias(l_vec, m) / h) * h
        return float(v @ b - half), float(v @ b + half)
    from moderndid.didhonest import compute_flci, fixed_length_ci

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # the substitution is process-wide: one FLCI at a time (the programmes' h parameter is
        # shared as well)
        with _FLCI_LOCK:
            original = fixed_length_ci.maximize_bias, fixed_length_ci.folded_normal_quantile
            fixed_length_ci.maximize_bias = _maximize_bias
            fixed_length_ci.folded_normal_quantile = _folded_normal_quantile
            try:
                r = compute_flci(b, s, m, num_pre, num_post, post_period_weights=l_vec, alpha=alpha)
            finally:
                fixed_length_ci.maximize_bias, fixed_length_ci.folded_normal_quantile = original
    if caught:
        log.debug("FLCI M=%.4g: %d solver warning(s), e.g. %s", m, len(caught), caught[0].message)
    return float(r.flci[0]), float(r.flci[1])


# --------------------------------------------------------------------------------------------
# public API


def sensitivity(
    betahat: np.ndarray,
    sigma: np.ndarray,
    num_pre: int,
    num_post: int,
    *,
    mbar_grid=(0, 0.5, 1, 1.5, 2),
    m_grid=None,
    alpha=0.05,
) -> pd.DataFrame:
    """Rambachan-Roth sensitivity table: original and robust confidence intervals.

    Parameters
    ----------
    betahat : event-study coefficients, the ``num_pre`` pre periods oldest first, then the
        ``num_post`` post periods; the reference period (normalised to 0) is not included and is
        taken to lie between the last pre and the first post coefficient (HonestDiD's layout).
    sigma : their covariance matrix (any consistent estimator, e.g. cluster-robust).
    mbar_grid : M̄ values for relative magnitudes (ΔRM, C-LF intervals).
    m_grid : M values for smoothness (ΔSD, FLCI), in the units of the coefficients. None: 0 to 3
        standard errors of the first post coefficient in steps of 0.5 SE (:func:`default_m_grid`).
    alpha : 1 - confidence level.

    Returns
    -------
    One row per target ("first post period", "average of post periods") and (restriction,
    parameter value): ``target, restriction, method, parameter, value, lb, ub, alpha, num_pre,
    num_post, estimate, se, note``. ``restriction`` is "none (original CI)" (method "original",
    parameter "", value NaN: l'β ± z sqrt(l'Σl)), "relative magnitudes (ΔRM)" (method "C-LF",
    parameter "Mbar") or "smoothness (ΔSD)" (method "FLCI", parameter "M"). ``estimate`` and
    ``se`` are l'β and sqrt(l'Σl). With ``num_pre == 0`` nothing is identified: the robust rows
    have NaN bounds and a note; an empty C-LF set (every value rejected) also gives NaN with a note.
    """
    b, s = _check(betahat, sigma, num_pre, num_post)
    mbar_grid = [float(x) for x in mbar_grid]
    started = time.perf_counter()
    memo: dict = {}  # with one post period both targets are the same vector

    def cached(fn, l_vec, value):
        key = (fn.__name__, tuple(l_vec), value)
        if key not in memo:
            memo[key] = fn(b, s, num_pre, num_post, l_vec, value, alpha)
        return memo[key]

    rows = []
    for target, l_vec in target_vectors(num_post).items():
        est, se, lo, hi = original_ci(b, s, num_pre, num_post, l_vec, alpha)
        base = {"target": target, "alpha": alpha, "num_pre": num_pre, "num_post": num_post, "estimate": est, "se": se}
        rows.append(
            {
                **base,
                "restriction": ORIGINAL,
                "method": "original",
                "parameter": "",
                "value": np.nan,
                "lb": lo,
                "ub": hi,
                "note": "",
            }
        )
        if num_pre == 0:
            for restriction, method, parameter in ((RM, "C-LF", "Mbar"), (SD, "FLCI", "M")):
                rows.append(
                    {
                        **base,
                        "restriction": restriction,
                        "method": method,
                        "parameter": parameter,
                        "value": np.nan,
                        "lb": np.nan,
                        "ub": np.nan,
                        "note": NO_PRE_NOTE,
                    }
                )
            continue
        for mbar in mbar_grid:
            lb, ub = cached(rm_ci, l_vec, mbar)
            note = "empty confidence set: every value is rejected" if np.isnan(lb) else ""
            rows.append(
                {
                    **base,
                    "restriction": RM,
                    "method": "C-LF",
                    "parameter": "Mbar",
                    "value": mbar,
                    "lb": lb,
                    "ub": ub,
                    "note": note,
                }
            )
            log.debug("%s ΔRM M̄=%.3g: [%.5g, %.5g]", target, mbar, lb, ub)
        grid = default_m_grid(s, num_pre) if m_grid is None else np.asarray(m_grid, dtype=float)
        for m in grid:
            lb, ub = cached(sd_ci, l_vec, float(m))
            rows.append(
                {
                    **base,
                    "restriction": SD,
                    "method": "FLCI",
                    "parameter": "M",
                    "value": float(m),
                    "lb": lb,
                    "ub": ub,
                    "note": "",
                }
            )
    log.info(
        "HonestDiD sensitivity (%d pre, %d post periods): %d intervals in %.1f s",
        num_pre,
        num_post,
        len(rows),
        time.perf_counter() - started,
    )
    return pd.DataFrame(rows, columns=COLUMNS)


def _search(covers, brackets, tol, zero_note) -> tuple[float, str]:
    """Smallest parameter at which covers() is True: first bracket that covers, then bisection."""
    lo = brackets[0]
    if covers(lo):
        return lo, zero_note
    for hi in brackets[1:]:
        if covers(hi):
            while hi - lo > tol:
                mid = (lo + hi) / 2
                if covers(mid):
                    hi = mid
                else:
                    lo = mid
            return hi, ""
        lo = hi
    return np.inf, f"robust CI excludes 0 for every value up to the search bound {brackets[-1]:.4g}"


def breakdown(betahat, sigma, num_pre, num_post, *, alpha=0.05, tol=1e-3) -> pd.DataFrame:
    """Breakdown values: the smallest M̄ (ΔRM) and M (ΔSD) at which the robust CI includes 0.

    Per target: 0 if the original CI already includes 0 (note says so) or the robust CI does at
    M̄ = 0 / M = 0. Otherwise the first of the brackets M̄ = 0.25, 0.5, 1, 2, 4, 8, 10
    (M = 0.25, 0.5, 1, ..., 32, 50 standard errors of the first post coefficient) at which the CI
    includes 0 is found, then bisected until the bracket is narrower than ``tol`` (M̄) or
    ``tol`` standard errors of the first post coefficient (M); the upper end of the final
    bracket is returned (the CI includes 0 there). If the CI excludes 0 up to the search bound
    (M̄ = 10, M = 50 SE) the breakdown is ``inf`` and the note says so; with ``num_pre == 0`` it
    is NaN (not identified). Columns: ``target, restriction, method, parameter, breakdown,
    search_max, alpha, num_pre, num_post, note``.
    """
    b, s = _check(betahat, sigma, num_pre, num_post)
    started = time.perf_counter()
    memo: dict = {}  # with one post period both targets are the same vector
    se1 = float(np.sqrt(s[num_pre, num_pre]))
    rm_brackets = [0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, MBAR_SEARCH_MAX]
    sd_brackets = [se1 * x for x in (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, M_SEARCH_MAX_SE)]
    out = []
    for target, l_vec in target_vectors(num_post).items():
        _, _, lo, hi = original_ci(b, s, num_pre, num_post, l_vec, alpha)
        base = {"target": target, "alpha": alpha, "num_pre": num_pre, "num_post": num_post}
        specs = (
            (RM, "C-LF", "Mbar", rm_brackets, tol, "robust CI includes 0 already at M̄ = 0"),
            (
                SD,
                "FLCI",
                "M",
                sd_brackets,
                tol * se1,
                "robust CI includes 0 already at M = 0 (a linear pre-trend extrapolated)",
            ),
        )
        for restriction, method, parameter, brackets, t, zero_note in specs:
            row = {
                **base,
                "restriction": restriction,
                "method": method,
                "parameter": parameter,
                "search_max": brackets[-1],
            }
            if num_pre == 0:
                out.append({**row, "breakdown": np.nan, "note": NO_PRE_NOTE})
                continue
            if lo <= 0 <= hi:
                out.append({**row, "breakdown": 0.0, "note": "original CI includes 0"})
                continue
            if restriction == RM:

                def covers(mbar, l_vec=l_vec):
                    return rm_ci_covers(b, s, num_pre, num_post, l_vec, mbar, 0.0, alpha)
            else:

                def covers(m, l_vec=l_vec):
                    lb, ub = sd_ci(b, s, num_pre, num_post, l_vec, m, alpha)
                    return lb <= 0 <= ub

            key = (restriction, tuple(l_vec))
            if key not in memo:
                memo[key] = _search(covers, brackets, t, zero_note)
            value, note = memo[key]
            log.debug("%s %s breakdown %.5g", target, restriction, value)
            out.append({**row, "breakdown": value, "note": note})
    log.info(
        "HonestDiD breakdown values (%d pre, %d post periods) in %.1f s",
        num_pre,
        num_post,
        time.perf_counter() - started,
    )
    return pd.DataFrame(out, columns=BREAKDOWN_COLUMNS)


# --- glue for the pipeline: the event study's covariance output -> sensitivity tables ----------


def from_vcov_table(
    vcov: pd.DataFrame, *, date: str, outcome: str, weights: str, cluster: str, mbar, m=None, alpha: float = 0.05
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Sensitivity and breakdown tables of one event study stored in ``event_study_vcov.parquet``
    (:func:`ailabor.econometrics.event_study.vcov_table`), with the waves used named on every row.

    Only pre-period waves that run without a gap up to the reference year enter (see
    :func:`ailabor.econometrics.event_study.sensitivity_inputs`)."""
    v = vcov[(vcov["date"] == date) & (vcov["outcome"] == outcome) & (vcov["weights"] == weights)]
    if v.empty:
        raise ValueError(f"event_study_vcov has no rows for date {date!r}, outcome {outcome!r}, weights {weights!r}")
    inputs = sensitivity_inputs(v, cluster)
    args = (inputs["betahat"], inputs["sigma"], inputs["num_pre"], inputs["num_post"])
    log.info(
        "Rambachan-Roth: %d pre-period waves %s, %d post %s, reference May %d, clustering %s%s",
        inputs["num_pre"],
        inputs["pre_years"],
        inputs["num_post"],
        inputs["post_years"],
        inputs["ref"],
        cluster,
        f"; left out (gap before the reference): {inputs['dropped_pre']}" if inputs["dropped_pre"] else "",
    )
    t0 = time.perf_counter()
    table = sensitivity(*args, mbar_grid=tuple(mbar), m_grid=None if m is None else tuple(m), alpha=alpha)
    bd = breakdown(*args, alpha=alpha)
    log.info("Rambachan-Roth: sensitivity and breakdown in %.1f s", time.perf_counter() - t0)
    waves = {
        "reference_year": inputs["ref"],
        "pre_waves": " ".join(map(str, inputs["pre_years"])),
        "post_waves": " ".join(map(str, inputs["post_years"])),
        "pre_waves_left_out": " ".join(map(str, inputs["dropped_pre"])),
        "post_waves_left_out": " ".join(map(str, inputs["dropped_post"])),
        "cluster_var": cluster,
        "outcome": outcome,
        "date": date,
    }
    return table.assign(**waves), bd.assign(**waves), {**inputs, "cluster": cluster, "outcome": outcome, "date": date}


def measure_tables(
    vcov: pd.DataFrame, *, measure: str, date: str, outcome: str, cluster: str, mbar, m=None, alpha: float = 0.05
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """:func:`from_vcov_table` for the unweighted event study of one exposure measure, with the
    measure named in the first column of both tables."""
    table, bd, inputs = from_vcov_table(
        vcov, date=date, outcome=outcome, weights="none", cluster=cluster, mbar=mbar, m=m, alpha=alpha
    )
    table.insert(0, "measure", measure)
    bd.insert(0, "measure", measure)
    return table, bd, inputs


def figure_title(measure_label: str) -> str:
    return f"How robust is the wage effect to violations of parallel trends? Exposure measure: {measure_label}"


def figure_note(inputs: dict) -> str:
    pre = ", ".join(map(str, inputs["pre_years"])) or "none"
    post = ", ".join(map(str, inputs["post_years"]))
    text = f" Pre-period waves used: {pre}; post: {post}; reference May {inputs['ref']}."
    if inputs["dropped_pre"]:
        text += (
            f" Left out: May {', '.join(map(str, inputs['dropped_pre']))} (a missing wave separates it from the "
            "reference year; the restrictions bound wave-to-wave changes)."
        )
    if inputs.get("dropped_post"):
        text += f" Post-period waves after a missing wave left out: May {', '.join(map(str, inputs['dropped_post']))}."
    return text
