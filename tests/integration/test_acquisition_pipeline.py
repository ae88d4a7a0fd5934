"""Acquisition and staging through real Snakemake runs: the official download path against
a local HTTP server, and a malformed mirror file stopping the run cleanly."""

import copy
import dataclasses
import json
import shutil

import numpy as np
import pandas as pd
import pytest
import yaml

from ailabor.intake.readers import oews
from ailabor.intake.sources import raw_files
from ailabor.synthetic import SyntheticSpec, generate
from ailabor.synthetic.official import official_payloads, url_key
from tests.conftest import ROOT, SMALL, base_config, run_snakemake, sheet_rows, write_xlsx
from tests.httpserver import FileServer, localize

DEMO = str(ROOT / "config" / "demo.yaml")
# these tests are about acquisition and staging: every later stage is switched off (calibration
# and the GE models read no staged data, so they would otherwise run too)
ONLY_STAGING = {
    "staging": True,
    **{
        s: False
        for s in ("panel", "crosswalk", "exposure", "estimation", "calibration", "ge_bbz", "ge_ar", "ge_scenarios")
    },
}


@pytest.mark.slow
def test_official_download_path_end_to_end(tmp_path, registry):
    overlay = {
        **SMALL,
        "dataset": "dl",
        "raw_mirror": None,
        "synthetic": {"enabled": False, "occupations_per_major": 3},
        "stages": ONLY_STAGING,
    }
    cfg = base_config("demo.yaml", overlay)
    files = raw_files(cfg, registry)
    # synthetic files in their *download* formats (e.g. the authors' CSV for Eloundou et al.)
    as_downloaded = [dataclasses.replace(f, mirror_relpath=f.relpath) for f in files.values()]
    generate(SyntheticSpec(occupations_per_major=3), tmp_path / "origin", as_downloaded)
    payloads = official_payloads(tmp_path / "origin", as_downloaded)
    with FileServer(payloads) as srv:
        oews_zip = url_key(files["oews/2024"].archive_url)
        aei_csv = url_key(files["aei/raw_1p_api_2025_11"].url)
        srv.fail[oews_zip] = 1  # a 500 before success
        srv.truncate[aei_csv] = 1  # a truncated body before success
        reg = tmp_path / "sources.yaml"
        reg.write_text(yaml.safe_dump(localize(registry, srv.base)))
        over = tmp_path / "overlay.yaml"
        over.write_text(yaml.safe_dump({**overlay, "sources": str(reg), "download": {"backoff_s": 0.01, "retries": 2}}))
        wd = tmp_path / "wd"
        wd.mkdir()
        run_snakemake(wd, "--configfile", DEMO, str(over))
        onet_zip = url_key(files["onet/30.1/task_statements"].archive_url)
        assert srv.hits(onet_zip) == 1  # one download serves every O*NET member
        assert srv.hits(oews_zip) == 2 and srv.hits(aei_csv) == 2
        assert all(h["User-Agent"].startswith("ailabor/") for _, h in srv.requests)
        dry = run_snakemake(wd, "-n", "--configfile", DEMO, str(over))
        assert "Nothing to be done" in dry.stdout + dry.stderr
    record = json.loads((wd / "resources/raw/MANIFEST.json").read_text())
    assert "dl/_archives/oesm24nat.zip" in record and "dl/oews/national_M2024_dl.xlsx" in record
    assert record["dl/oews/national_M2024_dl.xlsx"]["source"].endswith("#oesm24nat/national_M2024_dl.xlsx")
    staged = next((wd / "results/dl").glob("*/staged/oews/oews_2024.parquet"))
    direct = oews.read_oews_national(tmp_path / "origin" / files["oews/2024"].relpath, 2024)
    pd.testing.assert_frame_equal(pd.read_parquet(staged), direct)
    assert next((wd / "results/dl").glob("*/staged/exposure_indices/eloundou_gpt.parquet")).exists()


@pytest.mark.slow
def test_malformed_mirror_file_stops_the_run_cleanly(tmp_path, small_synthetic):
    src, files, _ = small_synthetic
    mirror = tmp_path / "mirror"
    shutil.copytree(src, mirror)
    path = mirror / files["oews/2022"].mirror_relpath
    sheet, rows = sheet_rows(path)
    rows[9][rows[0].index("TOT_EMP")] = "twelve"
    write_xlsx(path, sheet, rows)
    over = tmp_path / "overlay.yaml"
    over.write_text(
        yaml.safe_dump(
            {
                **SMALL,
                "dataset": "bad",
                "raw_mirror": str(mirror),
                "synthetic": {"enabled": False, "occupations_per_major": 3},
                "stages": ONLY_STAGING,
            }
        )
    )
    wd = tmp_path / "wd"
    wd.mkdir()
    proc = run_snakemake(wd, "--configfile", DEMO, str(over), "--keep-going", check=False)
    assert proc.returncode != 0
    text = proc.stdout + proc.stderr
    assert "national_M2022_dl.xlsx, column 'TOT_EMP', row 10: expected a number" in text and "'twelve'" in text
    staged = wd / "results" / "bad"
    assert not list(staged.glob("*/staged/oews/oews_2022.parquet"))
    assert list(staged.glob("*/staged/oews/oews_2021.parquet"))  # the other years staged fine
    assert not list(staged.glob("*/staged/oews/.*tmp"))


@pytest.mark.slow
def test_user_files_through_a_sources_copy(tmp_path, small_synthetic, registry):
    """The route docs/data.md gives for supplying your own crosswalk or exposure index: the file
    in the mirror, a copy of config/sources.yaml naming it, and `sources:` pointing at the copy.
    Real Snakemake stages the user's CSVs through the official readers; a bad cell stops the run
    naming the user's file, column and row."""
    from ailabor.intake.readers import external

    src, files, _ = small_synthetic
    mirror = tmp_path / "mirror"
    shutil.copytree(src, mirror)
    (mirror / "user").mkdir()
    xw = external.read_soc_crosswalk(mirror / files["soc_crosswalk"].mirror_relpath)
    xw_csv = xw.set_axis(external.CROSSWALK_COLUMNS, axis=1)
    xw_csv.to_csv(mirror / "user" / "crosswalk.csv", index=False)
    el = external.read_eloundou(mirror / files["exposure_indices/eloundou_gpt"].mirror_relpath)
    mine = el.assign(gpt4_beta=el["gpt4_beta"] / 2).rename(
        columns={"onet_soc_code": "O*NET-SOC Code", "title": "Title"}
    )
    mine.to_csv(mirror / "user" / "my_index.csv", index=False)
    reg = copy.deepcopy(registry)
    reg["soc_crosswalk"]["mirror"] = "user/crosswalk.csv"
    reg["exposure_indices"]["my_index"] = {
        "release": "my own index",
        "url": "https://example.org/my_index.csv",
        "mirror": "user/my_index.csv",
        "format": "eloundou",
        "sha256": None,
    }
    (tmp_path / "sources.yaml").write_text(yaml.safe_dump(reg))
    over = tmp_path / "overlay.yaml"
    over.write_text(
        yaml.safe_dump(
            {
                **SMALL,
                "dataset": "own",
                "vintage": "v",
                "raw_mirror": str(mirror),
                "sources": str(tmp_path / "sources.yaml"),
                "synthetic": {"enabled": False, "occupations_per_major": 3},
                "exposure_indices": ["felten_aioe", "eloundou_gpt", "my_index"],
                "stages": ONLY_STAGING,
            }
        )
    )
    targets = ["results/own/v/staged/soc_crosswalk.parquet", "results/own/v/staged/exposure_indices/my_index.parquet"]
    wd = tmp_path / "wd"
    wd.mkdir()
    run_snakemake(wd, *targets, "--configfile", DEMO, str(over))
    pd.testing.assert_frame_equal(pd.read_parquet(wd / targets[0]), xw)
    staged = pd.read_parquet(wd / targets[1])
    np.testing.assert_allclose(staged["gpt4_beta"], el["gpt4_beta"] / 2)
    # a malformed code in the user's crosswalk (row 5 of the file: header = row 1); a fresh
    # working directory, since a changed file in a used one first asks to accept the update
    xw_csv.iloc[3, 2] = "15-11"
    xw_csv.to_csv(mirror / "user" / "crosswalk.csv", index=False)
    wd2 = tmp_path / "wd2"
    wd2.mkdir()
    proc = run_snakemake(wd2, targets[0], "--configfile", DEMO, str(over), check=False)
    text = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "user/crosswalk.csv, column '2018 SOC Code', row 5: expected a 6-digit SOC code like 15-1252" in text, text[
        -3000:
    ]
    assert not (wd2 / targets[0]).exists()
