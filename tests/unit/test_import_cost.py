"""What a Snakemake script job loads before it computes: each script's module-level imports run in
a fresh interpreter, and the heavy stacks must stay out unless the job's kind needs them.

Every job starts a new interpreter, so an import at a module's top is paid by every job whose
script reaches that module (bench/importtime.py measures the seconds). Figures import pyplot only
when they draw, scipy.stats, statsmodels and linearmodels only inside the functions that fit, and
jobs that neither solve a model nor draw (staging, estimation, inference, tables, report) load no
scipy at all. A structural test, not a timing one: it fails when a top-level import drags a stack in.
"""

import ast
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SCRIPTS = ROOT / "workflow" / "scripts"
NEVER = ("matplotlib", "scipy.stats", "scipy.integrate", "statsmodels", "linearmodels")
NO_SCIPY = ("scipy",)


def loaded_by(script: str, watch: tuple[str, ...]) -> list[str]:
    """Which of ``watch`` are in sys.modules after running the module-level import statements of
    workflow/scripts/``script`` in a fresh interpreter (with this checkout's src first on the path)."""
    tree = ast.parse((SCRIPTS / script).read_text(encoding="utf-8"))
    imports = [ast.unparse(n) for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    assert any("ailabor" in s for s in imports), f"{script}: no ailabor import found"
    code = "\n".join(
        [*imports, "import json, sys", f"print(json.dumps([m for m in {list(watch)!r} if m in sys.modules]))"]
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "script",
    [
        "acquire_raw.py",
        "stage.py",
        "panel_harmonise.py",
        "exposure_measure.py",
        "estimation_corrected.py",
        "inference_chunk.py",
        "headlines.py",
        "results_summary.py",
        "manifest.py",
        "calibration_shock.py",
    ],
)
def test_jobs_that_neither_solve_nor_draw_load_no_scipy_and_no_plotting(script):
    assert loaded_by(script, NEVER + NO_SCIPY) == []


@pytest.mark.parametrize("script", ["estimation_figures.py", "exposure_figures.py", "rambachan_roth.py"])
def test_figure_jobs_load_neither_matplotlib_nor_statistics_at_import(script):
    # they draw, but import pyplot (through ailabor.figures.pyplot) only in the functions that do
    assert loaded_by(script, NEVER) == []


@pytest.mark.parametrize("script", ["ge_scenario.py", "bbz_run.py", "calibration_corrected.py"])
def test_solver_jobs_load_scipy_but_neither_plotting_nor_statistics(script):
    # a solver job may load scipy's solvers and integrators at import, never the plotting or the statistics stacks
    assert loaded_by(script, ("matplotlib", "scipy.stats", "statsmodels", "linearmodels")) == []


def test_the_check_sees_a_heavy_import(tmp_path, monkeypatch):
    # the probe itself: a script importing a module that pulls scipy.stats is caught
    (tmp_path / "probe.py").write_text("import json\nfrom ailabor.workflow import run\nimport scipy.stats\n")
    monkeypatch.setattr(sys.modules[__name__], "SCRIPTS", tmp_path)
    assert "scipy.stats" in loaded_by("probe.py", NEVER)
