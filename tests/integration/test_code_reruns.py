"""Reruns that follow code: editing a package module reruns exactly the jobs whose scripts
import it (the `code` param of every rule, ailabor.workflow.code_hash) and their dependants.

A copy of the workflow (Snakefile, rules, scripts, package, config) is pointed at a copy of the
finished demo run; a package module of the copy is edited, and Snakemake's own dry run says
which jobs it would run."""

import shutil
import subprocess

import pytest

from ailabor.workflow import job_counts
from tests.conftest import BIN, ROOT

# Rules whose scripts import ailabor.ge.bbz, and the rules downstream of them.
BBZ_RULES = {
    "bbz_run",
    "bbz_experiment",
    "bbz_table_T2",
    "bbz_tables_T2",
    "bbz_comparative_statics",
    "ge_scenario_model",
    "ge_scenario",
    "ge_scenarios_table",
    "ge_scenarios_tables",
    "ge_response_curve",
    "ge_response",
    "ge_uncertainty_chunk",
    "ge_uncertainty",
    "results_summary",
    "manifest",
    "all",
}
# Rules whose scripts import the Rambachan-Roth module, and the rules downstream of them.
HONEST_RULES = {"rambachan_roth", "estimation_tables", "results_summary", "manifest", "all"}

IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "results", "resources", ".snakemake", "__pycache__", "tests", "docs", "*.egg-info"
)


def dry_run(repo, demo_run):
    cmd = [
        str(BIN / "snakemake"),
        "-s",
        str(repo / "Snakefile"),
        "-d",
        str(demo_run.workdir),
        "--cores",
        "2",
        "-n",
        *demo_run.config_args,
    ]
    proc = subprocess.run(cmd, cwd=demo_run.workdir, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout + proc.stderr


@pytest.fixture
def copies(demo_copy, tmp_path):
    """(a copy of the workflow, a copy of the finished demo run)."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=IGNORE, symlinks=True)
    return repo, demo_copy


@pytest.mark.slow
def test_editing_a_package_module_reruns_exactly_its_jobs(copies):
    repo, run = copies
    out = dry_run(repo, run)
    assert "Nothing to be done" in out, out[-3000:]  # the copy hashes to the same code

    ces = repo / "src" / "ailabor" / "ge" / "bbz" / "ces.py"
    ces.write_text(ces.read_text() + "\n# an edit that changes no result\n")
    out = dry_run(repo, run)
    counts = job_counts(out)
    assert set(counts) == BBZ_RULES, sorted(counts)
    assert counts["bbz_run"] == len(list(run.root.glob("ge/bbz/*/*/runs/*.json")))  # every BBZ run, once
    assert "params have changed since last execution" in out.lower()  # the code param is the trigger

    ces.write_text(ces.read_text().replace("\n# an edit that changes no result\n", ""))
    assert "Nothing to be done" in dry_run(repo, run)  # back to the recorded code: nothing to do

    honest = repo / "src" / "ailabor" / "econometrics" / "honest.py"
    honest.write_text(honest.read_text() + "\n# an edit that changes no result\n")
    counts = job_counts(dry_run(repo, run))
    assert set(counts) == HONEST_RULES, sorted(counts)
    assert counts["rambachan_roth"] == len(run_measures(run))


def run_measures(run):
    """The exposure measures of the demo run (one Rambachan-Roth job each)."""
    return sorted(p.stem for p in (run.root / "exposure" / "measures").glob("*.parquet"))
