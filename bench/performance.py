"""Performance of the pipeline on this machine, measured, with the targets of issues 12 and 19.

    .venv/bin/python bench/performance.py             # measure, print, rewrite the table in docs/performance.md
    .venv/bin/python bench/performance.py --dry-run   # measure and print only
    .venv/bin/python bench/performance.py --skip-mirror  # no real-data runs
    .venv/bin/python bench/performance.py --baseline REV  # compare with another commit (default: BASELINE)

Every Snakemake run happens in a fresh temporary working directory (existing results are
untouched). Measured:

* demo full rebuild (wall time, peak memory of the largest job) of this checkout and, in the
  same run, of the baseline commit (a temporary git worktree of it, run with this virtualenv):
  the ratio of the two;
* no-op DAG evaluation (``snakemake -n``, best of 5) against its floor: the same evaluation of a
  bare Snakefile with as many jobs (one rule that touches a file per job), in the same run,
  the two alternating;
  and the no-op run;
* partial reruns: (a) one model parameter changed in config (Kaleckian c_w), (b) one OEWS year
  added to the mirror (the real mirror run without May 2025, then with it): which jobs rerun
  and how long the rerun takes;
* full rebuild on the real mirror (../shared/data);
* OEWS staging time per May workbook;
* BBZ path times of both solvers on every run of the catalogue;
* wild-bootstrap throughput: 1,000 draws of the main event study on the demo panel.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SHARED = ROOT.parent / "shared" / "data"
# The commit at which issue 19 (halve the rebuild) was filed: "today's" demo rebuild.
BASELINE = "cadceae"
START, END = "<!-- perf:start -->", "<!-- perf:end -->"
sys.path.insert(0, str(ROOT / "bench"))

from readme_costs import machine  # noqa: E402

from ailabor.report.summary import replace_block  # noqa: E402
from ailabor.workflow import job_counts  # noqa: E402


def snakemake(wd: Path, *args: str, configs: list[str], snakefile: Path = ROOT / "Snakefile") -> tuple[float, str]:
    """Wall time and output of one Snakemake call (the peak job memory: :func:`peak_job_mb`)."""
    cmd = [str(BIN / "snakemake"), "-s", str(snakefile), "-d", str(wd), "--cores", "2", *args]
    if configs:  # one --configfile with every file: a repeated flag replaces the earlier ones
        cmd += ["--configfile", *configs]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=wd, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return secs, proc.stdout + proc.stderr


PEAK = re.compile(r"rule \w+: [0-9.]+ s wall, [0-9.]+ s CPU, peak memory ([0-9]+) MB")


def peak_job_mb(wd: Path) -> float:
    """Largest peak resident memory (MB) of one job over the runs in ``wd``, from the line each
    job's log ends with (``ailabor.jobs``: the worker's high-water mark, reset at the job's
    start). The benchmark files' memory columns measure Snakemake and all its workers together,
    and the rusage of child processes is a maximum over the whole benchmark process."""
    peak = 0.0
    for f in wd.glob("results/*/*/logs/**/*.log"):
        for m in PEAK.finditer(f.read_text(errors="replace")):
            peak = max(peak, float(m.group(1)))
    return peak


JOB_TIME = re.compile(r"rule (\w+): ([0-9.]+) s wall, ([0-9.]+) s CPU")


def cpu_by_rule(wd: Path) -> tuple[float, list[tuple[str, int, float]]]:
    """Total job CPU seconds of the runs in ``wd`` and, per rule, (rule, jobs, CPU seconds),
    largest first, from the line each job's log ends with (``ailabor.jobs``)."""
    per: dict[str, list[float]] = {}
    for f in wd.glob("results/*/*/logs/**/*.log"):
        for m in JOB_TIME.finditer(f.read_text(errors="replace")):
            per.setdefault(m.group(1), []).append(float(m.group(3)))
    table = sorted(((r, len(v), sum(v)) for r, v in per.items()), key=lambda x: -x[2])
    return sum(c for _, _, c in table), table


def fmt_jobs(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"


def best(f, repeat: int = 3) -> float:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        out.append(time.perf_counter() - t0)
    return min(out)


def compile_package(src: Path) -> None:
    """Byte-compile a checkout's package, as ``make setup`` does (with PYTHONDONTWRITEBYTECODE
    set, Python would otherwise compile it from source in every process of the run)."""
    proc = subprocess.run([str(BIN / "python"), "-m", "compileall", "-q", str(src)], capture_output=True, text=True)
    if proc.returncode:
        print(f"compileall {src}: some modules do not compile\n{proc.stdout}{proc.stderr}", file=sys.stderr)


def baseline_rebuild(rev: str) -> tuple[float, str]:
    """Demo full rebuild of commit ``rev`` (a temporary detached worktree; its Snakefile puts its
    own ``src/`` first on the path, and its scripts theirs), and the commit's short hash."""
    short = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        add = ["git", "worktree", "add", "--detach", str(tree), rev]
        subprocess.run(add, cwd=ROOT, capture_output=True, check=True)
        compile_package(tree / "src")
        try:
            wd = Path(tmp) / "wd"
            wd.mkdir()
            secs, _ = snakemake(wd, configs=[str(tree / "config/demo.yaml")], snakefile=tree / "Snakefile")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
            subprocess.run(["git", "worktree", "prune"], cwd=ROOT, capture_output=True)  # after an interrupted run
    return secs, short.stdout.strip()


def noop_against_floor(wd: Path, configs: list[str], n_jobs: int, repeat: int = 5) -> tuple[float, float]:
    """``snakemake -n`` of the finished run in ``wd`` and of a complete bare workflow of
    ``n_jobs`` jobs (one rule touching a file per job, gathered by ``all``: what any workflow of
    that size costs to evaluate when nothing is to be done), alternately, ``repeat`` times each:
    the best of each. Alternating puts both under the same load of a shared machine."""
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp)
        (bare / "Snakefile").write_text(
            f"N = {n_jobs - 1}\n\n"
            'rule all:\n    input: expand("out/{i}.txt", i=range(N))\n\n'
            'rule one:\n    output: "out/{i}.txt"\n    shell: "touch {output}"\n'
        )
        snakemake(bare, configs=[], snakefile=bare / "Snakefile")
        ours, floor = [], []
        for _ in range(repeat):
            ours.append(snakemake(wd, "-n", configs=configs)[0])
            floor.append(snakemake(bare, "-n", configs=[], snakefile=bare / "Snakefile")[0])
        return min(ours), min(floor)


def demo_measures(rows: list, wd: Path, baseline: str) -> Path:
    demo = str(ROOT / "config/demo.yaml")
    base_secs, base_rev = baseline_rebuild(baseline)
    secs, text = snakemake(wd, configs=[demo])
    ratio = secs / base_secs
    rows.append(
        (
            "demo full rebuild (`make demo`, 2 cores)",
            f"{secs:.0f} s; baseline {base_rev} {base_secs:.0f} s; ratio {ratio:.2f}",
            "≤ 0.50 × baseline",
            ratio <= 0.5,
        )
    )
    n_jobs = sum(job_counts(text).values())
    rows.append(("  jobs (demo)", f"{n_jobs}", "", None))
    rows.append(("peak memory of the largest job (demo)", f"{peak_job_mb(wd):.0f} MB", "", None))
    dag, floor = noop_against_floor(wd, [demo], n_jobs)
    rows.append(
        (
            "no-op DAG evaluation (`snakemake -n`, best of 5, alternating with the bare one)",
            f"{dag:.2f} s; bare Snakefile of {n_jobs} jobs {floor:.2f} s; ratio {dag / floor:.2f}",
            "≤ 1.2 × bare",
            dag <= 1.2 * floor,
        )
    )
    noop, _ = snakemake(wd, configs=[demo])
    rows.append(("no-op run", f"{noop:.2f} s", "", None))
    # (a) one model parameter: the Kaleckian workers' MPC
    overlay = wd / "c_w.yaml"
    overlay.write_text("calibration:\n  kaleckian: {c_w: 0.75, c_pi: 0.40}\n")
    _, text = snakemake(wd, "-n", configs=[demo, str(overlay)])
    jobs = job_counts(text)
    upstream = [
        j
        for j in jobs
        if j.startswith(
            (
                "stage",
                "panel",
                "crosswalk",
                "exposure",
                "estimation",
                "inference",
                "calibration_shock",
                "bbz",
                "ar_",
                "ge_",
            )
        )
    ]
    secs, _ = snakemake(wd, configs=[demo, str(overlay)])
    rows.append(
        (
            "rerun after one model parameter (calibration.kaleckian.c_w)",
            f"{secs:.0f} s",
            "only dependent jobs",
            not upstream,
        )
    )
    rows.append(("  jobs rerun", fmt_jobs(jobs), "", None))
    return wd


def mirror_measures(rows: list) -> None:
    mirror = str(ROOT / "config/shared-mirror.yaml")
    # the config's mirror paths are relative to the repository; the runs happen elsewhere
    absolute = Path(tempfile.mkdtemp()) / "mirror.yaml"
    absolute.write_text(f"raw_mirror: {SHARED}\nmirror_manifest: {SHARED / 'MANIFEST.tsv'}\n")
    with tempfile.TemporaryDirectory() as tmp:
        secs, _ = snakemake(Path(tmp), configs=[mirror, str(absolute)])
        rows.append(("full rebuild on the real mirror (`make shared-mirror`)", f"{secs:.0f} s", "≤ 60 s", secs <= 60))
        peak = peak_job_mb(Path(tmp))
        rows.append(("peak memory of the largest job (real mirror)", f"{peak:.0f} MB", "", None))
        total, table = cpu_by_rule(Path(tmp))
        top = ", ".join(f"{r} {c:.0f} s ({n})" for r, n, c in table[:8])
        rows.append(
            (
                "  job CPU time (real mirror), largest rules (jobs)",
                f"{total:.0f} s in all ({total / 2:.0f} s per core of 2); {top}",
                "",
                None,
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        wd = Path(tmp)
        years = [2014, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]
        overlay = wd / "years.yaml"
        overlay.write_text(f"oews:\n  years: {years}\n")
        snakemake(wd, configs=[mirror, str(absolute), str(overlay)])
        _, text = snakemake(wd, "-n", configs=[mirror, str(absolute)])
        jobs = job_counts(text)
        secs, _ = snakemake(wd, configs=[mirror, str(absolute)])
        rows.append(("rerun after adding OEWS May 2025 to the mirror", f"{secs:.0f} s", "", None))
        rows.append(("  jobs rerun", fmt_jobs(jobs), "", None))


def oews_staging(rows: list) -> None:
    from ailabor.intake.readers.oews import read_oews_national

    files = sorted((SHARED / "oews").glob("*")) if SHARED.is_dir() else []
    times = {}
    for f in files:
        m = re.search(r"(20\d\d)", f.name)
        if not m or f.suffix.lower() not in (".xlsx", ".xls", ".zip"):
            continue
        try:
            times[int(m.group(1))] = best(lambda f=f, m=m: read_oews_national(f, int(m.group(1))), 2)
        except Exception as exc:  # noqa: BLE001 - report, do not stop the benchmark
            print(f"  OEWS {f.name}: {exc}")
    if times:
        per = ", ".join(f"{y}: {s:.2f}" for y, s in sorted(times.items()))
        rows.append(
            ("OEWS staging per May workbook (read + validate, s)", f"max {max(times.values()):.2f} s", "", None)
        )
        rows.append(("  per year", per, "", None))


def bbz(rows: list) -> None:
    import numpy as np

    from ailabor.ge.bbz import ModelError
    from ailabor.ge.bbz import experiments as E
    from ailabor.ge.bbz.dynamics import linear_path

    t = np.arange(0.0, 600.0 + 0.025, 0.05)
    lin, nl = [], []
    warnings.simplefilter("ignore")
    for exp in E.catalogue().values():
        for run in exp.runs if exp.kind == "paths" else ():
            try:
                system = E.system_for(run)
            except ModelError:
                continue
            lin.append(best(lambda system=system: linear_path(system, t), 2))
            nl.append(
                best(lambda run=run, system=system: E.nonlinear_with_continuation(run, system, t, T=600.0, tol=1e-6), 1)
            )
    rows.append(
        (
            f"BBZ paper-method (LIN) path, {len(lin)} runs",
            f"median {np.median(lin):.3f} s, max {max(lin):.3f} s",
            "< 0.2 s",
            max(lin) < 0.2,
        )
    )
    rows.append(
        (
            f"BBZ exact (NL) path, {len(nl)} runs",
            f"median {np.median(nl):.2f} s, max {max(nl):.2f} s",
            "< 5 s",
            max(nl) < 5,
        )
    )


def bootstrap(rows: list, demo_wd: Path) -> None:
    import pandas as pd

    from ailabor.econometrics import inference

    root = next((demo_wd / "results" / "demo").glob("*/"))
    panel = pd.read_parquet(root / "panel" / "harmonised.parquet")
    measure = pd.read_parquet(root / "exposure" / "measures" / "fractional_im.parquet")
    t0 = time.perf_counter()
    inference.bootstrap_chunk(
        panel, measure, outcome="ln_wage", date="2022-11-30", draws=range(1000), seed=1, kind="webb"
    )
    secs = time.perf_counter() - t0
    rows.append(
        (
            "1,000 wild-bootstrap draws of the main event study (demo panel)",
            f"{secs:.1f} s ({1000 / secs:.0f} draws/s)",
            "< 30 s",
            secs < 30,
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--skip-mirror", action="store_true")
    ap.add_argument("--baseline", default=BASELINE, help=f"commit the demo rebuild is compared with ({BASELINE})")
    args = ap.parse_args()
    rows: list[tuple[str, str, str, bool | None]] = []
    compile_package(ROOT / "src")
    with tempfile.TemporaryDirectory() as tmp:
        wd = demo_measures(rows, Path(tmp), args.baseline)
        bootstrap(rows, wd)
    if SHARED.is_dir() and not args.skip_mirror:
        mirror_measures(rows)
        oews_staging(rows)
    bbz(rows)
    mark = {True: "met", False: "**missed**", None: ""}
    table = ["| measure | result | target | |", "|---|---|---|---|"] + [
        f"| {a} | {b} | {c} | {mark[d]} |" for a, b, c, d in rows
    ]
    text = "\n".join(
        [
            START,
            "",
            *table,
            "",
            f"Measured by `bench/performance.py` on {dt.date.today().isoformat()}: {machine()}.",
            "",
            END,
        ]
    )
    print(text)
    if args.dry_run:
        return
    replace_block(ROOT / "docs" / "performance.md", START, END, text)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
