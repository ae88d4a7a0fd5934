"""Response curves: each GE model's headline numbers against the displacement share D on one
grid, with the regions where a mapping saturates or has no equilibrium located exactly
(issue 15, item 2).

* :func:`curve` solves one model at every grid point (the same mapping and solver as the
  scenarios, :mod:`.scenarios`) and returns one row per D with the headline numbers of
  :data:`.scenarios.HEADLINES`, the mapping's own quantities and the status.
* :func:`regions` locates the flat and empty parts by root-finding, not by reading the grid:
  in the task model the impact cap (beyond it, capital fixed on impact cannot take over every
  measured task, and wage, rental, output and labour share on impact no longer move with D) and
  a long-run saturation when AI capital is not productive enough (lam < 1); in the robot model,
  Model 1's end of existence (Model 2 has an equilibrium for every D).
* :func:`monotone_violations` checks that each headline moves in one direction along the grid.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import optimize

from ..figures import PALETTE, apply_style, pyplot, save
from ..labels import scenario_name
from . import scenarios as S
from .ar import ai_band
from .bbz import ModelError
from .bbz.models import Model1

MODELS = ("ar", "bbz")
MODEL_NAMES = {"ar": S.AR_NAME, "bbz": S.BBZ_NAME}
# expected direction of each headline in D (+1 rising, -1 falling, 0 either way, checked for one sign)
DIRECTION = {
    "wage_impact_pct": -1,
    "wage_trough_pct": -1,
    "wage_lr_pct": +1,
    "labour_share_impact_pp": -1,
    "labour_share_lr_pp": -1,
    "output_impact_pct": 0,
    "output_lr_pct": +1,
    "wage_recovery_year": 0,
}
# Not required to be monotone: the robot model's recovery date is set by the robots' diffusion
# speed, not by D (about 25-26 years for every D > 0 with the robots' share of V held fixed; it
# drifts by a few tenths of a year either way), so only its jump from 0 at D = 0 is informative.
NOT_MONOTONE = {("bbz", "wage_recovery_year")}


def grid(D_max: float, step: float) -> np.ndarray:
    """0, step, 2 step, ..., D_max (rounded so that grid points print exactly)."""
    if not 0 < step <= D_max < 1:
        raise ModelError(f"response grid: need 0 < step <= D_max < 1, got step {step}, D_max {D_max}")
    n = int(round(D_max / step))
    return np.round(np.linspace(0.0, n * step, n + 1), 10)


def _point(model: str, D: float, ar_setup, bbz_cfg: dict, t_report) -> dict:
    row = dict(model=model, D=float(D))
    try:
        if model == "ar":
            _, summ = S.ar_outcome(float(D), ar_setup, t_report)
            m = summ["mapping"]
            row.update(
                dI=m["dI"],
                band_adopted_impact=summ["band_adopted_impact"],
                band_adopted_year=summ["band_adopted_year"],
                check_D=m["check_D"],
                converged=summ["converged"],
            )
        else:
            _, summ = S.bbz_outcome(float(D), bbz_cfg)
            m = summ["mapping"]
            row.update(
                share_L1=m.get("share_L1", math.nan),
                productivity_factor=m["productivity_factor"],
                check_D=m["check_D"],
                converged=summ.get("converged", False),
            )
    except S.GE_ERRORS as exc:
        summ = dict(status="failed", message=str(exc))
    h = S.headlines(model, summ)
    row.update(h)
    return row


def curve(model: str, Ds, *, ar_setup=None, bbz_cfg: dict | None = None, t_report=None) -> pd.DataFrame:
    """One model's headline numbers at every D of the grid."""
    if model not in MODELS:
        raise ModelError(f"response curve: model must be one of {MODELS}, got {model!r}")
    if t_report is None:
        t_report = np.arange(0.0, 100.0 + 1e-9, 0.5)
    rows = [_point(model, D, ar_setup, bbz_cfg or {}, t_report) for D in Ds]
    return pd.DataFrame(rows)


# --- flat and empty regions -------------------------------------------------------------------


def ar_adoption_gaps(D: float, s, k0: float | None = None) -> tuple[float, float]:
    """(impact, long run): the coordinate of the equilibrium allocation minus the band's top, in
    task units; >= 0 when every measured task is done by capital (k0: the pre-shock capital)."""
    band = S.ar_band(D, s)
    if k0 is None:
        k0 = ai_band.steady_state(s.params, ai_band.Band(s.n0))["k"]
    v_imp = ai_band.solve_v(s.params, band, k0)
    v_lr = ai_band.solve_v_longrun(s.params, band, s.R)
    return v_imp - band.dI, v_lr - band.dI


def _first_root(f, D_max: float, n: int = 25) -> float | None:
    """Smallest D in (0, D_max] where f changes sign from >= 0 to < 0 (scan, then brentq)."""
    xs = np.linspace(1e-4, D_max, n)
    vals = [f(x) for x in xs]
    for a, b, fa, fb in zip(xs[:-1], xs[1:], vals[:-1], vals[1:]):
        if fa >= 0 > fb:
            return optimize.brentq(f, a, b, xtol=1e-10)
    return None


def regions(model: str, D_max: float, *, ar_setup=None, bbz_cfg: dict | None = None) -> list[dict]:
    """Flat (``saturates``) and empty (``no equilibrium``) parts of a model's response, with
    their start D_from (exact, by root-finding), end D_to, what stops moving and why."""
    out = []
    if model == "ar":
        s = ar_setup
        k0 = ai_band.steady_state(s.params, ai_band.Band(s.n0))["k"]
        cap = _first_root(lambda D: ar_adoption_gaps(D, s, k0)[0] + 1e-12, D_max)
        if cap is not None:
            out.append(
                dict(
                    model="ar",
                    kind="saturates",
                    D_from=cap,
                    D_to=D_max,
                    what="impact (wage, labour share, output), and the wage trough",
                    why=(
                        "capital is fixed on impact: automating the measured tasks bids up the rental until automation "
                        f"no longer saves cost (the {100 * s.cost_saving:.0f}% saving of the marginal task is used "
                        "up); beyond this share only part of the measured tasks is automated at once and the wage sits "
                        "at that floor until capital has built up"
                    ),
                )
            )
        sat = _first_root(lambda D: ar_adoption_gaps(D, s, k0)[1] + 1e-12, D_max)
        if sat is not None:
            out.append(
                dict(
                    model="ar",
                    kind="saturates",
                    D_from=sat,
                    D_to=D_max,
                    what="long run",
                    why=(
                        "even with capital adjusting, automating the further measured tasks does not save cost with "
                        "this AI productivity"
                    ),
                )
            )
    elif model == "bbz":
        cfg = bbz_cfg or {}
        if str(cfg.get("model", 2)) == "1":
            m = Model1(S.bbz_setup(cfg))
            lim = m.alpha_L / (1 + m.alpha_L)
            if lim < D_max:
                out.append(
                    dict(
                        model="bbz",
                        kind="no equilibrium",
                        D_from=lim,
                        D_to=D_max,
                        what="every outcome",
                        why=(
                            "Model 1 has no steady state: robots would take over so much of labour's work that output "
                            "grows without bound"
                        ),
                    )
                )
    return out


REGION_COLUMNS = ["model", "kind", "D_from", "D_to", "what", "why"]


def regions_table(model: str, D_max: float, *, ar_setup=None, bbz_cfg: dict | None = None) -> pd.DataFrame:
    """:func:`regions` as a table (regions.csv), with its columns even when there is none."""
    return pd.DataFrame(regions(model, D_max, ar_setup=ar_setup, bbz_cfg=bbz_cfg), columns=REGION_COLUMNS)


def monotone_violations(table: pd.DataFrame, tol: float = 1e-7) -> list[str]:
    """Headlines that move against their expected direction between adjacent grid points
    (status ok only); an empty list means every response is monotone on the grid."""
    bad = []
    for model, t in table[table["status"] == "ok"].sort_values("D").groupby("model"):
        for col, sign in DIRECTION.items():
            if (model, col) in NOT_MONOTONE:
                continue
            v = t[col].to_numpy(dtype=float)
            v = v[np.isfinite(v)]
            if len(v) < 2:
                continue
            d = np.diff(v)
            direction = sign if sign != 0 else (1 if d.sum() >= 0 else -1)
            scale = tol * max(1.0, float(np.max(np.abs(v))))
            if np.any(direction * d < -scale):
                i = int(np.argmax(direction * d < -scale))
                bad.append(f"{model} {col}: {v[i]:.6g} -> {v[i + 1]:.6g} at grid step {i}")
    return bad


# --- the figure ----------------------------------------------------------------------------------


PANELS = (
    (
        "Wage",
        "% change from the no-shock path",
        (
            ("wage_impact_pct", "on impact", "-"),
            ("wage_trough_pct", "at its lowest", ":"),
            ("wage_lr_pct", "long run", "--"),
        ),
    ),
    (
        "Labour share",
        "change, percentage points",
        (("labour_share_impact_pp", "on impact", "-"), ("labour_share_lr_pp", "long run", "--")),
    ),
    (
        "Output",
        "% change from the no-shock path",
        (("output_impact_pct", "on impact", "-"), ("output_lr_pct", "long run", "--")),
    ),
    (
        "Timing",
        "years after the shock",
        (
            ("wage_recovery_year", "wage back at its initial level", "-"),
            ("band_adopted_year", "all measured tasks automated", "--"),
        ),
    ),
)


def figure(
    table: pd.DataFrame, regs: pd.DataFrame, scenarios: pd.DataFrame, out: str, notes: dict | None = None
) -> None:
    """Two rows (task model, robot model) by four panels (wage, labour share, output, timing)
    against D; measured scenarios as markers on the wage panels; flat or empty regions shaded
    and explained under the figure."""
    plt = pyplot()

    apply_style()
    fig, axes = plt.subplots(2, 4, figsize=(15, 7.4), sharex=True)
    colours = {"ar": PALETTE[0], "bbz": PALETTE[1]}
    D_max = float(table["D"].max())
    shade = {"saturates": ("0.93", "flat: "), "no equilibrium": ("#f4cccc", "no equilibrium: ")}
    tag = {"saturates": "{what} flat beyond here", "no equilibrium": "no equilibrium beyond here"}
    footnotes = []
    for r, model in enumerate(MODELS):
        t = table[table["model"] == model].sort_values("D")
        ok = t[t["status"] == "ok"]
        for c, (title, unit, series) in enumerate(PANELS):
            ax = axes[r, c]
            for col, name, ls in series:
                if col in ok and ok[col].notna().any():
                    ax.plot(100 * ok["D"], ok[col], color=colours[model], ls=ls, lw=1.4, label=name)
            for g in regs[regs["model"] == model].itertuples(index=False) if len(regs) else ():
                colour, _ = shade[g.kind]
                impact_only = g.kind == "saturates" and str(g.what).startswith("impact")
                if impact_only and c == 3:  # the timing curves are not flat there
                    continue
                ax.axvspan(100 * g.D_from, 100 * g.D_to, color=colour, zorder=0, lw=0)
                ax.axvline(100 * g.D_from, color="0.4", lw=0.8, ls="-.", zorder=1)
                if impact_only:  # the long-run curves in the same panel keep moving
                    ax.annotate(
                        " shaded: impact flat\n (long run not)",
                        xy=(100 * g.D_from, 0.03),
                        xycoords=("data", "axes fraction"),
                        fontsize=6,
                        va="bottom",
                        color="0.35",
                    )
            if c < 3:
                ax.axhline(0, color="0.3", lw=0.6)
            for d in scenarios["D"] if len(scenarios) else ():  # the measured scenarios' D as ticks on every panel
                ax.axvline(100 * d, ymin=0, ymax=0.04, color="black", lw=1.0)
            ax.set_title(f"{title}" if r else f"{title}", fontsize=10)
            ax.set_ylabel(f"{title} ({unit})", fontsize=8)
            if r == 1:
                ax.set_xlabel("D: share of the wage bill AI takes over (%)")
            ax.legend(fontsize=7, loc="best")
        axes[r, 0].annotate(
            MODEL_NAMES[model],
            xy=(-0.32, 0.5),
            xycoords="axes fraction",
            rotation=90,
            va="center",
            ha="center",
            fontsize=10,
            fontweight="bold",
        )
        # measured scenarios on the wage panel: the long-run wage at their D
        sc = (
            scenarios[scenarios.get(f"{model}_status", pd.Series("ok", index=scenarios.index)).fillna("ok") != "failed"]
            if len(scenarios)
            else scenarios
        )
        for i, s in enumerate(sc.itertuples(index=False)):
            y = getattr(s, f"{model}_wage_lr_pct")
            if y is None or not np.isfinite(y):
                continue
            axes[r, 0].plot(
                100 * s.D,
                y,
                marker="o" if S.is_share_row(s) else "s",
                ms=5,
                mfc="white",
                mec="black",
                mew=0.9,
                ls="none",
                zorder=5,
            )
            axes[r, 0].annotate(str(i + 1), (100 * s.D, y), textcoords="offset points", xytext=(3, 4), fontsize=7)
        for g in regs[regs["model"] == model].itertuples(index=False) if len(regs) else ():
            label = tag[g.kind].format(what=g.what.split(" (")[0].split(",")[0])
            axes[r, 0].annotate(
                f" {label} \u2192",
                xy=(100 * g.D_from, 0.97),
                xycoords=("data", "axes fraction"),
                fontsize=7,
                va="top",
                color="0.3",
            )
            _, prefix = shade[g.kind]
            footnotes.append(
                f"{MODEL_NAMES[model]}, D >= {100 * g.D_from:.1f}% (shaded): {prefix}{g.what}. Why: {g.why}."
            )
    for ax in axes.flat:
        ax.set_xlim(0, 100 * D_max)
    fig.suptitle(
        "How the GE effects of AI grow with measured exposure D (lines: model runs on a grid of D; circles and ticks: "
        "the measured scenarios)",
        fontweight="bold",
        fontsize=11,
    )
    fig.tight_layout(rect=(0.02, 0, 1, 0.96))
    names = (
        [
            f"{i + 1} = {scenario_name(s.label)}, D {100 * s.D:.1f}%"
            + ("" if S.is_share_row(s) else " (square: a percentile-rank index read as a share, not a share of work)")
            for i, s in enumerate(scenarios.itertuples(index=False))
        ]
        if len(scenarios)
        else []
    )
    text = []
    if names:
        text.append("Measured scenarios: " + "; ".join(names) + ".")
    text += footnotes
    for k, v in (notes or {}).items():
        text.append(f"{k}: {v}")
    save(fig, out, note="\n".join(_wrap(x) for x in text))


def _wrap(s: str, width: int = 210) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(s, width))


def mapping_facts(solver: dict, table: pd.DataFrame, regs: pd.DataFrame) -> pd.DataFrame:
    """The mapping's key numbers, for the README and the results summary (key, value, meaning)."""
    s = S.ar_setup(solver["ar"])
    b = S.bbz_setup(solver["bbz"])
    ar = table[(table["model"] == "ar") & (table["status"] == "ok")].sort_values("D")
    bbz = table[(table["model"] == "bbz") & (table["status"] == "ok")].sort_values("D")
    cap = regs[(regs["model"] == "ar") & (regs["what"].str.startswith("impact"))]
    lr_sat = regs[(regs["model"] == "ar") & (regs["what"] == "long run")]
    floor = math.nan
    ss0 = ai_band.steady_state(s.params, ai_band.Band(s.n0))
    if s.lam == 1:  # the closed form (every band task indifferent at x = 0)
        floor = 100 * (
            ai_band.impact_floor(s.params, ai_band.Band(s.n0, min(0.1, s.n0 / 2), 1.0), ss0["k"]) / ss0["w"] - 1
        )
    elif len(cap) and len(ar):  # lam < 1: no closed form; the curve beyond the cap (flat there)
        beyond = ar[ar["D"] >= float(cap["D_from"].iloc[0]) - 1e-12]
        floor = float(beyond["wage_impact_pct"].iloc[-1]) if len(beyond) else math.nan
    m1 = Model1(b)
    rows = [
        ("ar_n0", s.n0, "initial automation gap N - I0 of the task model"),
        (
            "ar_cost_saving",
            s.cost_saving,
            "labour-cost saving of automating the most complex automated task at the initial steady state",
        ),
        (
            "ar_labour_share_initial",
            ss0["labour_share"],
            "initial steady-state labour share WL/(WL+rK) of the task model's scenario economy (set by n0)",
        ),
        (
            "ar_growth",
            0.0,
            "technology growth of the scenario economy (none: ge.ar.g applies only to the stand-alone A-R runs)",
        ),
        (
            "ar_ai_productivity",
            s.lam,
            "exponent lam of AI capital productivity (gamma(i)/gamma(I0))^lam in the measured tasks",
        ),
        ("ar_rental", s.R, "steady-state rental rate rho + delta (no technology growth)"),
        (
            "ar_impact_cap_D",
            float(cap["D_from"].iloc[0]) if len(cap) else math.nan,
            "share D beyond which the task model's impact response is flat (capital fixed on impact)",
        ),
        ("ar_impact_floor_wage_pct", floor, "the task model's wage on impact beyond that share (%)"),
        (
            "ar_impact_floor_labour_share_pp",
            float(ar["labour_share_impact_pp"].iloc[-1]) if len(cap) and len(ar) else math.nan,
            "the task model's labour share on impact beyond that share (change, percentage points)",
        ),
        (
            "ar_longrun_saturation_D",
            float(lr_sat["D_from"].iloc[0]) if len(lr_sat) else math.nan,
            "share D beyond which the task model's long run is flat",
        ),
        (
            "bbz_model",
            float(solver["bbz"].get("model", 2)),
            "BBZ model of the scenarios (2: D is the labour competing with robots)",
        ),
        ("bbz_productivity_factor", b.b_bar / b.b0, "robot productivity b_bar / b0 (the same for every D in Model 2)"),
        ("bbz_sigma2", b.sigma2, "elasticity between robots and the labour competing with them"),
        (
            "bbz_robot_share_of_V",
            S.bbz_robot_share_of_V(b),
            "robots' share of the robot-labour bundle V, held at the base calibration's for every D (Model 2)",
        ),
        (
            "bbz_paper_split",
            (S.BBZParams().theta_L - S.BBZParams().theta_L2) / S.BBZParams().theta_L,
            "share of labour competing with robots in the paper's Model 2 calibration (theta_L1 / theta_L)",
        ),
        (
            "bbz_model1_limit_D",
            m1.alpha_L / (1 + m1.alpha_L),
            "share D beyond which Model 1 (the alternative mapping) has no steady state",
        ),
        ("grid_D_max", float(table["D"].max()), "largest D of the response grid"),
        ("grid_points", float(table["D"].nunique()), "number of D values on the response grid"),
        (
            "monotone",
            float(not monotone_violations(table)),
            "1 when every headline moves in one direction along the grid",
        ),
    ]
    for model, t in (("ar", ar), ("bbz", bbz)):
        for col in ("wage_lr_pct", "wage_trough_pct", "labour_share_lr_pp", "output_lr_pct"):
            if len(t):
                rows.append(
                    (
                        f"{model}_{col}_at_D_max",
                        float(t[col].iloc[-1]),
                        f"{model} {S.HEADLINES[col]} at the largest D of the grid",
                    )
                )
    if len(bbz):
        rows.append(
            (
                "bbz_wage_lr_pct_at_D0",
                float(bbz["wage_lr_pct"].iloc[0]),
                "robot model long-run wage (%) when no worker competes with robots",
            )
        )
    return pd.DataFrame(rows, columns=["key", "value", "meaning"])


def figure_notes(facts: pd.DataFrame) -> dict:
    """Plain-language notes on what each model's D means, from the mapping's key numbers."""
    m = facts.set_index("key")["value"]
    notes = {
        S.AR_NAME: (
            (
                "D is the share of the wage bill in the tasks AI makes automatable; AI capital does each of them "
                f"{100 * m['ar_cost_saving']:.0f}% cheaper than labour at pre-shock prices, like the last task "
                f"automated before AI (initial automation gap n0 = {m['ar_n0']:.3f})."
            )
            if m["ar_ai_productivity"] == 1
            else (
                "D is the share of the wage bill in the tasks AI makes automatable; AI capital productivity "
                f"(gamma(i)/gamma(I0))^{m['ar_ai_productivity']:g}: the first of them is "
                f"{100 * m['ar_cost_saving']:.0f}% cheaper to automate at pre-shock prices, the more complex ones less "
                f"(initial automation gap n0 = {m['ar_n0']:.3f})."
            )
        )
        + (
            " Its lowest wage is the impact wage: the wage stays there until capital has taken over every measured "
            "task. Labour share: WL/(WL+rK)."
        ),
    }
    if m["bbz_model"] == 2:
        notes[S.BBZ_NAME] = (
            "D is the share of workers competing with robots (Model 2); robots become "
            f"{m['bbz_productivity_factor']:g} times as productive for every D (the paper's base case; its own split "
            f"is D = {100 * m['bbz_paper_split']:.0f}%), and the robots' share of the robot-labour bundle is held at "
            f"the paper's {100 * m['bbz_robot_share_of_V']:.1f}% (robots scale with D), so at D = 0 there is no shock "
            f"(long-run wage {m['bbz_wage_lr_pct_at_D0']:+.1f}%). Timing panel: the years until the wage is back at "
            "its initial level are 0 where the wage never falls below it, so the curve kinks (jumps) at the D where "
            "the trough first dips below zero. Labour share: wL/GDP."
        )
    return notes
