"""The event study: linearmodels PanelOLS against the hand-written FE demeaner and pyfixest,
covariance conventions, explicit missing waves, and the covariance output that feeds the
Rambachan-Roth sensitivity."""

import numpy as np
import pandas as pd
import pytest

from ailabor.econometrics import event_study
from ailabor.econometrics.fe import fe_ols

DATE = "2022-11-30"


@pytest.fixture(scope="module")
def synth(synth_panel):
    return synth_panel


def run(synth, kind="event", weights="none", panel=None):
    return event_study.estimate(
        synth["panel"] if panel is None else panel,
        synth["measure"],
        measure_name="truth",
        outcome="ln_wage",
        date=DATE,
        date_label="chatgpt",
        weights=weights,
        kind=kind,
        base_employment=synth["base"],
    )


@pytest.mark.parametrize("weights", ["none", "prse"])
@pytest.mark.parametrize("kind", ["event", "dose"])
def test_panelols_matches_the_hand_demeaner(synth, kind, weights):
    """Reference: the package's alternating-projections demeaner (ailabor.econometrics.fe, used
    by the bootstrap). Coefficients agree to 1e-8; with the same small-sample factor (fixest CR1)
    the clustered SEs agree to 1e-8 as well."""
    rows, info = run(synth, kind, weights)
    d, design, w = info["data"], info["design"], info["weights"]
    ok = np.isfinite(w) & (w > 0) if w is not None else np.ones(len(d), bool)
    fe = d[["unit_code", "major_year"]]
    for cluster, col in (("major_group", "major"), ("occupation", "unit_code")):
        ref = fe_ols(
            d["y"].to_numpy(),
            design.X[ok] if w is not None else design.X,
            design.names,
            fe,
            d[col].to_numpy(),
            None if w is None else w[ok],
        )
        got = rows[(rows["cluster_var"] == cluster) & rows["estimate"].notna()]
        np.testing.assert_allclose(got["estimate"].to_numpy(), ref.coef, rtol=0, atol=1e-8)
        np.testing.assert_allclose(got["se"].to_numpy(), ref.se(), rtol=1e-8)
        assert (got["se_type"] == event_study.SE_TYPE).all()


def test_linearmodels_default_convention_differs_only_by_its_factor(synth):
    """linearmodels' default clustered covariance (debiased, every absorbed effect counted in K)
    and the fixest convention reported here share the sandwich: on the event-time design (several
    coefficients) the two matrices differ by one scalar, and linearmodels' is the larger."""
    from linearmodels.panel import PanelOLS

    rows, info = run(synth, "event")
    d, design = info["data"], info["design"]
    idx = pd.MultiIndex.from_arrays([d["unit_code"], d["year"]])
    mod = PanelOLS(
        pd.Series(d["y"].to_numpy(), index=idx),
        pd.DataFrame(design.X, index=idx, columns=design.names),
        entity_effects=True,
        other_effects=pd.DataFrame({"g": pd.factorize(d["major_year"])[0]}, index=idx),
    )
    default = mod.fit(cov_type="clustered", cluster_entity=True).cov.to_numpy()
    mine, _ = info["result"].vcov["occupation"]
    ratio = default / mine
    assert ratio.shape == (len(design.years),) * 2
    np.testing.assert_allclose(ratio, ratio[0, 0], rtol=1e-9)
    assert ratio[0, 0] > 1


def test_two_way_se_needs_enough_year_clusters(synth):
    """The synthetic panel has 7 May years: fewer than MIN_TWO_WAY_CLUSTERS, so the two-way SE
    is not reported, and the note says why."""
    rows, _ = run(synth, "dose")
    r = rows[rows["cluster_var"] == "occupation+year"].iloc[0]
    assert r["n_clusters"] == 7 < event_study.MIN_TWO_WAY_CLUSTERS
    assert np.isnan(r["se"]) and "only 7 May-year clusters" in r["note"]


def test_standard_errors_match_pyfixest_including_two_way(synth, monkeypatch):
    """Reference: pyfixest feols with CRV1 (one-way and two-way 'unit_code+year'), which follows
    fixest's small-sample conventions (K without nested FE, G = min over dimensions). The
    reporting threshold for the two-way SE is lowered so the 7-year panel reports it."""
    import pyfixest as pf

    monkeypatch.setattr(event_study, "MIN_TWO_WAY_CLUSTERS", 2)
    rows, info = run(synth, "dose")
    d = info["data"].assign(x0=info["design"].X[:, 0])
    for cluster, vc in (("major_group", "major"), ("occupation", "unit_code"), ("occupation+year", "unit_code+year")):
        m = pf.feols("y ~ x0 | unit_code + major_year", d, vcov={"CRV1": vc})
        r = rows[rows["cluster_var"] == cluster].iloc[0]
        assert r["estimate"] == pytest.approx(float(m.coef().iloc[0]), abs=1e-10)
        assert r["se"] == pytest.approx(float(m.se().iloc[0]), rel=1e-8), cluster
    assert rows[rows["cluster_var"] == "occupation+year"]["n_clusters"].iloc[0] == d["year"].nunique()


def test_missing_waves_are_explicit_and_the_vcov_round_trips(synth):
    """Drop May 2019 from the panel: the event study reports a 2019 row with no estimate,
    event time counts waves, and the Rambachan-Roth inputs keep only the consecutive pre-waves
    before the reference year (2020, 2021), naming the dropped one (2018)."""
    panel = synth["panel"][synth["panel"]["year"] != 2019]
    rows, info = run(synth, "event", panel=panel)
    mg = rows[rows["cluster_var"] == "major_group"].set_index("year")
    assert np.isnan(mg.loc[2019, "estimate"]) and "no OEWS May 2019 wave" in mg.loc[2019, "note"]
    assert list(mg["event_time"]) == [y - 2022 for y in mg.index]
    vt = event_study.vcov_table(info, {"measure": "truth"})
    si = event_study.sensitivity_inputs(vt, "major_group")
    assert si["pre_years"] == [2020, 2021] and si["dropped_pre"] == [2018] and si["post_years"] == [2023, 2024]
    est = mg.dropna(subset=["estimate"])
    np.testing.assert_allclose(si["betahat"], est.loc[[2020, 2021, 2023, 2024], "estimate"].to_numpy())
    np.testing.assert_allclose(
        np.sqrt(np.diag(si["sigma"])), est.loc[[2020, 2021, 2023, 2024], "se"].to_numpy(), rtol=1e-12
    )
    assert np.allclose(si["sigma"], si["sigma"].T)


def test_pretrend_wald_matches_the_closed_form(synth):
    """The joint pre-trend F statistic is b' V^-1 b / q from the reported covariance."""
    rows, info = run(synth, "event")
    vt = event_study.vcov_table(info, {})
    v = vt[vt["cluster_var"] == "occupation"]
    pre = sorted(y for y in v["year_i"].unique() if y < info["design"].ref)
    V = v.pivot(index="year_i", columns="year_j", values="covariance").loc[pre, pre].to_numpy()
    b = v.drop_duplicates("year_i").set_index("year_i")["estimate_i"].loc[pre].to_numpy()
    assert info["pretrend"]["occupation"]["F"] == pytest.approx(float(b @ np.linalg.solve(V, b)) / len(pre), rel=1e-10)


@pytest.mark.parametrize("weights", ["none", "prse"])
def test_fits_sharing_the_demeaning_equal_fresh_fits(synth, weights):
    """One PanelOLS model fitted once per clustering shares its demeaned data and R² across the
    fits (event_study._share_across_fits). Reference: a fresh linearmodels model for each
    clustering, which recomputes everything; parameters, covariance and R² must be identical,
    and the memoised methods must have been used (they exist under these names)."""
    from linearmodels.panel import PanelOLS

    _, info = run(synth, "dose", weights)
    d, design, w = info["data"], info["design"], info["weights"]
    ok = np.isfinite(w) & (w > 0) if w is not None else np.ones(len(d), bool)
    idx = pd.MultiIndex.from_arrays([d["unit_code"], d["year"]])
    exog = pd.DataFrame(design.X if w is None else design.X[ok], index=idx, columns=design.names)
    other = pd.DataFrame({"g": pd.factorize(d["major_year"])[0]}, index=idx)
    wts = None if w is None else pd.Series(w[ok], index=idx)

    def model():
        return PanelOLS(
            pd.Series(d["y"].to_numpy(), index=idx), exog, entity_effects=True, other_effects=other, weights=wts
        )

    shared = model()
    event_study._share_across_fits(shared)
    calls = []
    for name in event_study._DATA_ONLY:
        inner = getattr(shared, name)
        setattr(shared, name, lambda *a, _f=inner, _n=name, **k: calls.append(_n) or _f(*a, **k))
    raw = dict(cov_type="clustered", debiased=False, group_debias=False, auto_df=False, count_effects=False)
    for cols in (["major"], ["unit_code"], ["unit_code", "year"], ["major"]):
        cl = pd.DataFrame({c: pd.factorize(d[c])[0] for c in cols}, index=idx)
        a, b = shared.fit(clusters=cl, **raw), model().fit(clusters=cl, **raw)
        assert np.array_equal(a.params.to_numpy(), b.params.to_numpy())
        assert np.array_equal(a.cov.to_numpy(), b.cov.to_numpy())
        assert (a.rsquared, a.rsquared_within, a.rsquared_between, a.rsquared_overall) == (
            b.rsquared,
            b.rsquared_within,
            b.rsquared_between,
            b.rsquared_overall,
        )
    assert {"_rsquared", "_rsquared_corr"} <= set(calls) and calls.count("_rsquared") == 4
    assert ("_weighted_fast_path" if weights == "prse" else "_fast_path") in calls
