"""Measure what the README's entry commands cost on this machine and write it into README.md.

    .venv/bin/python bench/readme_costs.py            # measure and rewrite the README section
    .venv/bin/python bench/readme_costs.py --dry-run  # measure and print only

Measures, each in a fresh temporary working directory (so existing results are untouched):
wall time and disk of the offline demo, of the real-data run on ../shared/data (when it is
there), and of the test suite; and the size of the pinned virtualenv. The README section
between the `costs` markers is replaced by the generated table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ailabor.report.summary import replace_block  # noqa: E402

BIN = Path(sys.executable).parent
START, END = "<!-- costs:start -->", "<!-- costs:end -->"


def du(path: Path) -> int:
    total = 0
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_size
    return total


def human(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit in ("B", "KB") else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def timed(cmd: list[str], cwd: Path) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return time.perf_counter() - t0


def snakemake_run(configfile: str) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        wd = Path(tmp)
        secs = timed(
            [
                str(BIN / "snakemake"),
                "-s",
                str(ROOT / "Snakefile"),
                "-d",
                str(wd),
                "--cores",
                "all",
                "--configfile",
                str(ROOT / configfile),
            ],
            wd,
        )
        disk = sum(du(wd / d) for d in ("results", "resources") if (wd / d).exists())
    return secs, disk


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f", {kb / 1024**2:.0f} GiB RAM"
    except (OSError, AttributeError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--skip-tests", action="store_true")
    ap.add_argument("--skip-setup", action="store_true")
    args = ap.parse_args()
    rows = []
    if not args.skip_setup:
        with tempfile.TemporaryDirectory() as tmp:
            venv = Path(tmp) / "venv"
            t0 = time.perf_counter()
            timed(["make", "setup", f"VENV={venv}"], ROOT)
            secs = time.perf_counter() - t0
            rows.append(
                (
                    "`make setup` (virtualenv from both locks, by uv; cache warm)",
                    f"{secs:.0f} s",
                    human(du(venv)),
                )
            )
    secs, disk = snakemake_run("config/demo.yaml")
    rows.append(("`make demo` (offline synthetic run)", f"{secs:.0f} s", human(disk)))
    if not args.skip_tests:
        secs = timed([str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"], ROOT)
        rows.append(("`make test` (all tests)", f"{secs / 60:.1f} min", "temporary only"))
    shared = ROOT.parent / "shared" / "data"
    if shared.is_dir():
        secs, disk = snakemake_run("config/shared-mirror.yaml")
        rows.append(("`make shared-mirror` (real data from ../shared/data, no download)", f"{secs:.0f} s", human(disk)))
    table = ["| command | wall time | disk |", "|---|---|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
    text = "\n".join(
        [
            START,
            "",
            *table,
            "",
            f"Measured by `bench/readme_costs.py` on {dt.date.today().isoformat()}: {machine()}.",
            "",
            END,
        ]
    )
    print(text)
    if args.dry_run:
        return
    replace_block(ROOT / "README.md", START, END, text)


if __name__ == "__main__":
    main()
