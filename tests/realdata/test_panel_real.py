"""The panel stage on the real OEWS files in ../shared/data (skipped without them)."""

import numpy as np
import pandas as pd
import pytest

from ailabor.intake.readers.external import read_soc_crosswalk
from ailabor.intake.readers.oews import read_oews_national
from ailabor.intake.readers.reference import read_seed_exposure
from ailabor.panel import build, harmonise, legacy
from ailabor.panel.inputs import window
from tests.conftest import SHARED, requires_shared

pytestmark = [requires_shared, pytest.mark.realdata]
YEARS = (2014, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025)
REF = SHARED / "reference" / "legacy"


@pytest.fixture(scope="module")
def real():
    oews = {y: read_oews_national(SHARED / "oews" / f"national_M{y}_dl.xlsx", y) for y in YEARS}
    xw = read_soc_crosswalk(SHARED / "other" / "soc_2010_to_2018_crosswalk_germanr.xlsx")
    return oews, xw


def test_checks_against_the_published_files(real):
    oews, xw = real
    codes, units = harmonise.harmonise_codes(oews, xw)
    panel = harmonise.harmonised_panel(oews, codes, units)
    chk = build.checks(oews, codes, panel).set_index("year")
    assert chk["detailed_codes"].to_dict() == {
        2014: 820,
        2017: 809,
        2018: 808,
        2019: 789,
        2020: 789,
        2021: 831,
        2022: 830,
        2023: 831,
        2024: 831,
        2025: 830,
    }
    assert chk.loc[2024, "all_occupations_employment"] == 154_187_380
    assert chk.loc[2022, "all_occupations_employment"] == 147_886_000
    # detailed rows add up to the all-occupations row (BLS rounds each to 10)
    assert (chk["detailed_employment_share"] > 0.9999).all()
    assert not panel.duplicated(["unit_code", "year"]).any()


def test_hybrid_and_aggregate_codes_are_harmonised(real):
    oews, xw = real
    codes, _ = harmonise.harmonise_codes(window(oews, 2019, 2025), xw)
    unit = codes.set_index(["year", "occ_code"])["unit_code"]
    assert unit[(2019, "15-1256")] == unit[(2024, "15-1252")] == unit[(2024, "15-1253")] == "15-1252+15-1253"
    assert unit[(2019, "13-1020")] == unit[(2024, "13-1020")] == "13-1020"
    assert unit[(2020, "29-1228")] == unit[(2024, "29-1229")]  # physicians, all other
    codes, _ = harmonise.harmonise_codes(window(oews, 2021, 2025), xw)
    assert (codes["rule"] == "same").all()
    codes, _ = harmonise.harmonise_codes(oews, xw)
    assert (codes["rule"] == "drop").sum() == 0
    unit = codes.set_index(["year", "occ_code"])["unit_code"]
    assert unit[(2014, "15-1111")] == unit[(2024, "15-1221")] == "15-1221"  # renumbered in SOC 2018


def test_balanced_2021_2024(real):
    oews, xw = real
    w = window(oews, 2021, 2024)
    codes, units = harmonise.harmonise_codes(w, xw)
    bal, excluded = build.balanced(harmonise.harmonised_panel(w, codes, units), 2021, 2024)
    reasons = dict(zip(excluded["unit_code"], excluded["reason"]))
    assert reasons["29-1024"] == "not published in May 2022"  # prosthodontists
    assert reasons["27-2011"].startswith("a_mean not available in May 2021 (flag '*')")  # actors: hourly only
    assert bal["unit_code"].nunique() + len(excluded) == len(units)


def test_legacy_wage_panel_is_the_seeds(real):
    oews, _ = real
    wages = legacy.wage_panel({y: oews[y] for y in (2022, 2023, 2024)})
    ref = pd.read_csv(REF / "processed_wage_panel_2022_2024.csv")
    pd.testing.assert_frame_equal(wages, ref, check_dtype=False, check_exact=True)


@pytest.mark.slow
def test_seed_did_panel_is_reproduced_by_the_pipeline(seed_reference_run):
    out = seed_reference_run / "panel" / "legacy" / "did_panel_2022_2024.parquet"
    mine = pd.read_parquet(out)
    ref = pd.read_csv(REF / "acemoglu_restrepo_did_panel_data.csv")
    assert len(mine) == 473 and int(mine["high_exposure"].sum()) == 236
    pd.testing.assert_frame_equal(mine, ref, check_dtype=False, check_exact=True)


def test_seed_exposure_reader_matches_the_file():
    seed = read_seed_exposure(REF / "acemoglu_restrepo_occupation_exposure.csv")
    assert len(seed) == 543
    assert seed["ai_exposure"].min() == pytest.approx(0.024077, abs=1e-6) and seed[
        "ai_exposure"
    ].max() == pytest.approx(0.830994, abs=1e-6)
    assert np.isclose(seed["ai_exposure"].mean(), 0.218230, atol=1e-6)
