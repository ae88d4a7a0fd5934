"""The experiment catalogue of spec §7 and the runner that turns one run into a path and its
summary.

An experiment is a list of runs (model + parameters); parameter sweeps (F5, F9, T4, ...) are
simply experiments with many runs, and the workflow gives every run its own job (the {run}
wildcard). T2 has no transition: its output is the sigma3* table and the impact wage response
along sigma3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import ModelError
from . import analysis, analytics
from .dynamics import LevelSystem, linear_path, nonlinear_path
from .models import make
from .params import Params
from .singularity import SingularitySystem

METHODS = ("lin", "nl")
SINGULARITY_B0 = 0.11 / 0.61  # (rho + delta) / theta_L, spec §2.7


@dataclass(frozen=True)
class Run:
    run_id: str
    model: str  # "1".."4" or "singularity"
    params: Params
    label: str


@dataclass(frozen=True)
class Experiment:
    id: str
    title: str
    runs: tuple[Run, ...] = field(default_factory=tuple)
    kind: str = "paths"  # or "table" (T2)


def _fmt(x: float) -> str:
    return f"{x:g}"


DEFAULT_GRIDS = {
    "F5_sigma2": [2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0],
    "F9_sigma1": [0.5, 0.75, 1.0],
    "F9_sigma2": [2.0, 2.5, 5.0],
    "F9_sigma3": [0.25, 0.5],
    "T2_sigma1": [0.4, 0.5, 0.75, 1.0, 1.2],
    "T2_sigma2": [2.5, 5.0, 10.0, 20.0],
}


def catalogue(grids: dict | None = None, base_overrides: dict | None = None) -> dict[str, Experiment]:
    g = {**DEFAULT_GRIDS, **(grids or {})}
    base = Params().with_(**(base_overrides or {}))
    exps = [
        Experiment("S1", "Model 1, robots do everything: sigma1 .5, sigma2 2.5, b .5 -> 1.5", (Run("base", "1", base, "Model 1"),)),
        Experiment("T1", "Model 1 with traditional capital held fixed (Table 1 concept) against the full model", tuple(
            r for s2, bb in ((2.5, 1.5), (5.0, 0.75), (10.0, 0.65)) for r in (
                Run(f"fixedK_sigma2_{_fmt(s2)}_b{_fmt(bb)}", "1", base.with_(sigma2=s2, b_bar=bb, fixed_K=True), f"K fixed, sigma2 {s2:g}, b .5->{bb:g}"),
                Run(f"full_sigma2_{_fmt(s2)}_b{_fmt(bb)}", "1", base.with_(sigma2=s2, b_bar=bb), f"full model, sigma2 {s2:g}, b .5->{bb:g}"),
            ))),
        Experiment("S2", "The singularity (sigma2 = infinity, sigma1 = 1) against Model 1 with sigma2 = 5, b .1803 -> .30", (
            Run("singularity", "singularity", base.with_(sigma1=1.0, b0=SINGULARITY_B0, b_bar=0.30), "sigma2 = infinity"),
            Run("model1_sigma2_5", "1", base.with_(sigma1=1.0, sigma2=5.0, b0=SINGULARITY_B0, b_bar=0.30), "Model 1, sigma2 = 5"),
        )),
        Experiment("S1R", "Model 2 (robots cannot do everything) against Model 1: sigma1 .5, sigma2 2.5, b .5 -> 1.5", (
            Run("model1", "1", base, "Model 1"),
            *(Run(f"model2_sigma3_{_fmt(s3)}", "2", base.with_(sigma3=s3), f"Model 2, sigma3 {s3:g}") for s3 in (0.25, 0.5, 1.0)),
        )),
        Experiment("T2", "Model 2: sigma3*, above which robots raise the wage at impact (Table 2)", kind="table"),
        Experiment("T3", "Long run of Model 2 against Model 1 (Table 3): sigma1 .5, sigma2 2.5, b .5 -> 1.5", (
            Run("model1", "1", base, "Model 1"),
            *(Run(f"model2_sigma3_{_fmt(s3)}", "2", base.with_(sigma3=s3), f"Model 2, sigma3 {s3:g}") for s3 in (0.25, 0.5, 1.0)),
        )),
        Experiment("F5", "Model 2, sigma3 .5, b .5 -> 1, across sigma2 (Figure 5)", tuple(
            Run(f"sigma2_{_fmt(s2)}", "2", base.with_(sigma2=s2, b_bar=1.0), f"sigma2 {s2:g}") for s2 in g["F5_sigma2"])),
        Experiment("F6", "Model 2, sigma1 .5, sigma3 1: b +200% and +50%, sigma2 2.5 and 5 (Figure 6)", tuple(
            Run(f"sigma2_{_fmt(s2)}_b{_fmt(bb)}", "2", base.with_(sigma3=1.0, sigma2=s2, b_bar=bb), f"sigma2 {s2:g}, b .5->{bb:g}")
            for s2 in (2.5, 5.0) for bb in (1.5, 0.75))),
        Experiment("T4", "Model 2 base run (sigma2 2.5, sigma3 .5, b .5 -> 1.5) under alternative sigma1, Omega_K, Omega_Z, tau (Table 4)", (
            Run("base", "2", base, "base"),
            *(Run(f"sigma1_{_fmt(v)}", "2", base.with_(sigma1=v), f"sigma1 {v:g}") for v in (0.4, 0.75, 1.0)),
            *(Run(f"omega_k_{_fmt(v)}", "2", base.with_(omega_k=v), f"Omega_K {v:g}") for v in (0.5, 2.0)),
            *(Run(f"omega_z_{_fmt(v)}", "2", base.with_(omega_z=v), f"Omega_Z {v:g}") for v in (0.25, 1.0)),
            *(Run(f"tau_{_fmt(v)}", "2", base.with_(tau=v), f"tau {v:g}") for v in (0.25, 1.0)),
        )),
        Experiment("S3", "Model 2, sigma3 .5: b jumps from .5 to .6 at t = 0, sigma2 10 and 20 (Figures 7-8)", tuple(
            Run(f"sigma2_{_fmt(s2)}", "2", base.with_(sigma2=s2, b_bar=0.6, jump=1.0), f"sigma2 {s2:g}") for s2 in (10.0, 20.0))),
        Experiment("F9", "Model 3, skilled labour complements robots: b .5 -> 2 across (sigma1, sigma2, sigma3) (Figure 9)", tuple(
            Run(f"s1_{_fmt(s1)}_s2_{_fmt(s2)}_s3_{_fmt(s3)}", "3", base.with_(sigma1=s1, sigma2=s2, sigma3=s3, b_bar=2.0), f"sigma1 {s1:g}, sigma2 {s2:g}, sigma3 {s3:g}")
            for s1 in g["F9_sigma1"] for s2 in g["F9_sigma2"] for s3 in g["F9_sigma3"])),
        Experiment("F10", "Model 4, a non-automatable sector: sigma2 5, other elasticities .5, b .5 -> 2 (Figure 10)", (
            Run("model4_skill_intensive", "4", base.with_(sigma2=5.0, b_bar=2.0, na_theta_K=0.35, na_theta_S=0.45, na_theta_L=0.20), "Model 4, sector 2 skill-intensive"),
            Run("model4_low_skill_intensive", "4", base.with_(sigma2=5.0, b_bar=2.0, na_theta_K=0.35, na_theta_S=0.15, na_theta_L=0.50), "Model 4, sector 2 low-skill-intensive"),
            Run("model3", "3", base.with_(sigma2=5.0, b_bar=2.0), "Model 3 (no sector 2)"),
        )),
    ]
    return {e.id: e for e in exps}


def report_grid(T: float) -> np.ndarray:
    """Dates saved in path.parquet: quarterly for 50 years, yearly to 200, then every 5 years
    (summaries use the full dt grid)."""
    parts = [np.arange(0, min(50.0, T), 0.25), np.arange(min(50.0, T), min(200.0, T), 1.0), np.arange(min(200.0, T), T + 0.5, 5.0)]
    return np.unique(np.concatenate(parts + [[T]]))


def system_for(run: Run):
    if run.model == "singularity":
        return SingularitySystem(run.params)
    return LevelSystem(make(run.model, run.params))


def nonlinear_with_continuation(run: Run, system, t, *, T: float, tol: float, steps: int = 6):
    """NL from the LIN guess; if that fails, walk the shock up from a fraction of its size,
    each step starting from the previous solution (homotopy in b_bar)."""
    sol = nonlinear_path(system, t, T=T, tol=tol)
    if sol.converged:
        return sol
    first = sol.info
    p = run.params
    guess = None
    for lam in np.linspace(0, 1, steps + 1)[1:]:
        sub = Run(run.run_id, run.model, p.with_(b_bar=p.b0 + lam * (p.b_bar - p.b0)), run.label)
        sys_l = system if lam == 1 else system_for(sub)
        sol = nonlinear_path(sys_l, t, T=T, tol=tol, guess=guess)
        if not sol.converged:
            break
        guess = sol.interp
    sol.info["continuation"] = dict(first_attempt=first.get("message"), steps=steps, reached=float(lam) if sol.converged else float(lam - 1 / steps))
    return sol


def _initial(system) -> dict:
    """Initial values the summary is measured against."""
    if isinstance(system, SingularitySystem):
        K0, Z0 = system.K0, system.Z0
        return dict(w0=system.w0, ws0=math.nan, c0=system.p.rho * (K0 + Z0), cw0=system.w0, L=1.0, net0=system.p.rho * (K0 + Z0),
                    Q0=1.0, K0=K0, Z0=Z0)
    m = system.model
    X0 = m.X0
    st = m.static(X0, np.asarray(m.p.b0), m.p.delta * X0)
    c0 = float(m.consumption(X0, np.asarray(m.p.b0), m.p.delta * X0, st))
    w0 = float(st.get("omega", st["w"]))
    ws0 = float(st.get("omega_s", st.get("w_s", math.nan)))
    K0, Z0 = float(np.asarray(st["K"])), float(np.asarray(st["Z"]))
    return dict(w0=w0, ws0=ws0, c0=c0, cw0=float(st["labour"] / st["p"]), L=m.L, net0=m.p.rho * (K0 + Z0), Q0=float(st["Q"]), K0=K0, Z0=Z0)


def _long_run(system, init: dict) -> dict:
    if isinstance(system, SingularitySystem):
        lr = system.long_run()
        return dict(w_pct=lr["w_pct"], w_s_pct=math.nan, gdp_pct=math.nan, K_pct=math.nan, Z_pct=math.nan, labour_share=0.0, growth=lr["growth"])
    st = system.terminal["static"]
    w = float(st.get("omega", st["w"]))
    ws = float(st.get("omega_s", st.get("w_s", math.nan)))
    out = dict(w_pct=100 * (w / init["w0"] - 1), w_s_pct=100 * (ws / init["ws0"] - 1) if math.isfinite(init["ws0"]) else math.nan,
               gdp_pct=100 * (float(st["Q"]) / init["Q0"] - 1), K_pct=100 * (float(np.asarray(st["K"])) / init["K0"] - 1),
               Z_pct=100 * (float(np.asarray(st["Z"])) / init["Z0"] - 1), labour_share=float(st["share_L"]), growth=0.0)
    if "share_S" in st:
        out["skilled_share"] = float(st["share_S"])
    return out


def solve_run(run: Run, method: str, *, T: float = 600.0, dt: float = 0.05, worker_rhos=(0.06, 0.08, 0.10), tol: float = 1e-6) -> tuple[pd.DataFrame, dict]:
    """Path (on the report grid) and summary of one run with one method.

    The summary carries no wall-clock time, so that outputs are byte-identical from run to run
    (timings go to the job log and to Snakemake's benchmark files)."""
    summary: dict = dict(run=run.run_id, label=run.label, model=run.model, method=method, params=run.params.to_dict())
    try:
        system = system_for(run)
    except ModelError as exc:
        summary.update(status="failed", message=str(exc), converged=False)
        return pd.DataFrame(), summary
    t = np.arange(0.0, T + dt / 2, dt)
    try:
        sol = linear_path(system, t) if method == "lin" else nonlinear_with_continuation(run, system, t, T=T, tol=tol)
    except ModelError as exc:
        summary.update(status="failed", message=str(exc), converged=False)
        return pd.DataFrame(), summary
    path = system.outputs(t, sol.y)
    init = _initial(system)
    summary.update(status="ok" if sol.converged else "not converged", converged=bool(sol.converged),
                   solver={k: ([[v.real, v.imag] for v in val] if k in ("eigenvalues", "stable") else val) for k, val in sol.info.items() if k != "seconds"},
                   initial=init, long_run=_long_run(system, init))
    summary.update(analysis.summarise(path, w0=init["w0"], c0=init["c0"], cw0=init["cw0"], labour=init["L"], rho=run.params.rho, tau=run.params.tau,
                                      worker_rhos=worker_rhos, net_income0=init["net0"]))
    path = pd.concat([path, analysis.transfer_paths(path, w0=init["w0"], labour=init["L"], net_income0=init["net0"])], axis=1)
    path["w_rel"] = path["w"] / init["w0"]
    path["Q_rel"] = path["Q"] / init["Q0"]
    grid = report_grid(T)
    idx = np.searchsorted(t, grid - 1e-9)
    out = path.iloc[idx].reset_index(drop=True)
    out.insert(0, "method", method)
    out.insert(0, "run", run.run_id)
    out["converged"] = bool(sol.converged)
    return out, summary


def t2_table(grids: dict | None = None, base_overrides: dict | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """sigma3* on the (sigma1, sigma2) grid, with the impact elasticity of the wage at
    sigma3* from the static block (zero by construction), and the impact response along sigma3."""
    g = {**DEFAULT_GRIDS, **(grids or {})}
    base = Params().with_(**(base_overrides or {}))
    rows, curve = [], []
    for s1 in g["T2_sigma1"]:
        for s2 in g["T2_sigma2"]:
            p = base.with_(sigma1=s1, sigma2=s2)
            star = analytics.sigma3_star(p)
            m1_cond = s2 > s1 / p.theta_K
            check = analytics._sr_fd(make("2", p.with_(sigma3=star)), "b", "w") if star > 0 else math.nan
            rows.append(dict(sigma1=s1, sigma2=s2, sigma3_star=star, impact_elasticity_at_star=check,
                             model1_wage_falls=m1_cond, note="" if star > 0 else "the wage rises at impact for every sigma3"))
            for s3 in np.geomspace(0.1, 20, 25):
                curve.append(dict(sigma1=s1, sigma2=s2, sigma3=float(s3), impact_d_ln_w_d_ln_b=analytics._sr_fd(make("2", p.with_(sigma3=float(s3))), "b", "w")))
    return pd.DataFrame(rows), pd.DataFrame(curve)


def experiment_table(exp: Experiment, summaries: list[dict]) -> pd.DataFrame:
    """One row per run: the derived outputs side by side (T1 adds the K-fixed ratios)."""
    rows = []
    for s in summaries:
        r = dict(run=s["run"], label=s["label"], method=s["method"], status=s["status"])
        if s["status"] != "failed":
            lr = s["long_run"]
            r.update({f"long_run_{k}": v for k, v in lr.items()})
            for k in ("wage_impact_pct", "wage_trough_pct", "wage_trough_year", "low_wage_phase_end", "within_1pct_year", "ev_capitalists_pct",
                      "transfer_peak_pct_gdp", "transfer_pv_pct_gdp", "transfer_pv_pct_capitalist_gain"):
                r[k] = s.get(k)
            for k, v in s.items():
                if k.startswith("ev_workers_pct_rho_"):
                    r[k] = v
            r["negative_c_or_I"] = ", ".join(sorted(s.get("negative", {}))) or ""
        else:
            r["message"] = s.get("message", "")
        rows.append(r)
    t = pd.DataFrame(rows)
    if exp.id == "T1" and len(t):
        key = t["run"].str.replace(r"^(full|fixedK)_", "", regex=True)
        full = t[t["run"].str.startswith("full_")].set_index(key[t["run"].str.startswith("full_")])
        fixed = t[t["run"].str.startswith("fixedK_")].set_index(key[t["run"].str.startswith("fixedK_")])
        for col, name in (("long_run_gdp_pct", "gdp_gain_ratio_fixedK_to_full"), ("long_run_Z_pct", "robot_gain_ratio_fixedK_to_full")):
            ratio = fixed[col] / full[col]
            t[name] = t["run"].str.replace("fixedK_", "", regex=False).map(ratio).where(t["run"].str.startswith("fixedK_"))
    return t
