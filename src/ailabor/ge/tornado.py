"""Sensitivity of each scenario's headline numbers (issue 15, item 4): one parameter at a time
at the low and the high end of its range, everything else at the scenario's baseline.

Parameters (ranges from ``ge.scenarios.sensitivity``; the elasticity between tasks from the
calibration stage's ``sigma`` range):

* task model: ``ar_sigma``, the elasticity between tasks (n0 recalibrated so that the cost
  saving of automation keeps its target, unless n0 is fixed); ``ar_n0``, the initial automation
  gap (which sets the cost saving); ``ar_lam``, the productivity of AI capital in the measured
  tasks (0: ordinary capital, the literal A-R automation shock; 1: the default pairing);
* robot model: ``bbz_sigma2``, the elasticity between robots and the labour competing with
  them; ``bbz_split``, the share of workers competing with robots, as a multiple of the
  measured share D (Model 2 only).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..figures import PALETTE, apply_style, pyplot, save
from ..labels import label
from . import scenarios as S
from .ar import ai_band

TORNADO_HEADLINES = ("wage_trough_pct", "wage_lr_pct", "labour_share_lr_pp")
LABELS = {
    "ar_sigma": "elasticity between tasks",
    "ar_n0": "initial automation gap n0",
    "ar_lam": "AI capital productivity in measured tasks",
    "bbz_sigma2": "robots vs competing labour, elasticity",
    "bbz_split": "workers competing with robots (x measured D)",
}


def _ar_run(D: float, ar_cfg: dict, t_report) -> dict:
    try:
        setup = S.ar_setup(ar_cfg)
        _, summ = S.ar_outcome(D, setup, t_report)
        return dict(S.headlines("ar", summ), n0=setup.n0, cost_saving=setup.cost_saving)
    except S.GE_ERRORS as exc:
        return S.headlines("ar", dict(status="failed", message=str(exc)))


def _bbz_run(D: float, bbz_cfg: dict) -> dict:
    try:
        _, summ = S.bbz_outcome(D, bbz_cfg)
    except S.GE_ERRORS as exc:
        summ = dict(status="failed", message=str(exc))
    return S.headlines("bbz", summ)


def check_ranges(ranges: dict) -> None:
    """Every sensitivity parameter must be one of :data:`LABELS` (``ar_*``: task model,
    ``bbz_*``: robot model)."""
    unknown = sorted(set(ranges) - set(LABELS))
    if unknown:
        raise S.ModelError(
            f"ge.scenarios.sensitivity: unknown parameter {unknown[0]!r}; expected one of {sorted(LABELS)}"
        )


def model_of(parameter: str) -> str:
    """The model a sensitivity parameter belongs to (its prefix: ``ar`` or ``bbz``)."""
    return parameter.split("_", 1)[0]


def variants(
    sc: S.Scenario, ar_cfg: dict | None, bbz_cfg: dict | None, ranges: dict, models: tuple[str, ...] = ("ar", "bbz")
) -> list[dict]:
    """The (model, parameter, end, value, D, configuration) of every one-at-a-time run of the
    ``models`` (the other model's configuration may be None)."""
    check_ranges(ranges)
    out = []
    if "bbz" in models:
        split = bbz_cfg.get("split", "wage_bill")
        model2 = str(bbz_cfg.get("model", 2)) == "2"
        D_bbz = sc.bbz_share(split) if model2 else sc.D
    if "ar" in models:
        base_p = S.ar_setup(ar_cfg).params
    for name, (lo, hi) in ranges.items():
        if model_of(name) not in models:
            continue
        for end, val in (("low", lo), ("high", hi)):
            if name == "ar_sigma":
                cfg = dict(ar_cfg, params={**ar_cfg.get("params", {}), "sigma": val})
                out.append(
                    dict(model="ar", parameter=name, end=end, value=val, baseline_value=base_p.sigma, D=sc.D, cfg=cfg)
                )
            elif name == "ar_n0":
                out.append(
                    dict(
                        model="ar",
                        parameter=name,
                        end=end,
                        value=val,
                        baseline_value=S.ar_setup(ar_cfg).n0,
                        D=sc.D,
                        cfg=dict(ar_cfg, n0=val),
                    )
                )
            elif name == "ar_lam":
                out.append(
                    dict(
                        model="ar",
                        parameter=name,
                        end=end,
                        value=val,
                        baseline_value=float(ar_cfg.get("ai_productivity", 1.0)),
                        D=sc.D,
                        cfg=dict(ar_cfg, ai_productivity=val),
                    )
                )
            elif name == "bbz_sigma2":
                cfg = dict(bbz_cfg, params={**bbz_cfg.get("params", {}), "sigma2": val})
                out.append(
                    dict(
                        model="bbz",
                        parameter=name,
                        end=end,
                        value=val,
                        baseline_value=S.bbz_setup(bbz_cfg).sigma2,
                        D=D_bbz,
                        cfg=cfg,
                    )
                )
            elif name == "bbz_split":
                if not model2:
                    continue
                out.append(
                    dict(
                        model="bbz",
                        parameter=name,
                        end=end,
                        value=val,
                        baseline_value=1.0,
                        D=min(val * D_bbz, 0.99),
                        cfg=bbz_cfg,
                    )
                )
            else:
                raise S.ModelError(
                    f"ge.scenarios.sensitivity: unknown parameter {name!r}; expected one of {sorted(LABELS)}"
                )
    return out


def tornado(
    sc: S.Scenario,
    baseline: dict,
    ar_cfg: dict | None,
    bbz_cfg: dict | None,
    ranges: dict,
    t_report=None,
    models: tuple[str, ...] = ("ar", "bbz"),
) -> pd.DataFrame:
    """One row per (model, parameter, headline): baseline, low-end and high-end values, the swing
    and the status of each end. ``baseline`` holds the scenario's headlines as ``<model>_<headline>``
    (its summary row, :func:`.scenarios.summary_row`, or :func:`baseline_headlines` of one model).
    ``models`` restricts the table to one model's parameters (one job per model)."""
    if t_report is None:
        t_report = np.arange(0.0, 100.0 + 1e-9, 0.5)
    runs = {}
    for v in variants(sc, ar_cfg, bbz_cfg, ranges, models):
        res = _ar_run(v["D"], v["cfg"], t_report) if v["model"] == "ar" else _bbz_run(v["D"], v["cfg"])
        runs[(v["model"], v["parameter"], v["end"])] = (v, res)
    rows = []
    for (model, name, end), (v, res) in runs.items():
        if end != "low":
            continue
        v_hi, res_hi = runs[(model, name, "high")]
        for h in TORNADO_HEADLINES:
            base = baseline.get(f"{model}_{h}", math.nan)
            lo_val, hi_val = res.get(h, math.nan), res_hi.get(h, math.nan)
            vals = [x for x in (lo_val, hi_val, base) if x is not None and np.isfinite(x)]
            rows.append(
                dict(
                    scenario=sc.id,
                    label=sc.label,
                    model=model,
                    parameter=name,
                    parameter_label=LABELS[name],
                    headline=h,
                    headline_label=S.HEADLINES[h],
                    baseline_value=v["baseline_value"],
                    low_value=v["value"],
                    high_value=v_hi["value"],
                    baseline=base,
                    low=lo_val,
                    high=hi_val,
                    swing=(max(vals) - min(vals)) if vals else math.nan,
                    status_low=res["status"],
                    status_high=res_hi["status"],
                    message=" | ".join(m for m in (res.get("message", ""), res_hi.get("message", "")) if m),
                )
            )
    return pd.DataFrame(rows)


def baseline_headlines(model: str, summary: dict) -> dict:
    """``<model>_<headline>`` of one model's run, as in the scenario's summary row."""
    return {f"{model}_{k}": v for k, v in S.headlines(model, summary).items() if k in S.HEADLINES}


def run_model(sc: S.Scenario, model: str, cfg: dict, ranges: dict, t_report=None) -> tuple:
    """One model of one scenario, as its own job runs it: ``(path, summary, tornado rows,
    figure note)`` of the A-R (``model="ar"``) or BBZ (``"bbz"``) run, with that model's
    configuration only and the parameters of ``ranges`` that belong to it. :func:`combine`
    joins the models' rows into the scenario's table."""
    own = {k: v for k, v in ranges.items() if model_of(k) == model}
    extra = {} if t_report is None else {"t_report": t_report}
    if model == "ar":
        setup = S.ar_setup(cfg)
        path, summary = S.run_ar(sc, cfg, setup)
        note, configs = note_ar(setup, own), dict(ar_cfg=cfg, bbz_cfg=None)
    elif model == "bbz":
        path, summary = S.run_bbz(sc, cfg)
        note, configs = note_bbz(cfg), dict(ar_cfg=None, bbz_cfg=cfg)
    else:
        raise S.ModelError(f"unknown GE model {model!r}: expected 'ar' or 'bbz'")
    tab = tornado(sc, baseline_headlines(model, summary), ranges=own, models=(model,), **configs, **extra)
    return path, summary, tab, note


def combine(parts: list[pd.DataFrame], ranges: dict) -> pd.DataFrame:
    """The scenario's tornado table from the tables of its model jobs, in the order of the
    parameters in ``ranges`` (as :func:`tornado` of both models orders it)."""
    check_ranges(ranges)
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame()
    order = {name: i for i, name in enumerate(ranges)}
    table = pd.concat(parts, ignore_index=True)
    key = table["parameter"].map(order)
    return table.iloc[np.argsort(key.to_numpy(), kind="stable")].reset_index(drop=True)


def figure(table: pd.DataFrame, out: str, title: str, note: str = "") -> None:
    """Tornado bars: one panel per model and headline, parameters sorted by swing; each bar runs
    from the low-end to the high-end outcome, the line marks the baseline."""
    plt = pyplot()

    apply_style()
    models = [m for m in ("ar", "bbz") if (table["model"] == m).any()]
    fig, axes = plt.subplots(
        len(models),
        len(TORNADO_HEADLINES),
        figsize=(13, 2.1 + 1.5 * len(models) + 0.25 * table["parameter"].nunique()),
        squeeze=False,
    )
    names = {"ar": S.AR_NAME, "bbz": S.BBZ_NAME}
    failed = []
    for r, model in enumerate(models):
        for c, h in enumerate(TORNADO_HEADLINES):
            ax = axes[r, c]
            t = table[(table["model"] == model) & (table["headline"] == h)].sort_values("swing", na_position="first")
            ys = np.arange(len(t))
            for y, row in zip(ys, t.itertuples(index=False)):
                for end, val, colour, dy in (("low", row.low, PALETTE[0], 0.17), ("high", row.high, PALETTE[1], -0.17)):
                    if val is not None and np.isfinite(val) and np.isfinite(row.baseline):
                        ax.barh(
                            y + dy,
                            val - row.baseline,
                            left=row.baseline,
                            color=colour,
                            height=0.34,
                            label=f"parameter at the {end} end of its range" if y == 0 and r == 0 and c == 0 else None,
                        )
                    else:
                        ax.plot(row.baseline if np.isfinite(row.baseline) else 0.0, y + dy, marker="x", color="0.3")
                        failed.append(
                            f"{names[model]}, {row.parameter_label} at {getattr(row, end + '_value'):g}: no equilibrium"
                        )
            base = t["baseline"].dropna()
            if len(base):
                ax.axvline(float(base.iloc[0]), color="black", lw=1)
            ax.set_yticks(
                ys,
                [
                    f"{row.parameter_label}\n{row.low_value:g} / {row.high_value:g} (base {row.baseline_value:.3g})"
                    for row in t.itertuples(index=False)
                ],
                fontsize=7,
            )
            ax.set_title(f"{names[model].split(' (')[0]}: {S.HEADLINES[h]}", fontsize=9)
            ax.set_xlabel(label(h), fontsize=8)
            ax.grid(axis="y", visible=False)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.suptitle(title, fontweight="bold", fontsize=11, x=0.01, ha="left", y=0.995)
    if handles:
        fig.legend(
            [*handles, plt.Line2D([], [], color="black")],
            [*labels, "scenario's baseline"],
            loc="upper left",
            fontsize=8,
            ncol=3,
            bbox_to_anchor=(0.01, 0.955),
        )
    fig.tight_layout(rect=(0, 0, 1, 0.9))
    text = note
    if failed:
        text += ("\n" if text else "") + "x: " + "; ".join(sorted(set(failed))) + "."
    save(fig, out, note="\n".join(__import__("textwrap").fill(x, 200) for x in text.split("\n")) if text else None)


def note(setup, bbz_cfg: dict, ranges: dict) -> str:
    """What the tornado holds fixed and what its parameter ends mean, for the figure note."""
    return note_ar(setup, ranges) + note_bbz(bbz_cfg)


def note_ar(setup, ranges: dict) -> str:
    """The task-model part of :func:`note`."""
    text = (
        "One parameter at a time at the two ends of its range, everything else at the scenario's baseline. Task model: "
        f"the initial automation gap n0 sets the cost saving of automation (baseline n0 {setup.n0:.3f}: "
        f"{100 * setup.cost_saving:.0f}%"
    )
    if "ar_n0" in ranges:
        lo, hi = ranges["ar_n0"]
        try:
            text += (
                f"; n0 {lo:g}: {100 * ai_band.cost_saving(setup.params, lo):.0f}%, n0 {hi:g}: "
                f"{100 * ai_band.cost_saving(setup.params, hi):.0f}%"
            )
        except S.GE_ERRORS:
            pass
    text += (
        "); when the elasticity between tasks changes, n0 is recalibrated to keep that saving; AI capital productivity "
        "0 is ordinary capital in the measured tasks (the literal A-R automation shock), 1 makes every measured task "
        "as cost-saving as the last task automated before AI. Both ends of the n0 bar give a shallower wage trough: at "
        "the floor the wage/rental ratio must fall by the cost saving, and with the price index fixed the wage takes "
        "about capital's cost share of that fall; a small n0 means a small saving, a large n0 a labour share near 1 "
        "(little capital), so the rental absorbs most of it."
    )
    return text


def note_bbz(bbz_cfg: dict) -> str:
    """The robot-model part of :func:`note`."""
    b = S.bbz_setup(bbz_cfg)
    return (
        f"\nRobot model: robots become {b.b_bar / b.b0:g} times as productive (the paper's base case) whatever D; the "
        "share of workers competing with them is the measured D times the factor shown."
    )
