"""The experiment catalogue of spec §7 and the runner that turns one run into a path and its
summary.

An experiment is a list of runs (model + parameters); parameter sweeps (F5, F9, T4, ...) are
simply experiments with many runs, and the workflow gives every run its own job (the {run}
wildcard). T2 has no transition: its output is the sigma3* table and the impact wage response
along sigma3.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from . import ModelError, analysis, analytics
from .catalogue import DEFAULT_GRIDS, METHODS, SINGULARITY_B0, Experiment, Run, catalogue  # noqa: F401  (re-exported)
from .dynamics import LevelSystem, linear_path, nonlinear_path
from .models import make
from .params import Params
from .singularity import SingularitySystem


def report_grid(T: float) -> np.ndarray:
    """Dates saved in path.parquet: quarterly for 50 years, yearly to 200, then every 5 years
    (summaries use the full dt grid)."""
    parts = [
        np.arange(0, min(50.0, T), 0.25),
        np.arange(min(50.0, T), min(200.0, T), 1.0),
        np.arange(min(200.0, T), T + 0.5, 5.0),
    ]
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
    sol.info["continuation"] = dict(
        first_attempt=first.get("message"), steps=steps, reached=float(lam) if sol.converged else float(lam - 1 / steps)
    )
    return sol


def _initial(system) -> dict:
    """Initial values the summary is measured against."""
    if isinstance(system, SingularitySystem):
        K0, Z0 = system.K0, system.Z0
        return dict(
            w0=system.w0,
            ws0=math.nan,
            c0=system.p.rho * (K0 + Z0),
            cw0=system.w0,
            L=1.0,
            net0=system.p.rho * (K0 + Z0),
            Q0=1.0,
            K0=K0,
            Z0=Z0,
        )
    m = system.model
    X0 = m.X0
    st = m.static(X0, np.asarray(m.p.b0), m.p.delta * X0)
    c0 = float(m.consumption(X0, np.asarray(m.p.b0), m.p.delta * X0, st))
    w0 = float(st.get("omega", st["w"]))
    ws0 = float(st.get("omega_s", st.get("w_s", math.nan)))
    K0, Z0 = float(np.asarray(st["K"])), float(np.asarray(st["Z"]))
    return dict(
        w0=w0,
        ws0=ws0,
        c0=c0,
        cw0=float(st["labour"] / st["p"]),
        L=m.L,
        net0=m.p.rho * (K0 + Z0),
        Q0=float(st["Q"]),
        K0=K0,
        Z0=Z0,
    )


def _long_run(system, init: dict) -> dict:
    if isinstance(system, SingularitySystem):
        lr = system.long_run()
        return dict(
            w_pct=lr["w_pct"],
            w_s_pct=math.nan,
            gdp_pct=math.nan,
            K_pct=math.nan,
            Z_pct=math.nan,
            labour_share=0.0,
            growth=lr["growth"],
        )
    st = system.terminal["static"]
    w = float(st.get("omega", st["w"]))
    ws = float(st.get("omega_s", st.get("w_s", math.nan)))
    out = dict(
        w_pct=100 * (w / init["w0"] - 1),
        w_s_pct=100 * (ws / init["ws0"] - 1) if math.isfinite(init["ws0"]) else math.nan,
        gdp_pct=100 * (float(st["Q"]) / init["Q0"] - 1),
        K_pct=100 * (float(np.asarray(st["K"])) / init["K0"] - 1),
        Z_pct=100 * (float(np.asarray(st["Z"])) / init["Z0"] - 1),
        labour_share=float(st["share_L"]),
        growth=0.0,
    )
    if "share_S" in st:
        out["skilled_share"] = float(st["share_S"])
    return out


def solve_run(
    run: Run, method: str, *, T: float = 600.0, dt: float = 0.05, worker_rhos=(0.06, 0.08, 0.10), tol: float = 1e-6
) -> tuple[pd.DataFrame, dict]:
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
    summary.update(
        status="ok" if sol.converged else "not converged",
        converged=bool(sol.converged),
        solver={
            k: ([[v.real, v.imag] for v in val] if k in ("eigenvalues", "stable") else val)
            for k, val in sol.info.items()
            if k != "seconds"
        },
        initial=init,
        long_run=_long_run(system, init),
    )
    summary.update(
        analysis.summarise(
            path,
            w0=init["w0"],
            c0=init["c0"],
            cw0=init["cw0"],
            labour=init["L"],
            rho=run.params.rho,
            tau=run.params.tau,
            worker_rhos=worker_rhos,
            net_income0=init["net0"],
        )
    )
    path = pd.concat(
        [path, analysis.transfer_paths(path, w0=init["w0"], labour=init["L"], net_income0=init["net0"])], axis=1
    )
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
            rows.append(
                dict(
                    sigma1=s1,
                    sigma2=s2,
                    sigma3_star=star,
                    impact_elasticity_at_star=check,
                    model1_wage_falls=m1_cond,
                    note="" if star > 0 else "the wage rises at impact for every sigma3",
                )
            )
            for s3 in np.geomspace(0.1, 20, 25):
                curve.append(
                    dict(
                        sigma1=s1,
                        sigma2=s2,
                        sigma3=float(s3),
                        impact_d_ln_w_d_ln_b=analytics._sr_fd(make("2", p.with_(sigma3=float(s3))), "b", "w"),
                    )
                )
    return pd.DataFrame(rows), pd.DataFrame(curve)


def experiment_table(exp: Experiment, summaries: list[dict]) -> pd.DataFrame:
    """One row per run: the derived outputs side by side (T1 adds the K-fixed ratios)."""
    rows = []
    for s in summaries:
        r = dict(run=s["run"], label=s["label"], method=s["method"], status=s["status"])
        if s["status"] != "failed":
            lr = s["long_run"]
            r.update({f"long_run_{k}": v for k, v in lr.items()})
            for k in (
                "wage_impact_pct",
                "wage_trough_pct",
                "wage_trough_year",
                "low_wage_phase_end",
                "within_1pct_year",
                "ev_capitalists_pct",
                "transfer_peak_pct_gdp",
                "transfer_pv_pct_gdp",
                "transfer_pv_pct_capitalist_gain",
            ):
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
        for col, name in (
            ("long_run_gdp_pct", "gdp_gain_ratio_fixedK_to_full"),
            ("long_run_Z_pct", "robot_gain_ratio_fixedK_to_full"),
        ):
            ratio = fixed[col] / full[col]
            t[name] = (
                t["run"].str.replace("fixedK_", "", regex=False).map(ratio).where(t["run"].str.startswith("fixedK_"))
            )
    return t


def experiment_paths(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The paths of every run of an experiment stacked (failed runs have empty paths)."""
    kept = [f for f in frames if len(f)]
    return pd.concat(kept, ignore_index=True) if kept else pd.DataFrame()


def experiment_note(exp_id: str, method: str, summaries: list[dict]) -> str:
    """The figure note of one experiment: the method and the runs that did not solve."""
    failed = [s["run"] for s in summaries if s["status"] != "ok"]
    return f"BBZ {exp_id}, method {method}" + (
        f"; not ok: {', '.join(failed)} (dotted: not converged)" if failed else ""
    )


def run_line(summary: dict) -> str:
    """A solved run in words (for the log): long run and wage trough, or why it failed."""
    if summary["status"] == "failed":
        return summary["message"]
    lr = summary["long_run"]
    return (
        f"long run w {lr['w_pct']:+.3f}%, GDP {lr['gdp_pct']:+.3f}%; trough {summary['wage_trough_pct']:+.3f}% at "
        f"{summary['wage_trough_year']:.2f}"
    )
