"""Wage effect of task displacement in the Acemoglu–Restrepo task model (spec REQ-AR-02,
spec-acemoglu-restrepo.md §6).

The economy is the static task model with η → 0 and a flat comparative-advantage schedule
(A → 0): tasks on a unit interval are aggregated with elasticity σ, capital (productivity 1)
does a measure m_K of them and labour (productivity 1) the rest, so

    Y = [m_K^{1/σ} K^{(σ-1)/σ} + (1-m_K)^{1/σ} L^{(σ-1)/σ}]^{σ/(σ-1)}     (Cobb-Douglas at σ=1)
    W = ((1-m_K) Y / L)^{1/σ},   r = (m_K Y / K)^{1/σ}.

A shock displaces a share D of labour's tasks (the task-displacement share of the wage
bill; with A → 0, D = ΔI / (1 - m_K0)). The baseline is pinned by the labour share s_L0 and
the labour-cost saving κ = 1 - r/W of automating a task (equivalently by m_K0).

* **Short run** (K and L fixed): Δln W = (1/σ) Δln Y + (1/σ) ln(1 - D): a displacement
  term, exact in logs, and a productivity term. If automating the whole range stops being
  cost-saving (W < r), only part of it is adopted and ``adopted_share`` < 1 says how much.
* **Long run** (capital adjusts until the rental rate is back at r0): the wage cannot fall.
* ``linear``: the first-order version, -D/σ plus a Hulten productivity term
  (1/σ)·s_L0·D·[1 - (1-κ)^{1-σ}]/(1-σ);
  ``legacy_heuristic``: the seed's -[(σ-1)/σ]·D, which is not an A-R quantity (ISSUE-12).

Labour is inelastic and there is one labour type: no ripple effects across occupations, so
the wage effect is an aggregate, not an occupation-level, prediction (ISSUE-14).

The spec §6.2 formulas (the share closed forms and the displacement term) are those of
:mod:`ailabor.ge.ar.closed_forms`; this module adds the level solver and the calibration.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..ge.ar import closed_forms
from . import CalibrationError

_CD_TOL = 1e-9  # |σ - 1| below this uses the Cobb-Douglas formulas


@dataclass(frozen=True)
class Baseline:
    sigma: float
    s_L0: float
    m_K0: float
    K: float  # with L = 1
    W: float
    r: float
    Y: float

    @property
    def cost_saving(self) -> float:
        return 1.0 - self.r / self.W


def _cd(sigma: float) -> bool:
    return abs(sigma - 1.0) < _CD_TOL


def output(m: float, K: float, L: float, sigma: float) -> float:
    if _cd(sigma):
        return math.exp(m * math.log(K / m) + (1 - m) * math.log(L / (1 - m)))
    e = (sigma - 1) / sigma
    return (m ** (1 / sigma) * K**e + (1 - m) ** (1 / sigma) * L**e) ** (1 / e)


def prices(m: float, K: float, L: float, sigma: float) -> tuple[float, float, float]:
    """(Y, W, r) at automated measure m."""
    Y = output(m, K, L, sigma)
    return Y, ((1 - m) * Y / L) ** (1 / sigma), (m * Y / K) ** (1 / sigma)


def baseline(
    sigma: float, labour_share: float, *, cost_saving: float | None = None, m_K0: float | None = None
) -> Baseline:
    """The initial equilibrium from the labour share and either the labour-cost saving of
    automation (κ = 1 - r/W) or the automated task measure m_K0."""
    if sigma <= 0:
        raise CalibrationError(f"A-R: the elasticity of substitution between tasks must be positive, got sigma={sigma}")
    if not 0 < labour_share < 1:
        raise CalibrationError(f"A-R: the labour share must be in (0, 1), got {labour_share}")
    s_K = 1 - labour_share
    if (cost_saving is None) == (m_K0 is None):
        raise CalibrationError("A-R: give exactly one of cost_saving and m_K0")
    if cost_saving is not None:
        if not 0 < cost_saving < 1:
            raise CalibrationError(f"A-R: the labour-cost saving of automation must be in (0, 1), got {cost_saving}")
        w_over_r = 1 / (1 - cost_saving)
        c = w_over_r ** (1 - sigma)
        m = c * s_K / (labour_share + c * s_K)
    else:
        m = float(m_K0)
        if not 0 < m < 1:
            raise CalibrationError(f"A-R: m_K0 must be in (0, 1), got {m}")
        if _cd(sigma):
            raise CalibrationError(
                "A-R: at sigma = 1 the task measure is fixed by the shares; give cost_saving instead of m_K0"
            )
        c = m * labour_share / ((1 - m) * s_K)
        w_over_r = c ** (1 / (1 - sigma))
        if w_over_r < 1:
            raise CalibrationError(
                f"A-R: with sigma={sigma}, s_L0={labour_share} and m_K0={m} labour is cheaper than capital "
                f"(W/r={w_over_r:.4f} < 1): automation is not cost-saving at the baseline"
            )
    K = w_over_r**sigma * m / (1 - m)
    Y, W, r = prices(m, K, 1.0, sigma)
    return Baseline(sigma=sigma, s_L0=labour_share, m_K0=m, K=K, W=W, r=r, Y=Y)


def _gap(m: float, K: float, sigma: float) -> float:
    _, W, r = prices(m, K, 1.0, sigma)
    return math.log(W) - math.log(r)


def short_run(b: Baseline, D: float) -> dict:
    """K and L fixed. Returns log changes, the adopted share of the displacement and the
    decomposition into displacement and productivity terms."""
    from scipy import optimize

    _check_d(D)
    m1 = b.m_K0 + D * (1 - b.m_K0)
    adopted = 1.0
    if D > 0 and _gap(m1, b.K, b.sigma) < 0:  # the last tasks would cost more with capital
        m1 = optimize.brentq(_gap, b.m_K0, m1, args=(b.K, b.sigma), xtol=1e-15, rtol=1e-14)
        adopted = (m1 - b.m_K0) / (1 - b.m_K0) / D
    Y1, W1, r1 = prices(m1, b.K, 1.0, b.sigma)
    d_eff = (m1 - b.m_K0) / (1 - b.m_K0)
    dlnY = math.log(Y1 / b.Y)
    return dict(
        d_ln_w=math.log(W1 / b.W),
        displacement=closed_forms.displacement_only(b.sigma, d_eff),
        productivity=dlnY / b.sigma,
        d_ln_y=dlnY,
        d_ln_r=math.log(r1 / b.r),
        d_labour_share=W1 / Y1 - b.W / b.Y,
        adopted_share=adopted,
    )


def long_run(b: Baseline, D: float) -> dict:
    """Capital adjusts until the rental rate is back at its initial level."""
    from scipy import optimize

    _check_d(D)
    m1 = b.m_K0 + D * (1 - b.m_K0)
    target = math.log(b.r)

    def f(lnK: float) -> float:
        return math.log(prices(m1, math.exp(lnK), 1.0, b.sigma)[2]) - target

    lo, hi = math.log(b.K) - 1.0, math.log(b.K) + 1.0
    for _ in range(60):
        if f(lo) > 0 > f(hi):
            break
        lo, hi = lo - 1.0, hi + 1.0
    else:
        raise CalibrationError(
            f"A-R long run: no capital stock brings the rental rate back to {b.r:.4g} after displacing D={D:.4g} "
            f"(sigma={b.sigma}); the economy is in the AK region (capital alone sustains growth)"
        )
    lnK = optimize.brentq(f, lo, hi, xtol=1e-14, rtol=1e-14)
    Y1, W1, r1 = prices(m1, math.exp(lnK), 1.0, b.sigma)
    if W1 < r1 * (1 - 1e-12):
        raise CalibrationError(
            f"A-R long run: automation is not cost-saving at the new equilibrium (W={W1:.4g} < r={r1:.4g})"
        )
    return dict(
        d_ln_w=math.log(W1 / b.W),
        d_ln_y=math.log(Y1 / b.Y),
        d_ln_k=lnK - math.log(b.K),
        d_labour_share=W1 / Y1 - b.W / b.Y,
    )


def closed_form(sigma: float, s_L0: float, m_K0: float, D: float) -> dict:
    """Spec §6.2 share formulas (σ ≠ 1, full adoption), an independent check of the solver:
    :func:`ailabor.ge.ar.closed_forms.short_run` and ``long_run`` with A → 0, so that the
    automated measure grows by ΔI = D (1 - m_K0)."""
    dI = D * (1 - m_K0)
    sr = closed_forms.short_run(sigma, s_L0, m_K0, dI, D)
    lr = closed_forms.long_run(sigma, s_L0, m_K0, dI, D)
    return dict(sr_d_ln_w=sr["dlnW"], sr_d_labour_share=sr["ds_L"], lr_d_ln_w=lr["dlnW"], lr_d_labour_share=lr["ds_L"])


def ces_saving(cost_saving: float, sigma: float) -> float:
    """First-order output gain per unit of GDP share moved to capital: [1-(r/W)^{1-σ}]/(1-σ)."""
    if _cd(sigma):
        return -math.log1p(-cost_saving)
    return (1 - (1 - cost_saving) ** (1 - sigma)) / (1 - sigma)


def legacy_heuristic(D: float, sigma: float) -> float:
    """LEGACY-ONLY: the seed's -[(σ-1)/σ]·TD (a factor-augmenting formula, not A-R)."""
    return -(sigma - 1) / sigma * D


def wage_effects(D: float, *, sigma: float, labour_share: float, cost_saving: float) -> dict:
    """Every A-R quantity the calibration reports for a displacement share D."""
    b = baseline(sigma, labour_share, cost_saving=cost_saving)
    sr, lr = short_run(b, D), long_run(b, D)
    linear = closed_forms.displacement_only(sigma, D, exact=False)
    out = dict(
        sigma=sigma,
        labour_share=labour_share,
        cost_saving=cost_saving,
        m_K0=b.m_K0,
        D=D,
        sr_d_ln_w=sr["d_ln_w"],
        sr_displacement=sr["displacement"],
        sr_productivity=sr["productivity"],
        sr_d_ln_y=sr["d_ln_y"],
        sr_d_labour_share=sr["d_labour_share"],
        sr_adopted_share=sr["adopted_share"],
        lr_d_ln_w=lr["d_ln_w"],
        lr_d_ln_y=lr["d_ln_y"],
        lr_d_ln_k=lr["d_ln_k"],
        lr_d_labour_share=lr["d_labour_share"],
        linear_d_ln_w=linear + labour_share * D * ces_saving(cost_saving, sigma) / sigma,
        displacement_only_linear=linear,
        legacy_heuristic=legacy_heuristic(D, sigma),
    )
    out["sr_pct"] = 100 * math.expm1(out["sr_d_ln_w"])
    out["lr_pct"] = 100 * math.expm1(out["lr_d_ln_w"])
    return out


def _check_d(D: float) -> None:
    if not 0 <= D < 1:
        raise CalibrationError(f"A-R: the task-displacement share must be in [0, 1), got {D}")
