"""Facts of the real public files in ../shared/data, read through the pipeline's readers.

Skipped when the mirror is absent. Expected values are from the data-and-econometrics spec
(REQ-DATA-02, REQ-DATA-03, REQ-DATA-01) and the data README.
"""

import csv

import pandas as pd
import pytest

from ailabor.intake.readers import aei, external, oews, onet
from ailabor.provenance import sha256_file
from tests.conftest import SHARED, requires_shared

pytestmark = [requires_shared, pytest.mark.realdata]


def manifest_rows():
    with open(SHARED / "MANIFEST.tsv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.fixture(scope="module")
def oews_years():
    years = [2014, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]
    return {y: oews.read_oews_national(SHARED / "oews" / f"national_M{y}_dl.xlsx", y) for y in years}


def test_mirror_files_match_their_manifest():
    rows = manifest_rows()
    assert len(rows) > 50
    used = [r for r in rows if r["local_path"].startswith(("oews/", "onet/30.1/", "aei/release", "other/"))]
    assert len(used) >= 40, len(used)  # the files the pipeline reads
    for r in used:
        assert sha256_file(SHARED / r["local_path"]) == r["sha256"], r["local_path"]


@pytest.mark.parametrize(
    "year, detailed, total_emp, mean_wage",
    [(2022, 830, 147_886_000, 61_900), (2023, 831, 151_853_870, 65_470), (2024, 831, 154_187_380, 67_920)],
)
def test_oews_published_totals(oews_years, year, detailed, total_emp, mean_wage):
    df = oews_years[year]
    assert (df["o_group"] == "detailed").sum() == detailed
    total = df[df["occ_code"] == "00-0000"].iloc[0]
    assert total["tot_emp"] == total_emp and total["a_mean"] == mean_wage


def test_oews_2024_wage_bill_and_markers(oews_years):
    det = oews_years[2024][oews_years[2024]["o_group"] == "detailed"]
    bill = (det["tot_emp"] * det["a_mean"]).sum()
    assert bill == pytest.approx(10.463e12, rel=5e-4)
    for year in (2022, 2023, 2024):
        d = oews_years[year]
        detailed = d[d["o_group"] == "detailed"]
        # five detailed occupations publish only hourly wages: A_MEAN '*'
        assert (detailed["a_mean_flag"] == "*").sum() == 5 and detailed.loc[
            detailed["a_mean_flag"] == "*", "hourly_only"
        ].all()
        assert not (d["a_mean_flag"] == "#").any()  # top-coding never hits the mean
    assert [(oews_years[y]["a_pct90_flag"] == "#").sum() for y in (2022, 2023, 2024)] == [57, 63, 72]


def test_oews_every_year_reads_and_keeps_markers(oews_years):
    for year, df in oews_years.items():
        assert not df.duplicated(["occ_code", "o_group"]).any()
        assert (df["o_group"] == "total").sum() == 1
        flags = [c for c in df.columns if c.endswith("_flag")]
        assert flags, f"{year}: the reader kept no marker columns"
        for c in flags:
            flagged = df[c].notna()
            assert df.loc[flagged, c[: -len("_flag")]].isna().all()
    assert (oews_years[2020]["tot_emp_flag"] == "**").sum() == 1
    assert (oews_years[2021]["mean_prse_flag"] == "*").sum() == 1
    # hybrid codes of May 2019-2020 (e.g. 15-1256 software developers and testers)
    det19 = set(oews_years[2019].loc[oews_years[2019]["o_group"] == "detailed", "occ_code"])
    det24 = set(oews_years[2024].loc[oews_years[2024]["o_group"] == "detailed", "occ_code"])
    assert "15-1256" in det19 and "15-1256" not in det24 and "15-1252" in det24
    # the 2018 mirror copy stores 0 for hourly-only annual wages: read as '*', not as a wage
    d18 = oews_years[2018]
    assert d18.loc[d18["hourly_only"], "a_mean"].isna().all()


def test_onet_30_1_task_statements():
    ts = onet.read_task_statements(SHARED / "onet/30.1/Task Statements.txt")
    assert len(ts) == 18_796
    typed = ts[ts["task_type"].notna()]
    assert len(typed) == 17_951 and (typed["task_type"] == "Core").sum() == 13_643
    assert typed["onet_soc_code"].nunique() == 894 and typed["onet_soc_code"].str[:7].nunique() == 774
    assert ts["onet_soc_code"].nunique() == 923
    xlsx = onet.read_task_statements(SHARED / "onet/30.1_excel/Task Statements.xlsx")
    pd.testing.assert_frame_equal(ts, xlsx)
    assert onet.read_release(SHARED / "onet/30.1/Read Me.txt")["release_date"] == "December 2025"
    assert onet.read_release(SHARED / "onet/29.1/Read Me.txt") == {
        "release": "29.1",
        "release_date": "November 2024",
        "synthetic": False,
    }


def test_onet_other_tables_both_releases():
    for rel in ("30.1", "29.1"):
        assert len(onet.read_occupation_data(SHARED / f"onet/{rel}/Occupation Data.txt")) == 1016
        jz = onet.read_job_zones(SHARED / f"onet/{rel}/Job Zones.txt")
        assert len(jz) == 923 and jz["job_zone"].between(1, 5).all()


def test_aei_tables():
    counts = aei.read_task_counts(SHARED / "aei/derived_IlanStrauss/api_usage_by_task.csv")
    tasks = counts[counts["is_task"]]
    assert len(tasks) == 2251 and tasks["count"].sum() == 857_653  # spec REQ-DATA-01
    pct = aei.read_task_pct(SHARED / "aei/release_2025_03_27/task_pct_v2.csv")
    assert len(pct) == 3365 and pct["pct"].sum() == pytest.approx(100, abs=0.01)
    assert len(aei.read_task_pct(SHARED / "aei/release_2025_02_10/onet_task_mappings.csv")) == 3514
    assert (
        len(aei.read_automation_augmentation(SHARED / "aei/release_2025_03_27/automation_vs_augmentation_by_task.csv"))
        == 3364
    )


def test_crosswalk_and_exposure_indices():
    xw = external.read_soc_crosswalk(SHARED / "other/soc_2010_to_2018_crosswalk_germanr.xlsx")
    assert len(xw) == 900
    assert set(xw.loc[xw["soc_2010"] == "15-1132", "soc_2018"]) == {"15-1252", "15-1253"}  # split in 2018
    felten = external.read_felten_aioe(SHARED / "other/felten_AIOE_DataAppendix.xlsx")
    assert len(felten) == 774 and felten.loc[felten["soc_code"] == "27-2031", "aioe"].iloc[0] == pytest.approx(
        -2.669758
    )
    el = external.read_eloundou(SHARED / "other/eloundou_occ_level.xlsx")
    assert len(el) == 923 and el["gpt4_beta"].between(0, 1).all()
