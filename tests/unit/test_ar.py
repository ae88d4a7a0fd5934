"""Acemoglu-Restrepo (2015 draft) task model: the validation tests of spec §9 (items 1-17).

Targets are the spec's reference values [V], closed forms derived independently of the solver,
or finite differences of the full solver; never values copied from this implementation's output.
Footnote 19's rho-bar = 0.012 and n-bar = 0.56 are not reproducible (spec §3A.6) and are not targets.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from ailabor.calibration import acemoglu_restrepo as legacy
from ailabor.ge.ar import (
    P0,
    ModelError,
    Params,
    bgp_endo,
    closed_forms,
    dynamics_endo,
    dynamics_exo,
    figures,
    longrun,
    skills,
    static,
)
from ailabor.ge.ar.costs import cu, cu_inv, dcu, share
from ailabor.ge.ar.tasks import Gamma, integrate

CASE_A = Params(sigma=0.7, eta=0.0, A=1.0)
CASE_C = Params(sigma=0.7, zeta=0.2, eta=0.3, psi=0.5, A=1.0)
ELASTIC = dict(ls_kind="logistic", ls_min=0.6, ls_max=1.2, ls_omega0=2.5, ls_phi=1.5)


@pytest.fixture(scope="module")
def eq_a():
    return static.solve_static(CASE_A, 0.3, 1.0, 1.0)


@pytest.fixture(scope="module")
def eq_c():
    return static.solve_static(CASE_C, 0.3, 1.0, 1.0)


@pytest.fixture(scope="module")
def fig6():
    return dynamics_exo.transition(P0, 0.80, 0.05, 0.016)


# --- parameters and building blocks ----------------------------------------------------------------


def test_params_validation_and_p0_constants():
    assert P0.a == pytest.approx(0.856528, abs=5e-7)  # spec §3A.6
    assert P0.Rbar == pytest.approx(0.088299, abs=5e-7)
    assert P0.rhobar(0.016) == pytest.approx(0.012299, abs=5e-7)
    assert P0.R_star(0.016) == pytest.approx(0.126)
    assert bgp_endo.bgp_growth(P0.A, P0.kappa_I, P0.kappa_N, P0.S) == pytest.approx(0.016)  # documented kappa default
    with pytest.raises(ModelError, match="a = .* must be < 1"):
        Params(psi=2.0)
    with pytest.raises(ModelError, match="sigma"):
        Params(sigma=0.0)
    with pytest.raises(ModelError, match="eta"):
        Params(eta=1.0)
    with pytest.raises(ModelError, match="mu"):
        Params(mu=0.0)
    assert P0.with_(sigma=0.9).sigma == 0.9 and P0.to_dict()["a"] == P0.a


def test_cost_function_identities():
    x = np.array([0.05, 0.3, 1.0, 4.0])
    for p in (CASE_C, P0, P0.with_(zeta=1.5, psi=2.0), P0.with_(zeta=1.0, psi=3.0), CASE_A):
        h = 1e-6
        num = (cu(p, x * (1 + h)) - cu(p, x * (1 - h))) / (2 * h * x)
        np.testing.assert_allclose(dcu(p, x), num, rtol=1e-7)
        np.testing.assert_allclose(share(p, x), x * num / cu(p, x), rtol=1e-7)
        np.testing.assert_allclose(cu_inv(p, cu(p, x)), x, rtol=1e-10)
    # the printed CES form (spec eq. 4) and the Cobb-Douglas normalisation of spec §8 item 3
    p = CASE_C
    np.testing.assert_allclose(cu(p, x), (p.a + x ** (1 - p.zeta)) ** (1 / (1 - p.zeta)), rtol=1e-13)
    q = P0.with_(zeta=1.0, psi=3.0)
    np.testing.assert_allclose(cu(q, x), (q.psi / q.eta) ** q.eta * (x / (1 - q.eta)) ** (1 - q.eta), rtol=1e-13)
    # Gamma closed form with expm1 and its limits
    for A, sh in ((1.0, 0.7), (2.0, 1.5), (1e-12, 0.5), (1.0, 1.0)):
        assert Gamma(0.3, 1.0, A, sh) == pytest.approx(
            integrate(lambda i, A=A, sh=sh: np.exp(A * (sh - 1) * i), 0.3, 1.0), rel=1e-12
        )


# --- spec §9 item 1: static solver = closed form (10) ---------------------------------------------


def test_item1_static_case_a_and_closed_form(eq_a):
    e = eq_a
    assert (e.Y, e.W, e.r) == pytest.approx((2.88561549, 2.07182262, 0.81379287), rel=1e-8)
    assert (e.labour_share, e.omega, e.I_tilde) == pytest.approx((0.71798292, 2.54588447, 0.93447812), rel=1e-7)
    assert e.constrained and e.I_star == 0.3
    cf = static.closed_form(CASE_A, 0.3, 1.0, 1.0)
    assert (e.Y, e.W, e.r, e.labour_share) == pytest.approx((cf["Y"], cf["W"], cf["r"], cf["labour_share"]), rel=1e-11)
    assert math.log(e.omega) == pytest.approx(static.closed_form_ln_omega(CASE_A, 0.3, 1.0, 1.0), rel=1e-11)
    # eta = 0: the three labour-share definitions coincide
    assert e.labour_share_gross == pytest.approx(e.labour_share, rel=1e-12) == e.labour_share_net


def test_item1_case_c_reference(eq_c):
    e = eq_c
    assert CASE_C.a == pytest.approx(0.48482, abs=5e-6)
    assert (e.W, e.r, e.Y) == pytest.approx((0.93854929, 0.31240520, 2.43690114), rel=1e-7)
    assert e.I_star == 0.3 and e.I_tilde == pytest.approx(1.10003, abs=5e-6)
    assert e.labour_share_gross == pytest.approx(0.38514, abs=5e-6)
    assert e.labour_share == pytest.approx(0.75027, abs=5e-6)
    assert e.intermediate_share == pytest.approx(0.48666, abs=5e-6)
    assert e.labour_share_gross + e.capital_share_gross + e.intermediate_share == pytest.approx(1.0, abs=1e-12)
    assert e.net_output == pytest.approx(e.Y * (1 - CASE_C.mu * e.intermediate_share))
    assert e.profits == pytest.approx((1 - CASE_C.mu) * e.intermediate_share * e.Y)


def test_item1_zeta1_closed_form_up_to_constant():
    p = Params(sigma=0.7, zeta=1.0, eta=0.3, psi=0.5, A=1.0)
    e = static.solve_static(p, 0.3, 1.0, 1.5)
    cf = static.closed_form(p, 0.3, 1.0, 1.5)
    assert (e.Y, e.W, e.r, e.labour_share) == pytest.approx((cf["Y"], cf["W"], cf["r"], cf["labour_share"]), rel=1e-10)
    assert e.labour_share_gross + e.capital_share_gross == pytest.approx(1 - p.eta, rel=1e-12)  # WL + rK = (1-eta) Y
    assert e.intermediate_share == pytest.approx(p.eta, rel=1e-12)
    # sigma_hat = 1 in the closed form: eta = 0, sigma = 1
    p1 = Params(sigma=1.0, eta=0.0, A=1.0)
    e1 = static.solve_static(p1, 0.3, 1.0, 1.0)
    cf1 = closed_forms.short_run_sigma1(1.0, 0.3, 1.0, 1.0)
    assert (e1.Y, e1.W, e1.r, e1.labour_share) == pytest.approx((cf1["Y"], cf1["W"], cf1["r"], cf1["s_L"]), rel=1e-10)


# --- item 2: uniqueness (Prop. 1) ------------------------------------------------------------------


def test_item2_single_sign_change():
    rng = np.random.default_rng(20151001)
    done = 0
    while done < 6:
        sigma, zeta, eta = rng.uniform(0.3, 3.0), rng.uniform(0.1, 2.0), rng.uniform(0.0, 0.6)
        psi, A, K = rng.uniform(0.1, 2.0), rng.uniform(0.5, 3.0), math.exp(rng.uniform(-2, 2))
        try:
            p = Params(sigma=sigma, zeta=zeta, eta=eta, psi=psi, A=A)
        except ModelError:  # a >= 1
            continue
        I = rng.uniform(0.05, 1.0)
        e = static.solve_static(p, I, 1.0, K)
        xs = np.linspace(1e-6, e.x + 6.0, 45)
        res = np.array([static.residual(p, I, 1.0, K, x) for x in xs])
        assert res[0] > 0 > res[-1]
        assert np.sum(np.diff(np.sign(res)) != 0) == 1
        done += 1


# --- item 3: Proposition 2 signs ---------------------------------------------------------------------


@pytest.mark.parametrize("p", [CASE_C, CASE_C.with_(**ELASTIC), P0.with_(sigma=1.5, zeta=0.5, psi=0.6)])
def test_item3_prop2_constrained(p):
    e = static.solve_static(p, 0.3, 1.0, 1.0)
    assert e.constrained
    fd = static.fd_derivatives(p, 0.3, 1.0, 1.0)
    assert fd["dlnomega_dI"] < 0 < fd["dlnomega_dN"]
    assert fd["dlnWr_dlnK"] > 0
    an = static.prop2(p, e)
    assert an["sigma_SR"] == pytest.approx(1 / fd["dlnWr_dlnK"], rel=1e-6)
    sh, sz = min(p.sigma, p.zeta), max(p.sigma, p.zeta)
    if not p.elastic:  # sigma_SR is a weighted average of sigma and zeta
        assert sh <= an["sigma_SR"] <= sz
    for key in ("I", "N", "lnK"):  # labour share and employment move with omega
        assert np.sign(fd[f"dlabour_share_d{key}"]) == np.sign(fd[f"dlnomega_d{key}"])
        if p.elastic:
            assert np.sign(fd[f"dlnL_d{key}"]) == np.sign(fd[f"dlnomega_d{key}"])


@pytest.mark.parametrize("p", [CASE_C, CASE_C.with_(**ELASTIC)])
def test_item3_prop2_unconstrained(p):
    I, K = 0.95, 0.25
    e = static.solve_static(p, I, 1.0, K)
    assert not e.constrained and e.I_star < I
    fd = static.fd_derivatives(p, I, 1.0, K)
    an = static.prop2(p, e)
    assert fd["dlnomega_dI"] == pytest.approx(0.0, abs=1e-9) and an["dlnomega_dI"] == 0.0
    assert an["sigma_MR"] > an["sigma_SR"]
    assert an["sigma_MR"] == pytest.approx(1 / fd["dlnWr_dlnK"], rel=1e-6)
    assert an["dlnomega_dN"] == pytest.approx(fd["dlnomega_dN"], rel=1e-6) and an["dlnomega_dN"] > 0
    assert an["dlnW_dN"] == pytest.approx(fd["dlnW_dN"], rel=1e-6)
    assert an["dlnr_dN"] == pytest.approx(fd["dlnr_dN"], rel=1e-5, abs=1e-8)
    for key in ("N", "lnK"):
        assert np.sign(fd[f"dlabour_share_d{key}"]) == np.sign(fd[f"dlnomega_d{key}"])


# --- item 4: Corollary 1 ---------------------------------------------------------------------------


def test_item4_corollary1_case_a(eq_a):
    c = static.corollary1(CASE_A, eq_a)
    assert c["dlnomega_dI"] == pytest.approx(-7.0245013, abs=5e-7)
    assert c["dlnW_dI"] == pytest.approx(-1.3240393, abs=5e-7)
    fd = static.fd_derivatives(CASE_A, 0.3, 1.0, 1.0)
    for k in ("dlnomega_dI", "dlnomega_dN", "dlnomega_dlnK", "dlnW_dI", "dlnW_dN"):
        assert c[k] == pytest.approx(fd[k], rel=1e-6), k


@pytest.mark.parametrize(
    "p,I,K,constrained",
    [
        (Params(sigma=0.7, eta=0.0, A=1.0, **ELASTIC), 0.3, 1.0, True),  # elastic L^s: sigma_hat + eps_L on the left
        (Params(sigma=0.7, eta=0.0, A=1.0), 0.95, 0.3, False),  # unconstrained: Lambda
        (Params(sigma=1.4, zeta=1.0, eta=0.4, psi=0.8, A=1.5), 0.3, 1.0, True),  # zeta = 1
        (
            Params(sigma=0.6, zeta=1.0, eta=0.4, psi=0.8, A=1.5, **ELASTIC),
            0.9,
            0.2,
            False,
        ),  # zeta = 1, unconstrained, elastic
    ],
)
def test_item4_corollary1_variants(p, I, K, constrained):
    e = static.solve_static(p, I, 1.0, K)
    assert e.constrained == constrained  # the case each row is meant to cover
    c = static.corollary1(p, e)
    fd = static.fd_derivatives(p, I, 1.0, K)
    for k in ("dlnomega_dI", "dlnomega_dN", "dlnomega_dlnK", "dlnW_dN", "dlnL_dN"):
        assert c[k] == pytest.approx(fd[k], rel=1e-6, abs=1e-9), k
    if not e.constrained:
        assert c["sigma_MR"] == pytest.approx(p.sigma_hat + c["Lambda"] / p.A) and c["sigma_MR"] > c["sigma_SR"]


# --- item 5: spec §2.3 general derivatives --------------------------------------------------------


def test_item5_general_derivatives_case_c(eq_c):
    d = static.general_derivatives(CASE_C, eq_c)
    assert d["dlnW_dI"] == pytest.approx(-2.0718618, abs=5e-7)
    assert d["dlnWr_dI"] == pytest.approx(-11.643741, abs=5e-6)
    assert d["sigma_SR"] == pytest.approx(0.435953, abs=5e-7)


@pytest.mark.parametrize(
    "s,z,e,ps", [(0.7, 0.2, 0.3, 0.5), (1.5, 0.3, 0.4, 0.6), (2.5, 0.9, 0.2, 0.8), (0.5, 0.2, 0.5, 0.3)]
)
@pytest.mark.parametrize("elastic", [False, True])
def test_item5_general_derivatives_vs_fd(s, z, e, ps, elastic):
    p = Params(sigma=s, zeta=z, eta=e, psi=ps, A=1.0, **(ELASTIC if elastic else {}))
    eq = static.solve_static(p, 0.3, 1.0, 1.0, fixed_I=True)
    d = static.general_derivatives(p, eq)
    fd = static.fd_derivatives(p, 0.3, 1.0, 1.0, fixed_I=True)
    for k in ("dlnW_dI", "dlnWr_dI", "dlnW_dN", "dlnWr_dN", "dlnW_dlnK", "dlnWr_dlnK", "dlnL_dI"):
        assert d[k] == pytest.approx(fd[k], rel=2e-7, abs=1e-9), k


# --- item 6: sigma = 1 (footnote 15) ---------------------------------------------------------------


@pytest.mark.parametrize("I,K", [(0.3, 1.0), (0.5, 3.0)])
def test_item6_sigma1_formula(I, K):
    p = Params(sigma=1.0, eta=0.0, A=1.0)
    e = static.solve_static(p, I, 1.0, K)
    assert e.constrained
    f = static.sigma1_dlnW_dI(p, e)
    assert f == pytest.approx(static.fd_derivatives(p, I, 1.0, K)["dlnW_dI"], rel=1e-7)
    assert f == pytest.approx(static.general_derivatives(p, e)["dlnW_dI"], rel=1e-10)


# --- item 7: long run ----------------------------------------------------------------------------


def test_item7_longrun_case_c(eq_c):
    R = eq_c.r
    lr = longrun.longrun_dlnW_dI(CASE_C, 0.7, R)
    assert lr == pytest.approx(1.11423, abs=5e-6)
    h = 1e-5
    up = longrun.longrun_eq(CASE_C, 0.7 - h, R, I=0.3 + h)
    dn = longrun.longrun_eq(CASE_C, 0.7 + h, R, I=0.3 - h)
    assert lr == pytest.approx((math.log(up.W) - math.log(dn.W)) / (2 * h), rel=1e-7)
    same = longrun.longrun_eq(CASE_C, 0.7, R, I=0.3)  # at r = r(K=1) the long run is the K = 1 equilibrium
    assert (same.K, same.W, same.Y) == pytest.approx((1.0, eq_c.W, eq_c.Y), rel=1e-10)


def test_item7_longrun_properties():
    p = Params(sigma=0.5, eta=0.0, A=1.0)
    R = 0.8
    e0, e1 = longrun.longrun_eq(p, 0.7, R, I=0.3), longrun.longrun_eq(p, 0.65, R, I=0.35)
    assert e1.labour_share - e0.labour_share == pytest.approx(-0.05 * R ** (1 - p.sigma), rel=1e-10)
    # w^LR does not depend on L^s; employment does
    pe = p.with_(**ELASTIC)
    assert longrun.longrun_eq(pe, 0.7, R).W == pytest.approx(e0.W / math.exp(0.3 * p.A), rel=1e-12)
    assert longrun.longrun_eq(pe, 0.7, R).labour_share == pytest.approx(e0.labour_share, rel=1e-12)
    R0 = P0.R_star(0.016)
    nb = longrun.nbar(P0, R0)
    grid = np.linspace(nb, 1.0, 12)
    wI = [longrun.w_I(P0, n, R0) for n in grid]
    wN = [longrun.w_N(P0, n, R0) for n in grid]
    assert np.all(np.diff(wI) > 0) and np.all(np.diff(wN) < 0)  # spec §8 item 5 (Lemma A2 reversed in print)
    assert longrun.w_I(P0, 0.3, R0) == pytest.approx(R0, rel=1e-10) and longrun.w_N(P0, 0.3, R0) == pytest.approx(
        longrun.w_N(P0, 0.5, R0)
    )
    assert all(longrun.longrun_dlnW_dI(P0, n, R0) >= 0 for n in grid[1:])  # automation cannot reduce long-run wages


# --- item 8: thresholds -----------------------------------------------------------------------------


def test_item8_thresholds():
    assert longrun.nbar(P0, P0.R_star(0.0)) == pytest.approx(0.507512, abs=5e-7)
    assert longrun.nbar(P0, P0.R_star(0.016)) == pytest.approx(0.649513, abs=5e-7)
    # eta = 0 closed form of the n-bar equation
    p = Params(sigma=0.5, eta=0.0, A=2.0, rho=1.1, delta=0.06)
    R = p.R_star(0.0)
    nb = longrun.nbar(p, R)
    lhs = (1 - nb) * R ** (1 - p.sigma) + R ** (1 - p.sigma) * (1 - math.exp(-p.A * (1 - p.sigma) * nb)) / (
        p.A * (1 - p.sigma)
    )
    assert lhs == pytest.approx(1.0, abs=1e-12)
    # footnote 19 (spec §3A.6): psi = 0.9 gives rho-bar < 0 and no n-bar with A = 2; psi = 0.824, A = 3 gives 0.550
    p19 = P0.with_(psi=0.9)
    assert p19.a == pytest.approx(0.91917, abs=5e-6) and p19.Rbar == pytest.approx(0.04310, abs=5e-6)
    assert p19.rhobar(0.016) == pytest.approx(-0.0329, abs=5e-5)
    assert longrun.regime(p19, p19.R_star(0.016)) == "no_capital" and longrun.nbar(p19, p19.R_star(0.016)) is None
    assert longrun.nbar(P0.with_(A=3.0), P0.R_star(0.016)) == pytest.approx(0.550, abs=5e-4)
    # rho slightly below rho-bar: no n-bar, AK
    low = P0.with_(rho=P0.rhobar(0.016) - 1e-3)
    assert longrun.regime(low, low.R_star(0.016)) == "AK" and longrun.nbar(low, low.R_star(0.016)) is None
    with pytest.raises(ModelError, match="AK"):
        bgp_endo.n_D(low, 1.0, 0.016)
    high = P0.with_(rho=P0.rhobar(0.016) + 1e-3)
    assert longrun.nbar(high, high.R_star(0.016)) is not None and longrun.rhobar(P0, 0.016) == P0.rhobar(0.016)
    # rho < rho-bar (Figure A2, right panel): n-tilde with w_N(n-tilde) = R*, both w_I and w_N decreasing below it
    ak = P0.with_(rho=0.005)
    R = ak.R_star(0.016)
    nt = longrun.ntilde(ak, R)
    assert 0 < nt < 1 and longrun.w_N(ak, nt, R) == pytest.approx(R, rel=1e-10)
    grid = np.linspace(0.02, nt, 8)
    assert np.all(np.diff([longrun.w_I(ak, n, R) for n in grid]) < 0) and np.all(
        np.diff([longrun.w_N(ak, n, R) for n in grid]) < 0
    )


# --- item 9: Figure 6 analogue ----------------------------------------------------------------------


def test_item9_transition_reference(fig6):
    path, s = fig6
    assert s["converged"] and s["bc_residual"] < 1e-8
    assert s["impact_dlnW"] == pytest.approx(-0.0673, abs=5e-5)
    assert s["I_star_gap_impact"] == pytest.approx(0.041, abs=5e-4)  # I* < I on impact
    assert s["lr_dlnW"] == pytest.approx(0.02215, abs=5e-6)
    assert s["ls_before"] == pytest.approx(0.738, abs=5e-4)
    assert s["ls_impact"] == pytest.approx(0.689, abs=5e-4)
    assert s["ls_lr"] == pytest.approx(0.6726, abs=5e-5)
    at = path.set_index("t")
    assert at.loc[5.0, "lnW_rel"] == pytest.approx(-0.042, abs=5e-4)
    assert at.loc[10.0, "lnW_rel"] == pytest.approx(0.015, abs=5e-4)
    assert at.loc[5.0, "labour_share"] == pytest.approx(0.646, abs=5e-4)
    assert 5.0 < s["recovery_year"] < 10.0 and s["trough_dlnW"] <= s["impact_dlnW"] + 1e-12
    assert path["lnW_rel"].iloc[0] == pytest.approx(s["impact_dlnW"], abs=1e-6)  # spline path vs exact impact solve
    assert path["I_star_gap"].iloc[-1] == 0.0 and (path["I_star_gap"] >= 0).all()
    assert set(path.columns) >= {
        "t",
        "lnW_rel",
        "W_rel",
        "labour_share",
        "labour_share_gross",
        "k",
        "c",
        "y",
        "r",
        "I_star_gap",
    }


def test_item9_transition_insensitive_to_T(fig6):
    path, s = fig6
    path2, s2 = dynamics_exo.transition(P0, 0.80, 0.05, 0.016, T=250.0)
    assert np.max(np.abs(path2["lnW_rel"] - path["lnW_rel"])) < 1e-7
    assert s2["recovery_year"] == pytest.approx(s["recovery_year"], abs=1e-6)


def test_item13_bgp_facts_exogenous():
    g = 0.016
    df = dynamics_exo.bgp_levels(P0, 0.8, g, [0.0, 10.0, 30.0])
    for col in ("W", "Y", "K", "C"):
        slope = np.diff(np.log(df[col])) / np.diff(df["t"])
        np.testing.assert_allclose(slope, g, rtol=1e-8)
    np.testing.assert_allclose(df["r"], P0.R_star(g), rtol=1e-9)
    np.testing.assert_allclose(df["labour_share"], df["labour_share"].iloc[0], rtol=1e-10)


# --- item 10: Proposition 4 / Figure 7 ---------------------------------------------------------------


@pytest.mark.parametrize(
    "g,q,nD,wI,wN,v",
    [
        (0.0, 1.5, 0.830945, 0.176977, 0.033587, 0.23275),
        (0.0, 2.0, 0.731530, 0.156718, 0.036285, 0.16702),
        (0.016, 1.0, 0.804703, 0.164284, 0.032858, 0.33636),
        (0.016, 1.5, 0.685787, 0.135078, 0.034270, 0.21740),
    ],
)
def test_item10_nD_table(g, q, nD, wI, wN, v):
    r = bgp_endo.n_D(P0, q, g)
    assert r.n_D == pytest.approx(nD, abs=5e-7)
    assert (r.w_I, r.w_N) == pytest.approx((wI, wN), abs=5e-7)
    assert r.v_I == pytest.approx(v, abs=5e-6) and r.v_N / q == pytest.approx(v, abs=5e-6)
    assert r.stable is True
    assert r.q_lo < q < r.q_hi


def test_item10_nD_no_root_cases():
    r = bgp_endo.n_D(P0, 1.0, 0.0)
    assert r.n_D is None and r.q_lo > 1.0 and r.q_hi == math.inf  # spec: q < v_N/v_I at n = 1
    r = bgp_endo.n_D(P0, 2.0, 0.016)
    assert r.n_D is None and "F(n_bar) > 0" in r.reason and r.q_hi < 2.0
    # Lemma A3 properties at g -> 0: v_I = 0 below n-bar, both values increasing above it
    R = P0.R_star(0.0)
    nb = longrun.nbar(P0, R)
    assert bgp_endo.values(P0, 0.4, 0.0)["v_I"] == 0.0 and bgp_endo.values(P0, 0.4, 0.0)["v_N"] > 0
    vals = [bgp_endo.values(P0, n, 0.0) for n in np.linspace(nb + 1e-6, 1.0, 8)]
    assert np.all(np.diff([v["v_I"] for v in vals]) > 0) and np.all(np.diff([v["v_N"] for v in vals]) > 0)
    # with g > 0 the integral equals the g -> 0 formula in the limit
    a, b = bgp_endo.values(P0, 0.8, 1e-7), bgp_endo.values(P0, 0.8, 0.0)
    assert (a["v_I"], a["v_N"]) == pytest.approx((b["v_I"], b["v_N"]), rel=1e-4)


@pytest.mark.parametrize("q", [1.5, 2.0])
def test_item10_lemma_a4_saddle(q):
    a = bgp_endo.lemma_a4(P0, q, Q_v=1e4)
    assert a["saddle"] and a["n_stable"] == 2 and a["n_unstable"] == 2
    assert np.trace(a["J"]) > 0 and a["Q_n"] > 0


# --- item 11: Corollary 2 ---------------------------------------------------------------------------


def test_item11_corollary2():
    pe = P0.with_(**ELASTIC)
    df = bgp_endo.corollary2_sweep(pe, [1.3, 1.6, 2.0, 2.6], g=0.0)
    assert len(df) == 4
    assert df["n_D"].notna().all() and df["stable"].all()
    for col in ("n_D", "labour_share", "employment"):
        assert np.all(np.diff(df[col]) < 0), col
    # g held fixed at 0.016 with the kappas rescaled
    dg = bgp_endo.corollary2_sweep(pe, [0.9, 1.1, 1.4, 1.7], g=0.016)
    assert len(dg) == 4
    assert dg["n_D"].notna().all() and np.all(np.diff(dg["n_D"]) < 0) and np.all(np.diff(dg["employment"]) < 0)
    for _, row in dg.iterrows():
        assert bgp_endo.bgp_growth(P0.A, row["kappa_I"], row["kappa_N"], pe.S) == pytest.approx(0.016)
        assert row["kappa_I"] / row["kappa_N"] == pytest.approx(row["q"])


# --- items 12-13: theta -> 0 endogenous dynamics ----------------------------------------------------


def test_item12_theta0_dynamics_and_self_correction():
    p = P0.with_(kappa_I=1.5, kappa_N=1.0, S=2e-4)
    nd = bgp_endo.n_D(p, 1.5, 0.0).n_D
    for n0, rate in ((0.70, p.kappa_N * p.S), (0.95, -p.kappa_I * p.S)):
        df = dynamics_endo.technology_path(p, n0, T=1500.0, dt=5.0)
        t1 = abs(nd - n0) / abs(rate)
        first = df[df["t"] < t1]
        np.testing.assert_allclose(first["n"], n0 + rate * first["t"], rtol=1e-12)  # linear at the maximal speed
        assert set(first["regime"]) == {"new_tasks" if rate > 0 else "automation"}
        late = df[df["t"] > t1 + 1]
        np.testing.assert_allclose(late["n"], nd, rtol=1e-12)
        bgp_ls = longrun.longrun_eq(p, nd, p.rho + p.delta).labour_share
        np.testing.assert_allclose(late["labour_share"], bgp_ls, rtol=1e-8)  # self-correction
        assert abs(df["labour_share"].iloc[0] - bgp_ls) > 0.02
        # V_I, V_N by quadrature along the path support the bang-bang allocation
        tp, _ = dynamics_endo.equilibrium_path(p, n0)
        chk = dynamics_endo.value_check(p, tp, [0.0, 0.5 * t1, 0.9 * t1])
        assert chk["consistent"].all()


def test_item12_interior_values_converge_as_S_to_0():
    rel = []
    for S in (2e-4, 2e-5):
        p = P0.with_(kappa_I=1.5, kappa_N=1.0, S=S)
        tp, _ = dynamics_endo.equilibrium_path(p, bgp_endo.n_D(p, 1.5, 0.0).n_D)  # start on the BGP
        rel.append(abs(dynamics_endo.value_check(p, tp, [0.0])["rel_diff"].iloc[0]))
    assert rel[0] < 0.03 and rel[1] == pytest.approx(rel[0] / 10, rel=0.1)


def test_item13_bgp_growth_endogenous():
    p = P0.with_(kappa_I=1.5, kappa_N=1.0, S=0.004)
    g = bgp_endo.bgp_growth(p.A, p.kappa_I, p.kappa_N, p.S)
    assert g == pytest.approx(2.0 * 1.5 * 1.0 * 0.004 / 2.5)
    kI, kN = bgp_endo.kappas_for_g(0.016, 2.0, 1.5, 1.0)
    assert bgp_endo.bgp_growth(2.0, kI, kN, 1.0) == pytest.approx(0.016) and kI / kN == pytest.approx(1.5)
    df = dynamics_endo.technology_path(p, 0.75, T=400.0, dt=1.0)
    bgp = df[df["t"] > df.attrs["t_switch"] + 1]
    for col in ("lnW",):
        np.testing.assert_allclose(np.diff(bgp[col]) / np.diff(bgp["t"]), g, rtol=1e-9)
    for col in ("Y", "K", "C"):
        np.testing.assert_allclose(np.diff(np.log(bgp[col])) / np.diff(bgp["t"]), g, rtol=1e-9)
    np.testing.assert_allclose(bgp["g"], g)


# --- item 14: Proposition 6 (welfare) ----------------------------------------------------------------


def test_item14_prop6_more_new_tasks_raise_welfare():
    """zeta = 1, mu = 1, elastic L^s, theta = 0 (linear utility, r = rho + delta): moving scientists
    from automation to new tasks from the decentralised BGP raises U (spec §3C, §7.2)."""
    base = Params(sigma=1.5, zeta=1.0, eta=0.5, psi=3.0, mu=1.0, A=2.0, theta=0.0, S=1e-3, kappa_N=1.0, **ELASTIC)
    assert longrun.regime(base, base.rho + base.delta) == "interior"
    for q in (2.5, 4.0):
        p = base.with_(kappa_I=q)
        s_I = dynamics_endo.interior_split(p)
        up = dynamics_endo.prop6_experiment(p, eps=0.3 * s_I, tau=200.0)
        down = dynamics_endo.prop6_experiment(p, eps=-0.3 * s_I, tau=200.0)
        assert up["n_perturbed"] > up["n_D"] > down["n_perturbed"]
        assert up["U_perturbed"] > up["U_decentralised"]
        assert down["U_perturbed"] < down["U_decentralised"]
    # the welfare integral itself: constant consumption gives (C - 1)/rho at theta = 0 and ln C/rho at theta = 1
    import pandas as pd

    path = pd.DataFrame(dict(t=np.linspace(0, 100, 401), C=np.full(401, 2.0)))
    assert dynamics_endo.welfare(base, path, 0.0) == pytest.approx((2.0 - 1) / base.rho, rel=1e-8)
    assert dynamics_endo.welfare(base.with_(theta=1.0), path, 0.0) == pytest.approx(math.log(2.0) / base.rho, rel=1e-8)


# --- item 15: skills --------------------------------------------------------------------------------


@pytest.mark.parametrize("reading", ["calendar", "introduction_date"])
def test_item15_skills_impact(reading):
    sp = skills.SkillParams()
    r = skills.impact_responses(P0, sp, 0.0, 0.8, 0.8, dI=0.01, dN=0.01, gamma_L=reading)
    base = r["base"]
    assert base.I_star == 0.0 < base.M < 0.8 and base.residual < 1e-9
    assert r["dln_ratio_dI"] > 0 and r["dln_ratio_dN"] > 0  # Prop. 7(3): both raise W_H/W_L on impact
    assert r["dlabour_share_dI"] < 0 < r["dlabour_share_dN"]
    # the equilibrium clears both labour markets
    assert (base.L, base.H) == pytest.approx((1.0, sp.H_bar), rel=1e-9)


def test_item15_skills_bgp():
    sp = skills.SkillParams()
    a = skills.bgp_path(P0, sp, 0.8, 0.8, [0.0, 40.0, 100.0])
    np.testing.assert_allclose(a["wage_ratio"], a["wage_ratio"].iloc[0], rtol=1e-9)
    np.testing.assert_allclose(a["r"], a["r"].iloc[0], rtol=1e-9)
    np.testing.assert_allclose(np.diff(np.log(a["W_L"])) / np.diff(a["t"]), sp.A_H * sp.Delta, rtol=1e-8)
    np.testing.assert_allclose(np.diff(a["M"]) / np.diff(a["t"]), sp.Delta, rtol=1e-8)  # M grows at Delta
    b = skills.bgp_path(P0, sp, 0.7, 0.8, [0.0])
    assert abs(math.log(b["wage_ratio"].iloc[0] / a["wage_ratio"].iloc[0])) > 1e-3  # depends on n
    lit = skills.bgp_path(P0, sp, 0.8, 0.8, [0.0, 50.0, 100.0], gamma_L="introduction_date")
    assert np.all(np.diff(lit["wage_ratio"]) > 1e-3)  # literal reading: no constant W_H/W_L


# --- items 16-17: the §6 closed forms ---------------------------------------------------------------


def test_item16_closed_forms_case_a(eq_a):
    cf = static.closed_form(CASE_A, 0.3, 1.0, 1.0)
    D = closed_forms.displacement_share(1.0, 0.7, 0.3, 0.05)
    assert D == pytest.approx(0.0785999, abs=5e-8)
    sr = closed_forms.automation(0.7, cf["labour_share"], 0.3, 0.05, A=1.0)
    lr = closed_forms.automation(0.7, cf["labour_share"], 0.3, 0.05, A=1.0, horizon="long")
    assert sr["cost_saving"] and lr["cost_saving"]
    assert (sr["dlnW"], sr["ds_L"]) == pytest.approx((-0.0842282, -0.0729403), abs=5e-8)
    assert (lr["dlnW"], lr["ds_L"]) == pytest.approx((0.0471819, -0.0470028), abs=5e-8)
    e1 = static.solve_static(CASE_A, 0.35, 1.0, 1.0)
    assert math.log(e1.W / eq_a.W) == pytest.approx(sr["dlnW"], abs=1e-11)
    assert e1.labour_share - eq_a.labour_share == pytest.approx(sr["ds_L"], abs=1e-11)
    l1 = longrun.longrun_eq(CASE_A, 0.65, eq_a.r, I=0.35)
    assert math.log(l1.W / eq_a.W) == pytest.approx(lr["dlnW"], abs=1e-11)
    assert l1.K == pytest.approx(1.30871, abs=5e-6)
    # dI = 0.1 is not cost-saving in the short run: I1 is replaced by I-tilde_1
    big = closed_forms.automation(0.7, cf["labour_share"], 0.3, 0.1, A=1.0)
    e2 = static.solve_static(CASE_A, 0.4, 1.0, 1.0)
    assert not big["cost_saving"] and not e2.constrained
    assert 0.3 + big["dI_adopted"] == pytest.approx(e2.I_star, abs=1e-10)
    assert math.log(e2.W / eq_a.W) == pytest.approx(big["dlnW"], abs=1e-10)
    # marginal versions: Corollary 1's -1.3240393 and the §3A.5 long-run formula
    dD = closed_forms.dD_dI(1.0, 0.7, 0.3)
    assert closed_forms.marginal_short_run(0.7, cf["labour_share"], 0.3, dD)["dlnW_dI"] == pytest.approx(
        -1.3240393, abs=5e-7
    )
    assert closed_forms.marginal_long_run(0.7, cf["labour_share"], 0.3, dD)["dlnW_dI"] == pytest.approx(
        longrun.longrun_dlnW_dI(CASE_A, 0.7, eq_a.r), rel=1e-10
    )


@pytest.mark.parametrize(
    "sig,m,dI,sr_w,sr_s,lr_w,lr_s",
    [
        (0.5, 0.5, 0.05, -0.1498, -0.0990, 0.0727, -0.0400),
        (0.8, 0.5, 0.05, -0.0132, -0.0614, 0.1818, -0.0400),
        (1.5, 0.3, 0.07, -0.0320, -0.0513, 0.1274, -0.0933),
        (2.0, 0.3, 0.07, -0.0393, -0.0383, 0.0637, -0.0933),
    ],
)
def test_item16_table_64(sig, m, dI, sr_w, sr_s, lr_w, lr_s):
    D = closed_forms.displacement_share(0.0, sig, m, dI)
    assert D == pytest.approx(0.1, abs=1e-12)
    sr = closed_forms.automation(sig, 0.6, m, dI)
    lr = closed_forms.automation(sig, 0.6, m, dI, horizon="long")
    assert sr["cost_saving"] and lr["cost_saving"]
    assert (sr["dlnW"], sr["ds_L"], lr["dlnW"], lr["ds_L"]) == pytest.approx((sr_w, sr_s, lr_w, lr_s), abs=5e-5)
    # the older A -> 0 calibration module agrees where they overlap
    old = legacy.closed_form(sig, 0.6, m, D)
    assert (sr["dlnW"], sr["ds_L"], lr["dlnW"], lr["ds_L"]) == pytest.approx(
        (old["sr_d_ln_w"], old["sr_d_labour_share"], old["lr_d_ln_w"], old["lr_d_labour_share"]), abs=1e-12
    )
    b = legacy.baseline(sig, 0.6, m_K0=m)
    assert sr["dlnW"] == pytest.approx(legacy.short_run(b, D)["d_ln_w"], abs=1e-10)
    assert lr["dlnW"] == pytest.approx(legacy.long_run(b, D)["d_ln_w"], abs=1e-10)


@pytest.mark.parametrize(
    "sig,m,dI,sr_ref,lr_ref", [(0.5, 0.5, 0.05, -0.149802, 0.072985), (1.5, 0.3, 0.07, -0.031713, 0.127781)]
)
def test_item16_full_solver_A001(sig, m, dI, sr_ref, lr_ref):
    A, s_L, N = 0.01, 0.6, 1.0
    I0 = N - 1 + m
    p = Params(sigma=sig, eta=0.0, A=A)
    G = Gamma(I0, N, A, sig)
    K = ((1 - s_L) / s_L * (G / m) ** (1 / sig)) ** (sig / (sig - 1))  # s_K/s_L = (m/Gamma)^{1/s} K^{(s-1)/s}, L = 1
    e0 = static.solve_static(p, I0, N, K)
    assert e0.labour_share == pytest.approx(s_L, rel=1e-12)
    e1 = static.solve_static(p, I0 + dI, N, K)
    l1 = longrun.longrun_eq(p, N - I0 - dI, e0.r, I=I0 + dI)
    sr = closed_forms.automation(sig, s_L, m, dI, A=A)
    lr = closed_forms.automation(sig, s_L, m, dI, A=A, horizon="long")
    assert math.log(e1.W / e0.W) == pytest.approx(sr["dlnW"], abs=1e-11) == pytest.approx(sr_ref, abs=5e-7)
    assert math.log(l1.W / e0.W) == pytest.approx(lr["dlnW"], abs=1e-11) == pytest.approx(lr_ref, abs=5e-7)


def test_item16_displacement_share_general():
    # eta = 0: the wage-bill share of [0, dI] is the closed-form D
    p = Params(sigma=0.7, eta=0.0, A=1.0)
    R = 0.8
    assert longrun.wage_bill_share(p, 0.7, 0.05, R) == pytest.approx(
        closed_forms.displacement_share(1.0, 0.7, 0.0, 0.05, 0.7), rel=1e-12
    )
    # general eta, zeta: inverse round trip and errors
    R0 = P0.R_star(0.016)
    d = longrun.wage_bill_share(P0, 0.8, 0.05, R0)
    assert 0 < d < 1 and longrun.dI_for_displacement(P0, 0.8, d, R0) == pytest.approx(0.05, abs=1e-10)
    assert longrun.wage_bill_share(P0, 0.8, 0.8, R0) == pytest.approx(1.0)
    with pytest.raises(ModelError, match="displacement share"):
        longrun.dI_for_displacement(P0, 0.8, 1.0, R0)


def test_item17_heuristic_differs_from_model():
    D = 0.1
    h = closed_forms.heuristic(0.5, D)
    sr = closed_forms.automation(0.5, 0.6, 0.5, 0.05)
    lr = closed_forms.automation(0.5, 0.6, 0.5, 0.05, horizon="long")
    assert h == pytest.approx(0.100, abs=1e-12) and h == pytest.approx(legacy.legacy_heuristic(D, 0.5))
    assert sr["dlnW"] == pytest.approx(-0.150, abs=5e-4) and lr["dlnW"] == pytest.approx(0.073, abs=5e-4)
    assert np.sign(h) != np.sign(sr["dlnW"])
    assert closed_forms.heuristic(1.0, D) == 0.0  # zero at sigma = 1, where the model's wage can fall (item 6)
    assert closed_forms.displacement_only(0.5, D, exact=False) == pytest.approx(-0.2)


# --- figures -----------------------------------------------------------------------------------------


def test_figures_write_pngs(tmp_path, fig6):
    path, s = fig6
    figures.transition(path, s, tmp_path / "fig6.png")
    figures.value_curves(bgp_endo.value_curve_table(P0, 1.5, 0.0, np.linspace(0.51, 1.0, 8)), tmp_path / "fig7.png")
    figures.wage_thresholds(longrun.wage_threshold_table(P0, 0.016, np.linspace(0.05, 1.0, 8)), tmp_path / "figA2.png")
    figures.static_allocation(static.allocation_table(CASE_C, 0.3, 1.0, 1.0, n=10), tmp_path / "fig4.png")
    for name in ("fig6", "fig7", "figA2", "fig4"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000


def test_stable_interior_picks_a_grid_point_with_a_stable_n_D():
    from ailabor.ge.ar import outputs

    bgp = outputs.bgp_table(P0, [1.0, 1.5, 2.0], 0.016)
    q, nd = outputs.stable_interior(bgp)
    assert q == 2.0 and nd == pytest.approx(0.731530, abs=5e-6)  # spec §3B.4, g -> 0 (q = 1 has no n_D)
    with pytest.raises(ModelError, match="widen ge.ar.q_grid"):
        outputs.stable_interior(bgp[bgp["q"] == 1.0])
