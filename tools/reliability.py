"""Reliability suite: real Snakemake runs of this workflow, driven through failures.

    .venv/bin/python tools/reliability.py [--only CASE ...] [--keep] [--list] [--enospc auto|tmpfs|rlimit]

Every case runs the real workflow (this checkout's Snakefile and src/) in its own temporary
working directory, on a small synthetic mirror in the official file formats (4 OEWS years,
3 occupations per major group) generated once per suite run, with the smallest targets that
show the property: staging targets, and for the process-level faults the chain
``panel_harmonise`` + ``crosswalk_onet_oews`` (7 raw files, 6 staged tables, 2 model jobs).
One clean run of that chain is the reference the other cases compare with; the concurrent
case's winning run is a second clean run, so a byte-for-byte difference there means the
outputs are not reproducible.

Cases (issue 18):

* ``failed-validation``, ``refused-update``, ``pinned-mirror``, ``aei-missing-column``,
  ``user-csv``, ``name-resolution``: the reported defects 1-5 replayed; each must stay fixed.
  ``scenario-split`` (defect 6) is checked by tests/integration/test_workflow.py.
* ``workbooks``: truncated, empty, wrong-sheet and duplicated-key OEWS workbooks.
* ``kill-9``: SIGKILL to the run's process group mid-run, ``snakemake --unlock``, rerun.
* ``concurrent``: a second run in the same directory while the first holds its locks.
* ``disk-full``: a job writing to a full disk (a 16 KiB tmpfs mounted over its output
  directory, as root; else a real file-size limit, RLIMIT_FSIZE, which fails writes with
  EFBIG as a full disk fails them with ENOSPC). The table says which was used.

Outputs are compared byte for byte, except what is volatile by design: job logs and
benchmarks (timestamps, timings) and resources/raw/.sha256-cache.json (a hash cache keyed by
modification times); the commit recorded in every output is fixed for the whole suite
(AILABOR_GIT_COMMIT), so editing the checkout while it runs does not make outputs differ.
Snakemake's SLURM executor plugin runs ``scontrol show config`` whenever
Snakemake starts (every run and every job); where SLURM is installed without a running
controller that waits 10 s, so the runs here find a stub ``scontrol`` (exit 1) first on PATH.

Prints a table (case | what is done | expected | observed | pass | seconds) and exits 1 when
any check fails. ``--keep`` keeps the temporary directories (their path is printed).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ailabor.config import deep_merge, load_yaml, results_root  # noqa: E402
from ailabor.intake.sources import load_registry, raw_files, staged_name  # noqa: E402
from ailabor.provenance import git_commit, read_metadata, sha256_file  # noqa: E402
from ailabor.synthetic import SyntheticSpec, generate  # noqa: E402
from ailabor.synthetic.writers import sheet_rows, write_xlsx  # noqa: E402
from ailabor.workflow import job_counts  # noqa: E402

BIN = Path(sys.executable).parent
DEMO = ROOT / "config" / "demo.yaml"
ACCEPT = ROOT / "config" / "accept-updates.yaml"
DATASET = "rel"
YEARS = [2021, 2022, 2023, 2024]
OVERLAY = {
    "dataset": DATASET,
    "mirror_manifest": None,
    "synthetic": {"enabled": False, "occupations_per_major": 3},
    "oews": {"years": YEARS},
    "panel": {"balanced_windows": [[YEARS[0], YEARS[-1]]]},
    "aei": {
        "sources": ["raw_1p_api_2025_11", "task_pct_v2", "automation_augmentation_v2", "api_usage_by_task_2025_11"],
        "primary": "raw_1p_api_2025_11",
    },
}
# the chain of the process-level cases: every OEWS year, the SOC crosswalk and the O*NET task
# statements staged, then the harmonised panel and the O*NET -> OEWS mapping
CHAIN = ("panel_harmonise", "crosswalk_onet_oews")
NOTHING = "Nothing to be done"
LOCKED = "Directory cannot be locked"
TMPFS_SIZE = "16k"


@dataclass
class Check:
    what: str
    expected: str
    observed: str
    ok: bool | None  # None: not run here (skip)


@dataclass
class Outcome:
    case: str
    checks: list[Check] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(c.ok is not False for c in self.checks) and bool(self.checks)


def text(proc: subprocess.CompletedProcess) -> str:
    return (proc.stdout or "") + (proc.stderr or "")


def tail(s: str, n: int = 600) -> str:
    s = s.strip()
    return s if len(s) <= n else "..." + s[-n:]


def short(sha: str) -> str:
    return sha[:12]


# --- workbook edits ---------------------------------------------------------------------------


def edit_cell(path: Path, column: str, row: int, value) -> None:
    """Set one cell (``row``: 0-based index into the rows, header = 0)."""
    sheet, rows = sheet_rows(path)
    rows[row][rows[0].index(column)] = value
    write_xlsx(path, sheet, rows)


# --- processes and files ----------------------------------------------------------------------


def processes_in(wd: Path) -> list[str]:
    """Live processes (not zombies) working in ``wd`` or naming it on their command line."""
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit() or int(d.name) == os.getpid():
            continue
        try:
            if (d / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                continue
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = os.readlink(d / "cwd")
        except OSError:
            continue
        if cwd == str(wd) or cwd.startswith(f"{wd}/") or str(wd) in cmd:
            found.append(f"{d.name}: {cmd[:80]}")
    return found


def leftovers(wd: Path) -> list[str]:
    """Partial files: temporaries of atomic writes, and parquet files that do not read."""
    import pyarrow.parquet as pq

    out = []
    for top in ("results", "resources"):
        for p in (wd / top).rglob("*"):
            if p.is_symlink() or not p.is_file():
                continue
            if p.name.endswith(".tmp"):
                out.append(str(p.relative_to(wd)))
            elif p.suffix == ".parquet":
                try:
                    pq.read_metadata(p)
                except Exception:  # noqa: BLE001 - any unreadable parquet is a partial file
                    out.append(f"{p.relative_to(wd)} (unreadable)")
    return sorted(out)


def snapshot(wd: Path, dataset: str = DATASET) -> dict[str, str]:
    """Every output of ``dataset`` in ``wd``: sha256 of each file under results/<dataset>/,
    the link target of each raw-cache file, and the dataset's records in the raw manifest.
    Logs and benchmarks (timestamps, timings) are left out."""
    out = {}
    for top in (wd / "results" / dataset, wd / "resources" / "raw" / dataset):
        if not top.is_dir():
            continue
        for p in sorted(top.rglob("*")):
            rel = p.relative_to(wd)
            if {"logs", "benchmarks"} & set(rel.parts):
                continue
            if p.is_symlink():
                out[str(rel)] = "-> " + os.readlink(p)
            elif p.is_file():
                out[str(rel)] = sha256_file(p)
    manifest = wd / "resources" / "raw" / "MANIFEST.json"
    if manifest.exists():
        for key, rec in json.loads(manifest.read_text()).items():
            if key.startswith(f"{dataset}/"):
                out[f"MANIFEST.json[{key}]"] = json.dumps(rec, sort_keys=True)
    return out


def differences(ref: dict[str, str], got: dict[str, str]) -> list[str]:
    diff = [f"missing {k}" for k in sorted(set(ref) - set(got))]
    diff += [f"extra {k}" for k in sorted(set(got) - set(ref))]
    diff += [f"differs {k}" for k in sorted(set(ref) & set(got)) if ref[k] != got[k]]
    return diff


def same_as(ref: dict[str, str], got: dict[str, str]) -> tuple[str, bool]:
    diff = differences(ref, got)
    if not diff:
        return f"{len(got)} files byte-identical", True
    return f"{len(diff)} of {len(ref)} differ: " + "; ".join(diff[:4]), False


def wait_for(condition: Callable[[], bool], proc: subprocess.Popen, timeout: float = 300) -> bool:
    """Poll ``condition`` every 20 ms while ``proc`` runs; False if it ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if condition():
            return True
        time.sleep(0.02)
    return False


def lock_free(lockfile: Path) -> bool:
    """Whether no process holds the file lock (flock) on ``lockfile``."""
    try:
        fd = os.open(lockfile, os.O_RDONLY)
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # closing releases the lock
    return True


def pause_outside_lock(proc: subprocess.Popen, condition: Callable[[], bool], lockfile: Path) -> bool:
    """SIGSTOP ``proc``'s process group once ``condition`` holds and none of its processes
    holds the raw manifest's file lock (a paused holder would block every other run)."""
    while wait_for(condition, proc):
        os.killpg(proc.pid, signal.SIGSTOP)
        if lock_free(lockfile):
            return True
        os.killpg(proc.pid, signal.SIGCONT)
        time.sleep(0.02)
    return False


def jobs_run(out: str) -> int:
    m = re.findall(r"^(\d+) of (\d+) steps", out, re.M)
    return int(m[-1][1]) if m else 0


# --- the suite --------------------------------------------------------------------------------


class Suite:
    """The shared set-up of the cases: the merged configuration, the synthetic mirror
    (generated on first use) and the clean reference run (made on first use)."""

    def __init__(self, tmp: Path, enospc: str = "auto"):
        self.tmp = tmp
        self.enospc = enospc
        self.cfg = deep_merge(deep_merge(load_yaml(ROOT / "config" / "config.yaml"), load_yaml(DEMO)), OVERLAY)
        self.files = raw_files(self.cfg, load_registry(ROOT / "config" / "sources.yaml"))
        self.results = results_root(self.cfg)
        stub = tmp / "bin"
        stub.mkdir(parents=True, exist_ok=True)
        (stub / "scontrol").write_text("#!/bin/sh\nexit 1\n")
        (stub / "scontrol").chmod(0o755)
        pythonpath = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
        self.env = dict(
            os.environ,
            PYTHONPATH=pythonpath,
            PYTHONDONTWRITEBYTECODE="1",
            PATH=f"{stub}{os.pathsep}{os.environ['PATH']}",
            # the commit recorded in every output, fixed for the whole suite: an edit of the
            # checkout while the suite runs (a '-dirty' commit) must not make outputs differ
            AILABOR_GIT_COMMIT=git_commit(),
        )
        self._mirror: Path | None = None
        self._reference: Path | None = None
        self.reference_outcome: Outcome | None = None  # the reference run's row, once made
        self.outcome: Outcome | None = None

    # paths ----------------------------------------------------------------------------------
    def staged(self, key: str) -> str:
        return f"{self.results}/staged/{staged_name(key)}.parquet"

    def record_key(self, key: str, dataset: str = DATASET) -> str:
        return f"{dataset}/{self.files[key].relpath}"

    def mirror_file(self, mirror: Path, key: str) -> Path:
        return mirror / self.files[key].mirror_relpath

    @property
    def mirror(self) -> Path:
        """The synthetic mirror, read-only for the cases (copy it to change a file)."""
        if self._mirror is None:
            self._mirror = self.tmp / "mirror"
            generate(SyntheticSpec(occupations_per_major=3), self._mirror, self.files.values())
        return self._mirror

    def mirror_copy(self, wd: Path) -> Path:
        dest = wd.parent / "mirror"
        shutil.copytree(self.mirror, dest)
        return dest

    def workdir(self, name: str) -> Path:
        wd = self.tmp / name / "wd"
        wd.mkdir(parents=True)
        return wd

    def overlay(self, wd: Path, mirror: Path | None, name: str = "overlay", **extra) -> Path:
        """The case's config overlay (on config/demo.yaml): OVERLAY, its mirror, ``extra``."""
        path = wd.parent / f"{name}.yaml"
        path.write_text(yaml.safe_dump(deep_merge({**OVERLAY, "raw_mirror": str(mirror) if mirror else None}, extra)))
        return path

    # snakemake ------------------------------------------------------------------------------
    def command(self, wd: Path, targets: Iterable[str], args: Sequence[str], configs: Sequence[Path]) -> list[str]:
        return [
            str(BIN / "snakemake"),
            "-s",
            str(ROOT / "Snakefile"),
            "-d",
            str(wd),
            "--cores",
            "2",
            *targets,
            *args,
            "--configfile",
            str(DEMO),
            *map(str, configs),
        ]

    def smk(
        self,
        wd: Path,
        targets: Iterable[str],
        *args: str,
        configs: Sequence[Path],
        timeout: float = 600,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess:
        return subprocess.run(
            self.command(wd, targets, args, configs),
            cwd=wd,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**self.env, **(env or {})},
        )

    def start(self, wd: Path, targets: Iterable[str], *args: str, configs: Sequence[Path]) -> subprocess.Popen:
        """A run in the background, in a session (process group) of its own."""
        log = open(wd.parent / f"run-{time.monotonic_ns()}.log", "w+")  # noqa: SIM115 - closed by finish()
        proc = subprocess.Popen(
            self.command(wd, targets, args, configs),
            cwd=wd,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            env=self.env,
            start_new_session=True,
        )
        proc.log = log  # type: ignore[attr-defined]
        return proc

    @staticmethod
    def finish(proc: subprocess.Popen, timeout: float = 600) -> tuple[int, str]:
        try:
            rc = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise
        proc.log.seek(0)  # type: ignore[attr-defined]
        out = proc.log.read()  # type: ignore[attr-defined]
        proc.log.close()  # type: ignore[attr-defined]
        return rc, out

    # the reference run ----------------------------------------------------------------------
    @property
    def reference(self) -> Path:
        """The working directory of one clean run of CHAIN (built by the ``reference`` case)."""
        if self._reference is None and self.reference_outcome is None:
            run_case(self, "reference")
        if self._reference is None:
            raise RuntimeError("the clean reference run failed")
        return self._reference

    def copy_reference(self, name: str) -> Path:
        """A copy of the reference working directory (timestamps and Snakemake's records kept)."""
        wd = self.tmp / name / "wd"
        wd.parent.mkdir(parents=True)
        shutil.copytree(self.reference, wd, symlinks=True)
        shutil.copy2(self.reference.parent / "overlay.yaml", wd.parent / "overlay.yaml")
        return wd

    def check(self, what: str, expected: str, observed: str, ok: bool | None) -> bool:
        assert self.outcome is not None
        self.outcome.checks.append(Check(what, expected, observed, ok))
        return bool(ok)


# --- cases ------------------------------------------------------------------------------------


def case_reference(s: Suite) -> None:
    wd = s.workdir("reference")
    over = s.overlay(wd, s.mirror)
    proc = s.smk(wd, CHAIN, configs=[over])
    out = text(proc)
    s.check(
        f"clean run of {' + '.join(CHAIN)} on the synthetic mirror",
        "completes; no partial file",
        f"exit {proc.returncode}, {jobs_run(out)} jobs, {len(snapshot(wd))} outputs, partial files: "
        f"{leftovers(wd) or 'none'}" + ("" if proc.returncode == 0 else "\n" + tail(out)),
        proc.returncode == 0 and not leftovers(wd),
    )
    if proc.returncode == 0:
        s._reference = wd


def case_failed_validation(s: Suite) -> None:
    """Defect 2: a file that fails validation must not have its sha256 recorded."""
    wd = s.workdir("failed-validation")
    mirror = s.mirror_copy(wd)
    over = s.overlay(wd, mirror)
    targets = [s.staged("oews/2021"), s.staged("oews/2022")]
    y22 = s.mirror_file(mirror, "oews/2022")
    good = y22.read_bytes()
    manifest = wd / "resources" / "raw" / "MANIFEST.json"

    def records():
        return json.loads(manifest.read_text()) if manifest.exists() else {}

    edit_cell(y22, "TOT_EMP", 9, "twelve")
    proc = s.smk(wd, targets, "--keep-going", configs=[over])
    out, rec = text(proc), records()
    named = "column 'TOT_EMP', row 10: expected a number" in out and str(y22.name) in out
    s.check(
        "text 'twelve' in a TOT_EMP cell of May 2022; stage 2021 and 2022",
        "staging 2022 fails naming file, column, row; 2022 not recorded, 2021 recorded",
        f"exit {proc.returncode}; message named: {named}; recorded: {sorted(k.rsplit('/', 1)[1] for k in rec)}",
        proc.returncode != 0
        and named
        and s.record_key("oews/2022") not in rec
        and rec.get(s.record_key("oews/2021"), {}).get("history") == [],
    )
    y22.write_bytes(good)
    proc = s.smk(wd, targets, configs=[over])
    recorded = records().get(s.record_key("oews/2022"), {}).get("sha256")
    s.check(
        "restore the good file (no hand edit of MANIFEST.json); run",
        "succeeds and records the good file's sha256",
        f"exit {proc.returncode}; recorded {short(str(recorded))}, the file's {short(sha256_file(y22))}"
        + ("" if proc.returncode == 0 else "\n" + tail(text(proc))),
        proc.returncode == 0 and recorded == sha256_file(y22),
    )
    edit_cell(y22, "TOT_EMP", 9, "twelve")
    proc = s.smk(wd, targets, configs=[over, ACCEPT])
    rec = records().get(s.record_key("oews/2022"), {})
    s.check(
        "the same bad file offered as an accepted update (make accept-updates)",
        "staging fails; the record keeps the good sha256, no history",
        f"exit {proc.returncode}; recorded {short(str(rec.get('sha256')))}, history {rec.get('history')}",
        proc.returncode != 0
        and "expected a number" in text(proc)
        and rec.get("sha256") == recorded
        and rec.get("history") == [],
    )
    y22.write_bytes(good)
    proc = s.smk(wd, targets, configs=[over])
    ref = s.reference
    same = [
        t.rsplit("_", 1)[1][:4]
        for t in targets
        if (wd / t).exists() and (wd / t).read_bytes() == (ref / t).read_bytes()
    ]
    s.check(
        "restore the good file again; run",
        "succeeds, no history; staged tables byte-identical to the reference",
        f"exit {proc.returncode}; history {records().get(s.record_key('oews/2022'), {}).get('history')}; "
        f"identical to the reference: {same}",
        proc.returncode == 0 and records()[s.record_key("oews/2022")]["history"] == [] and len(same) == len(targets),
    )


def case_refused_update(s: Suite) -> None:
    """Defect 1: a changed raw file stays refused on every run, dry runs included."""
    wd = s.workdir("refused-update")
    mirror = s.mirror_copy(wd)
    over = s.overlay(wd, mirror)
    targets = [s.staged("oews/2022"), s.staged("oews/2023")]
    proc = s.smk(wd, targets, configs=[over])
    if not s.check("stage May 2022 and 2023", "completes", f"exit {proc.returncode}", proc.returncode == 0):
        return
    y23 = s.mirror_file(mirror, "oews/2023")
    staged = wd / s.staged("oews/2023")
    before, old = staged.read_bytes(), sha256_file(y23)
    manifest = wd / "resources" / "raw" / "MANIFEST.json"
    edit_cell(y23, "TOT_EMP", 5, 12345)
    new = sha256_file(y23)
    results = []
    for args in ((), (), ("-n",)):
        out = s.smk(wd, targets, *args, configs=[over])
        o = text(out)
        results.append(
            out.returncode != 0
            and NOTHING not in o
            and "raw file oews/2023" in o
            and old in o
            and new in o
            and "refused" in o
            and "make accept-updates" in o
        )
    rec = json.loads(manifest.read_text())[s.record_key("oews/2023")]
    s.check(
        "one TOT_EMP cell of May 2023 changed in the writable mirror; run, run again, run -n",
        "all three fail naming the file and both sha256s (never 'Nothing to be done'); nothing touched",
        f"refused with file, {short(old)}.. and {short(new)}..: {results}; staged table and record unchanged: "
        f"{staged.read_bytes() == before and rec['sha256'] == old}",
        all(results) and staged.read_bytes() == before and rec["sha256"] == old,
    )
    dry = s.smk(wd, targets, "-n", configs=[over, ACCEPT])
    o = text(dry)
    stages = sorted(set(re.findall(r"Staging (.+?)\s*$", o, re.M)))
    counts = job_counts(o)
    s.check(
        "dry run of the accepting action (make accept-updates)",
        "names the file, says 'accepted as update 1'; only May 2023 relinked and restaged",
        f"exit {dry.returncode}; accepted as update 1: {'accepted as update 1' in o}; restaged: {stages}; "
        f"jobs {counts}",
        dry.returncode == 0
        and "raw file oews/2023" in o
        and "accepted as update 1" in o
        and stages == ["OEWS May 2023"]
        and counts.get("stage") == 1
        and counts.get("acquire_raw") == 1,
    )
    proc = s.smk(wd, targets, configs=[over, ACCEPT])
    rec = json.loads(manifest.read_text())[s.record_key("oews/2023")]
    dry = s.smk(wd, targets, "-n", configs=[over])
    s.check(
        "accept the update; then a plain -n",
        "new sha256 recorded, old one in history; table restaged; nothing to be done",
        f"exit {proc.returncode}; recorded {short(rec['sha256'])}, history "
        f"{[short(h['sha256']) for h in rec['history']]}; table changed: {staged.read_bytes() != before}; "
        f"-n nothing to do: {NOTHING in text(dry)}",
        proc.returncode == 0
        and rec["sha256"] == new
        and [h["sha256"] for h in rec["history"]] == [old]
        and staged.read_bytes() != before
        and NOTHING in text(dry),
    )


def case_pinned_mirror(s: Suite) -> None:
    """Defect 5: a mismatch with the mirror's MANIFEST.tsv says the file is pinned there."""
    wd = s.workdir("pinned-mirror")
    mirror = s.mirror_copy(wd)
    y24 = s.mirror_file(mirror, "oews/2024")
    tsv = mirror / "MANIFEST.tsv"
    tsv.write_text(f"local_path\tsha256\n{s.files['oews/2024'].mirror_relpath}\t{sha256_file(y24)}\n")
    over = s.overlay(wd, mirror, mirror_manifest=str(tsv))
    edit_cell(y24, "TOT_EMP", 5, 54321)
    target = [s.staged("oews/2024")]
    for label, configs in (("a run", [over]), ("a run accepting updates", [over, ACCEPT])):
        proc = s.smk(wd, target, configs=configs)
        o = text(proc)
        ok = (
            proc.returncode != 0
            and "listed in the mirror's MANIFEST.tsv" in o
            and "mirror_manifest: null" in o
            and "delete" not in o.lower()
            and "accepted as update" not in o
        )
        s.check(
            f"May 2024 changed in a mirror whose MANIFEST.tsv pins it; {label}",
            "refused as pinned in MANIFEST.tsv (restore, or mirror_manifest: null); no 'delete' advice",
            f"exit {proc.returncode}; pinned message: {'listed in the mirror' in o}; "
            f"'delete' advice: {'delete' in o.lower()}; accepted: {'accepted as update' in o}",
            ok,
        )


def case_aei_missing_column(s: Suite) -> None:
    """Defect 4: a missing column shows the file's own header and every accepted name."""
    from ailabor.intake.readers.aei import COUNT_ALIASES

    wd = s.workdir("aei-missing-column")
    mirror = s.mirror_copy(wd)
    csv = s.mirror_file(mirror, "aei/api_usage_by_task_2025_11")
    lines = csv.read_text().split("\n", 1)
    csv.write_text(lines[0].replace("api_count", "api_calls") + "\n" + lines[1])
    over = s.overlay(wd, mirror)
    target = s.staged("aei/api_usage_by_task_2025_11")
    proc = s.smk(wd, [target], configs=[over])
    o = text(proc)
    header = lines[0].replace("api_count", "api_calls").split(",")
    shown = f'found "header {header}"' in o
    names = all(repr(n) in o for n in COUNT_ALIASES)
    manifest = wd / "resources" / "raw" / "MANIFEST.json"
    recorded = manifest.exists() and s.record_key("aei/api_usage_by_task_2025_11") in manifest.read_text()
    s.check(
        "api_count renamed api_calls in the AEI api_usage_by_task table; stage it",
        "fails showing the file's own header and every accepted name; nothing recorded or written",
        f"exit {proc.returncode}; file's header shown: {shown}; accepted names {list(COUNT_ALIASES)} shown: "
        f"{names}; recorded: {recorded}; output: {(wd / target).exists()}",
        proc.returncode != 0 and shown and names and not recorded and not (wd / target).exists(),
    )


def _user_rows(s: Suite, n: int = 40) -> list[tuple[str, str]]:
    import numpy as np
    import pandas as pd

    xw = s.reference / s.results / "crosswalk"
    mapping = pd.read_parquet(xw / "onet_to_oews.parquet")
    base = pd.read_parquet(xw / "weighting_base.parquet")
    codes = mapping[mapping["oews_code"].isin(base["oews_code"])]["onet_soc_code"].drop_duplicates().head(n)
    return [(c, f"{v:.3f}") for c, v in zip(codes, np.linspace(0.05, 0.95, len(codes)))]


def case_user_csv(s: Suite) -> None:
    """Defect 3: the user exposure CSV is validated row by row, or an explicit choice is made."""
    rows = _user_rows(s)
    wd = s.copy_reference("user-csv")
    measure = wd / s.results / "exposure" / "measures" / "user.parquet"

    def run(name: str, data: list[tuple[str, str]], **options):
        path = wd.parent / f"{name}.csv"
        path.write_text("code,score\n" + "".join(f"{c},{v}\n" for c, v in data))
        user = {"path": str(path), "code_column": "code", "value_column": "score", **options}
        measures = [*s.cfg["exposure"]["measures"], "user"]
        over = s.overlay(wd, s.mirror, name=name, exposure={"measures": measures, "user_csv": user})
        return path, s.smk(wd, [str(measure.relative_to(wd))], configs=[over])

    def edited(i: int, row: tuple[str, str]) -> list[tuple[str, str]]:
        return [row if j == i else r for j, r in enumerate(rows)]

    faults = [
        ("above-one", "a value of 1.7 (scale as_is)", edited(3, (rows[3][0], "1.7")), "score", "[0, 1]"),
        ("duplicate", "a code repeated with another value", edited(3, (rows[2][0], "0.999")), "code", "each code once"),
        ("text", "the value 'high'", edited(3, (rows[3][0], "high")), "score", "a number"),
        ("unknown", "the code 99-9999 (no OEWS occupation)", edited(3, ("99-9999", rows[3][1])), "code", "maps to"),
    ]
    for name, what, data, column, expected in faults:
        path, proc = run(name, data)
        o = text(proc)
        named = str(path) in o and f"column {column!r}" in o and "row 5" in o and expected in o
        s.check(
            f"user exposure CSV with {what}",
            f"refused naming file, column {column!r}, row 5 and '{expected}'",
            f"exit {proc.returncode}; named: {named}; output written: {measure.exists()}",
            proc.returncode != 0 and named and not measure.exists(),
        )
    data = rows + [("99-9999", "0.5"), (rows[0][0], "0.5")]
    _, proc = run("choices", data, duplicates="mean", unknown_codes="drop")
    cov = json.loads(read_metadata(measure)["user_csv_coverage"]) if measure.exists() else {}
    s.check(
        "both faults with the explicit choices duplicates: mean, unknown_codes: drop",
        "runs; 1 repeat collapsed and 1 unknown code dropped, recorded in the parquet metadata",
        f"exit {proc.returncode}; coverage: collapsed {cov.get('duplicate_rows_collapsed')}, dropped "
        f"{cov.get('unknown_codes_dropped')} {cov.get('unknown_codes_examples')}",
        proc.returncode == 0
        and cov.get("duplicate_rows_collapsed") == 1
        and cov.get("unknown_codes_examples") == ["99-9999"],
    )


def case_name_resolution(s: Suite) -> None:
    """Defect 5: a host name that does not resolve fails at once, with the offline advice."""
    wd = s.workdir("name-resolution")
    sources = wd.parent / "sources.yaml"
    registry = (ROOT / "config" / "sources.yaml").read_text()
    assert "https://www.bls.gov/oes/" in registry
    sources.write_text(registry.replace("https://www.bls.gov/oes/", "https://www.bls.invalid/oes/"))
    backoff = 30
    over = s.overlay(wd, None, sources=str(sources), download={"retries": 3, "backoff_s": backoff})
    target = f"resources/raw/{DATASET}/{s.files['oews/2024'].relpath}"
    t0 = time.monotonic()
    proc = s.smk(wd, [target], configs=[over])
    took = time.monotonic() - t0
    logs = "".join(p.read_text() for p in (wd / s.results / "logs" / "acquire").glob("*.log"))
    stamps = [
        time.strptime(m, "%H:%M:%S") for m in re.findall(r"^(\d\d:\d\d:\d\d) ", logs, re.M)
    ]  # the download job's first and last log lines
    job_s = (time.mktime(stamps[-1]) - time.mktime(stamps[0])) if len(stamps) >= 2 else None
    ok = (
        proc.returncode != 0
        and "'www.bls.invalid' does not resolve" in logs
        and "raw_mirror" in logs
        and "retrying" not in logs
        and job_s is not None
        and job_s < backoff
    )
    s.check(
        f"download May 2024 from an unresolvable host (www.bls.invalid; retries 3, backoff {backoff} s)",
        f"fails at once (no retry, < {backoff} s) saying the host does not resolve, with the raw_mirror advice",
        f"exit {proc.returncode}; 'does not resolve': {'does not resolve' in logs}; retried: "
        f"{'retrying' in logs}; download job {job_s} s (whole run {took:.0f} s)",
        ok,
    )


def case_workbooks(s: Suite) -> None:
    """Truncated, empty, wrong-sheet and duplicated-key OEWS workbooks, one per year, staged
    in one run (--keep-going); then the good files restored."""
    wd = s.workdir("workbooks")
    mirror = s.mirror_copy(wd)
    over = s.overlay(wd, mirror)
    path = {y: s.mirror_file(mirror, f"oews/{y}") for y in YEARS}
    good = {y: p.read_bytes() for y, p in path.items()}
    path[2021].write_bytes(good[2021][: len(good[2021]) // 2])
    path[2022].write_bytes(b"")
    sheet, rows = sheet_rows(path[2023])
    write_xlsx(path[2023], "Sheet1", rows)
    sheet, rows = sheet_rows(path[2024])
    dup = list(rows[5])
    dup[rows[0].index("TOT_EMP")] = 999
    write_xlsx(path[2024], sheet, [*rows, dup])
    faults = {
        2021: ("cut to half its bytes (truncated)", "expected a readable .xlsx workbook", "cut short"),
        2022: ("an empty file (0 bytes)", "expected a readable .xlsx workbook", "an empty file (0 bytes)"),
        2023: ("its sheet renamed 'Sheet1'", "expected a worksheet named like", "sheets ['Sheet1']"),
        2024: (
            f"row 6 ({rows[5][rows[0].index('OCC_CODE')]}) repeated with another TOT_EMP",
            "column 'OCC_CODE', row",
            "again (first at row 6)",
        ),
    }
    targets = [s.staged(f"oews/{y}") for y in YEARS]
    proc = s.smk(wd, targets, "--keep-going", configs=[over])
    manifest = wd / "resources" / "raw" / "MANIFEST.json"
    rec = json.loads(manifest.read_text()) if manifest.exists() else {}
    for y, (what, expected, found) in faults.items():
        log = wd / s.results / "logs" / "stage" / "oews" / f"oews_{y}.log"
        msg = next((ln for ln in log.read_text().splitlines() if " ERROR " in ln), "") if log.exists() else ""
        named = f"national_M{y}_dl.xlsx" in msg and expected in msg and found in msg
        s.check(
            f"May {y} workbook {what}",
            "staging fails naming the file and what was expected; nothing recorded or written",
            (msg.split(" ERROR ailabor: ", 1)[-1][:160] + "..." if named else f"message: {msg or 'none'}")
            + f" | recorded: {s.record_key(f'oews/{y}') in rec}; output: {(wd / s.staged(f'oews/{y}')).exists()}",
            named and s.record_key(f"oews/{y}") not in rec and not (wd / s.staged(f"oews/{y}")).exists(),
        )
    s.check("the run as a whole", "fails (exit status 1)", f"exit {proc.returncode}", proc.returncode == 1)
    for y, p in path.items():
        p.write_bytes(good[y])
    proc = s.smk(wd, targets, configs=[over])
    ref = s.reference
    same = [y for y, t in zip(YEARS, targets) if (wd / t).exists() and (wd / t).read_bytes() == (ref / t).read_bytes()]
    s.check(
        "restore the four files; run again",
        "succeeds without hand edits; staged tables byte-identical to the reference",
        f"exit {proc.returncode}; identical: {same}; partial files: {leftovers(wd) or 'none'}",
        proc.returncode == 0 and same == YEARS and not leftovers(wd),
    )


def case_kill(s: Suite) -> None:
    """kill -9 mid-run, --unlock, rerun: the outputs are those of a clean run."""
    ref = s.reference
    wd = s.workdir("kill-9")
    over = s.overlay(wd, s.mirror)
    staged_dir = wd / s.results / "staged"
    incomplete = wd / ".snakemake" / "incomplete"
    proc = s.start(wd, CHAIN, configs=[over])

    def running():
        return len(list(staged_dir.rglob("*.parquet"))) >= 2 and incomplete.is_dir() and any(incomplete.iterdir())

    caught = wait_for(running, proc)
    n_staged = len(list(staged_dir.rglob("*.parquet")))
    n_running = len(list(incomplete.iterdir())) if incomplete.is_dir() else 0
    if caught:
        os.killpg(proc.pid, signal.SIGKILL)
    rc, _ = s.finish(proc)
    deadline = time.monotonic() + 10
    while (alive := processes_in(wd)) and time.monotonic() < deadline:
        time.sleep(0.1)
    locks = list((wd / ".snakemake" / "locks").glob("*"))
    s.check(
        "kill -9 to the run's process group once 2 tables are staged and a job runs",
        "every process of the run gone; its locks left behind",
        f"killed with {n_staged} tables staged and {n_running} job(s) running (exit {rc}); processes left: "
        f"{len(alive)}; lock files: {len(locks)}",
        caught and rc == -signal.SIGKILL and not alive and bool(locks),
    )
    partial = leftovers(wd)
    proc2 = s.smk(wd, CHAIN, configs=[over])
    s.check(
        "rerun before unlocking",
        "refused: the directory is locked",
        f"exit {proc2.returncode}; '{LOCKED}': {LOCKED in text(proc2)}",
        proc2.returncode != 0 and LOCKED in text(proc2),
    )
    unlock = s.smk(wd, (), "--unlock", configs=[over])
    proc3 = s.smk(wd, CHAIN, configs=[over])
    o = text(proc3)
    s.check(
        "snakemake --unlock, then rerun",
        "completes, redoing the job cut off",
        f"unlock exit {unlock.returncode}; rerun exit {proc3.returncode}, {jobs_run(o)} jobs"
        + ("" if proc3.returncode == 0 else "\n" + tail(o)),
        unlock.returncode == 0 and proc3.returncode == 0,
    )
    observed, same = same_as(snapshot(ref), snapshot(wd))
    s.check("compare every output with the clean reference run", "byte-identical", observed, same)
    after = leftovers(wd)
    s.check(
        "look for partial files (temporaries, unreadable parquet)",
        "none after the rerun",
        f"after the kill: {partial or 'none'}; after the rerun: {after or 'none'}",
        not after,
    )


def case_concurrent(s: Suite) -> None:
    """Two runs in one directory: the second is refused while the first holds its locks."""
    ref = s.reference
    n_raw = sum(1 for k in json.loads((ref / "resources/raw/MANIFEST.json").read_text()) if k.startswith(DATASET))
    wd = s.workdir("concurrent")
    over = s.overlay(wd, s.mirror)
    manifest = wd / "resources" / "raw" / "MANIFEST.json"
    locks = wd / ".snakemake" / "locks"
    first = s.start(wd, CHAIN, configs=[over])

    def staged_all_and_locked():
        # the first run has staged and recorded every raw file, a later job runs, and the
        # run holds its locks
        try:
            records = json.loads(manifest.read_text())
        except (OSError, ValueError):
            return False
        return len(records) >= n_raw and locks.is_dir() and any(locks.iterdir())

    caught = pause_outside_lock(first, staged_all_and_locked, manifest.with_suffix(".json.lock"))
    try:
        before = snapshot(wd)
        second = s.smk(wd, CHAIN, configs=[over])
        o = text(second)
        s.check(
            "a second run of the same targets in the same directory while the first runs (paused: "
            "SIGSTOP, so the overlap is certain)",
            "refused with Snakemake's lock error; changes nothing",
            f"first run caught holding its locks: {caught}; second: exit {second.returncode}, "
            f"'{LOCKED}': {LOCKED in o}; files changed: {differences(before, snapshot(wd)) or 'none'}",
            caught and second.returncode != 0 and LOCKED in o and snapshot(wd) == before,
        )
        other = s.overlay(wd, s.mirror, name="other", dataset=f"{DATASET}2")
        target = s.staged("oews/2024").replace(f"results/{DATASET}/", f"results/{DATASET}2/", 1)
        third = s.smk(wd, [target], configs=[over, other])
        same = (wd / target).exists() and _same_data(wd / target, ref / s.staged("oews/2024"))
        s.check(
            "meanwhile a run of another dataset (its own outputs) in the same directory",
            "not refused (Snakemake locks per file): completes, same data as the reference",
            f"exit {third.returncode}; staged May 2024 equal to the reference's: {same}",
            third.returncode == 0 and same,
        )
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(first.pid, signal.SIGCONT)
    rc, out = s.finish(first)
    observed, same = same_as(snapshot(ref), snapshot(wd))
    rec = json.loads(manifest.read_text())
    both = {k.split("/", 1)[0] for k in rec}
    s.check(
        "resume the first run",
        "completes; outputs byte-identical to the reference (a second clean run); both datasets recorded",
        f"exit {rc}; {observed}; datasets in the raw manifest: {sorted(both)}" + ("" if rc == 0 else "\n" + tail(out)),
        rc == 0 and same and both == {DATASET, f"{DATASET}2"},
    )


def _same_data(a: Path, b: Path) -> bool:
    import pandas as pd

    try:
        pd.testing.assert_frame_equal(pd.read_parquet(a), pd.read_parquet(b), check_exact=True)
    except AssertionError:
        return False
    return True


# sitecustomize for the fallback of the disk-full case: a real file-size limit (RLIMIT_FSIZE,
# writes past it fail with EFBIG) in the processes that run the jobs' scripts only: the fork
# server of the job workers (src/ailabor/jobs.py; its workers inherit the limit) and a script
# started in a fresh interpreter by Snakemake
FSIZE_LIMIT = """import os, resource, signal, sys
_cmd = " ".join(getattr(sys, "orig_argv", ()))
if "multiprocessing.forkserver" in _cmd or "/.snakemake/scripts/" in (sys.argv[0] if sys.argv else ""):
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    _limit = int(os.environ["RELIABILITY_FSIZE"])
    resource.setrlimit(resource.RLIMIT_FSIZE, (_limit, _limit))
"""


def _can_mount(tmp: Path) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = tmp / "mount-probe"
    probe.mkdir(exist_ok=True)
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", str(probe)], capture_output=True)
    if ok.returncode != 0:
        return False
    subprocess.run(["umount", str(probe)], check=True)
    return True


def case_disk_full(s: Suite) -> None:
    """A job's write fails for lack of space: a clear message and no partial output."""
    ref = s.reference
    wd = s.copy_reference("disk-full")
    over = wd.parent / "overlay.yaml"
    panel = wd / s.results / "panel"
    sizes = {p.name: p.stat().st_size for p in (ref / s.results / "panel").iterdir()}
    shutil.rmtree(panel)
    panel.mkdir()
    mode = s.enospc if s.enospc != "auto" else ("tmpfs" if _can_mount(s.tmp) else "rlimit")
    limit = max(sizes.values()) // 2
    env = {}
    if mode == "tmpfs":
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "tmpfs", str(panel)], check=True)
        how = f"a {TMPFS_SIZE}B tmpfs mounted over the job's output directory (ENOSPC)"
        expected_error = "No space left on device"
    else:
        # the limit applies to the job's script only (Snakemake itself writes larger files)
        site = wd.parent / "fsize-limit"
        site.mkdir()
        (site / "sitecustomize.py").write_text(FSIZE_LIMIT)
        env = {"PYTHONPATH": f"{site}{os.pathsep}{s.env['PYTHONPATH']}", "RELIABILITY_FSIZE": str(limit)}
        why = "--enospc rlimit" if s.enospc == "rlimit" else "no tmpfs: not root, or mount failed"
        how = f"a file-size limit of {limit} bytes on the job, RLIMIT_FSIZE (EFBIG; {why})"
        expected_error = "File too large"
    try:
        proc = s.smk(wd, ["panel_harmonise"], configs=[over], env=env)
        o = text(proc)
        log = wd / s.results / "logs" / "panel" / "harmonise.log"
        msg = next((ln for ln in log.read_text().splitlines() if " ERROR " in ln), "") if log.exists() else ""
        left = sorted(p.name for p in panel.iterdir()) if panel.is_dir() else []
        written = re.search(r"while writing (\S+)", msg)
        named = expected_error in msg and bool(written) and "/panel/" in written.group(1) and "free space" in msg
        s.check(
            f"rerun panel_harmonise (outputs {max(sizes.values()) // 1024} KiB max) with {how}",
            f"the job fails: '{expected_error}', the file named, 'free space and run again'; no file left "
            "in the output directory (no output, no temporary)",
            f"exit {proc.returncode}; '{expected_error}': {expected_error in msg}; file named: "
            f"{written.group(1).rsplit('/', 1)[1] if written else None}; 'free space': {'free space' in msg}; "
            f"files left: {left or 'none'}" + ("" if msg else "; no error logged: " + tail(o, 300)),
            proc.returncode != 0 and named and not left,
        )
    finally:
        if mode == "tmpfs":
            subprocess.run(["umount", str(panel)], check=True)
    proc = s.smk(wd, ["panel_harmonise"], configs=[over])
    observed, same = same_as(snapshot(ref), snapshot(wd))
    s.check(
        "space freed (tmpfs unmounted / no limit); run again",
        "completes; outputs byte-identical to the reference",
        f"exit {proc.returncode}; {observed}",
        proc.returncode == 0 and same,
    )


def case_scenario_split(s: Suite) -> None:
    src = (ROOT / "tests" / "integration" / "test_workflow.py").read_text()
    s.check(
        "defect 6: GE scenarios split per model",
        "checked by tests/integration/test_workflow.py (the demo run)",
        "test_ge_scenarios present" if "def test_ge_scenarios(" in src else "test_ge_scenarios missing",
        None if "def test_ge_scenarios(" in src else False,
    )


CASES: dict[str, tuple[Callable[[Suite], None], str]] = {
    "reference": (case_reference, "clean run of the chain the process-level cases compare with"),
    "failed-validation": (case_failed_validation, "defect 2: a file failing validation is never recorded"),
    "refused-update": (case_refused_update, "defect 1: a changed raw file stays refused until accepted"),
    "pinned-mirror": (case_pinned_mirror, "defect 5: a MANIFEST.tsv mismatch is reported as pinned"),
    "aei-missing-column": (case_aei_missing_column, "defect 4: a missing column shows the file's header"),
    "user-csv": (case_user_csv, "defect 3: user exposure CSV faults, or explicit choices"),
    "name-resolution": (case_name_resolution, "defect 5: an unresolvable host fails at once"),
    "scenario-split": (case_scenario_split, "defect 6: covered by the demo run's tests"),
    "workbooks": (case_workbooks, "truncated, empty, wrong-sheet and duplicated-key workbooks"),
    "kill-9": (case_kill, "kill -9 mid-run, --unlock, rerun"),
    "concurrent": (case_concurrent, "two runs in one directory at once"),
    "disk-full": (case_disk_full, "a job's write fails for lack of space"),
}


def run_case(s: Suite, name: str) -> Outcome:
    """Run one case; its checks, and the time it took (the reference run, when a case needs
    it first, gets a row of its own)."""
    outer = s.outcome
    outcome = Outcome(name)
    s.outcome = outcome
    t0 = time.monotonic()
    try:
        CASES[name][0](s)
    except Exception as exc:  # noqa: BLE001 - an unexpected error is a failed check, reported
        tb = traceback.format_exc().strip().splitlines()
        s.check("(the case raised)", "no error", f"{type(exc).__name__}: {exc} | {' | '.join(tb[-4:])}", False)
    outcome.seconds = time.monotonic() - t0
    s.outcome = outer
    if name == "reference":
        s.reference_outcome = outcome
    return outcome


def run_cases(s: Suite, names: Sequence[str]) -> list[Outcome]:
    out = []
    for name in names:
        made = s.reference_outcome
        o = run_case(s, name)
        ref = s.reference_outcome
        if ref is not made and name != "reference":  # the reference was made inside this case
            o.seconds -= ref.seconds
            out.append(ref)
        out.append(o)
        print(f"[{o.seconds:6.1f} s] {name}: {'ok' if o.ok else 'FAILED'}", file=sys.stderr, flush=True)
    return out


WIDTHS = (18, 38, 40, 52, 4, 6)


def table(outcomes: Sequence[Outcome]) -> str:
    head = ("case", "what is done", "expected", "observed", "pass", "s")
    lines = [_row(head), _row(tuple("-" * w for w in WIDTHS))]
    for o in outcomes:
        for i, c in enumerate(o.checks):
            mark = {True: "ok", False: "FAIL", None: "skip"}[c.ok]
            lines.append(
                _row(
                    (
                        o.case if i == 0 else "",
                        c.what,
                        c.expected,
                        c.observed,
                        mark,
                        f"{o.seconds:.1f}" if i == 0 else "",
                    )
                )
            )
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    wrapped = [textwrap.wrap(str(c), w) or [""] for c, w in zip(cells, WIDTHS)]
    height = max(len(w) for w in wrapped)
    out = []
    for i in range(height):
        out.append(" ".join((w[i] if i < len(w) else "").ljust(width) for w, width in zip(wrapped, WIDTHS)).rstrip())
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--only", nargs="+", choices=sorted(CASES), metavar="CASE", help="run only these cases")
    ap.add_argument("--keep", action="store_true", help="keep the temporary working directories")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    ap.add_argument(
        "--enospc",
        choices=["auto", "tmpfs", "rlimit"],
        default="auto",
        help="disk-full case: a tiny tmpfs (root), a file-size limit, or tmpfs when it can be mounted",
    )
    args = ap.parse_args(argv)
    if args.list:
        for name, (_, what) in CASES.items():
            print(f"{name:20s} {what}")
        return 0
    names = [n for n in CASES if not args.only or n in args.only]
    tmp = Path(tempfile.mkdtemp(prefix="ailabor-reliability-"))
    t0 = time.monotonic()
    try:
        suite = Suite(tmp, args.enospc)
        outcomes = run_cases(suite, names)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(table(outcomes))
    failed = [o.case for o in outcomes if not o.ok]
    print(
        f"\n{len(outcomes)} cases, {sum(len(o.checks) for o in outcomes)} checks, "
        f"{'failed: ' + ', '.join(failed) if failed else 'all passed'}; {time.monotonic() - t0:.0f} s"
        + (f"; working directories kept in {tmp}" if args.keep else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
