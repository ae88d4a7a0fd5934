"""GE scenarios driven by measured exposure: the mapping rules (BBZ Model 2 split by default,
Model 1 robot productivity as the alternative; the A-R frontier shift with AI capital) and their
error handling. The response curves, uncertainty and tornado are in test_ge_exposure.py."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ailabor.ge import scenarios as S
from ailabor.ge.ar import P0, closed_forms
from ailabor.ge.ar.longrun import dI_for_displacement, wage_bill_share
from ailabor.ge.bbz.ces import ces
from ailabor.ge.bbz.models import Model1
from ailabor.ge.bbz.params import Params as BBZParams

AR_CFG = dict(
    params={}, n0=None, cost_saving=0.27, ai_productivity=1.0, horizon=350, horizon_report=60, step_report=0.5
)
BBZ_CFG = dict(model=2, split="wage_bill", method="lin", horizon=400, dt=0.1)
BBZ_MODEL1 = dict(BBZ_CFG, model=1)


def labour_cost_share_of_V(m: Model1, B: float) -> float:
    """Labour's share of the cost of V(L, bZ) at the initial factor prices, from the CES
    marginal products: move along the isoquant until the marginal rate of substitution
    equals the initial price ratio (with robots B times as productive), by bisection."""
    s2 = m.p.sigma2
    # prices of L and of one unit of robot capital at the initial point (both marginal products)
    _, (V_l0, V_z0) = ces([m.alpha_L, m.alpha_z], [np.ones(1), np.ones(1)], s2)
    price_ratio = float(V_z0[0] / V_l0[0])  # r_z / w per efficiency unit before the shock
    lo, hi = -20.0, 20.0
    for _ in range(200):  # find zz = B Z/Z0 so that V_z/V_l = price_ratio / B
        mid = 0.5 * (lo + hi)
        _, (V_l, V_z) = ces([m.alpha_L, m.alpha_z], [np.ones(1), np.array([math.exp(mid)])], s2)
        if V_z[0] / V_l[0] > price_ratio / B:
            lo = mid
        else:
            hi = mid
    zz = math.exp(0.5 * (lo + hi))
    _, (V_l, V_z) = ces([m.alpha_L, m.alpha_z], [np.ones(1), np.array([zz])], s2)
    return float(V_l[0] / (V_l[0] + V_z[0] * zz))


@pytest.mark.parametrize("D", [0.01, 0.1, 0.25, 0.4])
def test_bbz_mapping_is_first_round_displacement(D):
    p = BBZParams()
    B = S.bbz_productivity_factor(D, p)
    m = Model1(p)
    share0, share1 = labour_cost_share_of_V(m, 1.0), labour_cost_share_of_V(m, B)
    assert share0 == pytest.approx(m.alpha_L, rel=1e-9)
    assert 1 - share1 / share0 == pytest.approx(D, rel=1e-7)  # labour loses the share D of its work in V
    assert S.bbz_displacement(B, p) == pytest.approx(D, rel=1e-12)


def test_bbz_mapping_domain():
    p = BBZParams()
    assert S.bbz_productivity_factor(0.0, p) == 1.0
    bs = [S.bbz_productivity_factor(d, p) for d in (0.05, 0.1, 0.2, 0.3)]
    assert all(b > 1 for b in bs) and bs == sorted(bs)
    limit = Model1(p).alpha_L / (1 + Model1(p).alpha_L)
    with pytest.raises(S.ModelError, match="no steady state.*D must be below"):
        S.bbz_productivity_factor(limit + 0.01, p)
    with pytest.raises(S.ModelError, match="sigma2 > 1"):
        S.bbz_productivity_factor(0.1, p.with_(sigma2=0.8))


def test_ar_mapping_matches_the_closed_form_with_eta_zero():
    """With eta = 0 the wage-bill share of the displaced tasks is the spec §6.2 closed form."""
    p = P0.with_(eta=0.0, zeta=0.5, psi=1.0, sigma=0.7, A=1.0, rho=1.0)
    R = p.R_star(0.0)
    for D in (0.05, 0.2):
        dI = dI_for_displacement(p, 0.7, D, R)
        assert closed_forms.displacement_share(p.A, p.sigma, 0.3, dI, 1.0) == pytest.approx(D, rel=1e-8)
        assert wage_bill_share(p, 0.7, dI, R) == pytest.approx(D, rel=1e-10)


def test_scenario_runs_both_models(tmp_path):
    sc = S.Scenario("fractional_im", "upper_bound", "fractional_im / upper_bound", 0.15, 0.15, D_employment=0.13)
    ar_path, ar = S.run_ar(sc, AR_CFG)
    assert ar["converged"] and ar["mapping"]["check_D"] == pytest.approx(0.15, abs=1e-9)
    assert ar["mapping"]["n1"] == pytest.approx(ar["mapping"]["n0"] - ar["mapping"]["dI"])
    assert ar["mapping"]["cost_saving"] == pytest.approx(0.27, abs=1e-9)
    assert ar["impact_dlnW"] < 0 < ar["lr_dlnW"]
    assert {"t", "lnW_rel", "labour_share", "Y_rel", "C_rel", "wage_pct", "labour_share_pp", "output_pct"} <= set(
        ar_path.columns
    )
    assert ar_path["Y_rel"].iloc[-1] > 1  # automation raises output in the long run
    bbz_path, bbz = S.run_bbz(sc, BBZ_CFG)
    assert bbz["status"] == "ok" and bbz["wage_trough_pct"] < 0 < bbz["long_run"]["w_pct"]
    assert bbz["mapping"]["model"] == "2" and bbz["mapping"]["check_D"] == pytest.approx(0.15, rel=1e-9)
    assert bbz["mapping"]["productivity_factor"] == pytest.approx(3.0)  # the paper's base case whatever D
    _, bbz_emp = S.run_bbz(sc, dict(BBZ_CFG, split="employment"))
    assert bbz_emp["mapping"]["check_D"] == pytest.approx(0.13, rel=1e-9)
    row = S.summary_row(sc, ar, bbz)
    assert row["D"] == 0.15 and row["bbz_share_L1"] == 0.15 and row["ar_dI"] > 0
    assert row["ar_wage_impact_pct"] == pytest.approx(100 * math.expm1(ar["impact_dlnW"]))
    S.figure(sc, ar_path, ar, bbz_path, bbz, tmp_path / "f.png", horizon=60)
    assert (tmp_path / "f.png").stat().st_size > 10_000


def test_model1_alternative_outside_its_domain_is_reported_not_fatal(tmp_path):
    sc = S.Scenario("felten_aioe", "upper_bound", "felten_aioe / upper_bound", 0.55, 0.55)
    path, bbz = S.run_bbz(sc, BBZ_MODEL1)
    assert path.empty and bbz["status"] == "failed" and "D must be below" in bbz["message"]
    ok_path, ok = S.run_bbz(S.Scenario("m", "s", "m / s", 0.2, 0.2), BBZ_MODEL1)
    assert ok["status"] == "ok" and ok["mapping"]["check_D"] == pytest.approx(0.2, rel=1e-12)
    ar_path, ar = S.run_ar(sc, AR_CFG)
    assert ar["converged"]
    S.figure(sc, ar_path, ar, path, bbz, tmp_path / "f.png", horizon=60)
    assert (tmp_path / "f.png").stat().st_size > 10_000


def test_bad_shock_table_names_file_row_and_column():
    shock = pd.DataFrame(
        dict(measure=["m", "m"], scenario=["a", "b"], label=["m / a", "m / b"], td=[0.2, 1.3], exposure_wage=[0.2, 1.3])
    )
    with pytest.raises(S.ModelError, match=r"shocks/m.parquet, row 1 \(m / b\): column td must be in \[0, 1\)"):
        S.scenarios_from_shock(shock, "shocks/m.parquet")
    with pytest.raises(S.ModelError, match="missing column"):
        S.scenarios_from_shock(shock.drop(columns="td"), "shocks/m.parquet")
