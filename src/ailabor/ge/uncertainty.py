"""Uncertainty carried from the data to the GE paths (issue 15, item 3).

Each draw d builds one displacement share D and one set of model parameters, then pushes them
through both GE models:

* **measurement**: the exposure measure, drawn uniformly from the candidate measures (those on
  a share scale unless listed), so the draws span the spread across exposure measures;
* **sampling**: a bootstrap resample of the OEWS occupations of that measure (with
  replacement, the same number of rows), whose wage-bill-weighted (and employment-weighted)
  exposure E is computed exactly as the calibration shock (``calibration.shock.exposure_aggregates``);
* **calibration**: the A-R parameters drawn uniformly from the calibration stage's ranges
  (``calibration.sensitivity.ranges``): the elasticity between tasks ``sigma`` and the cost
  saving of automation ``cost_saving``. In this economy the cost saving is not separate from
  the initial economy: it sets the initial automation gap n0, and with it the initial labour
  share (pi0 0.09 -> n0 0.56; pi0 0.48 -> n0 1). Each draw therefore records its n0 and initial
  labour share (``ar_n0``, ``ar_labour_share_initial``), and the cost-saving range is cut to the
  values every drawn sigma can reach (:func:`feasible_ranges`), so failed draws are not a
  non-random subset of the parameter range.

For each configured scenario D = E x phi_feasible x phi_adopted with the scenario's own phi:
the calibration's phi ranges span the scenarios themselves, which are reported side by side,
so they are not drawn. Every draw is seeded by (seed, d, stream) with one stream per source, so
the result never depends on how the draws are split into chunks (cluster jobs), and adding a
measure does not change the parameter draws.

:func:`bands` gives the 5/50/95% quantiles of the wage, labour-share and output paths over the
draws where the model has an equilibrium; :func:`containment` checks them against the central
path. The central path is the run at the centre of the draw design (:func:`central_inputs`):
D at the median of the drawn D (over measures and bootstrap samples) and every drawn parameter
at the median of its uniform range, so that it sits inside the distribution it is compared to;
containment reports its quantile rank among the draws at each date.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..calibration.sensitivity import draw_chunk
from ..calibration.shock import exposure_aggregates
from ..figures import PALETTE, apply_style, pyplot, save
from ..labels import label as plain
from ..labels import measure_name, parameter_words, scenario_name, words
from . import scenarios as S
from .ar import P0, ai_band
from .bbz import ModelError

VARIABLES = {
    "wage_pct": "Wage (% vs no-shock path)",
    "labour_share_pp": "Labour share (change, percentage points)",
    "output_pct": "Output (% vs no-shock path)",
}
QUANTILES = (0.05, 0.5, 0.95)
AR_DRAWN = ("sigma", "cost_saving")  # A-R parameters drawn from the calibration's ranges
STREAMS = {"measure": 0, "bootstrap": 1, "parameters": 2}


@dataclass(frozen=True)
class Spec:
    seed: int
    measures: tuple[str, ...]
    ranges: dict = field(default_factory=dict)  # name -> (low, high)
    t_grid: tuple[float, ...] = tuple(np.round(np.arange(0.0, 100.0 + 1e-9, 0.5), 6))

    def __post_init__(self) -> None:
        if not self.measures:
            raise ModelError("GE uncertainty: no candidate exposure measure to draw from")
        for name, (lo, hi) in self.ranges.items():
            if not lo <= hi:
                raise ModelError(f"GE uncertainty: range of {name!r} has low {lo} > high {hi}")


def candidate_measures(frames: dict[str, pd.DataFrame], listed=None) -> tuple[str, ...]:
    """The measures to draw from: ``listed``, or every measure whose ``scale`` column says "share"
    (an index such as a percentile rank is not a share of work)."""
    if listed:
        missing = [m for m in listed if m not in frames]
        if missing:
            raise ModelError(
                f"GE uncertainty: measure(s) {missing} listed in ge.scenarios.uncertainty.measures have no measure file"
            )
        return tuple(listed)
    out = tuple(
        m
        for m, df in sorted(frames.items())
        if "scale" not in df.columns or (len(df) and str(df["scale"].iloc[0]) == "share")
    )
    if not out:
        raise ModelError(
            f"GE uncertainty: none of the measures {sorted(frames)} is on a share scale; list them in "
            "ge.scenarios.uncertainty.measures"
        )
    return out


def feasible_ranges(ranges: dict, ar_cfg: dict, n_sigma: int = 5) -> tuple[dict, str]:
    """The drawn ranges with the cost saving cut to the largest saving every sigma of the drawn
    range can reach (n0 <= 1), rounded down to 0.01; and a note saying what was cut (or "")."""
    out = {k: tuple(float(x) for x in v) for k, v in ranges.items()}
    if "cost_saving" not in out or ar_cfg.get("n0") is not None:
        return out, ""
    base = dict(ar_cfg.get("params", {}))
    sigmas = np.linspace(*out["sigma"], n_sigma) if "sigma" in out else [base.get("sigma", P0.sigma)]
    top = min(ai_band.cost_saving(P0.with_(**{**base, "sigma": float(s)}), 1.0) for s in sigmas)
    top = math.floor(100 * top) / 100
    lo, hi = out["cost_saving"]
    if hi <= top:
        return out, ""
    if lo >= top:
        raise ModelError(
            f"GE uncertainty: calibration.sensitivity.ranges.cost_saving {[lo, hi]} lies above the largest cost saving "
            f"the task model reaches (n0 = 1) at every sigma of the range, {top:.2f}"
        )
    out["cost_saving"] = (lo, top)
    return (
        out,
        f"cost saving cut from {lo:g}-{hi:g} to {lo:g}-{top:g} (the largest the task model reaches with n0 <= 1 at "
        "every drawn sigma)",
    )


def draw_inputs(d: int, spec: Spec, frames: dict[str, pd.DataFrame]) -> dict:
    """Measure, bootstrap exposure and parameters of draw d (seeded per draw and source)."""
    rng_m = np.random.default_rng([spec.seed, d, STREAMS["measure"]])
    measure = spec.measures[int(rng_m.integers(len(spec.measures)))]
    df = frames[measure].reset_index(drop=True)
    rng_b = np.random.default_rng([spec.seed, d, STREAMS["bootstrap"]])
    idx = rng_b.integers(0, len(df), len(df))
    agg = exposure_aggregates(df.iloc[idx], path=f"exposure measure {measure} (bootstrap draw {d})")
    rng_p = np.random.default_rng([spec.seed, d, STREAMS["parameters"]])
    names = sorted(spec.ranges)
    u = rng_p.random(len(names))
    params = {n: float(spec.ranges[n][0] + (spec.ranges[n][1] - spec.ranges[n][0]) * x) for n, x in zip(names, u)}
    return dict(
        draw=d,
        measure=measure,
        exposure_wage=agg["exposure_wage"],
        exposure_employment=agg["exposure_employment"],
        **params,
    )


def ar_cfg_for(ar_cfg: dict, params: dict) -> dict:
    """The A-R scenario configuration with the drawn parameters (cost_saving sets n0 unless n0 is fixed)."""
    cfg = dict(ar_cfg, params=dict(ar_cfg.get("params", {})))
    if "sigma" in params:
        cfg["params"]["sigma"] = params["sigma"]
    if "cost_saving" in params and ar_cfg.get("n0") is None:
        cfg["cost_saving"] = params["cost_saving"]
    return cfg


def solve_draw(D: float, D_emp: float, ar_cfg: dict, bbz_cfg: dict, t_grid) -> tuple[list[pd.DataFrame], dict]:
    """Both models at one D: paths on ``t_grid`` (standard columns) and their headline numbers."""
    out, rows = [], {}
    try:
        setup = S.ar_setup(ar_cfg)
        rows["ar_n0"] = setup.n0
        path, summ = S.ar_outcome(D, setup, t_grid)
        rows["ar_labour_share_initial"] = summ["ls_before"]
        if summ["status"] == "ok":  # the same filter as summary_table
            out.append(path[["t", *VARIABLES]].assign(model="ar"))
    except S.GE_ERRORS as exc:
        summ = dict(status="failed", message=str(exc))
    rows.update({f"ar_{k}": v for k, v in S.headlines("ar", summ).items()})
    D_bbz = D_emp if bbz_cfg.get("split", "wage_bill") == "employment" and str(bbz_cfg.get("model", 2)) == "2" else D
    try:
        path, summ = S.bbz_outcome(D_bbz, bbz_cfg, t_grid)
        if len(path) and summ.get("status") == "ok":
            out.append(path[["t", *VARIABLES]].assign(model="bbz"))
    except S.GE_ERRORS as exc:
        summ = dict(status="failed", message=str(exc))
    rows.update({f"bbz_{k}": v for k, v in S.headlines("bbz", summ).items()})
    return out, rows


def run_chunk(
    spec: Spec,
    frames: dict[str, pd.DataFrame],
    scenarios: list[dict],
    ar_cfg: dict,
    bbz_cfg: dict,
    *,
    draws: int,
    chunks: int,
    chunk: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draws of one chunk: (one row per draw and scenario with the inputs and headlines; the
    paths in long format: draw, scenario, model, t and the variables)."""
    rows, paths = [], []
    for d in draw_chunk(draws, chunks, chunk):
        inp = draw_inputs(d, spec, frames)
        cfg = ar_cfg_for(ar_cfg, inp)
        for sc in scenarios:
            D = inp["exposure_wage"] * sc["phi_feasible"] * sc["phi_adopted"]
            D_emp = inp["exposure_employment"] * sc["phi_feasible"] * sc["phi_adopted"]
            out, res = solve_draw(D, D_emp, cfg, bbz_cfg, spec.t_grid)
            rows.append(dict(inp, scenario=sc["scenario"], D=D, D_employment=D_emp, **res))
            paths += [p.assign(draw=d, scenario=sc["scenario"]) for p in out]
    cols = ["draw", "scenario", "model", "t", *VARIABLES]
    return pd.DataFrame(rows), (pd.concat(paths, ignore_index=True)[cols] if paths else pd.DataFrame(columns=cols))


def central_inputs(draws: pd.DataFrame, spec: Spec) -> dict:
    """The centre of the draw design: per scenario the median of the drawn D and D_employment
    (over measures and bootstrap samples), and every drawn parameter at the median of its
    uniform range. Returns {scenario: dict(D=..., D_employment=..., **params)}."""
    params = {k: 0.5 * (lo + hi) for k, (lo, hi) in spec.ranges.items()}
    out = {}
    for sc, t in draws.groupby("scenario", sort=True):
        out[sc] = dict(D=float(t["D"].median()), D_employment=float(t["D_employment"].median()), **params)
    return out


def central(
    frames: dict[str, pd.DataFrame],
    primary: str,
    scenarios: list[dict],
    ar_cfg: dict,
    bbz_cfg: dict,
    t_grid,
    inputs: dict | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The central path of each scenario: at ``inputs`` (:func:`central_inputs`, the centre of
    the draw design: what :func:`containment` should compare the bands with), or without them
    the primary measure on the full sample at the baseline parameters."""
    agg = (
        exposure_aggregates(frames[primary].reset_index(drop=True), path=f"exposure measure {primary}")
        if inputs is None
        else None
    )
    rows, paths = [], []
    for sc in scenarios:
        if inputs is None:
            D = agg["exposure_wage"] * sc["phi_feasible"] * sc["phi_adopted"]
            D_emp = agg["exposure_employment"] * sc["phi_feasible"] * sc["phi_adopted"]
            cfg, extra = ar_cfg, dict(measure=primary)
        else:
            inp = inputs[sc["scenario"]]
            D, D_emp = inp["D"], inp["D_employment"]
            params = {k: v for k, v in inp.items() if k in AR_DRAWN}
            cfg, extra = ar_cfg_for(ar_cfg, params), dict(measure="median of the draws", **params)
        out, res = solve_draw(D, D_emp, cfg, bbz_cfg, t_grid)
        rows.append(dict(scenario=sc["scenario"], **extra, D=D, D_employment=D_emp, **res))
        paths += [p.assign(scenario=sc["scenario"]) for p in out]
    return pd.DataFrame(rows), pd.concat(paths, ignore_index=True)


def bands(paths: pd.DataFrame, quantiles=QUANTILES) -> pd.DataFrame:
    """Pointwise quantiles of every variable over the draws (long format: scenario, model,
    variable, t, q05, q50, q95, draws)."""
    long = paths.melt(id_vars=["draw", "scenario", "model", "t"], value_vars=list(VARIABLES), var_name="variable")
    g = long.groupby(["scenario", "model", "variable", "t"], sort=True)["value"]
    out = g.quantile(list(quantiles)).unstack()
    out.columns = [f"q{int(round(100 * q)):02d}" for q in quantiles]
    out["draws"] = g.size()
    return out.reset_index()


def central_ranks(paths: pd.DataFrame, cen: pd.DataFrame, tol: float = 1e-9) -> pd.DataFrame:
    """The central path's quantile rank among the draws at every date: (draws below + half the
    draws tied with it) / draws (long format: scenario, model, variable, t, rank)."""
    long = paths.melt(id_vars=["draw", "scenario", "model", "t"], value_vars=list(VARIABLES), var_name="variable")
    c = cen.melt(
        id_vars=["scenario", "model", "t"], value_vars=list(VARIABLES), var_name="variable", value_name="central"
    )
    m = long.merge(c, on=["scenario", "model", "variable", "t"], how="inner")
    diff = m["value"] - m["central"]
    m = m.assign(below=(diff < -tol).astype(float), tied=(diff.abs() <= tol).astype(float))
    g = m.groupby(["scenario", "model", "variable", "t"], sort=True)
    return (g["below"].mean() + 0.5 * g["tied"].mean()).rename("rank").reset_index()


def containment(
    bnd: pd.DataFrame, cen: pd.DataFrame, tol: float = 1e-9, paths: pd.DataFrame | None = None
) -> pd.DataFrame:
    """For each scenario, model and variable: the share of dates at which the central path lies
    within the 5-95% band, the largest distance outside it and, with ``paths``, the central
    path's quantile rank among the draws (median, lowest and highest over the dates) and the
    benchmark ``draw_inside_share``: the mean over the draws of the share of dates at which a
    draw's own path lies within the band (about 0.9 by construction of a 5-95% band: the share a
    path exchangeable with the draws is expected to reach). A central path at the centre of the
    design should be at least as typical as that (``inside_share >= draw_inside_share``); it need
    not be inside at every date, because the task model is not monotone in the cost saving (a
    larger saving deepens the wage floor but shortens the time spent on it)."""
    c = cen.melt(
        id_vars=["scenario", "model", "t"], value_vars=list(VARIABLES), var_name="variable", value_name="central"
    )
    m = bnd.merge(c, on=["scenario", "model", "variable", "t"], how="inner", validate="one_to_one")
    below = (m["q05"] - m["central"]).clip(lower=0)
    above = (m["central"] - m["q95"]).clip(lower=0)
    m = m.assign(outside=np.maximum(below, above))
    out = (
        m.groupby(["scenario", "model", "variable"])
        .agg(
            dates=("t", "size"),
            inside_share=("outside", lambda x: float((x <= tol).mean())),
            max_outside=("outside", "max"),
        )
        .reset_index()
    )
    if paths is not None:
        r = central_ranks(paths, cen, tol).groupby(["scenario", "model", "variable"])["rank"]
        out = out.merge(
            r.agg(rank_median="median", rank_min="min", rank_max="max").reset_index(),
            on=["scenario", "model", "variable"],
            how="left",
        )
        long = paths.melt(id_vars=["draw", "scenario", "model", "t"], value_vars=list(VARIABLES), var_name="variable")
        d = long.merge(
            bnd[["scenario", "model", "variable", "t", "q05", "q95"]],
            on=["scenario", "model", "variable", "t"],
            how="inner",
        )
        d = d.assign(inside=((d["value"] >= d["q05"] - tol) & (d["value"] <= d["q95"] + tol)).astype(float))
        per = (
            d.groupby(["scenario", "model", "variable", "draw"])["inside"]
            .mean()
            .groupby(["scenario", "model", "variable"])
            .mean()
        )
        out = out.merge(per.rename("draw_inside_share").reset_index(), on=["scenario", "model", "variable"], how="left")
    return out


def summary_table(draws: pd.DataFrame) -> pd.DataFrame:
    """5/50/95% of each headline number over the feasible draws, with draw counts and failures."""
    rows = []
    for (scenario,), t in draws.groupby(["scenario"]):
        for model in ("ar", "bbz"):
            ok = t[t[f"{model}_status"] == "ok"]
            base = dict(
                scenario=scenario,
                model=model,
                draws=len(t),
                feasible=len(ok),
                failed=int((t[f"{model}_status"] != "ok").sum()),
            )
            rows.append(
                dict(
                    base,
                    headline="D",
                    q05=ok["D"].quantile(0.05),
                    q50=ok["D"].quantile(0.5),
                    q95=ok["D"].quantile(0.95),
                )
                if len(ok)
                else dict(base, headline="D")
            )
            for h in S.HEADLINES:
                col = f"{model}_{h}"
                v = ok[col].replace([np.inf, -np.inf], np.nan).dropna() if col in ok else pd.Series(dtype=float)
                rows.append(
                    dict(
                        base,
                        headline=h,
                        q05=v.quantile(0.05) if len(v) else math.nan,
                        q50=v.quantile(0.5) if len(v) else math.nan,
                        q95=v.quantile(0.95) if len(v) else math.nan,
                    )
                )
    return pd.DataFrame(rows)


def figure(
    scenario: str, label: str, bnd: pd.DataFrame, cen: pd.DataFrame, draws: pd.DataFrame, out: str, sources: str = ""
) -> None:
    """Bands (5-95% shaded, median dashed) and the central path (solid) of the wage, labour share
    and output, one row per model."""
    plt = pyplot()

    apply_style()
    fig, axes = plt.subplots(2, 3, figsize=(13, 7), sharex=True)
    colours = {"ar": PALETTE[0], "bbz": PALETTE[1]}
    names = {"ar": S.AR_NAME, "bbz": S.BBZ_NAME}
    b = bnd[bnd["scenario"] == scenario]
    c = cen[cen["scenario"] == scenario]
    d = draws[draws["scenario"] == scenario]
    for r, model in enumerate(("ar", "bbz")):
        for k, var in enumerate(VARIABLES):
            ax = axes[r, k]
            bb = b[(b["model"] == model) & (b["variable"] == var)].sort_values("t")
            cc = c[c["model"] == model].sort_values("t")
            if len(bb):
                ax.fill_between(
                    bb["t"], bb["q05"], bb["q95"], color=colours[model], alpha=0.22, lw=0, label="5-95% of draws"
                )
                ax.plot(bb["t"], bb["q50"], color=colours[model], ls="--", lw=1.2, label="median of draws")
            if len(cc):
                ax.plot(cc["t"], cc[var], color="black", lw=1.3, label="central path")
            ax.axhline(0, color="0.3", lw=0.6)
            ax.set_title(words(var), fontsize=10)
            ax.set_ylabel(plain(var), fontsize=8)
            if r == 1:
                ax.set_xlabel("Time after the shock (years)")
        axes[r, 0].annotate(
            names[model],
            xy=(-0.3, 0.5),
            xycoords="axes fraction",
            rotation=90,
            va="center",
            ha="center",
            fontsize=10,
            fontweight="bold",
        )
        axes[r, 0].legend(fontsize=7, loc="best")
    fig.suptitle(f"Uncertainty from the data to the GE paths: {scenario_name(label)}", fontweight="bold", fontsize=11)
    fig.tight_layout(rect=(0.02, 0, 1, 0.95))
    n = len(d)
    ok_ar, ok_bbz = int((d["ar_status"] == "ok").sum()), int((d["bbz_status"] == "ok").sum())
    Dq = d["D"].quantile([0.05, 0.5, 0.95]).to_numpy() if n else [math.nan] * 3
    note = (
        f"{n} draws ({ok_ar} with a task-model equilibrium, {ok_bbz} with a robot-model equilibrium); D, the share of "
        f"the wage bill AI takes over: 5% {100 * Dq[0]:.1f}%, median {100 * Dq[1]:.1f}%, 95% {100 * Dq[2]:.1f}%. "
        f"{sources}"
    )
    save(fig, out, note="\n".join(__import__("textwrap").wrap(note, 200)))


def scenario_phis(shock_file: str, names) -> list[dict]:
    """The phi of each named scenario from the primary measure's calibration shock file."""
    t = pd.read_parquet(shock_file)
    out = []
    for name in names:
        row = t[t["scenario"] == name]
        if not len(row):
            raise ModelError(
                f"{shock_file}: no row with scenario == {name!r} (column scenario); ge.scenarios.uncertainty.scenarios "
                f"must name calibration scenarios, found {sorted(t['scenario'])}"
            )
        r = row.iloc[0]
        out.append(
            dict(
                scenario=name,
                label=str(r["label"]),
                phi_feasible=float(r["phi_feasible"]),
                phi_adopted=float(r["phi_adopted"]),
            )
        )
    return out


def with_central(summary: pd.DataFrame, central_rows: pd.DataFrame) -> pd.DataFrame:
    """The headline quantiles with the central run's value next to them."""
    vals = []
    for r in summary.itertuples(index=False):
        c = central_rows[central_rows["scenario"] == r.scenario]
        col = "D" if r.headline == "D" else f"{r.model}_{r.headline}"
        vals.append(float(c[col].iloc[0]) if len(c) and col in c else math.nan)
    return summary.assign(central=vals)


def sources_note(spec: Spec, primary: str, cut: str = "") -> str:
    rng = "; ".join(f"{parameter_words(k).lower()} {lo:g}-{hi:g}" for k, (lo, hi) in sorted(spec.ranges.items()))
    cut = f" ({cut})" if cut else ""
    return (
        f"Each draw: an exposure measure ({', '.join(measure_name(m) for m in spec.measures)}), a bootstrap resample "
        f"of its occupations, and the task model's parameters uniform on the calibration ranges ({rng}{cut}; the cost "
        "saving sets the initial automation gap, so it also moves the initial labour share). Central path: the centre "
        "of the draws (D at its median over the draws, each parameter at the middle of its range). Bands are pointwise "
        "over the draws with an equilibrium; the task model's kinks are the dates at which a draw has automated every "
        "measured task, which differ from draw to draw."
    )


def spec_for(
    uncertainty: dict, ranges: dict, ar_cfg: dict, measures: dict[str, pd.DataFrame], listed=None
) -> tuple[Spec, str]:
    """The draw design from the config (``ge.scenarios.uncertainty``, the calibration ranges,
    the A-R solver settings) and the measure files: the spec and the note of
    :func:`feasible_ranges` ("" when nothing was cut)."""
    feasible, cut = feasible_ranges(ranges, ar_cfg)
    return Spec(seed=uncertainty["seed"], measures=candidate_measures(measures, listed), ranges=feasible), cut


def gather_draws(chunks: list[pd.DataFrame], n_draws: int) -> pd.DataFrame:
    """The draw rows of all chunks in (draw, scenario) order, checked to hold draws 0..n-1."""
    draws = pd.concat(chunks, ignore_index=True).sort_values(["draw", "scenario"], kind="stable")
    if sorted(draws["draw"].unique()) != list(range(n_draws)):
        raise ModelError(
            f"GE uncertainty: the chunks hold draws {sorted(draws['draw'].unique())[:5]}..., expected 0..{n_draws - 1}"
        )
    return draws


@dataclass
class Combined:
    """Everything rule ge_uncertainty writes, from the chunks."""

    spec: Spec
    cut: str
    draws: pd.DataFrame
    bands: pd.DataFrame
    central_rows: pd.DataFrame
    central_paths: pd.DataFrame
    containment: pd.DataFrame
    summary: pd.DataFrame

    @property
    def central(self) -> pd.DataFrame:
        """The central paths with each scenario's D (central.csv)."""
        return self.central_paths.merge(self.central_rows[["scenario", "D"]], on="scenario")


def combine(
    draw_chunks: list[pd.DataFrame],
    path_chunks: list[pd.DataFrame],
    measures: dict[str, pd.DataFrame],
    primary: str,
    primary_frame: pd.DataFrame,
    scenarios: list[dict],
    *,
    uncertainty: dict,
    ranges: dict,
    solver: dict,
    listed=None,
) -> Combined:
    """The draws of every chunk, their bands, the central run (:func:`central` at
    :func:`central_inputs`), the containment check and the headline summary."""
    spec, cut = spec_for(uncertainty, ranges, solver["ar"], measures, listed)
    draws = gather_draws(draw_chunks, uncertainty["draws"])
    paths = pd.concat(path_chunks, ignore_index=True)
    frames = {**measures, primary: primary_frame}
    cen_rows, cen = central(
        frames, primary, scenarios, solver["ar"], solver["bbz"], spec.t_grid, inputs=central_inputs(draws, spec)
    )
    bnd = bands(paths)
    return Combined(
        spec=spec,
        cut=cut,
        draws=draws,
        bands=bnd,
        central_rows=cen_rows,
        central_paths=cen,
        containment=containment(bnd, cen, paths=paths),
        summary=with_central(summary_table(draws), cen_rows),
    )
