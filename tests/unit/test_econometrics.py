"""Econometrics on synthetic data: planted effects recovered, identities, inference mechanics."""

import numpy as np
import pytest

from ailabor.econometrics import corrected, event_study, legacy, montecarlo
from ailabor.econometrics.fe import fe_ols
from ailabor.panel import legacy as panel_legacy

DATE = "2022-11-30"


@pytest.fixture(scope="module")
def synth(synth_panel):
    return synth_panel


def test_event_study_recovers_the_planted_wage_effect(synth):
    planted = synth["truth"].parameters["wage_effect"]
    base = event_study.unit_exposure(
        synth["panel"]["unit_code"], synth["measure"].assign(exposure=synth["measure"]["employment"])
    )
    rows, info = event_study.estimate(
        synth["panel"],
        synth["measure"],
        measure_name="truth",
        outcome="ln_wage",
        date=DATE,
        date_label="chatgpt",
        weights="none",
        kind="dose",
        base_employment=base,
    )
    r = rows[rows["cluster_var"] == "major_group"].iloc[0]
    assert abs(r["estimate"] - planted) < 3 * r["se"], (r["estimate"], r["se"])
    assert r["n_clusters"] == 22
    rows, info = event_study.estimate(
        synth["panel"],
        synth["measure"],
        measure_name="truth",
        outcome="ln_wage",
        date=DATE,
        date_label="chatgpt",
        weights="none",
        kind="event",
        base_employment=base,
    )
    assert info["design"].ref == 2022  # last May estimate without a post-ChatGPT panel
    ev = rows[rows["cluster_var"] == "major_group"].set_index("year")
    # no effect before the treatment: the joint pre-trend test does not reject
    assert info["pretrend"]["major_group"]["p_F"] > 0.01
    assert ev.loc[2024, "estimate"] < ev.loc[2023, "estimate"] < 0.02  # dose 3/6 > 1/6
    for w in ("employment", "prse"):
        rows, _ = event_study.estimate(
            synth["panel"],
            synth["measure"],
            measure_name="truth",
            outcome="ln_wage",
            date=DATE,
            date_label="chatgpt",
            weights=w,
            kind="dose",
            base_employment=base,
        )
        r = rows[rows["cluster_var"] == "major_group"].iloc[0]
        assert abs(r["estimate"] - planted) < 4 * r["se"]
    # pre-determined wage-level trends: still recovers the effect, reports only the dose term
    rows, _ = event_study.estimate(
        synth["panel"],
        synth["measure"],
        measure_name="truth",
        outcome="ln_wage",
        date=DATE,
        date_label="chatgpt",
        weights="none",
        kind="dose_wage_trends",
        base_employment=base,
    )
    assert set(rows["term"]) == {"exposure x dose"}
    r = rows[rows["cluster_var"] == "major_group"].iloc[0]
    assert "ln wage (ref year) x year" in r["specification"]
    assert abs(r["estimate"] - planted) < 4 * r["se"]


def test_fe_ols_matches_pyfixest(synth):
    import pyfixest as pf

    d = event_study.prepare(synth["panel"], synth["measure"], "ln_wage")
    design = event_study.event_design(d, DATE)
    for cluster in ("major", "unit_code"):
        res = fe_ols(d["y"].to_numpy(), design.X, design.names, d[["unit_code", "major_year"]], d[cluster].to_numpy())
        df = d.assign(**{f"x{i}": design.X[:, i] for i in range(design.X.shape[1])})
        fit = pf.feols(
            "y ~ " + " + ".join(f"x{i}" for i in range(design.X.shape[1])) + " | unit_code + major_year",
            data=df,
            vcov={"CRV1": cluster},
        )
        np.testing.assert_allclose(res.coef, fit.coef().to_numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(res.se(), fit.se().to_numpy(), rtol=1e-6)


def synthetic_did(synth):
    truth = synth["truth"]
    seed = truth.exposure_onet[truth.exposure_onet["exposure_binary_im"] > 0].rename(
        columns={"exposure_binary_im": "ai_exposure"}
    )
    seed = seed.assign(TOT_EMP=1000.0, total_task_importance=seed["total_im"])
    wages = panel_legacy.wage_panel({y: synth["oews"][y] for y in (2022, 2023, 2024)})
    return panel_legacy.did_panel(wages, seed), seed


def test_three_window_identity_and_quartiles(synth):
    did, _ = synthetic_did(synth)
    t = corrected.three_windows(did, "ai_exposure", (2022, 2023, 2024), spec_mode="corrected", measure="x", unit="u")
    b = t.set_index("specification")["estimate"]
    assert abs(b["2022-2024"] - b["2022-2023"] - b["2023-2024"]) < 1e-10
    q = corrected.quartile_regression(did, "ai_exposure", spec_mode="corrected", measure="x", unit="u")
    assert list(q["term"]) == ["Q2", "Q3", "Q4"] and q["joint_p"].between(0, 1).all()
    # the regression's Q4 coefficient is the legacy raw-means Q4 - Q1 contrast
    legacy_q = legacy.did_models(did).set_index("specification").loc["Quartile DiD (Q4 vs Q1)", "estimate"]
    assert q.set_index("term").loc["Q4", "estimate"] == pytest.approx(legacy_q, abs=1e-12)
    zeros = did.assign(e0=np.where(did["ai_exposure"] < did["ai_exposure"].quantile(0.4), 0.0, did["ai_exposure"]))
    qz = corrected.quartile_regression(zeros, "e0", spec_mode="corrected", measure="x", unit="u")
    assert list(qz["term"]) == ["Q1+", "Q2+", "Q3+", "Q4+"]


def test_legacy_did_arithmetic(synth):
    did, _ = synthetic_did(synth)
    t = legacy.did_models(did).set_index("specification")
    g = legacy.group_means(did)
    assert t.loc["Simple DiD (Binary)", "estimate"] == pytest.approx(
        (g["post_high"] - g["post_low"]) - (g["pre_high"] - g["pre_low"])
    )
    # with the ln employment control the regression DiD is close to, not equal to, the simple one
    assert abs(t.loc["Regression DiD (Binary)", "estimate"] - t.loc["Simple DiD (Binary)", "estimate"]) < 0.01
    assert t.loc["Regression DiD (Binary)", "n"] == 2 * len(did) and t.loc[
        "Regression DiD (Binary)", "n_clusters"
    ] == len(did)


def test_monte_carlo_small_run_is_unbiased():
    _, summary = montecarlo.run(montecarlo.MCSpec(n_occupations=200), draws=30, seed=11)
    s = summary.iloc[0]
    assert abs(s["bias"]) < 3 * s["sd_beta_hat"] / np.sqrt(30)
    assert 0.8 <= s["coverage_95_cluster_major"] <= 1.0
