"""General-equilibrium scenarios driven by measured exposure (issue 9, item 4).

Every shock of the calibration stage (one per exposure measure and scenario, plus the seed's
legacy shock) carries a task-displacement share ``D = td``: the share of the wage bill earned
in tasks that the measure says are displaced. The same ``D`` is mapped to one shock in each
GE model, by the same principle: **D is the first-round displacement, the share of labour's
work that the new technology takes over at the initial factor prices.**

* **Acemoglu–Restrepo task model** (:mod:`.ar`): automation is a jump ``dI`` of the automation
  frontier. ``dI`` solves ``wage-bill share of tasks [I, I + dI] = D`` at the initial balanced
  growth path (``ar.longrun.dI_for_displacement``; with eta = 0 this is the closed form
  ``D = 1 - Gamma(I1, N) / Gamma(I0, N)`` of spec §6.2). The economy starts on the BGP with
  technology gap ``n0`` and moves to ``n1 = n0 - dI``; capital is predetermined, so newly
  automatable tasks are only adopted as capital builds up (the min rule, ``I* <= I``).
* **Berg–Buffie–Zanna robot model** (:mod:`.bbz`, Model 1, robots compete with all labour):
  robots raise their productivity from ``b0`` to ``b_bar``. In the robot-labour aggregate
  ``V(L, bZ)`` with elasticity sigma2, raising ``b`` by the factor ``B`` at unchanged factor
  prices lowers labour's share of the cost of ``V`` from ``alpha_L`` to
  ``alpha_L / (alpha_L + alpha_Z B^(sigma2-1))`` (``alpha_L + alpha_Z = 1``). Setting its
  proportional fall equal to ``D`` gives the closed form
  ``B = [(1/(1 - D) - alpha_L) / alpha_Z]^(1/(sigma2-1))``. It needs sigma2 > 1 (robots
  substitute for labour) and ``alpha_Z B^(sigma2-1) < 1``, i.e. ``D < alpha_L/(1 + alpha_L)``
  (else Model 1 has no steady state: output grows without bound). The new productivity diffuses as in the paper
  (an initial jump of ``jump`` of the gap, then speed ``s``).

Both models are solved to transition paths; the wage is reported relative to the path
without the shock (A-R: the pre-shock balanced-growth trend; BBZ: the initial steady state,
which has no growth).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .bbz import ModelError
from .bbz import experiments as bbz_experiments
from .bbz.models import Model1
from .bbz.params import Params as BBZParams


@dataclass(frozen=True)
class Scenario:
    measure: str
    scenario: str
    label: str
    D: float  # task-displacement share of the wage bill
    exposure_wage: float
    legacy_units: bool = False

    @property
    def id(self) -> str:
        return f"{self.measure}/{self.scenario}"


def scenarios_from_shock(shock: pd.DataFrame, path: str = "shock file") -> list[Scenario]:
    """The scenarios of one calibration shock file (columns measure, scenario, label, td)."""
    need = {"measure", "scenario", "label", "td", "exposure_wage"}
    missing = need - set(shock.columns)
    if missing:
        raise ModelError(f"{path}: missing column(s) {sorted(missing)}; expected the calibration stage's shock table")
    out = []
    for i, row in shock.reset_index(drop=True).iterrows():
        D = float(row["td"])
        if not 0 <= D < 1 or math.isnan(D):
            raise ModelError(f"{path}, row {i} ({row['label']}): column td must be in [0, 1), got {D}")
        out.append(Scenario(str(row["measure"]), str(row["scenario"]), str(row["label"]), D, float(row["exposure_wage"]),
                            bool(row.get("legacy_units", False))))
    return out


# --------------------------------------------------------------------------------------------
# BBZ: displacement share -> robot productivity


def bbz_productivity_factor(D: float, params: BBZParams) -> float:
    """B = b_bar / b0 such that robots take over the share D of labour's cost of V(L, bZ) at
    the initial factor prices (Model 1)."""
    m = Model1(params)
    s2 = params.sigma2
    if D <= 0:
        return 1.0
    if s2 <= 1:
        raise ModelError(f"BBZ mapping needs robots to substitute for labour (sigma2 > 1), got sigma2 = {s2}")
    x = 1 / (1 - D) - m.alpha_L  # alpha_Z B^(sigma2-1)
    if x >= 1:
        raise ModelError(f"BBZ Model 1 has no steady state for displacement D = {D:.4f}: alpha_Z B^(sigma2-1) = {x:.4f} >= 1 "
                         f"(robots would take over so much of labour's work that output grows without bound); "
                         f"D must be below alpha_L/(1+alpha_L) = {m.alpha_L / (1 + m.alpha_L):.4f}")
    return (x / m.alpha_z) ** (1 / (s2 - 1))


def bbz_displacement(B: float, params: BBZParams) -> float:
    """Inverse of :func:`bbz_productivity_factor` (labour's lost share of the cost of V)."""
    m = Model1(params)
    return 1 - 1 / (m.alpha_L + m.alpha_z * B ** (params.sigma2 - 1))


def run_bbz(sc: Scenario, cfg: dict) -> tuple[pd.DataFrame, dict]:
    """Transition of BBZ Model 1 after the robot-productivity shock mapped from ``sc.D``."""
    base = BBZParams().with_(**cfg.get("params", {}))
    try:
        B = bbz_productivity_factor(sc.D, base)
    except ModelError as exc:  # outside Model 1's domain: reported, not fatal (the A-R side still runs)
        mapping = dict(D=sc.D, productivity_factor=math.nan, b0=base.b0, b_bar=math.nan, sigma2=base.sigma2, share_L0=base.theta_L, check_D=math.nan)
        return pd.DataFrame(), dict(status="failed", converged=False, message=str(exc), mapping=mapping)
    params = base.with_(b_bar=base.b0 * B)
    run = bbz_experiments.Run(sc.id.replace("/", "__"), "1", params, f"{sc.label}: b x{B:.3g}")
    path, summary = bbz_experiments.solve_run(run, cfg.get("method", "nl"), T=cfg["horizon"], dt=cfg["dt"],
                                              worker_rhos=cfg.get("worker_rho", [0.06]), tol=cfg.get("nl_tol", 1e-6))
    summary.update(mapping=dict(D=sc.D, productivity_factor=B, b0=base.b0, b_bar=params.b_bar, sigma2=params.sigma2, share_L0=params.theta_L,
                                check_D=bbz_displacement(B, base)))
    return path, summary


# --------------------------------------------------------------------------------------------
# A-R: displacement share -> automation shock


def ar_params(cfg: dict):
    from .ar import P0

    return P0.with_(**cfg.get("params", {}))


def run_ar(sc: Scenario, cfg: dict) -> tuple[pd.DataFrame, dict]:
    """Transition of the A-R task model (exogenous technology) after the automation shock
    mapped from ``sc.D``."""
    from .ar import dynamics_exo, longrun

    p = ar_params(cfg)
    g, n0 = float(cfg["g"]), float(cfg["n0"])
    R = p.R_star(g)
    dI = longrun.dI_for_displacement(p, n0, sc.D, R) if sc.D > 0 else 0.0
    t_report = np.arange(0.0, float(cfg["horizon_report"]) + 1e-9, float(cfg["step_report"]))
    path, summary = dynamics_exo.transition(p, n0, dI, g, T=float(cfg["horizon"]), t_report=t_report)
    before = dynamics_exo.steady_state(p, n0, g)  # normalised by gamma(I); I jumps by dI at t = 0
    path = path.assign(Y_rel=path["y"] * math.exp(p.A * dI) / before["y"], C_rel=path["c"] * math.exp(p.A * dI) / before["c"])
    summary = dict(summary)
    after = dynamics_exo.steady_state(p, n0 - dI, g)
    summary["lr_dlnY"] = math.log(after["y"] / before["y"]) + p.A * dI
    summary.update(mapping=dict(D=sc.D, dI=dI, n0=n0, n1=n0 - dI, g=g, R_star=R,
                                check_D=longrun.wage_bill_share(p, n0, dI, R) if dI > 0 else 0.0))
    return path, summary


# --------------------------------------------------------------------------------------------
# Tables and figures


def summary_row(sc: Scenario, ar: dict, bbz: dict) -> dict:
    lr = bbz.get("long_run", {}) if bbz.get("status") != "failed" else {}
    return dict(
        measure=sc.measure, scenario=sc.scenario, label=sc.label, legacy_units=sc.legacy_units, exposure_wage=sc.exposure_wage, D=sc.D,
        ar_dI=ar["mapping"]["dI"], ar_n0=ar["mapping"]["n0"], ar_n1=ar["mapping"]["n1"],
        ar_impact_dlnW=ar.get("impact_dlnW"), ar_trough_dlnW=ar.get("trough_dlnW"), ar_trough_year=ar.get("trough_year"),
        ar_recovery_year=ar.get("recovery_year"), ar_lr_dlnW=ar.get("lr_dlnW"),
        ar_labour_share_before=ar.get("ls_before"), ar_labour_share_impact=ar.get("ls_impact"), ar_labour_share_lr=ar.get("ls_lr"),
        ar_I_star_gap_impact=ar.get("I_star_gap_impact"), ar_converged=ar.get("converged"),
        bbz_productivity_factor=bbz["mapping"]["productivity_factor"], bbz_status=bbz.get("status"),
        bbz_wage_impact_pct=bbz.get("wage_impact_pct"), bbz_wage_trough_pct=bbz.get("wage_trough_pct"),
        bbz_wage_trough_year=bbz.get("wage_trough_year"), bbz_low_wage_phase_end=bbz.get("low_wage_phase_end"),
        bbz_lr_w_pct=lr.get("w_pct"), bbz_lr_gdp_pct=lr.get("gdp_pct"), bbz_lr_labour_share=lr.get("labour_share"),
        bbz_converged=bbz.get("converged"),
    )


def figure(sc: Scenario, ar_path: pd.DataFrame, ar: dict, bbz_path: pd.DataFrame, bbz: dict, out: str, horizon: float = 100.0) -> None:
    """Wage, labour share and output after the scenario's shock, both models on one figure."""
    import matplotlib.pyplot as plt

    from ..figures import CORRECTED_COLOR, LEGACY_COLOR, apply_style, save

    apply_style()
    fig, axes = plt.subplots(1, 3, figsize=(12.5, 3.9))
    a = ar_path[ar_path["t"] <= horizon]
    b = bbz_path[bbz_path["t"] <= horizon] if len(bbz_path) else bbz_path
    ar_lab = f"A-R task model (dI = {ar['mapping']['dI']:.3f})"
    bbz_lab = f"BBZ robots (b x{bbz['mapping']['productivity_factor']:.2f})" if len(b) else "BBZ robots: no equilibrium"
    ax = axes[0]
    ax.plot(a["t"], 100 * np.expm1(a["lnW_rel"]), color=CORRECTED_COLOR, label=ar_lab)
    if len(b):
        ax.plot(b["t"], 100 * (b["w_rel"] - 1), color=LEGACY_COLOR, ls="--", label=bbz_lab)
    ax.axhline(0, color="0.3", lw=0.7)
    ax.set(title="wage vs no-shock path", xlabel="years after the shock", ylabel="%")
    ax = axes[1]
    ax.plot(a["t"], 100 * (a["labour_share"] - ar["ls_before"]), color=CORRECTED_COLOR, label="A-R: WL/(WL+rK)")
    if len(b):
        ax.plot(b["t"], 100 * (b["share_L"] - bbz["mapping"]["share_L0"]), color=LEGACY_COLOR, ls="--", label="BBZ: wL/Q")
    ax.axhline(0, color="0.3", lw=0.7)
    ax.set(title="labour share, change", xlabel="years after the shock", ylabel="percentage points")
    ax = axes[2]
    if "Y_rel" in a:
        ax.plot(a["t"], 100 * (a["Y_rel"] - 1), color=CORRECTED_COLOR, label="A-R: gross output vs trend")
    if len(b):
        ax.plot(b["t"], 100 * (b["Q_rel"] - 1), color=LEGACY_COLOR, ls="--", label="BBZ: GDP")
    ax.axhline(0, color="0.3", lw=0.7)
    ax.set(title="output vs no-shock path", xlabel="years after the shock", ylabel="%")
    axes[0].legend(fontsize=7, loc="lower right")
    units = " (seed's legacy units)" if sc.legacy_units else ""
    fig.suptitle(f"{sc.label}: displacement share D = {sc.D:.3f}{units}", fontweight="bold")
    fig.tight_layout()
    note = ("Mapping: A-R automation jump dI with wage-bill share of tasks [I, I+dI] = D at the initial BGP; "
            "BBZ Model 1 robot productivity x B with labour's lost share of V(L, bZ) = D at initial prices.")
    if bbz.get("status") != "ok":
        note += f"\nBBZ not shown: {bbz.get('message', bbz.get('status'))}" if not len(b) else f" BBZ: {bbz.get('status')}."
    save(fig, out, note=note)


def overview_figure(table: pd.DataFrame, paths: dict, out: str, horizon: float = 100.0) -> None:
    """Wage paths of every scenario, one panel per model."""
    import matplotlib.pyplot as plt

    from ..figures import PALETTE, apply_style, save

    apply_style()
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.4), sharey=False)
    measures = list(dict.fromkeys(table["measure"]))
    scenarios = list(dict.fromkeys(table.loc[~table["legacy_units"].astype(bool), "scenario"]))
    styles = ["-", "--", "-.", (0, (5, 1, 1, 1, 1, 1))]
    for row in table.itertuples(index=False):
        key = f"{row.measure}/{row.scenario}"
        ar_path, bbz_path = paths[key]
        colour = PALETTE[measures.index(row.measure) % len(PALETTE)]  # colour: exposure measure; line style: scenario
        ls = ":" if row.legacy_units else styles[scenarios.index(row.scenario) % len(styles)]
        a = ar_path[ar_path["t"] <= horizon]
        axes[0].plot(a["t"], 100 * np.expm1(a["lnW_rel"]), color=colour, ls=ls, lw=1.2, label=f"{row.label} (D {row.D:.3f})")
        if len(bbz_path):
            b = bbz_path[bbz_path["t"] <= horizon]
            axes[1].plot(b["t"], 100 * (b["w_rel"] - 1), color=colour, ls=ls, lw=1.2)
    for ax, title in zip(axes, ["A-R task model: wage vs trend", "BBZ robots (Model 1): wage vs initial"]):
        ax.axhline(0, color="0.3", lw=0.7)
        ax.set(title=title, xlabel="years after the shock", ylabel="%")
    handles, names = axes[0].get_legend_handles_labels()
    ncol = 3 if len(names) > 6 else 2
    fig.legend(handles, names, loc="lower center", ncol=ncol, fontsize=7, bbox_to_anchor=(0.5, -0.04 - 0.035 * (len(names) // ncol)))
    fig.suptitle("GE scenarios driven by measured exposure (colour: measure; line style: scenario; dotted: seed's legacy shock)",
                 fontweight="bold", fontsize=10)
    fig.tight_layout()
    save(fig, out)
