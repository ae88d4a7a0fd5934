"""Script jobs in worker processes (ailabor.jobs): what a script: job guaranteed still holds.

The reference is Snakemake's own ``script:`` execution: a fresh interpreter per job, so nothing
one job does is seen by the next, its exit status is the job's, and the linear-algebra
libraries run the job's threads. The demo run (tests/integration/test_workflow.py) runs every
rule this way end to end; CI's tools/compare_tables.py run found its tables identical to the
script: jobs' ones.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from snakemake.iocontainers import Namedlist

from ailabor import jobs

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

PROBE = """
import json, logging, os, sys, time, warnings
from pathlib import Path
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from ailabor.workflow import run

def main(smk):
    before = dict(
        lines=float(matplotlib.rcParams["lines.linewidth"]),
        figures=len(plt.get_fignums()),
        path_has_marker="/marker/path" in sys.path,
        omp=os.environ.get("OMP_NUM_THREADS"),
        pid=os.getpid(),
        commit=__import__("ailabor.provenance").provenance.git_commit(),
        commit_env=os.environ.get("AILABOR_GIT_COMMIT"),
    )
    matplotlib.rcParams["lines.linewidth"] = 9.0  # a job's own style...
    plt.figure()  # ...and a figure left open
    sys.path.insert(0, "/marker/path")
    logging.getLogger("probe").info("probe ran")
    if smk.params.warn:
        warnings.warn(f"planted warning of {smk.rule}")
    time.sleep(smk.params.sleep)
    Path(smk.output[0]).write_text(json.dumps(before))
    if smk.params.exit:
        sys.exit(smk.params.exit)
    if smk.params.crash:
        raise ValueError("planted failure")
    if smk.params.kill:
        os.kill(os.getpid(), 9)

run(main, snakemake)
"""


def job(tmp_path: Path, name: str, **params) -> dict:
    p = Namedlist(fromdict={"exit": 0, "crash": False, "kill": False, "warn": False, "sleep": 0} | params)
    return dict(
        input=Namedlist(),
        output=Namedlist([str(tmp_path / f"{name}.json")]),
        params=p,
        wildcards=Namedlist(),
        threads=1,
        resources=Namedlist(),
        log=Namedlist([str(tmp_path / f"{name}.log")]),
        rule=f"probe_{name}",
        bench_iteration=None,
    )


@pytest.fixture
def script(tmp_path):
    s = tmp_path / "probe.py"
    s.write_text(PROBE)
    yield s
    jobs.shutdown()


def read(tmp_path, name):
    import json

    return json.loads((tmp_path / f"{name}.json").read_text())


def test_jobs_in_one_worker_do_not_see_each_others_state(tmp_path, script):
    for name in ("first", "second", "third"):
        jobs.run_script(script, job(tmp_path, name), config={}, workers=1, pool=True)
    runs = [read(tmp_path, n) for n in ("first", "second", "third")]
    assert len({r["pid"] for r in runs}) == 1, "one worker ran all three (reuse is the point)"
    for r in runs[1:]:
        # rcParams restored, figures closed, sys.path restored: as in a fresh interpreter
        assert r["lines"] == runs[0]["lines"] != 9.0
        assert r["figures"] == 0 and not r["path_has_marker"]
    # one thread for the linear-algebra libraries, as script: set it for a threads: 1 rule
    assert {r["omp"] for r in runs} == {"1"}
    log = (tmp_path / "second.log").read_text()
    assert "probe ran" in log and "rule probe_second: done" in log
    assert "probe_second" not in (tmp_path / "first.log").read_text()
    assert "s wall" in log and "s CPU" in log


def test_a_failing_script_fails_its_job_and_names_the_log(tmp_path, script):
    with pytest.raises(jobs.JobFailed, match=r"probe\.py failed with exit status 3; see .*exits\.log"):
        jobs.run_script(script, job(tmp_path, "exits", exit=3), config={}, workers=1, pool=True)
    with pytest.raises(jobs.JobFailed, match="exit status 1"):
        jobs.run_script(script, job(tmp_path, "raises", crash=True), config={}, workers=1, pool=True)
    assert "ValueError: planted failure" in (tmp_path / "raises.log").read_text()
    # the worker survives both and runs the next job
    jobs.run_script(script, job(tmp_path, "after"), config={}, workers=1, pool=True)
    assert read(tmp_path, "after")["lines"] != 9.0


def test_a_killed_worker_fails_its_own_job_only_and_the_pool_recovers(tmp_path, script):
    """A worker killed mid-job breaks the pool, which fails every job it was running: the
    bystander runs again in its own interpreter and completes, the killed job fails alone."""
    import threading

    outcome = {}

    def run(name, **params):
        try:
            jobs.run_script(script, job(tmp_path, name, **params), config={}, workers=2, pool=True)
            outcome[name] = "ok"
        except jobs.JobFailed as exc:
            outcome[name] = str(exc)

    jobs.run_script(script, job(tmp_path, "warm"), config={}, workers=2, pool=True)
    threads = [
        threading.Thread(target=run, args=("bystander",), kwargs={"sleep": 2.0}),
        threading.Thread(target=run, args=("killed",), kwargs={"kill": True, "sleep": 0.5}),
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert outcome["bystander"] == "ok", outcome
    assert "probe.py was killed by signal 9" in outcome["killed"], outcome
    jobs.run_script(script, job(tmp_path, "next"), config={}, workers=2, pool=True)
    assert read(tmp_path, "next")["figures"] == 0


def test_every_job_of_a_worker_logs_its_own_warnings(tmp_path, script):
    """Warnings go to the job's log (logging.captureWarnings), for the second job of a worker
    as for the first."""
    for name in ("w1", "w2"):
        jobs.run_script(script, job(tmp_path, name, warn=True), config={}, workers=1, pool=True)
        assert f"planted warning of probe_{name}" in (tmp_path / f"{name}.log").read_text()


def test_execute_restores_the_callers_state(tmp_path, script):
    """sys.exit ends the job, not the process, and the root logger's handlers, sys.path and
    warning capture are the caller's again afterwards."""
    import warnings

    root = logging.getLogger()
    handlers, path, show = list(root.handlers), list(sys.path), warnings.showwarning
    from ailabor.jobs import _snakemake_object

    smk = _snakemake_object(job(tmp_path, "inline", exit=4), {}, script)
    assert jobs.execute(str(script), smk) == 4
    assert root.handlers == handlers and sys.path == path and warnings.showwarning is show
    assert read(tmp_path, "inline")["pid"] == __import__("os").getpid()


def test_outside_the_main_process_a_job_runs_in_a_fresh_interpreter(tmp_path, script):
    """pool=False (a cluster job): a new interpreter with the rule's thread count, as script:."""
    import os

    with pytest.raises(jobs.JobFailed, match="exit status 4"):
        jobs.run_script(script, job(tmp_path, "fresh", exit=4), config={}, workers=1, pool=False)
    r = read(tmp_path, "fresh")
    assert r["pid"] != os.getpid() and r["omp"] == "1"


def test_the_pool_leaves_the_callers_thread_settings_alone(tmp_path, script):
    import os

    before = {v: os.environ.get(v) for v in jobs.THREAD_VARIABLES}
    jobs.run_script(script, job(tmp_path, "env"), config={}, workers=1, pool=True)
    assert read(tmp_path, "env")["omp"] == "1"
    assert {v: os.environ.get(v) for v in jobs.THREAD_VARIABLES} == before


def test_pool_jobs_name_the_checkouts_commit_without_changing_the_callers_environment(tmp_path, script):
    """Workers get the commit once, when the pool starts (provenance.git_commit reads it from
    AILABOR_GIT_COMMIT instead of calling git for every output); it is git's own answer for
    this checkout, and the caller's environment is left as it was."""
    import os

    from ailabor.provenance import git_commit

    before = os.environ.get(jobs.COMMIT_VARIABLE)
    jobs.run_script(script, job(tmp_path, "commit"), config={}, workers=1, pool=True)
    got = read(tmp_path, "commit")
    assert got["commit"] == got["commit_env"] == git_commit() != "unknown"
    assert os.environ.get(jobs.COMMIT_VARIABLE) == before


def test_a_job_with_more_threads_runs_in_a_fresh_interpreter_with_its_thread_count(tmp_path, script):
    j = job(tmp_path, "wide") | {"threads": 2}
    jobs.run_script(script, j, config={}, workers=1, pool=True)
    assert read(tmp_path, "wide")["omp"] == "2"


def test_one_pending_reevaluation_rearms_after_each_wake_up():
    """The patched scheduler method (ailabor.jobs.one_pending_reevaluation) on a scheduler's
    state: requests while a timer is pending and due no later are skipped, a request due earlier
    than the pending one is kept, and the pass a timer wakes can always arm the next one (the
    timer clears its mark before it releases the scheduler)."""
    import threading
    import types

    from snakemake.scheduling.job_scheduler import JobScheduler

    from ailabor.jobs import one_pending_reevaluation

    assert one_pending_reevaluation()
    arm = JobScheduler._schedule_reevalutation
    sched = types.SimpleNamespace(_open_jobs=threading.Semaphore(0))
    arm(sched, 0.2)
    arm(sched, 0.3)  # a pending timer fires earlier: skipped
    arm(sched, 0.2)
    assert sched._open_jobs.acquire(timeout=5)  # the first wake-up
    arm(sched, 0.05)  # the woken pass arms the next one at once
    assert sched._open_jobs.acquire(timeout=5)
    assert not sched._open_jobs.acquire(timeout=0.5)  # nothing else was pending
    arm(sched, 5.0)
    arm(sched, 0.05)  # due before the pending 5 s timer: kept
    assert sched._open_jobs.acquire(timeout=2)
