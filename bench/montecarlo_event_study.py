"""Monte Carlo of the event-study dose estimator: bias and CI coverage.

    .venv/bin/python bench/montecarlo_event_study.py [--draws 200] [--seed 7]

Prints the planted effect, the mean estimate, bias, RMSE and the coverage of 95% intervals
clustered by SOC major group and by occupation, with the time taken.
"""

from __future__ import annotations

import argparse
import time

from ailabor.econometrics.montecarlo import MCSpec, run


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    t0 = time.perf_counter()
    _, summary = run(MCSpec(), args.draws, args.seed)
    secs = time.perf_counter() - t0
    print(summary.T.to_string(header=False))
    print(f"time: {secs:.1f} s for {args.draws} draws ({secs / args.draws * 1000:.0f} ms per draw)")


if __name__ == "__main__":
    main()
