"""Snakemake's scheduler with one pending re-evaluation timer (ailabor.jobs.one_pending_reevaluation):
real Snakemake runs of a small workflow, with and without it, counting the scheduler's passes.

Without it, every job completion starts a chain of one-second timers that each wake the
scheduler for the rest of the run, so passes grow with completions x seconds; with it, passes
are about one per completion plus one per second."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

SNAKEFILE = """
import sys
sys.path.insert(0, {src!r})
if config.get("one_timer"):
    from ailabor.jobs import one_pending_reevaluation
    assert one_pending_reevaluation()

rule all:
    input: expand("out/{{i}}.txt", i=range({n}))

rule one:
    output: "out/{{i}}.txt"
    shell: "sleep {sleep}; touch {{output}}"
"""
N, SLEEP = 16, 0.5


def passes(tmp: Path, one_timer: bool) -> tuple[int, float]:
    """Scheduler passes that found ready jobs (Snakemake's 'Ready jobs' debug line) and seconds."""
    wd = tmp / ("one" if one_timer else "many")
    wd.mkdir()
    (wd / "Snakefile").write_text(SNAKEFILE.format(src=str(ROOT / "src"), n=N, sleep=SLEEP))
    cmd = [str(Path(sys.executable).parent / "snakemake"), "--cores", "1", "--verbose", "--nolock"]
    cmd += ["--config", f"one_timer={one_timer}"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=wd, capture_output=True, text=True, timeout=300)
    secs = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(list((wd / "out").iterdir())) == N
    return len(re.findall(r"^Ready jobs", proc.stdout + proc.stderr, flags=re.M)), secs


@pytest.mark.slow
def test_one_pending_timer_bounds_the_scheduler_passes(tmp_path):
    many, secs_many = passes(tmp_path, one_timer=False)
    one, secs_one = passes(tmp_path, one_timer=True)
    # with one timer: a pass per completion, and at most one more per second of the run
    assert one <= N + secs_one + 5, (one, secs_one)
    # Snakemake's own chains: each completion adds a timer that fires every second, so the
    # passes grow faster than completions + seconds (about SLEEP * N^2 / 2 more)
    assert many > N + secs_many + 15, (many, secs_many)
