"""Script jobs run in long-lived worker processes instead of a fresh interpreter each.

A Snakemake ``script:`` job starts a new Python, unpickles the job and imports pandas, pyarrow,
scipy and the package before it does any work: about a second per job, paid by every one of a
rebuild's jobs. The workflow's rules instead end in ``run: script_job("name.py", locals())``,
which calls :func:`run_script`. In the main Snakemake process (local runs, and a cluster run's
localrules) the script runs in a pool of worker processes forked from a server that has already
imported the heavy modules (:data:`PRELOAD`); a job then costs what its own work costs.

* Each worker runs one job at a time, as Snakemake's ``script:`` would: the script file is
  executed as ``__main__`` with the ``snakemake`` object in its globals. Between jobs the
  worker restores ``sys.path``, the root logger and matplotlib's settings and closes figures,
  so no job sees another's state.
* Snakemake runs ``run:`` jobs in threads of its own process only with ``--force-use-threads``;
  the workflow profile ``profiles/default`` sets it. Without it Snakemake starts a whole
  Snakemake process per job, which then runs the script as below: correct, only slower.
* Outside the main Snakemake process (a cluster job, whose Snakemake may run several jobs of a
  group in threads; such a spawned process) the script runs in a fresh interpreter with the
  linear-algebra libraries limited to the job's threads, exactly as ``script:`` ran it.
* With ``--software-deployment-method conda`` the script runs in the rule's environment's
  Python, in a subprocess (:func:`main` reads the pickled job), as ``script:`` did.
* A job's wall time, CPU time and peak resident memory (the worker's high-water mark, reset at
  the job's start) end its log. (Rules have no ``benchmark:`` files: for a job run inside the
  Snakemake process, Snakemake samples the memory maps of Snakemake and all its workers every
  half second, a cost of its own, and would report their sum.)
* The pool is shut down and its workers terminated when Snakemake exits. A worker that dies
  (killed, out of memory) breaks the pool, and Python then fails every job the pool was
  running: each of them runs again in a fresh interpreter of its own, where the job that
  kills its process fails alone. A Ctrl-C interrupts running jobs; idle workers ignore it.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import pickle
import runpy
import signal
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import forkserver
from pathlib import Path
from typing import Any

from .provenance import git_commit

# Imported once by the fork server (about half a second); every worker starts with them
# loaded. Modules only some jobs need (scipy, matplotlib, statsmodels, linearmodels, moderndid)
# are imported by the first such job of a worker and stay loaded in it: preloading them would
# cost a small run (one staging job) more than it saves.
PRELOAD = (
    "numpy",
    "pandas",
    "pyarrow.parquet",
    "snakemake.iocontainers",
    "ailabor.provenance",
    "ailabor.workflow",
    "ailabor.jobs",
    # the parent's main script (Snakemake's command line): a worker started by a fork server
    # imports it unless the server has (multiprocessing's spawn preparation), so once here
    # rather than once per worker
    "__main__",
)

# Snakemake's script: jobs ran with these set to the job's threads; every rule declares one
# thread, and a worker runs one job at a time. They must be set before the fork server loads
# the linear-algebra libraries (a different thread count changes the order of floating-point
# sums, so the last digits of results). A job with more threads runs in a fresh interpreter.
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "GOTO_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)

COMMIT_VARIABLE = "AILABOR_GIT_COMMIT"  # read by ailabor.provenance.git_commit

log = logging.getLogger("ailabor.jobs")

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


class JobFailed(Exception):
    """A script job ended with a non-zero status; its message is already in the job's log."""


def _peak_reset() -> bool:
    """Reset this process's resident-memory high-water mark (Linux ``clear_refs`` 5)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _peak_mb() -> float | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def execute(script: str, smk: Any) -> int:
    """Run one script job in this process and return its exit status (0 = success).

    The script runs as ``__main__`` with ``snakemake`` in its globals, as under ``script:``.
    ``sys.exit`` ends the job, not the process. State a script may change (``sys.path``, the
    root logger's handlers and level, warning filters, matplotlib's settings and open figures)
    is restored afterwards.
    """
    saved_path = list(sys.path)
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    reset = _peak_reset()
    wall, cpu = time.perf_counter(), time.process_time()
    status = 0
    try:
        with warnings.catch_warnings():
            try:
                if os.environ.get("AILABOR_PROFILE") and len(smk.log):
                    _profiled(script, smk, f"{smk.log[0]}.prof")
                else:
                    runpy.run_path(script, init_globals={"snakemake": smk}, run_name="__main__")
            finally:
                # undo the job's logging.captureWarnings(True) (ailabor.workflow.setup_logging)
                # while its showwarning is still current: otherwise logging keeps thinking it
                # captures, and the next job's warnings never reach its log
                logging.captureWarnings(False)
    except SystemExit as exc:
        code = exc.code
        status = code if isinstance(code, int) else (0 if code is None else 1)
        if code is not None and not isinstance(code, int):
            log.error("rule %s: %s", smk.rule, code)
    except BaseException:
        log.exception("rule %s: the script %s raised", smk.rule, script)
        status = 1
    finally:
        peak = _peak_mb() if reset else None
        log.info(
            "rule %s: %.2f s wall, %.2f s CPU%s",
            smk.rule,
            time.perf_counter() - wall,
            time.process_time() - cpu,
            f", peak memory {peak:.0f} MB" if peak is not None else "",
        )
        for h in list(root.handlers):
            if h not in saved_handlers:
                root.removeHandler(h)
                h.close()
        for h in saved_handlers:
            if h not in root.handlers:
                root.addHandler(h)
        root.setLevel(saved_level)
        sys.path[:] = saved_path
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
        if "matplotlib" in sys.modules:
            sys.modules["matplotlib"].rc_file_defaults()
    return status


def _profiled(script: str, smk: Any, out: str) -> None:
    """``AILABOR_PROFILE=1``: run the job under cProfile, its statistics next to its log
    (``<log>.prof``; read them with ``python -m pstats``)."""
    import cProfile

    prof = cProfile.Profile()
    try:
        prof.runcall(runpy.run_path, script, init_globals={"snakemake": smk}, run_name="__main__")
    finally:
        prof.dump_stats(out)


def _idle_ignores_interrupts() -> None:
    """Worker initializer: an idle worker ignores SIGINT (a Ctrl-C reaches the whole process
    group), so that it does not die and break the pool; a running job is interrupted."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker(script: str, payload: bytes) -> int:
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return execute(script, pickle.loads(payload))
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _get_pool(workers: int) -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(list(PRELOAD))
            # the server (and the workers it forks) starts with one BLAS thread; Snakemake's
            # own environment, which cluster submissions export, is left as it was
            # ... and with the checkout's commit as it was when the run started its workers, the
            # one every output's provenance names (instead of two git calls per output file)
            saved = {v: os.environ.get(v) for v in (*THREAD_VARIABLES, COMMIT_VARIABLE)}
            os.environ.update({v: "1" for v in THREAD_VARIABLES})
            os.environ[COMMIT_VARIABLE] = os.environ.get(COMMIT_VARIABLE) or git_commit()
            try:
                forkserver.ensure_running()
            finally:
                for v, value in saved.items():
                    if value is None:
                        os.environ.pop(v, None)
                    else:
                        os.environ[v] = value
            _pool = ProcessPoolExecutor(
                max_workers=max(1, workers), mp_context=ctx, initializer=_idle_ignores_interrupts
            )
        return _pool


def _drop_pool(broken: ProcessPoolExecutor) -> None:
    global _pool
    with _pool_lock:
        if _pool is broken:
            _pool = None
    broken.shutdown(wait=False, cancel_futures=True)


def shutdown() -> None:
    """Stop the pool: cancel queued jobs and terminate the workers (also run at exit)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is None:
        return
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(timeout=5)


atexit.register(shutdown)


def _snakemake_object(job: dict[str, Any], config: dict[str, Any], script: Path) -> Any:
    from snakemake.script import Snakemake

    return Snakemake(
        job["input"],
        job["output"],
        job["params"],
        job["wildcards"],
        job["threads"],
        job["resources"],
        job["log"],
        config,
        job["rule"],
        job.get("bench_iteration"),
        str(script.parent),
    )


def run_script(
    script: str | Path,
    job: dict[str, Any],
    *,
    config: dict[str, Any],
    workers: int,
    pool: bool,
) -> None:
    """Run the script of one job (``job`` is the ``locals()`` of the rule's ``run:`` block).

    ``pool``: run it in the worker pool (the main Snakemake process); otherwise in a fresh
    interpreter, the rule's conda environment's when the job has one. Raises :class:`JobFailed` when the script
    fails (its message is already logged).
    """
    script = Path(script)
    smk = _snakemake_object(job, config, script)
    rule = job["rule"]
    conda_env = job.get("conda_env")
    if conda_env:
        status = _run_fresh(script, smk, Path(conda_env) / "bin" / "python")
    elif not pool or int(job["threads"]) > 1 or not _same_checkout(script):
        status = _run_fresh(script, smk, Path(sys.executable))
    else:
        payload = pickle.dumps(smk, protocol=pickle.HIGHEST_PROTOCOL)
        executor = _get_pool(workers)
        try:
            status = executor.submit(_worker, str(script), payload).result()
        except BrokenProcessPool:
            # A worker died (killed, out of memory): Python fails every job the pool was
            # running, not only the dead worker's. Each of them runs again, alone, in a fresh
            # interpreter: the job that kills its process fails there by itself, the others
            # complete.
            _drop_pool(executor)
            log.warning("rule %s: a worker process died; running %s again in its own process", rule, script.name)
            status = _run_fresh(script, smk, Path(sys.executable))
    if status < 0:
        raise JobFailed(f"rule {rule}: the process running {script.name} was killed by signal {-status}")
    if status:
        see = f"; see {job['log'][0]}" if len(job["log"]) else ""
        raise JobFailed(f"rule {rule}: {script.name} failed with exit status {status}{see}")


OWN_SRC = Path(__file__).resolve().parents[1]


def _checkout_src(script: Path) -> Path:
    """The ``src`` directory whose package a script runs with: its own checkout's (scripts put
    it first on their path) when it has one, else this package's."""
    parents = script.resolve().parents
    src = parents[2] / "src" if len(parents) > 2 else None
    return src if src is not None and (src / "ailabor" / "jobs.py").is_file() else OWN_SRC


def _same_checkout(script: Path) -> bool:
    """False for a script of another checkout, which the workers (this package imported
    already) cannot run with its own package."""
    return _checkout_src(script) == OWN_SRC


def _run_fresh(script: Path, smk: Any, python: Path) -> int:
    """Run the job in a new interpreter (a conda environment's, or a multi-threaded job's), with
    the linear-algebra libraries limited to the job's threads, as ``script:`` did."""
    src = _checkout_src(script)
    with tempfile.NamedTemporaryFile("wb", suffix=".pickle", delete=False) as fh:
        pickle.dump((str(script), smk), fh, protocol=4)
    try:
        code = f"import sys; sys.path.insert(0, {str(src)!r}); from ailabor.jobs import main; main({fh.name!r})"
        env = dict(os.environ) | {v: str(smk.threads) for v in THREAD_VARIABLES}
        return subprocess.run([str(python), "-c", code], env=env, check=False).returncode
    finally:
        os.unlink(fh.name)


def main(path: str) -> None:
    with open(path, "rb") as fh:
        script, smk = pickle.load(fh)
    sys.exit(execute(script, smk))


def one_pending_reevaluation() -> bool:
    """Let Snakemake's job scheduler keep at most one re-evaluation timer pending.

    With a job rate limit (``--max-jobs-per-timespan``, on by default at 100/1s) the scheduler
    starts a timer at the end of every pass that wakes it again after the timespan. A pass that
    a job's completion started starts one more, so every completion adds a chain of timers that
    wakes the scheduler once a second for the rest of the run: after a hundred jobs it makes about
    a hundred passes a second, each of which stats the inputs of every ready job. On the shared
    mirror that was most of the Snakemake process's CPU time (bench/performance.py measures it).

    One pending wake-up is enough for what the timers are for (waking the scheduler when the
    rate limit has passed, or to look for queue input again): a request is skipped only when a
    pending timer fires no later than it would. A timer clears its mark before it wakes the
    scheduler, so the pass it starts always arms the next one. Timers are daemon threads, so the
    end of a run does not wait for them (Snakemake's own delay the exit by up to the timespan).
    Returns whether the scheduler was patched (False if this Snakemake has no such method)."""
    try:
        from snakemake.scheduling.job_scheduler import JobScheduler
    except ImportError:  # pragma: no cover - another Snakemake layout
        return False
    original = getattr(JobScheduler, "_schedule_reevalutation", None)
    if original is None:
        log.debug("Snakemake's scheduler has no _schedule_reevalutation; timers left as they are")
        return False
    if getattr(original, "one_pending", False):
        return True
    guard = threading.Lock()

    def schedule_reevaluation(self, delay) -> None:
        due = time.monotonic() + float(delay)
        with guard:
            pending = getattr(self, "_ailabor_due", None)
            if pending is not None and pending <= due:
                return
            self._ailabor_due = due

        def fire() -> None:
            with guard:
                if getattr(self, "_ailabor_due", None) == due:
                    self._ailabor_due = None
            self._open_jobs.release()

        timer = threading.Timer(delay, fire)
        timer.daemon = True
        timer.start()

    schedule_reevaluation.one_pending = True  # type: ignore[attr-defined]
    JobScheduler._schedule_reevalutation = schedule_reevaluation
    return True
