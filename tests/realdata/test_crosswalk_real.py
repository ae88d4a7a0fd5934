"""Crosswalk and exposure on the real mirror (skipped without ../shared/data)."""

import pandas as pd
import pytest

from ailabor.crosswalk.onet_oews import onet_to_oews, totals, weighting_base
from ailabor.intake.readers.external import read_soc_crosswalk
from ailabor.intake.readers.oews import read_oews_national
from ailabor.intake.readers.onet import read_task_statements
from tests.conftest import SHARED, requires_shared

pytestmark = [requires_shared, pytest.mark.realdata]
REF = SHARED / "reference" / "legacy"

# spec REQ-PROC-05: O*NET 6-digit codes that OEWS publishes only as aggregates
AGGREGATES = {
    "13-1021": "13-1020",
    "13-1022": "13-1020",
    "13-1023": "13-1020",
    "13-2022": "13-2020",
    "13-2023": "13-2020",
    "21-1011": "21-1018",
    "21-1014": "21-1018",
    "25-2055": "25-2052",
    "25-2056": "25-2052",
    "25-9042": "25-9045",
    "25-9043": "25-9045",
    "29-2011": "29-2010",
    "29-2012": "29-2010",
    "31-1121": "31-1120",
    "31-1122": "31-1120",
    "39-7011": "39-7010",
    "39-7012": "39-7010",
    "51-2022": "51-2028",
    "51-2023": "51-2028",
    "53-1042": "53-1047",
    "53-1043": "53-1047",
    "53-1044": "53-1047",
}


@pytest.mark.parametrize("year", [2021, 2022, 2023, 2024, 2025])
def test_onet_to_oews_aggregates_every_soc2018_year(year):
    oews = read_oews_national(SHARED / "oews" / f"national_M{year}_dl.xlsx", year)
    statements = read_task_statements(SHARED / "onet/30.1/Task Statements.txt")
    m = onet_to_oews(
        statements["onet_soc_code"],
        oews,
        year,
        read_soc_crosswalk(SHARED / "other/soc_2010_to_2018_crosswalk_germanr.xlsx"),
    )
    by_soc = m.drop_duplicates("soc6").set_index("soc6")
    for soc6, code in AGGREGATES.items():  # every one is in O*NET 30.1
        assert soc6 in by_soc.index, (year, soc6)
        assert by_soc.loc[soc6, "oews_code"] == code and by_soc.loc[soc6, "mapping"] == "aggregate", (year, soc6)
    base, tot = weighting_base(oews), totals(oews)
    assert base["employment"].sum() <= tot["employment"] and base["wage_bill"].sum() <= tot["wage_bill"]


@pytest.mark.slow
def test_seed_matching_reproduces_the_seed_crosswalk(seed_reference_run):
    root = seed_reference_run / "crosswalk"
    rates = pd.read_csv(root / "match_rates.csv").set_index("measure")["value"]
    # spec REQ-DATA-01 and REQ-DATA-04
    assert rates["crosswalk rows"] == 2653
    assert rates["unique (occupation, task) pairs"] == 2615
    assert rates["tasks matched"] == 2111
    assert rates["ambiguous matched tasks (several occupations)"] == 97
    assert (rates["usage"], rates["usage matched"], rates["usage unmatched"]) == (857_653, 830_106, 27_547)
    assert (rates["crosswalk rows exact"], rates["crosswalk rows fuzzy"]) == (2534, 119)
    fuzzy = pd.read_csv(root / "fuzzy_matches.csv")
    assert fuzzy["match_score"].min() == pytest.approx(85.96491, abs=1e-4)
    assert len(pd.read_csv(root / "unmatched_tasks.csv")) == 140
    mine = pd.read_parquet(root / "legacy" / "crosswalk_with_wages.parquet")
    ref = pd.read_csv(REF / "processed_master_task_crosswalk_with_wages.csv")
    key = ["anthropic_task_description", "onet_soc_code", "onet_task_id"]
    j = ref.merge(mine, on=key, suffixes=("_ref", ""), how="outer", indicator=True)
    assert (j["_merge"] == "both").all() and len(j) == 2653
    for col in ("match_method", "n_candidate_socs", "soc_6digit"):
        assert (j[col + "_ref"].astype(str) == j[col].astype(str)).all(), col
    for col in ("api_usage_count", "split_weight", "match_score", "TOT_EMP", "A_MEAN"):
        pd.testing.assert_series_equal(
            j[col + "_ref"].astype(float), j[col].astype(float), check_names=False, rtol=1e-12
        )
    assert j["TOT_EMP"].isna().sum() == 73  # spec REQ-PROC-05: rows that truncation leaves without employment
    cov = pd.read_csv(seed_reference_run / "exposure" / "coverage_report.csv")
    assert {"AEI matching", "universe", "occupations", "employment"} <= set(cov["section"])
