"""Real Snakemake runs of the workflow on synthetic data. The end-to-end checks (marked slow) each
read the session's demo run (``demo_run``, tests/integration/conftest.py), so one failing check
does not hide the others."""

import json
import os
import re
import subprocess

import pandas as pd
import pytest

from ailabor.provenance import read_metadata
from ailabor.workflow import job_counts
from tests.conftest import BIN, ROOT, run_snakemake
from tests.integration.conftest import DEMO, run_demo


def test_bad_config_stops_the_run_naming_the_key(tmp_path):
    proc = run_snakemake(tmp_path, "-n", "--configfile", DEMO, "--config", "datset=x", check=False)
    assert proc.returncode != 0
    assert "unknown config key 'datset'" in proc.stdout + proc.stderr


def test_wrong_type_in_overlay_file_is_reported(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("oews:\n  years: 2024\n")
    proc = run_snakemake(tmp_path, "-n", "--configfile", DEMO, str(bad), check=False)
    assert proc.returncode != 0
    assert "config key 'oews.years': expected a list, got int 2024" in proc.stdout + proc.stderr


def test_lint_and_format_are_clean():
    lint = subprocess.run(
        [str(BIN / "snakemake"), "--lint", "--configfile", DEMO], cwd=ROOT, capture_output=True, text=True
    )
    assert lint.returncode == 0 and "Congratulations" in lint.stdout + lint.stderr, lint.stdout + lint.stderr
    fmt = subprocess.run([str(BIN / "snakefmt"), "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    for cmd in (["ruff", "check", "."], ["ruff", "format", "--check", "."]):
        proc = subprocess.run([str(BIN / cmd[0]), *cmd[1:]], cwd=ROOT, capture_output=True, text=True)
        assert proc.returncode == 0, " ".join(cmd) + "\n" + proc.stdout[-4000:] + proc.stderr[-2000:]


# --- the demo end to end: reproducible, idempotent, with provenance -----------------------------


@pytest.mark.slow
def test_demo_is_reproducible(demo_run, tmp_path):
    """A second run in a fresh directory writes identical outputs, byte for byte. When the tests
    read CI's full demo (AILABOR_DEMO_WORKDIR), the second run covers the data stages only
    (staging, crosswalk, exposure, panel: the inputs of every model) to save a full rebuild; the
    SLURM test and the reliability suite compare further outputs of separate runs byte for byte."""
    if "AILABOR_DEMO_WORKDIR" not in os.environ:
        second = run_demo(tmp_path / "second")
        first_manifest = json.loads((demo_run.root / "manifest.json").read_text())
        second_manifest = json.loads((second.root / "manifest.json").read_text())
        assert first_manifest == second_manifest  # identical outputs, byte for byte (sha256 of every file)
        return
    wd = tmp_path / "second"
    wd.mkdir()
    stages = wd / "stages.yaml"
    stages.write_text(
        "stages: {estimation: false, calibration: false, ge_bbz: false, ge_ar: false, ge_scenarios: false}\n"
    )
    run_snakemake(wd, *demo_run.config_args, str(stages))
    first = {e["path"]: e["sha256"] for e in json.loads((demo_run.root / "manifest.json").read_text())["outputs"]}
    second_root = next((wd / "results" / "demo").glob("*/manifest.json")).parent
    second = {e["path"]: e["sha256"] for e in json.loads((second_root / "manifest.json").read_text())["outputs"]}
    assert len(second) > 30, sorted(second)
    differ = sorted(p for p, sha in second.items() if first.get(p) != sha)
    assert not differ, f"outputs of the data stages differ from the demo run's (or are missing there): {differ}"


@pytest.mark.slow
def test_demo_parquet_carries_provenance(demo_run):
    manifest = json.loads((demo_run.root / "manifest.json").read_text())
    parquet = [e for e in manifest["outputs"] if e["path"].endswith(".parquet")]
    assert parquet, "the demo wrote no parquet"
    for entry in parquet:
        meta = read_metadata(demo_run.root / entry["path"])
        assert {"pipeline_version", "git_commit", "config_hash", "inputs", "vintages", "packages", "spec_mode"} <= set(
            meta
        )


@pytest.mark.slow
def test_demo_rerun_has_nothing_to_do(demo_run):
    """A second call right after has nothing to do."""
    dry = demo_run.snakemake("-n")
    assert "Nothing to be done" in dry.stdout + dry.stderr


# --- the HTML report ----------------------------------------------------------------------------


@pytest.mark.slow
def test_demo_report(demo_run):
    """`snakemake --report` builds a self-contained HTML report in which every figure of the run
    appears, grouped by stage, and every file it references exists and is embedded."""
    wd, root = demo_run.workdir, demo_run.root
    report = root / "report.html"
    demo_run.snakemake("--report", str(report.relative_to(wd)))
    html = report.read_text()
    referenced = set(re.findall(r'"(results/demo/[^"]+\.(?:png|csv|md|html))": \{', html))
    assert referenced, "the report references no result"
    for f in referenced:
        assert (wd / f).is_file(), f"the report references {f}, which does not exist"
    figures = {str(p.relative_to(wd)) for p in (root / "figures").glob("*.png")}
    assert figures and figures <= referenced, sorted(figures - referenced)
    for f in figures:  # embedded, not linked
        assert f"filename={f.rsplit('/', 1)[1]};base64," in html, f
    for category in ("0. Headlines", "3. Exposure", "4. Econometrics", "5. Calibration", "7. GE: Acemoglu-Restrepo"):
        assert category in html, category
    # the paper tables as HTML pages, one per stage
    for stem in (
        "estimation/corrected/fractional_im/tables",
        "calibration/tables",
        "ge/ar/tables",
        "ge/scenarios/tables",
    ):
        assert str((root / f"{stem}.html").relative_to(wd)) in referenced, stem


@pytest.mark.slow
def test_demo_results_summary(demo_run):
    summary = (demo_run.root / "results_summary.md").read_text()
    assert "| seed headline |" in summary and "Data vintages:" in summary


# --- BBZ: experiments are targets with paths, summaries and figures for both methods ------------


def check_bbz_outputs(root, exp, method) -> dict:
    """The path and figure of one BBZ experiment and method; returns its summary."""
    d = root / "ge" / "bbz" / exp / method
    summary = json.loads((d / "summary.json").read_text())
    assert pd.read_parquet(d / "path.parquet").shape[0] > 0
    assert (root / "figures" / f"bbz_{exp}_{method}.png").stat().st_size > 10_000
    return summary


@pytest.mark.slow
@pytest.mark.parametrize("method", ["lin", "nl"])
@pytest.mark.parametrize("exp", ["S1", "F10"])
def test_bbz_transition_experiment(demo_run, exp, method):
    summary = check_bbz_outputs(demo_run.root, exp, method)
    assert summary["runs"], f"{exp}/{method} has no runs"
    for run in summary["runs"]:
        assert run["status"] == "ok" and run["converged"], run
        assert {"wage_trough_pct", "low_wage_phase_end", "ev_capitalists_pct", "transfer_pv_pct_gdp"} <= set(run)
        assert {"w_pct", "w_s_pct", "gdp_pct", "K_pct", "Z_pct", "labour_share"} <= set(run["long_run"])


@pytest.mark.slow
@pytest.mark.parametrize("method", ["lin", "nl"])
def test_bbz_threshold_table(demo_run, method):
    """T2 has no transition runs: its summary is the threshold table."""
    summary = check_bbz_outputs(demo_run.root, "T2", method)
    assert len(summary["table"]) == 20


@pytest.mark.slow
def test_bbz_comparative_statics(demo_run):
    cs = pd.read_csv(demo_run.root / "ge" / "bbz" / "comparative_statics.csv")
    assert (cs["abs_error"] < 1e-6).all()


# --- A-R and the GE scenarios -------------------------------------------------------------------


@pytest.mark.slow
def test_ar_stage(demo_run):
    """A-R stage outputs: comparative statics, balanced growth paths, the transition, figures."""
    root = demo_run.root
    ar = root / "ge" / "ar"
    cs = pd.read_csv(ar / "comparative_statics.csv")
    assert len(cs) > 30 and (cs["abs_error"] < 1e-6).all()
    bgp = pd.read_csv(ar / "bgp.csv")
    assert bgp["n_D"].notna().any() and bgp.loc[bgp["n_D"].notna(), "stable"].all()
    tr = json.loads((ar / "transition.json").read_text())
    assert tr["converged"] and tr["impact_dlnW"] < 0 < tr["lr_dlnW"]  # short-run fall, long-run gain (spec §3A.5)
    for f in (
        "ar_static_allocation",
        "ar_value_curves",
        "ar_wage_thresholds",
        "ar_technology",
        "ar_transition",
        "ge_scenarios_overview",
    ):
        assert (root / "figures" / f"{f}.png").stat().st_size > 10_000, f


@pytest.mark.slow
def test_ge_scenarios(demo_run):
    """One GE scenario per calibration shock of the selected measure plus the seed's legacy shock,
    each mapped so that both models see the shock's displacement share."""
    root = demo_run.root
    shocks = pd.read_parquet(root / "calibration" / "shocks" / "fractional_im.parquet")
    assert len(shocks) > 0, "no calibration shocks for fractional_im"
    table = pd.read_csv(root / "ge" / "scenarios" / "summary.csv")
    assert sorted(table.loc[table["measure"] == "fractional_im", "scenario"]) == sorted(shocks["scenario"])
    assert (table["measure"] == "seed exposure").sum() == 1  # the legacy shock, side by side
    bbz_mapped = 0
    for row in table.itertuples(index=False):
        m = "legacy" if row.measure == "seed exposure" else row.measure
        s = json.loads((root / "ge" / "scenarios" / m / row.scenario / "summary.json").read_text())
        assert s["ar"]["mapping"]["check_D"] == pytest.approx(row.D, abs=1e-8)
        assert s["ar"]["converged"]
        if s["bbz"]["status"] == "failed":  # no BBZ equilibrium for this shock: said why, A-R still runs
            assert s["bbz"]["message"], s["bbz"]
        else:
            assert s["bbz"]["mapping"]["check_D"] == pytest.approx(row.D, abs=1e-10)
            bbz_mapped += 1
        assert (root / "figures" / f"ge_scenario_{m}_{row.scenario}.png").stat().st_size > 10_000
        tornado = pd.read_csv(root / "ge" / "scenarios" / m / row.scenario / "tornado.csv")
        assert set(tornado["model"]) == {"ar", "bbz"} and (tornado["status_low"] == "ok").all()
        assert (root / "figures" / f"ge_tornado_{m}_{row.scenario}.png").stat().st_size > 10_000
    assert bbz_mapped > 0, "no scenario solved the BBZ model, so no BBZ mapping was checked"


@pytest.mark.slow
def test_ge_response_curves(demo_run):
    """Response curves: one grid, both models, every headline monotone, the impact cap located."""
    root = demo_run.root
    curves = pd.read_csv(root / "ge" / "response" / "curves.csv")
    assert set(curves["model"]) == {"ar", "bbz"} and (curves["status"] == "ok").all()
    facts = pd.read_csv(root / "ge" / "response" / "mapping.csv").set_index("key")["value"]
    assert facts["monotone"] == 1 and 0 < facts["ar_impact_cap_D"] < 0.6
    assert (root / "figures" / "ge_response_curves.png").stat().st_size > 10_000


@pytest.mark.slow
def test_ge_uncertainty(demo_run):
    """Uncertainty: every configured draw, bands with the central path, a figure per scenario."""
    root = demo_run.root
    draws = pd.read_parquet(root / "ge" / "uncertainty" / "draws.parquet")
    assert draws["draw"].nunique() == 24 and (draws["bbz_status"] == "ok").all()
    cont = pd.read_csv(root / "ge" / "uncertainty" / "containment.csv")
    # the initial economy of each draw
    assert draws["ar_labour_share_initial"].notna().all() and draws["ar_n0"].notna().all()
    # the central path (the centre of the draw design) is at least as typical of the draws as a
    # draw is (about 0.9 inside a 5-95% band, computed from the draws themselves) and sits in the
    # middle half of the draws at the median date
    assert len(cont) == 6 and (cont["inside_share"] >= cont["draw_inside_share"] - 1e-12).all(), cont
    assert cont["rank_median"].between(0.25, 0.75).all(), cont
    assert (root / "figures" / "ge_uncertainty_upper_bound.png").stat().st_size > 10_000


# --- calibration --------------------------------------------------------------------------------


@pytest.mark.slow
def test_calibration_outputs(demo_run):
    """The demo's headline comparison and the Kaleckian Monte Carlo draws."""
    root = demo_run.root
    h = pd.read_csv(root / "headline_comparison.csv")
    for w in ("-8.01%", "+32.05%", "-44.21%", "24.04%", "22.27%", "$2.8T", "-0.014", "+1.50"):
        assert h["headline"].str.startswith(w).sum() == 1, w
    mc = pd.read_parquet(root / "calibration" / "sensitivity" / "kaleckian" / "monte_carlo.parquet")
    assert mc["draw"].tolist() == list(range(len(mc)))


@pytest.mark.slow
def test_calibration_parameter_change_reruns_only_what_depends_on_it(demo_run, tmp_path):
    overlay = tmp_path / "c_w.yaml"
    overlay.write_text("calibration:\n  kaleckian: {c_w: 0.75, c_pi: 0.40}\n")
    dry = demo_run.snakemake("-n", overlays=(str(overlay),))
    jobs = job_counts(dry.stdout + dry.stderr)
    # harmonised B-M saving depends on c_w, A-R does not; nothing upstream reruns
    assert jobs["calibration_sensitivity"] == 2 and jobs["calibration_monte_carlo_summary"] == 2, jobs
    assert not any(
        j.startswith(("estimation", "exposure", "panel", "crosswalk", "stage", "calibration_shock")) for j in jobs
    ), jobs


@pytest.mark.slow
def test_bbz_setting_reruns_only_bbz_work_of_the_scenarios(demo_run, tmp_path):
    """A robot-model setting of the scenarios (issue 18, item 5): the BBZ job of every scenario
    and the cheap per-scenario summary rerun; the task-model (A-R) jobs do not."""
    overlay = tmp_path / "bbz.yaml"
    overlay.write_text("ge:\n  scenarios:\n    bbz_params: {sigma2: 1.8}\n")
    dry = demo_run.snakemake("-n", overlays=(str(overlay),))
    out = dry.stdout + dry.stderr
    jobs = job_counts(out)
    pairs = len(list(demo_run.root.glob("ge/scenarios/*/*/summary.json")))
    assert pairs and jobs.get("ge_scenario_model") == pairs and jobs.get("ge_scenario") == pairs, jobs
    assert ": bbz shock, path and tornado runs" in out and ": ar shock, path and tornado runs" not in out
    for rule in ("calibration_shock", "ar_static", "ar_transition", "exposure_measure", "estimation_corrected"):
        assert rule not in jobs, (rule, jobs)


@pytest.mark.slow
def test_unstable_bhaduri_marglin_stops_the_run(demo_copy):
    """An unstable Bhaduri-Marglin calibration stops the run with the reason (on a copy of the
    demo run: the failing job removes its outputs)."""
    unstable = demo_copy.workdir / "unstable.yaml"
    unstable.write_text("calibration:\n  bhaduri_marglin: {g_u: 0.2}\n")
    target = demo_copy.root / "calibration" / "corrected" / "fractional_im" / "results.parquet"
    proc = demo_copy.snakemake(str(target.relative_to(demo_copy.workdir)), overlays=(str(unstable),), check=False)
    assert proc.returncode != 0
    assert "Keynesian stability fails at the baseline" in proc.stdout + proc.stderr
