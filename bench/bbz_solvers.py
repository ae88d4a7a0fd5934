"""Time the two BBZ transition solvers on every run of the experiment catalogue.

    .venv/bin/python bench/bbz_solvers.py [--experiments S1 F5 ...] [--repeat 3]

For each run: the paper's method (LIN: Jacobian, eigen-decomposition, stable-manifold path
on the 12,001-point grid of a 600-year horizon) and the exact nonlinear solver (NL: solve_bvp
from the LIN path, with continuation when needed), each the best of --repeat timings; and the
whole job of each method (steady state, solver, nonlinear static block along the path,
summaries) as the pipeline runs it. Prints one line per run and the medians and maxima.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

from ailabor.ge.bbz import ModelError
from ailabor.ge.bbz import experiments as E
from ailabor.ge.bbz.dynamics import linear_path


def best(f, repeat):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--experiments", nargs="*", default=None)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    cat = E.catalogue()
    t = np.arange(0.0, 600.0 + 0.025, 0.05)
    rows = []
    for eid in args.experiments or list(cat):
        for run in cat[eid].runs:
            try:
                system = E.system_for(run)
            except ModelError as exc:
                rows.append(dict(experiment=eid, run=run.run_id, status=f"no equilibrium: {exc}"))
                continue
            lin_s, _ = best(lambda system=system: linear_path(system, t), args.repeat)
            nl_s, nl = best(
                lambda run=run, system=system: E.nonlinear_with_continuation(run, system, t, T=600.0, tol=1e-6),
                args.repeat,
            )
            lin_job, _ = best(lambda run=run: E.solve_run(run, "lin"), 1)
            nl_job, _ = best(lambda run=run: E.solve_run(run, "nl"), 1)
            rows.append(
                dict(
                    experiment=eid,
                    run=run.run_id,
                    model=run.model,
                    lin_seconds=lin_s,
                    nl_seconds=nl_s,
                    lin_job_seconds=lin_job,
                    nl_job_seconds=nl_job,
                    nl_nodes=nl.info["nodes"],
                    nl_converged=nl.converged,
                    continuation="continuation" in nl.info,
                    status="ok",
                )
            )
    df = pd.DataFrame(rows)
    pd.set_option("display.width", 160)
    print(df.to_string(index=False, float_format=lambda x: f"{x:.4f}"))
    ok = df[df["status"] == "ok"]
    print(f"\nLIN: median {ok['lin_seconds'].median():.4f} s, max {ok['lin_seconds'].max():.4f} s over {len(ok)} runs")
    print(
        f"NL:  median {ok['nl_seconds'].median():.3f} s, max {ok['nl_seconds'].max():.3f} s; "
        f"{int(ok['nl_converged'].sum())}/{len(ok)} converged, {int(ok['continuation'].sum())} needed continuation"
    )
    print(
        f"whole job: LIN median {ok['lin_job_seconds'].median():.3f} s (max {ok['lin_job_seconds'].max():.3f}), "
        f"NL median {ok['nl_job_seconds'].median():.3f} s (max {ok['nl_job_seconds'].max():.3f})"
    )


if __name__ == "__main__":
    main()
