"""The demo run shared by the end-to-end tests: Snakemake runs config/demo.yaml (with a small BBZ
and scenario overlay) once per test session in a temporary working directory; every end-to-end
check reads that run, and a check that has to change a run (a failing job removes its outputs)
works on a copy of it (``demo_copy``).

Under pytest-xdist each worker builds its own run (session fixtures are per worker): run the slow
tests without ``-n``, as ``make test-slow`` does.

CI builds the full demo anyway (``make demo``). With ``AILABOR_DEMO_WORKDIR`` set to the working
directory of that finished run (the repository root there), the tests read it instead of building
their own: the fixture first checks, with Snakemake's own dry run, that the run is complete and
current for this checkout, and fails otherwise. ``demo_copy`` then copies only that run's files
(results, resources and Snakemake's records of the dataset), never the rest of the directory."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_snakemake

DEMO = str(ROOT / "config" / "demo.yaml")


@dataclass(frozen=True)
class DemoRun:
    """A finished demo run: its Snakemake working directory, its results root
    (``<workdir>/results/demo/<vintage>``) and the config arguments that made it."""

    workdir: Path
    root: Path
    config_args: tuple[str, ...]

    def snakemake(self, *args: str, overlays: tuple[str, ...] = (), check: bool = True):
        """Snakemake on this run: ``args`` (targets, -n, --report ...), then the run's own config,
        then further ``overlays`` files."""
        return run_snakemake(self.workdir, *args, *self.config_args, *overlays, check=check)


def small_bbz(wd: Path) -> str:
    """Overlay: a few BBZ experiments and the GE scenarios of one exposure measure (the full
    catalogue and every measure run in CI's `make demo`)."""
    f = wd / "bbz.yaml"
    f.write_text("ge:\n  bbz:\n    experiments: [S1, T2, F10]\n  scenarios:\n    measures: [fractional_im]\n")
    return str(f)


def results_root(wd: Path) -> Path:
    """The one results root of the demo run in ``wd`` (located by its manifest)."""
    manifests = sorted((wd / "results" / "demo").glob("*/manifest.json"))
    assert len(manifests) == 1, manifests
    return manifests[0].parent


def run_demo(wd: Path) -> DemoRun:
    """Run the demo (with the small BBZ overlay) in the fresh directory ``wd``."""
    wd.mkdir(parents=True)
    config_args = ("--configfile", DEMO, small_bbz(wd))
    run_snakemake(wd, *config_args)
    return DemoRun(wd, results_root(wd), config_args)


def reused_demo(workdir: Path) -> DemoRun:
    """The finished full demo run (config/demo.yaml alone) in ``workdir``, checked complete."""
    run = DemoRun(workdir, results_root(workdir), ("--configfile", DEMO))
    dry = run.snakemake("-n")
    assert "Nothing to be done" in dry.stdout + dry.stderr, (
        f"AILABOR_DEMO_WORKDIR={workdir}: the demo run there is not complete and current for this "
        f"checkout (run make demo there first):\n{(dry.stdout + dry.stderr)[-3000:]}"
    )
    return run


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory) -> DemoRun:
    """The demo run of this session. Tests read it and may add files beside it (the report) but
    never make Snakemake rerun or remove anything: use ``demo_copy`` for that."""
    if os.environ.get("AILABOR_DEMO_WORKDIR"):
        return reused_demo(Path(os.environ["AILABOR_DEMO_WORKDIR"]).resolve())
    return run_demo(tmp_path_factory.mktemp("demo") / "run")


# What a demo run owns in its working directory (a copy needs only these).
RUN_FILES = ("results/demo", "resources/raw/demo", "resources/raw/MANIFEST.json", "resources/synthetic/demo")


def copy_run(src: Path, dst: Path) -> None:
    """Copy a demo run's own files and Snakemake's records (timestamps kept), not the whole
    directory: a reused run lives in the repository root."""
    dst.mkdir(parents=True)
    for rel in RUN_FILES:
        if (src / rel).is_dir():
            shutil.copytree(src / rel, dst / rel, symlinks=True)
        elif (src / rel).is_file():
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / rel, dst / rel)
    for extra in src.glob("*.yaml"):  # overlay files written beside a test's own run
        shutil.copy2(extra, dst / extra.name)
    shutil.copytree(
        src / ".snakemake",
        dst / ".snakemake",
        symlinks=True,
        ignore=shutil.ignore_patterns("locks", "conda*", "singularity", "shadow", "log"),
    )


def _moved(arg: str, src: Path, dst: Path) -> str:
    """A config argument of a run in ``src`` as it is for its copy in ``dst``: a file of the run
    itself (an overlay written beside a test's own run) is the copy's; anything else (the
    repository's config/demo.yaml, also when the run lives in the repository root) stays."""
    path = Path(arg)
    if path.is_absolute() and path.is_relative_to(src) and (dst / path.relative_to(src)).exists():
        return str(dst / path.relative_to(src))
    return arg


@pytest.fixture
def demo_copy(demo_run, tmp_path) -> DemoRun:
    """A private copy of the demo run (timestamps and Snakemake's records kept, so it is as
    complete as the original: nothing to be done), for a test that changes the run."""
    wd = tmp_path / "run"
    copy_run(demo_run.workdir, wd)
    config_args = tuple(_moved(a, demo_run.workdir, wd) for a in demo_run.config_args)
    copy = DemoRun(wd, wd / demo_run.root.relative_to(demo_run.workdir), config_args)
    dry = copy.snakemake("-n")
    assert "Nothing to be done" in dry.stdout + dry.stderr, "the copy of the demo run is not complete"
    return copy
