"""How the pipeline's work grows: wall time and peak memory as each axis doubles (issue 19).

    .venv/bin/python bench/scaling.py                       # every axis, print the tables
    .venv/bin/python bench/scaling.py --axis bootstrap      # one axis (repeatable)
    .venv/bin/python bench/scaling.py --quick               # smaller sizes, a smoke run
    .venv/bin/python bench/scaling.py --json out.json --write-docs   # also save / rewrite docs

Axes and the unit of work measured at each size (Python functions of the package, no
Snakemake start-up):

* ``years``: OEWS May years 4, 8, 12 (May 2014-2025, the registry's range) and beyond (synthetic
  May years after 2025); panel build (:func:`ailabor.panel.tables.harmonised_tables`) and the
  main event study (:func:`ailabor.econometrics.specs.run_spec`, ln wage, ChatGPT date, no
  weights) on a synthetic world of the demo's size;
* ``occupations``: about 200 to 3,200 synthetic SOC occupations (the generator's
  ``occupations_per_major``), the demo's eight May years 2017-2024, the same work;
* ``measures``: 2 to 16 exposure measures on the demo-size panel, each through the event study
  and the dose response (ln wage, primary date, no weights; the configured grid has 16
  specifications per measure, each about as costly) and the gather of the parts;
* ``bootstrap``: 999 to 99,999 wild cluster bootstrap draws of the headline coefficient
  (:func:`ailabor.econometrics.inference.bootstrap_chunk`, one chunk) and their p-value and
  test-inversion interval;
* ``ge_draws``: GE uncertainty draws (:func:`ailabor.ge.uncertainty.run_chunk`, one chunk,
  both models, the primary scenario) and their bands, central path and containment
  (:func:`ailabor.ge.uncertainty.combine`).

Inputs are made first (synthetic files written by :mod:`ailabor.synthetic` and read by the
pipeline's readers, outside the measurement); each point then runs in its own Python process
(BLAS single-threaded, like the pipeline's one-thread jobs) that loads them, notes its peak
resident memory, runs the unit of work, and reports wall and CPU time, its peak resident memory
and the part of it the work added. The slope is the least-squares fit of log(value) on
log(size): 1 is linear, 2 quadratic.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from readme_costs import machine  # noqa: E402

START, END = "<!-- scaling:start -->", "<!-- scaling:end -->"
DATE = "2022-11-30"  # the primary treatment date (config: estimation.treatment_dates.chatgpt)
DEMO_YEARS = list(range(2017, 2025))
DEMO_PER_MAJOR = 6
SEED = 20260115
# occupations_per_major giving about 200, 400, 800, 1,600 and 3,200 SOC occupations
PER_MAJOR = {200: 6, 400: 13, 800: 27, 1600: 55, 3200: 111}


@dataclasses.dataclass(frozen=True)
class Axis:
    name: str
    label: str  # the size column
    sizes: tuple[int, ...]
    quick: tuple[int, ...]
    caption: str


AXES = {
    a.name: a
    for a in (
        Axis(
            "years",
            "OEWS May years",
            (4, 8, 12, 16, 32),
            (4, 8, 12),
            "Panel build (harmonisation of the staged OEWS years) and the main event study (ln wage, ChatGPT date, "
            "no weights) on a synthetic world of the demo's size (about 200 occupations). 4, 8 and 12 years end in "
            "May 2025 (12 = May 2014-2025, the registry's range); 16 and 32 run from May 2014 into synthetic May "
            "years after 2025.",
        ),
        Axis(
            "occupations",
            "occupations",
            (200, 400, 800, 1600, 3200),
            (200, 400, 800),
            "Panel build and the main event study, as above, on the demo's eight May years 2017-2024 with synthetic "
            "worlds of about 200 to 3,200 SOC occupations (size: the occupations the world plants).",
        ),
        Axis(
            "measures",
            "exposure measures",
            (2, 4, 8, 16),
            (1, 2, 4),
            "k exposure measures (the planted measures and noisy copies) on the demo-size panel, each through the "
            "event study and the dose response (ln wage, primary date, no weights), and the gather of the parts. "
            "The configured grid has 16 specifications per measure, each of about this cost.",
        ),
        Axis(
            "bootstrap",
            "bootstrap draws",
            (999, 1999, 3999, 7999, 15999, 31999, 63999, 99999),
            (999, 1999, 3999, 9999),
            "Wild cluster bootstrap (WCR, Webb weights, SOC major-group clusters) of the headline dose coefficient on "
            "the demo-size panel, all draws in one chunk, then its p-value and test-inversion interval.",
        ),
        Axis(
            "ge_draws",
            "GE uncertainty draws",
            (8, 16, 32, 64),
            (4, 8, 16),
            "GE uncertainty draws (exposure measure, bootstrap of occupations, sigma and cost saving) through both GE "
            "models for the primary scenario, one chunk, then the bands, central path and containment check.",
        ),
    )
}
STAGES = {
    "years": ("panel", "event study"),
    "occupations": ("panel", "event study"),
    "measures": ("estimation", "gather"),
    "bootstrap": ("draws", "inversion"),
    "ge_draws": ("draws", "combine"),
}


# --- inputs -------------------------------------------------------------------------------------


def years_for(n: int) -> list[int]:
    """n May years ending in 2025 when they fit the registry (2014-2025), else from 2014 on."""
    return list(range(2026 - n, 2026)) if n <= 12 else list(range(2014, 2014 + n))


def synthetic_inputs(out: Path, per_major: int, years: list[int]) -> int:
    """Synthetic OEWS workbooks and SOC crosswalk read by the pipeline's readers, staged as
    parquet in ``out`` with the planted exposure measures; returns the number of occupations."""
    import pandas as pd

    from ailabor.config import load_yaml
    from ailabor.intake.readers.external import read_soc_crosswalk
    from ailabor.intake.readers.oews import read_oews_national
    from ailabor.intake.sources import oews_file, single_file
    from ailabor.synthetic import SyntheticSpec, generate

    registry = load_yaml(ROOT / "config" / "sources.yaml")
    registry["oews"] = dict(registry["oews"], last_year=max(max(years), registry["oews"]["last_year"]))
    files = [oews_file(registry, y, True) for y in years] + [single_file(registry, "soc_crosswalk", None, True)]
    with tempfile.TemporaryDirectory() as raw:
        truth = generate(SyntheticSpec(seed=SEED, occupations_per_major=per_major), raw, files)
        for y, f in zip(years, files, strict=False):
            read_oews_national(Path(raw) / f.mirror_relpath, y).to_parquet(out / f"oews_{y}.parquet")
        read_soc_crosswalk(Path(raw) / files[-1].mirror_relpath).to_parquet(out / "crosswalk.parquet")
    occ = truth.occupations.set_index("soc")
    soc = truth.exposure_soc.set_index("soc").reindex(occ.index).fillna(0.0)
    employment = np.exp(occ["ln_emp_level"])
    wage = np.exp(occ["ln_wage_level"])
    base = pd.DataFrame(
        {
            "oews_code": occ.index,
            "employment": employment.to_numpy(),
            "a_mean": wage.to_numpy(),
            "wage_bill": (employment * wage).to_numpy(),
            "scale": "share",
        }
    )
    rng = np.random.default_rng(SEED)
    planted = [soc["exposure_fractional_im"].to_numpy(), soc["exposure_binary_im"].to_numpy()]
    for j in range(16):  # the planted measures, then noisy copies of the first
        x = planted[j] if j < len(planted) else np.clip(planted[0] + rng.normal(0, 0.05, len(base)), 0.0, 1.0)
        base.assign(exposure=x, measure=f"measure_{j:02d}").to_parquet(out / f"measure_{j:02d}.parquet")
    return len(occ)


def demo_panel(out: Path) -> None:
    """The demo-size harmonised panel (inputs of the measures, bootstrap and GE axes)."""
    import pandas as pd

    from ailabor.panel.inputs import load_oews
    from ailabor.panel.tables import harmonised_tables

    synthetic_inputs(out, DEMO_PER_MAJOR, DEMO_YEARS)
    oews = load_oews(sorted(out.glob("oews_*.parquet")))
    harmonised_tables(oews, pd.read_parquet(out / "crosswalk.parquet")).harmonised.to_parquet(out / "panel.parquet")


def ge_setup() -> dict:
    """Solver settings, ranges and the primary scenario of the GE uncertainty stage, from
    config/config.yaml with config/demo.yaml on top (as workflow/rules/ge_scenarios.smk builds them)."""
    from ailabor.config import deep_merge, load_yaml

    cfg = deep_merge(load_yaml(ROOT / "config" / "config.yaml"), load_yaml(ROOT / "config" / "demo.yaml"))
    ges, cal = cfg["ge"]["scenarios"], cfg["calibration"]
    solver = {
        "ar": {
            "params": cfg["ge"]["ar"]["params"],
            "n0": ges["ar_n0"],
            "cost_saving": cal["acemoglu_restrepo"]["cost_saving"],
            "ai_productivity": ges["ar_ai_productivity"],
            **{k: cfg["ge"]["ar"][k] for k in ("horizon", "horizon_report", "step_report")},
        },
        "bbz": {
            "model": ges["bbz_model"],
            "split": ges["bbz_split"],
            "method": ges["bbz_method"],
            "params": {**cfg["ge"]["bbz"]["base_overrides"], **ges["bbz_params"]},
            "horizon": ges["bbz_horizon"],
            "dt": ges["bbz_dt"],
            **{k: cfg["ge"]["bbz"][k] for k in ("worker_rho", "nl_tol")},
        },
    }
    ranges = {k: cal["sensitivity"]["ranges"][k] for k in ("sigma", "cost_saving")}
    sc = next(s for s in cal["scenarios"] if s["name"] == cal["primary_scenario"])
    if not all(isinstance(sc[k], int | float) for k in ("phi_feasible", "phi_adopted")):
        raise SystemExit(f"the primary scenario {sc['name']} needs numeric phi_feasible and phi_adopted")
    scenario = dict(
        scenario=sc["name"], label=sc["name"], phi_feasible=sc["phi_feasible"], phi_adopted=sc["phi_adopted"]
    )
    return dict(solver=solver, ranges=ranges, scenario=scenario, uncertainty=ges["uncertainty"])


# --- one point, in its own process ---------------------------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KB


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class Clock:
    """Wall and CPU seconds of consecutive stages since :meth:`start`."""

    def start(self) -> float:
        self.wall, self.cpu = time.perf_counter(), _cpu()
        self.stages: dict[str, float] = {}
        self.stages_cpu: dict[str, float] = {}
        self.t, self.c = self.wall, self.cpu
        return _rss_mb()

    def stage(self, name: str) -> None:
        t, c = time.perf_counter(), _cpu()
        self.stages[name], self.stages_cpu[name] = t - self.t, c - self.c
        self.t, self.c = t, c


def point(axis: str, size: int, inputs: Path) -> dict:
    """Load the inputs, then time the unit of work of ``axis`` at ``size`` (see the module docstring)."""
    import pandas as pd
    from linearmodels.panel import PanelOLS  # noqa: F401 - imported before the baseline

    from ailabor.econometrics import inference, specs
    from ailabor.ge import uncertainty as U
    from ailabor.panel.inputs import load_oews
    from ailabor.panel.tables import harmonised_tables

    event = specs.Spec(date_label="chatgpt", date=DATE, outcome="ln_wage", weights="none", kind="event")
    clock = Clock()
    if axis in ("years", "occupations"):
        oews = load_oews(sorted(inputs.glob("oews_*.parquet")))
        xw = pd.read_parquet(inputs / "crosswalk.parquet")
        measure = pd.read_parquet(inputs / "measure_00.parquet")
        base = clock.start()
        panel = harmonised_tables(oews, xw).harmonised
        clock.stage("panel")
        specs.run_spec(panel, measure, event, measure_name="measure_00")
        clock.stage("event study")
        extra = {"panel rows": len(panel)}
    elif axis == "measures":
        panel = pd.read_parquet(inputs / "panel.parquet")
        measures = {f"measure_{j:02d}": pd.read_parquet(inputs / f"measure_{j:02d}.parquet") for j in range(size)}
        dose = dataclasses.replace(event, kind="dose")
        base = clock.start()
        parts = [specs.run_spec(panel, m, s, measure_name=name) for name, m in measures.items() for s in (event, dose)]
        clock.stage("estimation")
        specs.gather(parts)
        clock.stage("gather")
        extra = {"specifications": len(parts)}
    elif axis == "bootstrap":
        panel = pd.read_parquet(inputs / "panel.parquet")
        measure = pd.read_parquet(inputs / "measure_00.parquet")
        base = clock.start()
        boot = inference.bootstrap_chunk(
            panel, measure, outcome="ln_wage", date=DATE, draws=range(size), seed=SEED, kind="webb"
        )
        clock.stage("draws")
        b, se = float(boot["estimate"].iloc[0]), float(boot["se"].iloc[0])
        inference.wcr_pvalue(boot, b, se, 0.0)
        inference.wcr_confint(boot, b, se)
        clock.stage("inversion")
        extra = {}
    elif axis == "ge_draws":
        setup = ge_setup()
        frames = {name: pd.read_parquet(inputs / f"{name}.parquet") for name in ("measure_00", "measure_01")}
        u = dict(setup["uncertainty"], draws=size, chunks=1)
        spec, _ = U.spec_for(u, setup["ranges"], setup["solver"]["ar"], frames)
        scen = [setup["scenario"]]
        base = clock.start()
        draws, paths = U.run_chunk(
            spec, frames, scen, setup["solver"]["ar"], setup["solver"]["bbz"], draws=size, chunks=1, chunk=0
        )
        clock.stage("draws")
        U.combine(
            [draws],
            [paths],
            frames,
            "measure_00",
            frames["measure_00"],
            scen,
            uncertainty=u,
            ranges=setup["ranges"],
            solver=setup["solver"],
        )
        clock.stage("combine")
        extra = {}
    else:
        raise SystemExit(f"unknown axis {axis!r}")
    peak = _rss_mb()
    return dict(
        axis=axis,
        size=size,
        seconds=clock.t - clock.wall,
        cpu=clock.c - clock.cpu,
        peak_mb=peak,
        work_mb=peak - base,
        stages=clock.stages,
        stages_cpu=clock.stages_cpu,
        **extra,
    )


def run_point(axis: str, size: int, inputs: Path) -> dict:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONWARNINGS="ignore")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    cmd = [sys.executable, __file__, "--point", axis, str(size), str(inputs)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        sys.exit(f"point {axis}={size} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- fits and tables -----------------------------------------------------------------------------


def slope(sizes, values) -> tuple[float, float]:
    """Least-squares slope of log(value) on log(size) and its R^2 (NaN with fewer than two
    positive values)."""
    x, y = np.asarray(sizes, float), np.asarray(values, float)
    ok = y > 0
    if ok.sum() < 2:
        return float("nan"), float("nan")
    lx, ly = np.log(x[ok]), np.log(y[ok])
    b, a = np.polyfit(lx, ly, 1)
    resid = ly - (a + b * lx)
    ss = float(((ly - ly.mean()) ** 2).sum())
    return float(b), (1 - float((resid**2).sum()) / ss) if ss > 0 else float("nan")


def fits(rows: list[dict]) -> dict[str, tuple[float, float]]:
    """Slopes of wall time, CPU time, the CPU time of each stage and the memory the work added."""
    sizes = [r["size"] for r in rows]
    out = {"wall time": slope(sizes, [r["seconds"] for r in rows])}
    out["CPU time"] = slope(sizes, [r["cpu"] for r in rows])
    for st in rows[0]["stages_cpu"]:
        out[f"{st} CPU"] = slope(sizes, [r["stages_cpu"][st] for r in rows])
    out["added memory"] = slope(sizes, [r["work_mb"] for r in rows])
    return out


def table(axis: Axis, rows: list[dict]) -> list[str]:
    stages = STAGES[axis.name]
    head = [axis.label, *(f"{s}, CPU s" for s in stages), "CPU s", "wall s", "peak MB", "added MB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for r in rows:
        cells = [f"{r['size']:,}", *(f"{r['stages_cpu'][s]:.2f}" for s in stages)]
        cells += [f"{r['cpu']:.2f}", f"{r['seconds']:.2f}", f"{r['peak_mb']:.0f}", f"{r['work_mb']:.1f}"]
        lines.append("| " + " | ".join(cells) + " |")
    f = fits(rows)
    text = "; ".join(f"{k} **{b:.2f}** (R² {r2:.2f})" for k, (b, r2) in f.items() if np.isfinite(b))
    return [*lines, "", f"Log-log slopes: {text}."]


def flagged(results: dict[str, list[dict]], threshold: float = 1.1) -> list[str]:
    """What grows faster than size^threshold: CPU time (of the work or a stage) or added
    memory. Wall time is shown but not flagged: on a shared machine it mostly measures the load."""
    out = []
    for name, rows in results.items():
        for what, (b, _) in fits(rows).items():
            if what != "wall time" and np.isfinite(b) and b > threshold:
                out.append(f"{AXES[name].label}: {what} {b:.2f}")
    return out


def block(results: dict[str, list[dict]], quick: bool) -> str:
    parts = [START, ""]
    for name, rows in results.items():
        axis = AXES[name]
        parts += [f"**{axis.label[0].upper() + axis.label[1:]}.** {axis.caption}", "", *table(axis, rows), ""]
    hot = flagged(results)
    parts.append("Slopes above 1.1 (CPU time or added memory): " + ("; ".join(hot) if hot else "none") + ".")
    parts += [
        "",
        f"Measured by `bench/scaling.py{' --quick' if quick else ''}` on {dt.date.today().isoformat()}: "
        f"{machine()}; one process per point, BLAS single-threaded.",
        "",
        END,
    ]
    return "\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--axis", action="append", choices=list(AXES), help="axes to measure (default: all)")
    ap.add_argument("--quick", action="store_true", help="smaller sizes (a smoke run)")
    ap.add_argument("--json", type=Path, help="also write the measurements here")
    ap.add_argument("--write-docs", action="store_true", help="rewrite the Scaling block of docs/performance.md")
    ap.add_argument(
        "--reuse", type=Path, help="take the axes not measured in this run from this file (written by --json)"
    )
    ap.add_argument("--point", nargs=3, metavar=("AXIS", "SIZE", "INPUTS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.point:
        warnings.simplefilter("ignore")
        print(json.dumps(point(args.point[0], int(args.point[1]), Path(args.point[2]))))
        return
    results: dict[str, list[dict]] = {}
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        demo = None
        for name in args.axis or list(AXES):
            axis = AXES[name]
            rows = []
            for size in axis.quick if args.quick else axis.sizes:
                if name in ("years", "occupations"):
                    inputs = tmp / f"{name}_{size}"
                    inputs.mkdir()
                    years = years_for(size) if name == "years" else DEMO_YEARS
                    per_major = DEMO_PER_MAJOR if name == "years" else PER_MAJOR[size]
                    t0 = time.perf_counter()
                    n_occ = synthetic_inputs(inputs, per_major, years)
                    secs = time.perf_counter() - t0
                    print(f"  inputs {name}={size}: {n_occ} occupations, {len(years)} years ({secs:.0f} s)")
                else:
                    if demo is None:
                        demo = tmp / "demo"
                        demo.mkdir()
                        demo_panel(demo)
                    inputs = demo
                r = run_point(name, size, inputs)
                if name == "occupations":
                    r["target"], r["size"] = size, n_occ
                rows.append(r)
                print(f"  {name}={size}: {r['seconds']:.2f} s wall, {r['cpu']:.2f} s CPU, peak {r['peak_mb']:.0f} MB")
            results[name] = rows
            print("\n".join(["", f"{axis.label}: {axis.caption}", "", *table(axis, rows), ""]), flush=True)
    if args.reuse:
        earlier = json.loads(args.reuse.read_text())
        results = {name: results.get(name) or earlier[name] for name in AXES if name in results or name in earlier}
    text = block(results, args.quick)
    print(text)
    print(f"total {time.perf_counter() - t_start:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    if args.write_docs:
        from ailabor.report.summary import replace_block

        replace_block(ROOT / "docs" / "performance.md", START, END, text)


if __name__ == "__main__":
    main()
