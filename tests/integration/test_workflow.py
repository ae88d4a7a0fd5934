"""Real Snakemake runs of the workflow on synthetic data."""

import json
import subprocess

import pytest

from ailabor.provenance import read_metadata
from ailabor.workflow import job_counts
from tests.conftest import BIN, ROOT, run_snakemake

DEMO = str(ROOT / "config" / "demo.yaml")


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
    lint = subprocess.run([str(BIN / "snakemake"), "--lint", "--configfile", DEMO], cwd=ROOT, capture_output=True, text=True)
    assert lint.returncode == 0 and "Congratulations" in lint.stdout + lint.stderr, lint.stdout + lint.stderr
    fmt = subprocess.run([str(BIN / "snakefmt"), "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def small_bbz(wd) -> str:
    """Overlay: a few BBZ experiments and the GE scenarios of one exposure measure (the full
    catalogue and every measure run in CI's `make demo`)."""
    f = wd / "bbz.yaml"
    f.write_text("ge:\n  bbz:\n    experiments: [S1, T2, F10]\n  scenarios:\n    measures: [fractional_im]\n")
    return str(f)


@pytest.mark.slow
def test_demo_end_to_end_reproducible_and_idempotent(tmp_path):
    runs = []
    for name in ("first", "second"):
        wd = tmp_path / name
        wd.mkdir()
        run_snakemake(wd, "--configfile", DEMO, small_bbz(wd))
        runs.append(wd)
    manifests = [sorted((wd / "results" / "demo").glob("*/manifest.json")) for wd in runs]
    assert len(manifests[0]) == 1, manifests
    first = json.loads(manifests[0][0].read_text())
    second = json.loads(manifests[1][0].read_text())
    assert first == second  # identical outputs, byte for byte (sha256 of every file)
    parquet = [e for e in first["outputs"] if e["path"].endswith(".parquet")]
    assert parquet, "the demo wrote no parquet"
    root = manifests[0][0].parent
    for entry in parquet:
        meta = read_metadata(root / entry["path"])
        assert {"pipeline_version", "git_commit", "config_hash", "inputs", "vintages", "packages", "spec_mode"} <= set(meta)
    # a second call right after has nothing to do
    dry = run_snakemake(runs[0], "-n", "--configfile", DEMO, small_bbz(runs[0]))
    assert "Nothing to be done" in dry.stdout + dry.stderr
    check_report(runs[0], root)  # before check_calibration, whose failing run removes that job's outputs
    check_bbz(root)
    check_ar_and_scenarios(root)
    check_calibration(root, runs[0])


def check_bbz(root):
    """BBZ experiments are targets with paths, summaries and figures for both methods."""
    import pandas as pd

    for exp in ("S1", "T2", "F10"):
        for method in ("lin", "nl"):
            d = root / "ge" / "bbz" / exp / method
            summary = json.loads((d / "summary.json").read_text())
            assert pd.read_parquet(d / "path.parquet").shape[0] > 0
            assert (root / "figures" / f"bbz_{exp}_{method}.png").stat().st_size > 10_000
            if exp == "T2":
                assert len(summary["table"]) == 20
                continue
            for run in summary["runs"]:
                assert run["status"] == "ok" and run["converged"], run
                assert {"wage_trough_pct", "low_wage_phase_end", "ev_capitalists_pct", "transfer_pv_pct_gdp"} <= set(run)
                assert {"w_pct", "w_s_pct", "gdp_pct", "K_pct", "Z_pct", "labour_share"} <= set(run["long_run"])
    cs = pd.read_csv(root / "ge" / "bbz" / "comparative_statics.csv")
    assert (cs["abs_error"] < 1e-6).all()


def check_ar_and_scenarios(root):
    """A-R stage outputs, and one GE scenario per calibration shock of the selected measure plus
    the seed's legacy shock, each mapped so that both models see the shock's displacement share."""
    import pandas as pd

    ar = root / "ge" / "ar"
    cs = pd.read_csv(ar / "comparative_statics.csv")
    assert len(cs) > 30 and (cs["abs_error"] < 1e-6).all()
    bgp = pd.read_csv(ar / "bgp.csv")
    assert bgp["n_D"].notna().any() and bgp.loc[bgp["n_D"].notna(), "stable"].all()
    tr = json.loads((ar / "transition.json").read_text())
    assert tr["converged"] and tr["impact_dlnW"] < 0 < tr["lr_dlnW"]  # short-run fall, long-run gain (spec §3A.5)
    for f in ("ar_static_allocation", "ar_value_curves", "ar_wage_thresholds", "ar_technology", "ar_transition", "ge_scenarios_overview"):
        assert (root / "figures" / f"{f}.png").stat().st_size > 10_000, f
    shocks = pd.read_parquet(root / "calibration" / "shocks" / "fractional_im.parquet")
    table = pd.read_csv(root / "ge" / "scenarios" / "summary.csv")
    assert sorted(table.loc[table["measure"] == "fractional_im", "scenario"]) == sorted(shocks["scenario"])
    assert (table["measure"] == "seed exposure").sum() == 1  # the legacy shock, side by side
    for row in table.itertuples(index=False):
        m = "legacy" if row.measure == "seed exposure" else row.measure
        s = json.loads((root / "ge" / "scenarios" / m / row.scenario / "summary.json").read_text())
        assert s["ar"]["mapping"]["check_D"] == pytest.approx(row.D, abs=1e-8)
        assert s["ar"]["converged"]
        if s["bbz"]["status"] != "failed":
            assert s["bbz"]["mapping"]["check_D"] == pytest.approx(row.D, abs=1e-10)
        assert (root / "figures" / f"ge_scenario_{m}_{row.scenario}.png").stat().st_size > 10_000
        tornado = pd.read_csv(root / "ge" / "scenarios" / m / row.scenario / "tornado.csv")
        assert set(tornado["model"]) == {"ar", "bbz"} and (tornado["status_low"] == "ok").all()
        assert (root / "figures" / f"ge_tornado_{m}_{row.scenario}.png").stat().st_size > 10_000
    # response curves: one grid, both models, every headline monotone, the impact cap located
    curves = pd.read_csv(root / "ge" / "response" / "curves.csv")
    assert set(curves["model"]) == {"ar", "bbz"} and (curves["status"] == "ok").all()
    facts = pd.read_csv(root / "ge" / "response" / "mapping.csv").set_index("key")["value"]
    assert facts["monotone"] == 1 and 0 < facts["ar_impact_cap_D"] < 0.6
    assert (root / "figures" / "ge_response_curves.png").stat().st_size > 10_000
    # uncertainty: every configured draw, bands with the central path, a figure per scenario
    draws = pd.read_parquet(root / "ge" / "uncertainty" / "draws.parquet")
    assert draws["draw"].nunique() == 24 and (draws["bbz_status"] == "ok").all()
    cont = pd.read_csv(root / "ge" / "uncertainty" / "containment.csv")
    assert draws["ar_labour_share_initial"].notna().all() and draws["ar_n0"].notna().all()  # the initial economy of each draw
    # the central path (the centre of the draw design) is at least as typical of the draws as a draw is (about 0.9 inside a
    # 5-95% band, computed from the draws themselves) and sits in the middle half of the draws at the median date
    assert len(cont) == 6 and (cont["inside_share"] >= cont["draw_inside_share"] - 1e-12).all(), cont
    assert cont["rank_median"].between(0.25, 0.75).all(), cont
    assert (root / "figures" / "ge_uncertainty_upper_bound.png").stat().st_size > 10_000


def check_report(wd, root):
    """`snakemake --report` builds a self-contained HTML report in which every figure of the run
    appears, grouped by stage, and every file it references exists and is embedded."""
    import re

    report = root / "report.html"
    run_snakemake(wd, "--report", str(report.relative_to(wd)), "--configfile", DEMO, small_bbz(wd))
    html = report.read_text()
    referenced = set(re.findall(r'"(results/demo/[^"]+\.(?:png|csv|md))": \{', html))
    assert referenced, "the report references no result"
    for f in referenced:
        assert (wd / f).is_file(), f"the report references {f}, which does not exist"
    figures = {str(p.relative_to(wd)) for p in (root / "figures").glob("*.png")}
    assert figures and figures <= referenced, sorted(figures - referenced)
    for f in figures:  # embedded, not linked
        assert f"filename={f.rsplit('/', 1)[1]};base64," in html, f
    for category in ("0. Headlines", "3. Exposure", "4. Econometrics", "5. Calibration", "7. GE: Acemoglu-Restrepo"):
        assert category in html, category
    summary = (root / "results_summary.md").read_text()
    assert "| seed headline |" in summary and "Data vintages:" in summary


def check_calibration(root, wd):
    """Calibration outputs of the demo; a parameter change reruns only what depends on it;
    an unstable Bhaduri-Marglin calibration stops the run with the reason."""
    import pandas as pd

    h = pd.read_csv(root / "headline_comparison.csv")
    for w in ("-8.01%", "+32.05%", "-44.21%", "24.04%", "22.27%", "$2.8T", "-0.014", "+1.50"):
        assert h["headline"].str.startswith(w).sum() == 1, w
    mc = pd.read_parquet(root / "calibration" / "sensitivity" / "kaleckian" / "monte_carlo.parquet")
    assert mc["draw"].tolist() == list(range(len(mc)))
    overlay = wd / "c_w.yaml"
    overlay.write_text("calibration:\n  kaleckian: {c_w: 0.75, c_pi: 0.40}\n")
    dry = run_snakemake(wd, "-n", "--configfile", DEMO, small_bbz(wd), str(overlay))
    jobs = job_counts(dry.stdout + dry.stderr)
    # harmonised B-M saving depends on c_w, A-R does not; nothing upstream reruns
    assert jobs["calibration_sensitivity"] == 2 and jobs["calibration_monte_carlo_summary"] == 2, jobs
    assert not any(j.startswith(("estimation", "exposure", "panel", "crosswalk", "stage", "calibration_shock")) for j in jobs), jobs
    unstable = wd / "unstable.yaml"
    unstable.write_text("calibration:\n  bhaduri_marglin: {g_u: 0.2}\n")
    target = str((root / "calibration" / "corrected" / "fractional_im" / "results.parquet").relative_to(wd))
    proc = run_snakemake(wd, target, "--configfile", DEMO, small_bbz(wd), str(unstable), check=False)
    assert proc.returncode != 0
    assert "Keynesian stability fails at the baseline" in proc.stdout + proc.stderr
