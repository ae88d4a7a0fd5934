"""The REQ-DID-08 robustness table (one change per row from the legacy DiD) and the usage-wage
PPML (stepwise path from the seed's specification, corrected models, separation), on synthetic
data with planted structure. Independent references: the seed reproduction
(:func:`ailabor.econometrics.legacy.did_models`) for rows that change the data, pyfixest
(feols / fepois, test-only) for rows that change the estimator; no mocks."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from ailabor.econometrics import corrected, legacy, ppml
from tests.conftest import SHARED, requires_shared

MAJORS = [
    "11",
    "13",
    "15",
    "17",
    "19",
    "21",
    "23",
    "25",
    "27",
    "29",
    "31",
    "33",
    "35",
    "37",
    "39",
    "41",
    "43",
    "45",
    "47",
    "49",
    "51",
    "53",
]
SPECS = [
    "Legacy (occupation-clustered)",
    "Median wage instead of mean",
    "+ SOC major-group x period effects",
    "Employment-weighted (2022)",
    "Inverse PRSE-variance weighted",
    "Cluster by major group",
    "Drop SOC 25 (Education)",
    "Drop postsecondary teachers 25-1xxx",
    "Exposure without shared-task credit",
]


# ------------------------------------------------------------------------------------------
# synthetic seed-style DiD panel


def planted_did(seed: int = 0, n_per_group: int = 20, shock: float = 0.0, beta: float = 0.0) -> pd.DataFrame:
    """A wide panel in the seed's layout (one row per SOC code). Exposure has a major-group
    component; ``shock`` plants major-group x period wage-growth shocks proportional to the
    group's standardised mean exposure (post minus pre), ``beta`` a true High x Post effect."""
    rng = np.random.default_rng(seed)
    rows = []
    for g in MAJORS:
        for i in range(n_per_group):
            code = f"{g}-{(1000 if g != '25' or i % 2 else 2000) + i:04d}"  # group 25: half are 25-1xxx
            rows.append({"soc_code": code, "major": g})
    d = pd.DataFrame(rows)
    mu = pd.Series(rng.uniform(0.05, 0.35, len(MAJORS)), index=MAJORS)
    z = (mu - mu.mean()) / mu.std()
    d["ai_exposure"] = np.clip(d["major"].map(mu) + rng.normal(0, 0.05, len(d)), 0.0, 1.0)
    d["high_exposure"] = (d["ai_exposure"] > d["ai_exposure"].median()).astype(int)
    n = len(d)
    d["employment_2022"] = np.round(np.exp(rng.normal(9, 1.2, n)))
    d["employment_2023"] = np.round(d["employment_2022"] * np.exp(rng.normal(0, 0.03, n)))
    d["employment_2024"] = np.round(d["employment_2023"] * np.exp(rng.normal(0, 0.03, n)))
    g_pre = d["major"].map(pd.Series(rng.normal(0, 0.004, len(MAJORS)), index=MAJORS))
    g_post = d["major"].map(pd.Series(rng.normal(0, 0.004, len(MAJORS)), index=MAJORS) - shock * z)
    d["ln_wage_2022"] = np.log(55_000) + rng.normal(0, 0.4, n)
    d["delta_ln_wage_pre"] = 0.045 + g_pre + rng.normal(0, 0.012, n)
    d["delta_ln_wage_post"] = 0.035 + g_post + beta * d["high_exposure"] + rng.normal(0, 0.012, n)
    d["ln_wage_2023"] = d["ln_wage_2022"] + d["delta_ln_wage_pre"]
    d["ln_wage_2024"] = d["ln_wage_2023"] + d["delta_ln_wage_post"]
    for y in (2022, 2023, 2024):
        d[f"wage_annual_mean_{y}"] = np.exp(d[f"ln_wage_{y}"])
    d["exposure_quartile"] = pd.qcut(d["ai_exposure"], 4, labels=["Q1", "Q2", "Q3", "Q4"])
    return d.drop(columns="major")


def planted_extra(did: pd.DataFrame, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = len(did)
    extra = pd.DataFrame({"soc_code": did["soc_code"]})
    for y in (2022, 2023, 2024):
        extra[f"wage_annual_median_{y}"] = did[f"wage_annual_mean_{y}"].to_numpy() * np.exp(
            -0.15 + rng.normal(0, 0.02, n)
        )
        extra[f"mean_prse_{y}"] = np.round(rng.uniform(0.0, 3.0, n), 1)
    extra.loc[[3, 50], "wage_annual_median_2024"] = np.nan  # top-coded / suppressed medians
    extra["exposure_unambiguous"] = did["ai_exposure"].to_numpy() * rng.uniform(0.3, 1.0, n)
    return extra


def stack_for_pyfixest(did: pd.DataFrame) -> pd.DataFrame:
    long = legacy.stacked(did)
    long["major_group"] = long["soc_code"].str[:2]
    return long.merge(did[["soc_code", "employment_2022"]], on="soc_code")


def feols(fml: str, data: pd.DataFrame, cluster: str, weights: str | None = None):
    import pyfixest as pf

    return pf.feols(fml, data=data, vcov={"CRV1": cluster}, weights=weights)


@pytest.fixture(scope="module")
def table():
    did = planted_did(seed=0, shock=0.01)
    extra = planted_extra(did)
    return did, extra, corrected.robustness_table(did, extra, measure="x")


def test_robustness_table_has_every_variant(table):
    """Every REQ-DID-08 row, binary and continuous, in order, each with a stated change.
    Reference for the legacy row: legacy.did_models (the seed reproduction)."""
    did, _, t = table
    assert list(dict.fromkeys(t["specification"])) == SPECS and len(t) == 18
    assert (
        t.groupby("specification")["term"].apply(list) == pd.Series([["binary", "continuous"]] * 9, index=sorted(SPECS))
    ).all()
    assert list(t.columns[: len(corrected.results.COLUMNS)]) == corrected.results.COLUMNS and {
        "change",
        "n_occupations",
    } <= set(t.columns)
    changes = t.drop_duplicates("specification")["change"]
    assert changes.str.len().gt(40).all() and changes.nunique() == 9
    assert "major group x period" in t.loc[t["specification"] == "+ SOC major-group x period effects", "change"].iloc[0]
    assert "redefined" in t.loc[t["specification"] == "Exposure without shared-task credit", "change"].iloc[0]
    cl = t[t["specification"] == "Cluster by major group"]
    assert (cl["n_clusters"] == 22).all() and (cl["cluster_var"] == "major_group").all()
    leg = t[t["specification"] == "Legacy (occupation-clustered)"].set_index("term")
    ref = legacy.did_models(did).set_index("specification")
    for term, spec in (("binary", "Regression DiD (Binary)"), ("continuous", "Regression DiD (Continuous)")):
        assert leg.loc[term, "estimate"] == pytest.approx(ref.loc[spec, "estimate"], abs=1e-12)
        assert leg.loc[term, "se"] == pytest.approx(ref.loc[spec, "se"], rel=1e-10)
    # clustering by major group changes the SE only
    np.testing.assert_allclose(cl["estimate"].to_numpy(), leg["estimate"].to_numpy(), atol=1e-14)


def test_data_rows_are_the_legacy_model_on_one_changed_panel(table):
    """Median wage, the two drops and the no-shared-credit exposure each equal the seed
    reproduction (legacy.did_models, the independent reference) run on the legacy panel with
    exactly that one change; High stays the legacy split except in the exposure row."""
    did, extra, t = table
    r = t.set_index(["specification", "term"])

    def check(spec, wide):
        ref = legacy.did_models(wide).set_index("specification")
        for term, s in (("binary", "Regression DiD (Binary)"), ("continuous", "Regression DiD (Continuous)")):
            assert r.loc[(spec, term), "estimate"] == pytest.approx(ref.loc[s, "estimate"], abs=1e-12), spec
            assert r.loc[(spec, term), "se"] == pytest.approx(ref.loc[s, "se"], rel=1e-9), spec
            assert r.loc[(spec, term), "n"] == ref.loc[s, "n"]

    med = did.copy()
    for y in (2022, 2023, 2024):
        med[f"ln_wage_{y}"] = np.log(extra[f"wage_annual_median_{y}"].to_numpy())
    med["delta_ln_wage_pre"] = med["ln_wage_2023"] - med["ln_wage_2022"]
    med["delta_ln_wage_post"] = med["ln_wage_2024"] - med["ln_wage_2023"]
    med = med.dropna(subset=["delta_ln_wage_post"])
    assert len(med) == len(did) - 2
    check("Median wage instead of mean", med)
    check("Drop SOC 25 (Education)", did[~did["soc_code"].str.startswith("25-")])
    check("Drop postsecondary teachers 25-1xxx", did[~did["soc_code"].str.startswith("25-1")])
    una = did.assign(ai_exposure=extra["exposure_unambiguous"].to_numpy())
    una["high_exposure"] = (una["ai_exposure"] > una["ai_exposure"].median()).astype(int)
    assert (una["high_exposure"] != did["high_exposure"]).any()  # the indicator really is redefined
    check("Exposure without shared-task credit", una)


def test_estimator_rows_match_pyfixest(table):
    """The major-group x period, the two weighted and the major-group-clustered rows equal
    pyfixest.feols (independent implementation) with fixed effects major_group^post, weights
    and CRV1 clusters; same small-sample convention (G/(G-1) (N-1)/(N-K))."""
    did, extra, t = table
    r = t.set_index(["specification", "term"])
    long = stack_for_pyfixest(did)
    prse = {
        y: np.maximum(long["soc_code"].map(extra.set_index("soc_code")[f"mean_prse_{y}"]), 0.05) / 100
        for y in (2022, 2023, 2024)
    }
    long["w_prse"] = np.where(
        long["post"] == 0, 1 / (prse[2022] ** 2 + prse[2023] ** 2), 1 / (prse[2023] ** 2 + prse[2024] ** 2)
    )
    for term, treat, inter in (
        ("binary", "high_exposure", "high_x_post"),
        ("continuous", "ai_exposure", "exposure_x_post"),
    ):
        cases = [
            (
                "+ SOC major-group x period effects",
                f"delta_ln_wage ~ {treat} + {inter} + ln_employment | major_group^post",
                "soc_code",
                None,
            ),
            (
                "Employment-weighted (2022)",
                f"delta_ln_wage ~ {treat} + post + {inter} + ln_employment",
                "soc_code",
                "employment_2022",
            ),
            (
                "Inverse PRSE-variance weighted",
                f"delta_ln_wage ~ {treat} + post + {inter} + ln_employment",
                "soc_code",
                "w_prse",
            ),
            (
                "Cluster by major group",
                f"delta_ln_wage ~ {treat} + post + {inter} + ln_employment",
                "major_group",
                None,
            ),
        ]
        for spec, fml, cl, w in cases:
            fit = feols(fml, long, cl, w)
            assert r.loc[(spec, term), "estimate"] == pytest.approx(fit.coef()[inter], rel=1e-8, abs=1e-12), spec
            assert r.loc[(spec, term), "se"] == pytest.approx(fit.se()[inter], rel=1e-6), spec


def test_group_period_effects_absorb_planted_group_shocks():
    """Planted major-group x period shocks correlated with exposure and no true effect: the
    legacy estimate is biased, the major group x period row recovers zero, and a time-invariant
    major-group dummy (the old row, refitted here with pyfixest.feols | major_group as the
    independent reference) leaves the bias in place; so this test fails for the old row."""
    did = planted_did(seed=5, shock=0.012, beta=0.0)
    t = corrected.robustness_table(did, planted_extra(did), measure="x").set_index(["specification", "term"])
    long = stack_for_pyfixest(did)
    for term, treat, inter in (
        ("binary", "high_exposure", "high_x_post"),
        ("continuous", "ai_exposure", "exposure_x_post"),
    ):
        leg = t.loc[("Legacy (occupation-clustered)", term)]
        fe = t.loc[("+ SOC major-group x period effects", term)]
        assert abs(leg["estimate"]) > 4 * leg["se"], (
            term,
            leg["estimate"],
            leg["se"],
        )  # the planted shocks bias the legacy row
        assert abs(fe["estimate"]) < 3 * fe["se"], (term, fe["estimate"], fe["se"])  # true effect 0
        old = feols(f"delta_ln_wage ~ {treat} + post + {inter} + ln_employment | major_group", long, "soc_code").coef()[
            inter
        ]
        assert abs(old - leg["estimate"]) < 0.1 * abs(leg["estimate"])  # time-invariant dummy: absorbs (almost) nothing
        assert abs(old - fe["estimate"]) > 3 * fe["se"]
    # with a planted effect and the same shocks the row recovers the effect
    did = planted_did(seed=6, shock=0.012, beta=-0.01)
    r = (
        corrected.robustness_table(did, planted_extra(did), measure="x")
        .set_index(["specification", "term"])
        .loc[("+ SOC major-group x period effects", "binary")]
    )
    assert abs(r["estimate"] + 0.01) < 3 * r["se"]


@requires_shared
@pytest.mark.realdata
def test_seed_panel_group_period_row_halves_the_binary_estimate():
    """On the real seed DiD panel: the legacy binary beta_3 is the published -0.014446
    (spec REQ-DID-02, the reference), the major group x period row is roughly half of it, and
    clustering by major group leaves the estimate and widens the SE. Median, PRSE and
    no-shared-credit inputs are set to the legacy values here (they come from the pipeline)."""
    did = pd.read_csv(SHARED / "reference" / "legacy" / "acemoglu_restrepo_did_panel_data.csv")
    extra = pd.DataFrame({"soc_code": did["soc_code"], "exposure_unambiguous": did["ai_exposure"]})
    for y in (2022, 2023, 2024):
        extra[f"wage_annual_median_{y}"] = did[f"wage_annual_mean_{y}"]
        extra[f"mean_prse_{y}"] = 1.0
    t = corrected.robustness_table(did, extra, measure="seed exposure").set_index(["specification", "term"])
    leg = t.loc[("Legacy (occupation-clustered)", "binary")]
    assert leg["estimate"] == pytest.approx(-0.014446, abs=5e-7) and leg["se"] == pytest.approx(0.0052102, rel=1e-4)
    fe = t.loc[("+ SOC major-group x period effects", "binary")]
    assert 0.4 < fe["estimate"] / leg["estimate"] < 0.7, fe["estimate"]
    cl = t.loc[("Cluster by major group", "binary")]
    assert (
        cl["estimate"] == pytest.approx(leg["estimate"], abs=1e-14) and cl["se"] > leg["se"] and cl["n_clusters"] == 22
    )


# ------------------------------------------------------------------------------------------
# usage-wage PPML


def synthetic_soc(
    seed: int = 0, n_per_group: int = 25, zero_group: str | None = None, jz_missing: int = 5
) -> pd.DataFrame:
    """A soc_table-shaped frame: usage is overdispersed Poisson in ln wage, ln employment
    (elasticity 0.7, not 1), ln rated tasks and a major-group effect; many zeros; the seed's
    match controls only where usage > 0; exposure a function of usage (as the real one is)."""
    rng = np.random.default_rng(seed)
    t = pd.DataFrame([{"oews_code": f"{g}-{1000 + i:04d}", "major": g} for g in MAJORS for i in range(n_per_group)])
    gfe = t["major"].map(pd.Series(rng.normal(0, 0.5, len(MAJORS)), index=MAJORS))
    m = len(t)
    t["ln_wage"] = 10.9 + 0.4 * gfe + rng.normal(0, 0.3, m)
    t["ln_employment"] = rng.normal(9, 1.3, m)
    t["n_rated_tasks"] = rng.integers(5, 40, m)
    t["ln_tasks"] = np.log(t["n_rated_tasks"])
    t["job_zone"] = np.clip(np.round(3 + 2 * (t["ln_wage"] - 10.9) + rng.normal(0, 0.5, m)), 1, 5)
    t.loc[rng.choice(m, jz_missing, replace=False), "job_zone"] = np.nan
    mu = np.exp(-16 + 0.8 * t["ln_wage"] + 0.7 * t["ln_employment"] + 0.6 * t["ln_tasks"] + gfe)
    y = rng.negative_binomial(1, 1 / (1 + mu)).astype(float)
    if zero_group:
        y[(t["major"] == zero_group).to_numpy()] = 0.0
    t["usage_equal"] = y
    t["usage_emp"] = y * rng.uniform(0.8, 1.2, m)
    t["share_core"] = np.where(y > 0, rng.uniform(0.3, 1.0, m), np.nan)
    t["avg_match_score"] = np.where(y > 0, rng.uniform(85, 100, m), np.nan)
    t["exposure"] = 1 - np.exp(-y / 50)
    t["employment"] = np.exp(t["ln_employment"])
    t["a_mean"] = np.exp(t["ln_wage"])
    return t


def pf_frame(t: pd.DataFrame) -> pd.DataFrame:
    jz = t["job_zone"]
    return t.assign(jz=jz.fillna(jz.mean()), jzm=jz.isna().astype(float))


def fepois(fml: str, data: pd.DataFrame, **kw):
    import pyfixest as pf

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # pyfixest announces the separated observations it drops
        return pf.fepois(fml, data=data, iwls_tol=1e-12, demeaner=pf.MapDemeaner(fixef_tol=1e-12), **kw)


@pytest.fixture(scope="module")
def soc():
    return synthetic_soc(seed=0, zero_group="45")


@pytest.fixture(scope="module")
def steps(soc):
    return ppml.stepwise(soc, measure="x")


def test_stepwise_rows_are_nested(soc, steps):
    """Each row differs from the previous by exactly its stated change (regressor list, offset,
    sample or fixed effects), with N following from it; reference: the synthetic sample counts."""
    s = steps.set_index("step")
    assert list(s.index) == list(range(1, 8)) and (s["term"] == "ln_wage").all()
    regs = {i: set(s.loc[i, "regressors"].split(" + ")) for i in s.index}
    dims = ["offset", "sample", "fixed_effects"]
    expected = {
        2: ({"ln_employment"}, {"offset(ln_employment)"}, ["offset"]),
        3: (set(), {"share_core", "avg_match_score"}, []),
        4: (set(), set(), ["sample"]),
        5: ({"ln_tasks"}, set(), []),
        6: ({"job_zone", "job_zone_missing"}, set(), []),
        7: (set(), set(), ["fixed_effects"]),
    }
    for i, (added, removed, changed) in expected.items():
        assert regs[i] - regs[i - 1] == added and regs[i - 1] - regs[i] == removed, i
        assert [d for d in dims if s.loc[i, d] != s.loc[i - 1, d]] == changed, i
        # one change per row; the offset step moves ln employment from the offset into the regressors
        assert bool(added or removed) + len(changed) == 1 or (i == 2 and changed == ["offset"])
    n_pos, n_all = int((soc["usage_equal"] > 0).sum()), len(soc)
    assert list(s["n"]) == [n_pos] * 3 + [n_all] * 3 + [n_all - 25]
    assert list(s["zero_usage_codes"]) == [0] * 3 + [n_all - n_pos] * 3 + [n_all - n_pos - 25]
    assert s.loc[1, "regressors"] == "ln_wage + share_core + avg_match_score + offset(ln_employment)"
    # under the offset the employment elasticity is the imposed 1 with a blank SE
    assert (
        s.loc[1, "ln_employment_coef"] == 1
        and np.isnan(s.loc[1, "ln_employment_se"])
        and np.isnan(s.loc[1, "ln_employment_eq1_p"])
    )
    assert (
        s.loc[2:, "ln_employment_se"].gt(0).all() and s.loc[2:, "ln_employment_eq1_p"].lt(1e-4).all()
    )  # planted 0.7, not 1
    assert not any("exposure" in r for r in s["regressors"])
    assert (
        s["change"].str.len().gt(30).all() and "zero usage" in s.loc[4, "change"] and "separated" in s.loc[7, "change"]
    )


def test_offset_row_equals_direct_glm_with_offset(soc, steps):
    """Row 1 (the seed's specification) equals a direct statsmodels GLM Poisson with the ln
    employment offset on the usage-positive codes, and pyfixest.fepois(offset=...) as the
    independent implementation; SE convention HC0 x n/(n-k), the same as fepois 'hetero'."""
    import statsmodels.api as sm

    r = steps.set_index("step").loc[1]
    p = soc[soc["usage_equal"] > 0]
    X = sm.add_constant(p[["ln_wage", "share_core", "avg_match_score"]])
    g = sm.GLM(p["usage_equal"], X, family=sm.families.Poisson(), offset=p["ln_employment"]).fit(cov_type="HC0")
    n, k = len(p), X.shape[1]
    assert r["estimate"] == pytest.approx(g.params["ln_wage"], rel=1e-10)
    assert r["se"] == pytest.approx(g.bse["ln_wage"] * np.sqrt(n / (n - k)), rel=1e-10)
    fit = fepois("usage_equal ~ ln_wage + share_core + avg_match_score", p, vcov="hetero", offset="ln_employment")
    assert r["estimate"] == pytest.approx(fit.coef()["ln_wage"], rel=1e-6)
    assert r["se"] == pytest.approx(fit.se()["ln_wage"], rel=1e-6)


def test_fe_rows_match_pyfixest_fepois(soc, steps):
    """Fixed-effects rows (stepwise row 7, the corrected models rows) equal pyfixest.fepois with
    | major (coefficients to 1e-6; SE: ours HC0 x n/(n-k), k = constant + slopes + G-1 dummies,
    equal to fepois vcov='hetero' with its default ssc, and to its HC0 (ssc k_adj=False) times
    sqrt(n/(n-k))). The free-elasticity test equals the fepois coefficient on ln employment with
    the offset kept (b - 1)."""
    import pyfixest as pf

    d = pf_frame(soc)
    fml = "usage_equal ~ ln_wage + ln_employment + ln_tasks + jz + jzm | major"
    fit = fepois(fml, d, vcov="hetero")
    fit0 = fepois(fml, d, vcov="hetero", ssc=pf.ssc(k_adj=False))
    r = steps.set_index("step").loc[7]
    n, k = int(r["n"]), 1 + 5 + 20  # constant, 5 slopes, 21 groups left after separation - 1
    assert fit._N == n == len(soc) - 25  # fepois drops the same separated group
    assert r["estimate"] == pytest.approx(fit.coef()["ln_wage"], rel=1e-6)
    assert r["ln_employment_coef"] == pytest.approx(fit.coef()["ln_employment"], rel=1e-6)
    assert r["se"] == pytest.approx(fit.se()["ln_wage"], rel=1e-6)
    assert r["se"] == pytest.approx(fit0.se()["ln_wage"] * np.sqrt(n / (n - k)), rel=1e-6)
    assert r["ln_employment_se"] == pytest.approx(fit.se()["ln_employment"], rel=1e-6)
    off = fepois(
        "usage_equal ~ ln_wage + ln_employment + ln_tasks + jz + jzm | major", d, vcov="hetero", offset="ln_employment"
    )
    assert off.coef()["ln_employment"] == pytest.approx(r["ln_employment_coef"] - 1, rel=1e-6, abs=1e-9)
    assert r["ln_employment_eq1_p"] == pytest.approx(off.pvalue()["ln_employment"], rel=1e-3)

    m = ppml.models(soc, *synthetic_tasks(soc), measure="x").set_index(["specification", "term"])
    main = m.loc[("free ln employment, zeros included", "ln_wage")]
    assert main["estimate"] == pytest.approx(r["estimate"], rel=1e-12) and main["se"] == pytest.approx(
        r["se"], rel=1e-12
    )  # stepwise ends at the corrected model
    emp = fepois("usage_emp ~ ln_wage + ln_employment + ln_tasks + jz + jzm | major", d, vcov="hetero")
    assert m.loc[("free ln employment, employment-weighted split", "ln_wage"), "estimate"] == pytest.approx(
        emp.coef()["ln_wage"], rel=1e-6
    )
    o = fepois("usage_equal ~ ln_wage + ln_tasks + jz + jzm | major", d, vcov="hetero", offset="ln_employment")
    assert m.loc[
        ("offset ln employment (imposed elasticity 1), zeros included", "ln_wage"), "estimate"
    ] == pytest.approx(o.coef()["ln_wage"], rel=1e-6)
    assert m.loc[("offset ln employment (imposed elasticity 1), zeros included", "ln_wage"), "se"] == pytest.approx(
        o.se()["ln_wage"], rel=1e-6
    )
    pos = fepois(
        "usage_equal ~ ln_wage + ln_employment + ln_tasks + jz + jzm | major", d[d["usage_equal"] > 0], vcov="hetero"
    )
    assert m.loc[("free ln employment, usage-positive codes only", "ln_wage"), "estimate"] == pytest.approx(
        pos.coef()["ln_wage"], rel=1e-6
    )


def synthetic_tasks(soc: pd.DataFrame, seed: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rated tasks of every code (usage split over them; importance 1-5) and the O*NET -> OEWS mapping."""
    rng = np.random.default_rng(seed)
    rows = []
    for code, n, u in zip(soc["oews_code"], soc["n_rated_tasks"], soc["usage_equal"]):
        share = rng.dirichlet(np.ones(n))
        rows += [
            {"onet_soc_code": f"{code}.00", "task_id": j, "usage_split": float(x), "im": float(rng.uniform(1, 5))}
            for j, x in enumerate(rng.multinomial(int(u), share))
        ]
    return pd.DataFrame(rows), pd.DataFrame({"onet_soc_code": soc["oews_code"] + ".00", "oews_code": soc["oews_code"]})


def test_models_drop_outcome_based_controls_and_task_level_matches_pyfixest(soc):
    """Corrected models: exposure (a function of usage) is no regressor and the note says so;
    the task-level model equals pyfixest.fepois with CRV1 by OEWS code (reference), same
    controls plus task importance; SE convention: statsmodels CR1 G/(G-1) (N-1)/(N-K) vs
    fepois CRV1 with ssc(k_adj=False), rescaled by (N-1)/(N-K)."""
    import pyfixest as pf

    tasks, mapping = synthetic_tasks(soc)
    m = ppml.models(soc, tasks, mapping, measure="x")
    assert m.loc[m["term"] == "ln_wage", "note"].str.contains("exposure is not a regressor").all()
    assert m.loc[m["term"] == "ln_employment", "note"].str.startswith("offset test H0 elasticity = 1").all()
    # exposure left out: adding it would change the estimate (it is built from the outcome)
    d = pf_frame(soc)
    with_e = fepois("usage_equal ~ ln_wage + ln_employment + ln_tasks + jz + jzm + exposure | major", d, vcov="hetero")
    main = m.set_index(["specification", "term"]).loc[("free ln employment, zeros included", "ln_wage")]
    assert abs(with_e.coef()["ln_wage"] - main["estimate"]) > 1e-3
    tk = tasks.merge(mapping, on="onet_soc_code").merge(
        d[["oews_code", "ln_wage", "ln_employment", "ln_tasks", "jz", "jzm", "major"]], on="oews_code"
    )
    fit = fepois(
        "usage_split ~ ln_wage + ln_employment + ln_tasks + jz + jzm + im | major",
        tk,
        vcov={"CRV1": "oews_code"},
        ssc=pf.ssc(k_adj=False),
    )
    r = m[m["specification"] == "task level: rated tasks incl. zeros"].iloc[0]
    n = int(r["n"])
    k = 1 + 6 + 20
    assert n == fit._N and r["n_clusters"] == tk.loc[~tk["major"].eq("45"), "oews_code"].nunique()
    assert r["estimate"] == pytest.approx(fit.coef()["ln_wage"], rel=1e-6)
    assert r["se"] == pytest.approx(fit.se()["ln_wage"] * np.sqrt((n - 1) / (n - k)), rel=1e-6)


def test_separation_is_detected_not_left_to_the_optimiser():
    """A SOC major group with no usage is perfectly separated: its observations are dropped with
    a reported count and group list (as pyfixest.fepois, the reference, drops them), while a
    naive GLM with the group dummy drives that coefficient towards -infinity. A 0/1 regressor
    whose cells all have zero usage (job_zone_missing) is separated the same way."""
    import statsmodels.api as sm

    t = synthetic_soc(seed=2, zero_group="23", jz_missing=0)
    f = ppml.fit_poisson(t, "usage_equal", ("ln_wage", "ln_employment"), fe="major")
    assert f.separated_groups == ["23"] and f.separated_dropped == 25 and f.nobs == len(t) - 25
    fit = fepois("usage_equal ~ ln_wage + ln_employment | major", t, vcov="hetero")
    assert fit._N == f.nobs and f.params["ln_wage"] == pytest.approx(fit.coef()["ln_wage"], rel=1e-6)
    X = sm.add_constant(
        pd.concat(
            [t[["ln_wage", "ln_employment"]], pd.get_dummies(t["major"], prefix="fe", drop_first=True, dtype=float)],
            axis=1,
        )
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        naive = sm.GLM(t["usage_equal"], X, family=sm.families.Poisson()).fit()
    assert naive.params["fe_23"] < -10  # diverging towards -inf
    s = ppml.stepwise(t, measure="x").set_index("step")
    assert s.loc[7, "separated_dropped"] == 25 and s.loc[7, "separated_groups"] == "23" and "23" in s.loc[7, "change"]
    assert s.loc[:6, "separated_dropped"].eq(0).all()
    # a missing-job-zone indicator whose codes all have zero usage
    u = synthetic_soc(seed=2, jz_missing=0)
    zero_codes = u.index[u["usage_equal"] == 0][:4]
    u.loc[zero_codes, "job_zone"] = np.nan
    g = ppml.fit_poisson(u, "usage_equal", ("ln_wage", "job_zone"))
    assert (
        g.separated_dropped == 4 and g.dropped_indicators == ["job_zone_missing"] and "job_zone_missing" not in g.params
    )
    keep, groups, dead = ppml.separated(u["usage_equal"], u["major"])
    assert keep.all() and groups == [] and dead == []


def test_soc_table_match_controls_follow_the_seed_aggregation():
    """soc_table's share_core and avg_match_score equal the seed's SOC aggregation
    (legacy.oring_data + legacy.oring_soc, the reference) on the same matched task rows; codes
    without matched rows get usage 0 and NaN match controls."""
    cw = pd.DataFrame(
        {
            "onet_soc_code": ["11-1011.00", "11-1011.00", "11-1011.03", "15-1252.00", "15-1252.00", "15-1252.00"],
            "api_usage_count": [10.0, 5.0, 2.0, 7.0, 1.0, 3.0],
            "api_usage_count_emp": [9.0, 6.0, 2.0, 6.0, 2.0, 3.0],
            "onet_task_type": ["Core", "Supplemental", "Core", None, "Core", "core"],
            "match_score": [100.0, 90.0, 95.0, 100.0, 87.5, 100.0],
            "is_ambiguous": [False, True, False, False, False, True],
        }
    )
    mapping = pd.DataFrame(
        {
            "onet_soc_code": ["11-1011.00", "11-1011.03", "15-1252.00", "43-9061.00"],
            "oews_code": ["11-1011", "11-1011", "15-1252", "43-9061"],
        }
    )
    base = pd.DataFrame(
        {
            "oews_code": ["11-1011", "15-1252", "43-9061"],
            "employment": [200_000.0, 1_600_000.0, 2_500_000.0],
            "a_mean": [250_000.0, 140_000.0, 45_000.0],
        }
    )
    expo = pd.DataFrame(
        {"oews_code": ["11-1011", "15-1252", "43-9061"], "exposure": [0.2, 0.5, 0.0], "n_rated_tasks": [30, 20, 15]}
    )
    jz = pd.DataFrame({"onet_soc_code": ["11-1011.00", "11-1011.03", "15-1252.00"], "job_zone": [5.0, 4.0, 4.0]})
    t = ppml.soc_table(cw, mapping, base, expo, jz).set_index("oews_code")
    seed_rows = (
        cw.merge(mapping, on="onet_soc_code")
        .merge(base, on="oews_code")
        .rename(columns={"oews_code": "soc_6digit", "employment": "TOT_EMP", "a_mean": "A_MEAN"})
    )
    seed_rows = seed_rows.assign(H_MEAN=seed_rows["A_MEAN"] / 2080, OCC_TITLE="x")
    ref = legacy.oring_soc(legacy.oring_data(seed_rows)).set_index("soc_6digit")
    for c in ("share_core", "avg_match_score"):
        np.testing.assert_allclose(t.loc[ref.index, c], ref[c], rtol=1e-12)
    np.testing.assert_allclose(t.loc[ref.index, "usage_equal"], ref["usage_total"], rtol=1e-12)
    assert (
        t.loc["43-9061", "usage_equal"] == 0
        and np.isnan(t.loc["43-9061", "share_core"])
        and np.isnan(t.loc["43-9061", "job_zone"])
    )
    assert t.loc["11-1011", "job_zone"] == 4.5 and t.loc["15-1252", "ln_tasks"] == pytest.approx(np.log(20))
