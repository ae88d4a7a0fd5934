"""Tables of the A-R stage (workflow rules ar_static, ar_bgp, ar_transition).

* :func:`static_table`: equilibria of the reference cases (constrained and unconstrained) and
  every comparative static, closed form next to finite differences of the full solver;
* :func:`wage_formula_table`: the §6 wage effects of automation (short run with capital
  fixed, long run with capital adjusting) next to the seed's heuristic -(sigma-1)D/sigma;
* :func:`skills_table`: impact responses of the heterogeneous-skill extension, both readings
  of gamma_L, and the balanced-growth check of the calendar reading;
* :func:`bgp_table`: n-bar, n_D and its stability (Figure 7 / Lemma A4) on a grid of
  kappa_I/kappa_N, at g -> 0 and at the configured g (Corollary 2);
* :func:`technology_paths`: the theta -> 0 directed-technology dynamics from below and above n_D;
* :func:`bgp_tables`: everything rule ar_bgp writes; :func:`transition_table`: the transition
  after a one-time automation jump on the reporting grid (rule ar_transition).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...figures import PALETTE, apply_style, pyplot, save
from . import closed_forms, static
from .bgp_endo import corollary2_sweep, lemma_a4, value_curve_table
from .dynamics_endo import technology_path
from .dynamics_exo import transition
from .errors import ModelError
from .longrun import wage_threshold_table
from .params import Params
from .skills import SkillParams, bgp_path, impact_responses

# Reference economies of the spec (§1.8 case a and case c), and one where automation is not
# cost-saving at the margin (I* = I-tilde < I, the unconstrained case).
CASES = {
    "case a (eta 0, sigma .7)": (dict(sigma=0.7, zeta=0.5, eta=0.0, psi=1.0, A=1.0), 0.3, 1.0, 1.0),
    "case c (sigma .7, zeta .2, eta .3, psi .5)": (dict(sigma=0.7, zeta=0.2, eta=0.3, psi=0.5, A=1.0), 0.3, 1.0, 1.0),
    "case c, unconstrained (I = 0.95)": (dict(sigma=0.7, zeta=0.2, eta=0.3, psi=0.5, A=1.0), 0.95, 1.0, 1.0),
    "sigma 1.5, zeta .3, eta .4, psi .6": (dict(sigma=1.5, zeta=0.3, eta=0.4, psi=0.6, A=1.0), 0.3, 1.0, 1.0),
}
DERIVATIVES = [
    "dlnW_dI",
    "dlnWr_dI",
    "dlnomega_dI",
    "dlnW_dN",
    "dlnWr_dN",
    "dlnomega_dN",
    "dlnW_dlnK",
    "dlnWr_dlnK",
    "sigma_SR",
]


def static_table(base: Params) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(equilibria, comparative statics). Closed forms: Proposition 2 / spec §2.3 for any eta,
    zeta; Corollary 1 where eta = 0 or zeta = 1."""
    eqs, rows = [], []
    for name, (kw, I, N, K) in CASES.items():
        p = base.with_(**kw)
        eq = static.solve_static(p, I, N, K)
        eqs.append(dict(case=name, **{k: v for k, v in eq.to_dict().items() if isinstance(v, (int, float, bool))}))
        fd = static.fd_derivatives(p, I, N, K)
        forms = {"Prop. 2 / spec 2.3": static.prop2(p, eq)}
        if p.sigma_hat is not None:
            forms["Corollary 1"] = static.corollary1(p, eq)
        for form, d in forms.items():
            for key in DERIVATIVES:
                # the total elasticity 1/(dln(W/r)/dlnK) is sigma_SR when I* = I and sigma_MR when I* = I-tilde
                ck = key if key != "sigma_SR" or eq.constrained else "sigma_MR"
                if ck in d and d[ck] is not None and key in fd:
                    rows.append(
                        dict(
                            case=name,
                            constrained=eq.constrained,
                            formula=form,
                            derivative=ck,
                            closed_form=float(d[ck]),
                            finite_difference=float(fd[key]),
                            abs_error=abs(float(d[ck]) - float(fd[key])),
                        )
                    )
    # footnote 15: sigma = 1 with eta = 0 (case a's task window)
    p1 = base.with_(sigma=1.0, zeta=0.5, eta=0.0, psi=1.0, A=1.0)
    eq1 = static.solve_static(p1, 0.3, 1.0, 1.0)
    fd1 = static.fd_derivatives(p1, 0.3, 1.0, 1.0)
    v1 = static.sigma1_dlnW_dI(p1, eq1)
    rows.append(
        dict(
            case="case a at sigma 1",
            constrained=eq1.constrained,
            formula="footnote 15 (sigma = 1)",
            derivative="dlnW_dI",
            closed_form=v1,
            finite_difference=fd1["dlnW_dI"],
            abs_error=abs(v1 - fd1["dlnW_dI"]),
        )
    )
    return pd.DataFrame(eqs), pd.DataFrame(rows)


# spec §6.4: (sigma, m_K0, dI) with s_L0 = 0.6 and 10% of labour's tasks automated (A -> 0)
FORMULA_GRID = [(0.5, 0.5, 0.05), (0.8, 0.5, 0.05), (1.5, 0.3, 0.07), (2.0, 0.3, 0.07)]


def wage_formula_table(s_L0: float = 0.6, grid=FORMULA_GRID) -> pd.DataFrame:
    rows = []
    for sigma, m_K0, dI in grid:
        D = dI / (1 - m_K0)
        sr = closed_forms.automation(sigma, s_L0, m_K0, dI, A=0.0, horizon="short")
        lr = closed_forms.automation(sigma, s_L0, m_K0, dI, A=0.0, horizon="long")
        rows.append(
            dict(
                sigma=sigma,
                s_L0=s_L0,
                m_K0=m_K0,
                dI=dI,
                D=D,
                sr_dlnW=sr["dlnW"],
                sr_ds_L=sr["ds_L"],
                sr_cost_saving=sr["cost_saving"],
                lr_dlnW=lr["dlnW"],
                lr_ds_L=lr["ds_L"],
                lr_cost_saving=lr["cost_saving"],
                displacement_only=closed_forms.displacement_only(sigma, D),
                seed_heuristic=closed_forms.heuristic(sigma, D),
            )
        )
    return pd.DataFrame(rows)


def skills_table(p: Params, n: float, K: float, sp: SkillParams | None = None) -> pd.DataFrame:
    """Impact responses at I = 0, N = n and capital K (normalised; automation constrained,
    I* = I, for the responses to dI to be non-zero) and the BGP check of both readings."""
    sp = sp or SkillParams()
    rows = []
    for reading in ("calendar", "introduction_date"):
        r = impact_responses(p, sp, 0.0, n, K, dI=0.01, dN=0.01, gamma_L=reading)
        base = r["base"]
        for shock in ("I", "N"):
            rows.append(
                dict(
                    reading=reading,
                    shock=f"d{shock} = 0.01 (impact, K fixed)",
                    dln_wage_ratio=r[f"dln_ratio_d{shock}"],
                    dlnW_L=r[f"dlnW_L_d{shock}"],
                    dlnW_H=r[f"dlnW_H_d{shock}"],
                    dlabour_share=r[f"dlabour_share_d{shock}"],
                    dM=r[f"dM_d{shock}"],
                    wage_ratio_before=base.wage_ratio,
                    M_before=base.M,
                )
            )
    for reading in ("calendar", "introduction_date"):
        try:
            b = bgp_path(p, sp, n, K, [0.0, 50.0, 100.0], gamma_L=reading)
            drift = math.log(b["wage_ratio"].iloc[-1] / b["wage_ratio"].iloc[0])
            note = (
                "constant W_H/W_L on the BGP"
                if abs(drift) < 1e-8
                else "W_H/W_L drifts: no BGP with a constant skill premium"
            )
        except ModelError as exc:
            drift, note = math.nan, f"no equilibrium along the path: {exc}"
        rows.append(dict(reading=reading, shock="BGP, 100 years", dln_wage_ratio=drift, note=note))
    return pd.DataFrame(rows)


def bgp_table(p: Params, q_grid, g: float) -> pd.DataFrame:
    frames = []
    for gg in sorted({0.0, float(g)}):
        t = corollary2_sweep(p, q_grid, gg).assign(g=gg)
        frames.append(t)
    out = pd.concat(frames, ignore_index=True)
    saddle = []
    for q, gg, nd in zip(out["q"], out["g"], out["n_D"]):
        if gg == 0 and nd is not None and not (isinstance(nd, float) and math.isnan(nd)):
            try:
                saddle.append(bool(lemma_a4(p, float(q))["saddle"]))
            except ModelError:
                saddle.append(None)
        else:
            saddle.append(None)
    out["lemma_a4_saddle"] = saddle
    return out


def stable_interior(bgp: pd.DataFrame) -> tuple[float, float]:
    """(q, n_D) of the middle kappa_I/kappa_N of the grid with an interior, stable n_D at g -> 0,
    the case Figure 7 and the technology dynamics are drawn for."""
    ok = bgp[(bgp["g"] == 0) & bgp["n_D"].notna() & (bgp["stable"] == True)]  # noqa: E712
    if ok.empty:
        raise ModelError(
            f"A-R: no kappa_I/kappa_N in {sorted(bgp['q'].unique())} has an interior, stable n_D; widen ge.ar.q_grid"
        )
    row = ok.iloc[len(ok) // 2]
    return float(row["q"]), float(row["n_D"])


def technology_paths(p: Params, n_D: float, offsets=(-0.15, 0.10), T: float = 300.0, dt: float = 0.5) -> pd.DataFrame:
    frames = []
    for off in offsets:
        n0 = float(np.clip(n_D + off, 0.02, 0.99))
        d = technology_path(p, n0, T=T, dt=dt)
        frames.append(d.assign(start=f"n0 = {n0:.3f} ({'below' if off < 0 else 'above'} n_D)"))
    return pd.concat(frames, ignore_index=True)


def technology_figure(paths: pd.DataFrame, n_D: float, out, horizon: float = 300.0) -> None:
    plt = pyplot()

    apply_style()
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.8))
    for k, (start, d) in enumerate(paths.groupby("start", sort=False)):
        d = d[d["t"] <= horizon]
        axes[0].plot(d["t"], d["n"], color=PALETTE[k], label=start.replace("n_D", "$n_D$").replace("n0", "$n_0$"))
        axes[1].plot(d["t"], d["labour_share"], color=PALETTE[k])
        axes[2].plot(d["t"], 100 * d["g"], color=PALETTE[k])
    axes[0].axhline(n_D, color="0.3", lw=0.7, ls="--", label=f"$n_D$ = {n_D:.3f} (stable gap)")
    axes[0].set(title="Technology gap n = N - I", xlabel="Time (years)", ylabel="Technology gap n (task measure)")
    axes[1].set(title="Labour share WL/(WL+rK)", xlabel="Time (years)", ylabel="Labour share (fraction of 1)")
    axes[2].set(title=r"Growth of $\gamma(I)$", xlabel="Time (years)", ylabel=r"Growth of $\gamma(I)$ (% per year)")
    axes[0].legend(fontsize=7)
    fig.suptitle(
        r"A-R directed technology ($\theta \to 0$): n returns to $n_D$, the labour share self-corrects",
        fontweight="bold",
    )
    fig.tight_layout()
    save(fig, out, note="Source: Acemoglu-Restrepo (2015 draft) task model, spec §3B.6; own computation.")


FIGURE_CASE = "case c (sigma .7, zeta .2, eta .3, psi .5)"


def figure_allocation(p: Params) -> pd.DataFrame:
    """The task allocation of the reference case :data:`FIGURE_CASE` (the static figure)."""
    kw, I, N, K = CASES[FIGURE_CASE]
    return static.allocation_table(p.with_(**kw), I, N, K)


THRESHOLD_GRID = (0.02, 1.0, 99)  # n from, to, points: the wage thresholds (Figure A2)
VALUE_POINTS = 80  # n from n-bar (or 0.02) to 1: the value curves (Figure 7)


@dataclass
class BGPTables:
    bgp: pd.DataFrame
    thresholds: pd.DataFrame
    curves: pd.DataFrame
    paths: pd.DataFrame
    q: float
    n_D: float


def bgp_tables(p: Params, q_grid, g: float) -> BGPTables:
    """:func:`bgp_table` on ``q_grid``; w_I, w_N and the thresholds over n; the value curves
    and the directed-technology paths at the stable interior kappa_I/kappa_N of the grid
    (:func:`stable_interior`)."""
    bgp = bgp_table(p, q_grid, g)
    thresholds = wage_threshold_table(p, g, np.linspace(*THRESHOLD_GRID))
    q, nd = stable_interior(bgp)
    curves = value_curve_table(
        p, q, 0.0, np.linspace(thresholds.attrs["n_bar"] or THRESHOLD_GRID[0], 1.0, VALUE_POINTS)
    )
    paths = technology_paths(p.with_(kappa_I=q * p.kappa_N), nd)
    return BGPTables(bgp=bgp, thresholds=thresholds, curves=curves, paths=paths, q=q, n_D=nd)


def transition_table(
    p: Params, n0: float, dI: float, g: float, *, horizon: float, horizon_report: float, step_report: float
) -> tuple[pd.DataFrame, dict]:
    """The transition after a one-time automation jump ``dI`` (solved to ``horizon``), reported
    every ``step_report`` years up to ``horizon_report``."""
    t = np.arange(0.0, horizon_report + 1e-9, step_report)
    return transition(p, n0, dI, g, T=horizon, t_report=t)
