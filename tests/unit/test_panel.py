"""Panel stage on synthetic OEWS files: harmonisation recovers the planted code changes."""

import numpy as np
import pandas as pd
import pytest

from ailabor.errors import InputError
from ailabor.intake.readers.external import read_soc_crosswalk
from ailabor.intake.readers.oews import read_oews_national
from ailabor.intake.readers.reference import read_seed_exposure
from ailabor.panel import build, harmonise, legacy
from ailabor.panel.inputs import window
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def staged(small_synthetic):
    out, files, truth = small_synthetic
    oews = {y: read_oews_national(out / files[f"oews/{y}"].mirror_relpath, y) for y in truth.parameters["years"]}
    xw = read_soc_crosswalk(out / files["soc_crosswalk"].mirror_relpath)
    return oews, xw, truth


def test_units_follow_the_planted_code_changes(staged):
    oews, xw, truth = staged
    codes, units = harmonise.harmonise_codes(oews, xw)
    occ = truth.occupations
    unit_of = codes.drop_duplicates(["occ_code", "unit_code"]).groupby("occ_code")["unit_code"].first()
    # every planted kind of code change is there to be checked
    assert {"split_2010", "merge_2010", "recode_2010", "oews_aggregate"} < set(occ["kind"]), set(occ["kind"])
    for r in occ.itertuples():
        if r.kind == "split_2010":  # one SOC 2010 code and one hybrid code -> combined unit
            pieces = "+".join(sorted(occ.loc[occ["group"] == r.group, "soc"]))
            assert unit_of[r.soc] == pieces and unit_of[r.group] == pieces
            assert unit_of[r.soc[:6] + "8"] == pieces
        elif r.kind == "merge_2010":  # two SOC 2010 codes summed into the 2018 code
            assert unit_of[r.soc[:6] + "3"] == unit_of[r.soc[:6] + "4"] == r.soc
        elif r.kind == "recode_2010":
            assert unit_of[r.soc[:6] + "9"] == r.soc
        elif r.kind == "oews_aggregate":  # published as the aggregate in every year
            assert unit_of[r.group] == r.group and r.soc not in unit_of.index
        else:
            assert unit_of[r.soc] == r.soc
    rules = codes.set_index(["year", "occ_code"])["rule"]
    split = occ.loc[occ["kind"] == "split_2010"].iloc[0]
    merge = occ.loc[occ["kind"] == "merge_2010"].iloc[0]
    assert rules[(2018, split["group"])] == "split" and rules[(2019, split["soc"][:6] + "8")] == "split"
    assert rules[(2024, split["soc"])] == "merge"
    assert rules[(2018, merge["soc"][:6] + "3")] == "merge"
    assert rules[(2018, occ.loc[occ["kind"] == "recode_2010", "soc"].iloc[0][:6] + "9")] == "recode"
    assert (codes["rule"] != "drop").all()


def test_harmonised_employment_adds_up_to_the_truth(staged):
    oews, xw, truth = staged
    codes, units = harmonise.harmonise_codes(oews, xw)
    panel = harmonise.harmonised_panel(oews, codes, units)
    assert panel["complete"].all()
    truth_emp = truth.panel.assign(emp=np.exp(truth.panel["ln_emp"]))
    atoms = units.set_index("unit_code")["atoms"].str.split("+")
    checked = 0
    for r in panel.sample(60, random_state=1).itertuples():
        if np.isnan(r.tot_emp):
            continue
        socs = set(atoms[r.unit_code])
        expected = truth_emp[(truth_emp["year"] == r.year) & truth_emp["soc"].isin(socs)]["emp"].sum()
        assert abs(r.tot_emp - expected) <= 10 * r.n_codes + 1e-6, (r.unit_code, r.year)
        checked += 1
    assert checked >= 55, checked  # employment is suppressed in few cells (none of these 60 today)
    merged = panel[panel["n_codes"] > 1]
    assert len(merged) and (merged["a_median_flag"] == "merged").all() and merged["a_median"].isna().all()
    # employment-weighted mean wage of the pieces
    m = merged[merged["a_mean"].notna()].iloc[0]
    det = oews[m.year][(oews[m.year]["o_group"] == "detailed") & oews[m.year]["occ_code"].isin(m.codes.split("+"))]
    assert m.a_mean == pytest.approx((det["a_mean"] * det["tot_emp"]).sum() / det["tot_emp"].sum())


def test_window_changes_the_harmonisation(staged):
    oews, xw, _ = staged
    codes, _ = harmonise.harmonise_codes(window(oews, 2021, 2024), xw)
    assert (codes["rule"] == "same").all()  # within SOC 2018 years nothing changes


def test_balanced_panel_and_reasons(staged):
    oews, xw, truth = staged
    codes, units = harmonise.harmonise_codes(oews, xw)
    panel = harmonise.harmonised_panel(oews, codes, units)
    bal, excluded = build.balanced(panel, 2018, 2024)
    years = sorted(y for y in oews if 2018 <= y <= 2024)
    assert (bal.groupby("unit_code")["year"].apply(sorted).map(lambda ys: ys == years)).all()
    assert bal["a_mean"].notna().all() and bal["tot_emp"].notna().all()
    reasons = dict(zip(excluded["unit_code"], excluded["reason"]))
    hourly = truth.occupations.loc[truth.occupations["hourly_only"], "soc"].iloc[0]
    assert reasons[hourly].startswith("a_mean not available in May 2018 (flag '*')")
    suppressed = truth.occupations.loc[
        (truth.occupations["major"] == "45") & (truth.occupations["kind"] == "plain"), "soc"
    ].iloc[0]
    assert reasons[suppressed] == "tot_emp not available in May 2020 (flag '**')"
    assert set(bal["unit_code"]) | set(excluded["unit_code"]) == set(panel["unit_code"])
    with pytest.raises(ValueError, match="no panel year"):
        build.balanced(panel, 2030, 2031)


def test_long_panel_and_checks(staged):
    oews, xw, _ = staged
    long = build.long_panel(oews)
    assert not long.duplicated(["occ_code", "o_group", "year"]).any()
    assert set(long["o_group"]) == {"total", "major", "minor", "broad", "detailed"}
    codes, units = harmonise.harmonise_codes(oews, xw)
    panel = harmonise.harmonised_panel(oews, codes, units)
    chk = build.checks(oews, codes, panel)
    assert list(chk["year"]) == sorted(oews)
    for r in chk.itertuples():
        assert r.detailed_codes == (oews[r.year]["o_group"] == "detailed").sum()
        assert (
            r.all_occupations_employment == oews[r.year].loc[oews[r.year]["occ_code"] == "00-0000", "tot_emp"].iloc[0]
        )
    with pytest.raises(InputError, match=r"unique \(unit_code, year\)"):
        build.checks(oews, codes, pd.concat([panel, panel.iloc[[0]]]))


def test_major_group_growth_annualises_gaps(staged):
    oews, _, _ = staged
    long = build.long_panel({y: oews[y] for y in (2018, 2021, 2022)})
    g = build.major_group_growth(long)
    row = g[(g["occ_code"] == "15-0000") & (g["year"] == 2021)].iloc[0]
    w = long[(long["occ_code"] == "15-0000")].set_index("year")["a_mean"]
    assert row.prev_year == 2018 and row.annual_growth == pytest.approx(np.log(w[2021] / w[2018]) / 3)


def test_legacy_panels_on_synthetic_files(small_synthetic, staged):
    out, files, _ = small_synthetic
    oews, _, _ = staged
    from ailabor.intake.sources import load_registry, single_file
    from ailabor.synthetic import SyntheticSpec, generate

    seed_file = single_file(load_registry(ROOT / "config/sources.yaml"), "seed_reference", "occupation_exposure", True)
    generate(
        SyntheticSpec(occupations_per_major=3), out, [seed_file, *[f for f in files.values() if f.family == "oews"]]
    )
    seed = read_seed_exposure(out / seed_file.mirror_relpath)
    wages = legacy.wage_panel({y: oews[y] for y in (2022, 2023, 2024)})
    assert "00-0000" not in set(wages["soc_code"]) and wages["year"].nunique() == 3
    assert (wages.groupby(["soc_code", "year"]).size() > 1).any()  # aggregates published twice are kept (legacy)
    did = legacy.did_panel(wages, seed)
    assert did["soc_code"].is_unique and len(did) > 20
    assert set(did["exposure_quartile"]) == {"Q1", "Q2", "Q3", "Q4"}
    assert did["high_exposure"].sum() == (did["ai_exposure"] > did["ai_exposure"].median()).sum()
    np.testing.assert_allclose(did["individual_did"], did["delta_ln_wage_post"] - did["delta_ln_wage_pre"])


def test_kahan_sum_keeps_what_naive_summation_loses():
    vals = np.array([1.0] + [1e-16] * 10)
    naive = 0.0
    for v in vals:
        naive += v
    assert naive == 1.0  # every small term is lost
    assert legacy.kahan_sum(vals) == 1.0 + 1e-15
