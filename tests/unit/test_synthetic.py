"""The synthetic generator: official layouts, determinism, and planted truths.

The exposure checks recompute everything from the written files with deliberately plain
code (no pipeline readers), so they test that the files encode exactly what the generator
reports as its truth.
"""

import re

import numpy as np
import pandas as pd
import pytest
import python_calamine
from rapidfuzz import fuzz, process

from ailabor.synthetic import SyntheticSpec, generate
from tests.conftest import base_config


def norm(s):
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", s.strip().lower())).strip()


def read_sheet(path, sheet=None):
    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    rows = wb.get_sheet_by_name(sheet or wb.sheet_names[0]).to_python()
    return wb.sheet_names, rows


def all_bytes(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_byte_identical_files(tmp_path, small_synthetic):
    out, files, _ = small_synthetic
    generate(SyntheticSpec(occupations_per_major=3), tmp_path / "again", files.values())
    first, second = all_bytes(out), all_bytes(tmp_path / "again")
    assert first.keys() == second.keys() and len(first) > 15
    assert [k for k in first if first[k] != second[k]] == []


def test_other_seed_gives_other_data(tmp_path, small_synthetic):
    out, files, _ = small_synthetic
    oews = [f for f in files.values() if f.key == "oews/2024"]
    generate(SyntheticSpec(seed=7, occupations_per_major=3), tmp_path / "other", oews)
    rel = oews[0].mirror_relpath
    assert (tmp_path / "other" / rel).read_bytes() != (out / rel).read_bytes()


def test_every_configured_file_is_written_at_its_mirror_path(small_synthetic):
    out, files, _ = small_synthetic
    for f in files.values():
        assert (out / f.mirror_relpath).is_file(), f.key


def test_onet_text_files_have_the_official_layout(small_synthetic):
    out, files, truth = small_synthetic
    raw = (out / files["onet/30.1/task_ratings"].mirror_relpath).read_bytes()
    assert raw.startswith(
        b"O*NET-SOC Code\tTask ID\tScale ID\tCategory\tData Value\tN\tStandard Error\t"
        b"Lower CI Bound\tUpper CI Bound\tRecommend Suppress\tDate\tDomain Source\r\n"
    )
    ratings = pd.read_csv(
        out / files["onet/30.1/task_ratings"].mirror_relpath, sep="\t", dtype=str, keep_default_na=False
    )
    assert set(ratings["Scale ID"]) == {"IM", "RT", "FT"}
    ft = ratings[ratings["Scale ID"] == "FT"]
    assert set(ft["Category"].astype(int)) == set(range(1, 8))
    assert (ratings.loc[ratings["Scale ID"] != "FT", "Category"] == "n/a").all()
    im = ratings[ratings["Scale ID"] == "IM"]["Data Value"].astype(float)
    assert im.between(1, 5).all()
    statements = pd.read_csv(
        out / files["onet/30.1/task_statements"].mirror_relpath, sep="\t", dtype=str, keep_default_na=False
    )
    typed = statements["Task Type"].isin(["Core", "Supplemental"])
    assert (statements["Task Type"][~typed] == "n/a").all() and (~typed).any()
    # IM rows cover exactly the Core and Supplemental statements (as in O*NET 30.1)
    assert len(im) == typed.sum() == truth.parameters["n_rated_tasks"]
    readme = (out / files["onet/30.1/read_me"].mirror_relpath).read_bytes().decode()
    assert readme.startswith("O*NET 30.1 Database\r\nDecember 2025 Release")


def test_oews_workbooks_drift_like_the_real_files(small_synthetic):
    out, files, _ = small_synthetic
    expect = {
        2018: ("national_dl", "OCC_GROUP", False),
        2019: ("national_M2019_dl", "o_group", True),
        2020: ("national_M2020_dl", "O_GROUP", False),
        2024: ("national_M2024_dl", "O_GROUP", False),
    }
    for year, (sheet, group_col, lower) in expect.items():
        names, rows = read_sheet(out / files[f"oews/{year}"].mirror_relpath)
        assert names[0] == sheet
        header = rows[0]
        assert group_col in header
        assert all(h == h.lower() for h in header) == lower
    _, rows_2020 = read_sheet(out / files["oews/2020"].mirror_relpath)
    assert "PRIM_STATE" in rows_2020[0] and "PCT_RPT" not in rows_2020[0]
    _, rows_2024 = read_sheet(out / files["oews/2024"].mirror_relpath)
    assert "PCT_RPT" in rows_2024[0]


def oews_frame(path):
    _, rows = read_sheet(path)
    header = [h.upper() for h in rows[0]]
    df = pd.DataFrame(rows[1:], columns=header)
    return df.rename(columns={"OCC_GROUP": "O_GROUP"})


def test_oews_markers_totals_and_code_systems(small_synthetic):
    out, files, truth = small_synthetic
    frames = {y: oews_frame(out / files[f"oews/{y}"].mirror_relpath) for y in truth.parameters["years"]}
    for df in frames.values():
        det = df[df["O_GROUP"] == "detailed"]
        assert not det.duplicated("OCC_CODE").any()
        emp = pd.to_numeric(det["TOT_EMP"], errors="coerce")
        total = float(df.loc[df["OCC_CODE"] == "00-0000", "TOT_EMP"].iloc[0])
        assert abs(emp.sum() - total) <= 10 * len(det) + (emp.isna().sum() > 0) * 2e6
        assert (det["A_MEAN"] == "*").any() and (det["H_MEAN"] == "*").any()
    assert (frames[2020]["TOT_EMP"] == "**").sum() == 1
    assert (frames[2018][[c for c in frames[2018] if c.startswith("A_PCT")]] == "#").any().any()
    codes = {y: set(df.loc[df["O_GROUP"] == "detailed", "OCC_CODE"]) for y, df in frames.items()}
    pubs = truth.publications
    hybrid = set(pubs.loc[pubs["system"] == "hybrid", "code"]) - set(pubs.loc[pubs["system"] == "soc2018", "code"])
    soc2010_only = set(pubs.loc[pubs["system"] == "soc2010", "code"]) - set(
        pubs.loc[pubs["system"] == "soc2018", "code"]
    )
    assert hybrid and hybrid <= codes[2019] and hybrid <= codes[2020] and not hybrid & codes[2021]
    assert soc2010_only and soc2010_only <= codes[2018] and not soc2010_only & codes[2024]
    # an OEWS aggregate code is published both as broad and as detailed, like 13-1020
    dup = frames[2024][frames[2024]["OCC_CODE"].duplicated(keep=False)]
    assert set(dup["O_GROUP"]) == {"broad", "detailed"}


def test_published_wages_are_the_truth_panel(small_synthetic):
    out, files, truth = small_synthetic
    plain = set(truth.occupations.loc[truth.occupations["kind"] == "plain", "soc"])
    for year in (2021, 2024):
        df = oews_frame(out / files[f"oews/{year}"].mirror_relpath)
        det = df[(df["O_GROUP"] == "detailed") & df["OCC_CODE"].isin(plain) & (df["A_MEAN"] != "*")]
        panel = truth.panel[truth.panel["year"] == year].set_index("soc")
        expected = np.round(np.exp(panel.loc[det["OCC_CODE"], "ln_wage"].to_numpy()), -1)
        assert np.array_equal(det["A_MEAN"].astype(float).to_numpy(), expected)


def test_planted_exposure_is_encoded_exactly_in_the_files(small_synthetic):
    out, files, truth = small_synthetic
    st = pd.read_csv(
        out / files["onet/30.1/task_statements"].mirror_relpath, sep="\t", dtype=str, keep_default_na=False
    )
    tr = pd.read_csv(out / files["onet/30.1/task_ratings"].mirror_relpath, sep="\t", dtype=str, keep_default_na=False)
    aei = pd.read_csv(out / files["aei/raw_1p_api_2025_11"].mirror_relpath, keep_default_na=False)
    aei = aei[(aei["geography"] == "global") & (aei["facet"] == "onet_task") & (aei["variable"] == "onet_task_count")]
    aei = aei[~aei["cluster_name"].str.lower().isin(["not_classified", "none"])]
    st["norm"] = st["Task"].map(norm)
    universe = sorted(set(st["norm"]))
    matched = set()
    for name in aei["cluster_name"]:
        n = norm(name)
        if n in set(universe):
            matched.add(n)
            continue
        best = process.extractOne(n, universe, scorer=fuzz.ratio)
        if best[1] >= 85:
            matched.add(best[0])
    im = tr[tr["Scale ID"] == "IM"].merge(st, on=["O*NET-SOC Code", "Task ID"])
    im["im"] = im["Data Value"].astype(float)
    im["touched"] = im["norm"].isin(matched)
    ncand = st.groupby("norm")["O*NET-SOC Code"].nunique()
    im["frac"] = im["touched"] / im["norm"].map(ncand)
    g = im.groupby("O*NET-SOC Code")
    mine = pd.DataFrame(
        {
            "binary": (g.apply(lambda d: (d["im"] * d["touched"]).sum(), include_groups=False) / g["im"].sum()),
            "fractional": (g.apply(lambda d: (d["im"] * d["frac"]).sum(), include_groups=False) / g["im"].sum()),
        }
    )
    t = truth.exposure_onet.set_index("onet_soc_code").loc[mine.index]
    np.testing.assert_allclose(mine["binary"], t["exposure_binary_im"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(mine["fractional"], t["exposure_fractional_im"], rtol=0, atol=1e-12)
    assert (t["exposure_binary_im"] == 0).mean() > 0.1  # untouched occupations exist
    # the AEI file carries all planted complications
    variants = truth.aei_texts["variant"].value_counts()
    assert {"exact", "punctuation", "typo", "unmatched"} <= set(variants.index)
    assert (aei.groupby("cluster_name").size() == 1).all()  # one global row per task


def test_planted_wage_and_employment_effects_are_in_the_panel(small_synthetic):
    _, _, truth = small_synthetic
    p = truth.panel.merge(truth.occupations[["soc", "major"]], on="soc")
    p["treat"] = p["exposure"] * p["dose"]
    occ_d = pd.get_dummies(p["soc"], dtype=float)
    gt_d = pd.get_dummies(p["major"] + "_" + p["year"].astype(str), dtype=float).iloc[:, 1:]
    X = np.column_stack([p["treat"], occ_d, gt_d])
    for outcome, planted in (
        ("ln_wage", truth.parameters["wage_effect"]),
        ("ln_emp", truth.parameters["employment_effect"]),
    ):
        beta, *_ = np.linalg.lstsq(X, p[outcome].to_numpy(), rcond=None)
        resid = p[outcome].to_numpy() - X @ beta
        sigma2 = resid @ resid / (len(p) - np.linalg.matrix_rank(X))
        se = np.sqrt(sigma2 * np.linalg.pinv(X.T @ X)[0, 0])
        assert abs(beta[0] - planted) < 4 * se, (outcome, beta[0], planted, se)


def test_planted_usage_wage_elasticity(small_synthetic):
    import statsmodels.api as sm

    _, _, truth = small_synthetic
    d = truth.occupations.merge(truth.exposure_soc, on="soc")
    d = d[d["usage_split"] > 0]
    X = sm.add_constant(d["ln_wage_level"])
    fit = sm.GLM(d["usage_split"], X, family=sm.families.Poisson(), offset=d["ln_emp_level"]).fit(cov_type="HC1")
    # usage is only drawn on AI-usable tasks, so positive-usage occupations identify the slope
    assert fit.params["ln_wage_level"] == pytest.approx(
        truth.parameters["usage_wage_elasticity"], abs=4 * fit.bse["ln_wage_level"] + 0.15
    )


def test_spec_and_config_years_drive_the_layout(registry):
    from ailabor.intake.sources import raw_files

    cfg = base_config("demo.yaml")
    keys = set(raw_files(cfg, registry))
    assert {f"oews/{y}" for y in cfg["oews"]["years"]} <= keys


def test_larger_worlds_use_fresh_soc_codes():
    from ailabor.synthetic.world import MAX_OCCUPATIONS_PER_MAJOR, plain_code

    codes = [plain_code("15", i) for i in range(MAX_OCCUPATIONS_PER_MAJOR)]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"15-\d{3}1", c) for c in codes)
    # the first 12 are the codes every existing world uses; the rest avoid minor groups 1-2
    # (the aggregates, splits, merges, recodes and "All Other" codes live there) and 9
    assert codes[:12] == [f"15-{1 + i % 2}0{1 + i // 2}1" for i in range(12)]
    assert {c[3] for c in codes[12:]} == set("345678")
    with pytest.raises(ValueError, match="between 2 and"):
        SyntheticSpec(occupations_per_major=MAX_OCCUPATIONS_PER_MAJOR + 1)


def test_a_larger_world_is_harmonised_occupation_by_occupation(tmp_path, registry):
    """Past 12 occupations per major group the extra occupations carry one code through every
    OEWS code system, so the pipeline's harmonisation keeps each as its own unit with its
    planted wage (checked against the truth panel)."""
    from ailabor.intake.readers.external import read_soc_crosswalk
    from ailabor.intake.readers.oews import read_oews_national
    from ailabor.intake.sources import oews_file, single_file
    from ailabor.panel import harmonise

    years = [2018, 2019, 2024]  # SOC 2010, hybrid and SOC 2018 codes
    files = [oews_file(registry, y, True) for y in years] + [single_file(registry, "soc_crosswalk", None, True)]
    truth = generate(SyntheticSpec(occupations_per_major=20), tmp_path, files)
    occ = truth.occupations
    extra = occ[(occ["kind"] == "plain") & occ["soc"].str[3].isin(list("345678"))]
    assert len(extra) >= 22 * 8  # 8 extra plain codes per major group, plus their "...2" siblings
    assert not occ["soc"].duplicated().any()
    oews = {y: read_oews_national(tmp_path / f.mirror_relpath, y) for y, f in zip(years, files[:-1], strict=True)}
    codes, units = harmonise.harmonise_codes(oews, read_soc_crosswalk(tmp_path / files[-1].mirror_relpath))
    panel = harmonise.harmonised_panel(oews, codes, units)
    mine = panel[panel["unit_code"].isin(extra["soc"])]
    assert set(mine["unit_code"]) == set(extra["soc"])
    assert (mine["n_codes"] == 1).all() and mine["complete"].all()
    planted = truth.panel.set_index(["soc", "year"])["ln_wage"]
    got = mine.dropna(subset=["a_mean"]).set_index(["unit_code", "year"])["a_mean"]
    # OEWS publishes mean wages rounded to $10
    assert np.abs(got - np.exp(planted.reindex(got.index))).max() <= 5.0 + 1e-6
