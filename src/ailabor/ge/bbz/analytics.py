"""The paper's closed-form comparative statics (spec §2.3, §3.3-3.4, §4.2, §5.5), each next to
its finite-difference counterpart from the model's own static block or steady state.

Short-run elasticities are evaluated at the initial equilibrium (cost shares of the
calibration); long-run ones compare steady states for a small change in b_bar.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .model4 import Model4
from .models import Model1, Model2, Model3
from .params import Params

H = 1e-5  # relative step of the finite differences


def _sr_fd(model, var: str, out: str) -> float:
    """d ln(out) / d ln(var) of the static block at the initial point (var in K, Z, b)."""
    p = model.p
    X0, b0 = model.X0.astype(float), float(p.b0)

    def value(e):
        X, b = X0.copy(), b0
        if var == "b":
            b = b0 * math.exp(e)
        else:
            X[model.stocks.index(var)] *= math.exp(e)
        return math.log(float(model.static(X, np.asarray(b))[out]))

    return (value(H) - value(-H)) / (2 * H)


def _lr_fd(model_cls, p: Params, out: str) -> float:
    """d ln(out) / d ln(b_bar) across steady states at b_bar = b0."""

    def value(e):
        m = model_cls(p.with_(b_bar=p.b0 * math.exp(e)))
        ss = m.steady_state()
        st = ss["static"]
        if out in ("K", "Z"):
            return math.log(float(ss["X"][m.stocks.index(out)]))
        return math.log(float(st[out]))

    return (value(H) - value(-H)) / (2 * H)


def model1(p: Params) -> list[tuple]:
    m = Model1(p)
    s1, s2, tK, tZ = p.sigma1, p.sigma2, p.theta_K, p.theta_Z
    tV, az, aL = m.theta_V, m.alpha_z, m.alpha_L
    n1, n2, n3, n4 = tV / s1, tZ / s1, (s2 * az * tK + s1 * aL) / (s1 * s2), tK / s1
    rows = [
        ("(13) d ln w / d ln b", (s1 - s2 * tK) / (s1 * s2) * az, _sr_fd(m, "b", "w")),
        ("(13) d ln w / d ln Z", (s1 - s2 * tK) / (s1 * s2) * az, _sr_fd(m, "Z", "w")),
        ("(13) d ln w / d ln K", tK / s1, _sr_fd(m, "K", "w")),
        ("(A11) d ln r_k / d ln b", n2, _sr_fd(m, "b", "r_k")),
        ("(A11) d ln r_k / d ln K", -n1, _sr_fd(m, "K", "r_k")),
        ("(A12) d ln r_z / d ln b", 1 - n3, _sr_fd(m, "b", "r_z")),
        ("(A12) d ln r_z / d ln Z", -n3, _sr_fd(m, "Z", "r_z")),
        ("(A12) d ln r_z / d ln K", n4, _sr_fd(m, "K", "r_z")),
        ("(15) long run d ln K / d ln b", s2 * az / aL, _lr_fd(Model1, p, "K")),
        ("(15) long run d ln Q / d ln b", s2 * az / aL, _lr_fd(Model1, p, "Q")),
        ("(16) long run d ln Z / d ln b", s2 / aL - 1, _lr_fd(Model1, p, "Z")),
        ("(17) long run d ln w / d ln b", az / aL, _lr_fd(Model1, p, "w")),
        ("(18) long run d ln theta_Z / d ln b", s2 - 1, _lr_fd(Model1, p, "share_Z")),
        ("(19) long run d ln theta_L / d ln b", az / aL * (1 - s2), _lr_fd(Model1, p, "share_L")),
    ]
    return [("Model 1", *r) for r in rows]


def sigma3_star(p: Params) -> float:
    """(33): robots raise w at impact iff sigma3 > sigma3*."""
    m = Model2(p)
    return m.chi_k * (p.sigma2 * m.theta_H - p.sigma1) / (m.chi_L * (m.theta_V + m.theta_H / m.alpha_L))


def model2(p: Params) -> list[tuple]:
    m = Model2(p)
    s1, s2, s3 = p.sigma1, p.sigma2, p.sigma3
    ck, cL, az, aL, tH, tV, tK = m.chi_k, m.chi_L, m.alpha_z, m.alpha_L, m.theta_H, m.theta_V, p.theta_K
    r21 = p.theta_L2 / m.theta_L1  # L2 / L1 at a common wage
    N = s2 * (s1 * ck + s3 * cL) + (s1 * az + s2 * aL) * s3 * r21  # corrected N (spec §3.3)
    dw_b = ((s1 - s2 * tH) * ck + s3 * tV * (cL + r21)) * az / N
    dw_k = (s2 * tK * (1 + aL * r21) + (s1 - s3 * tV) * ck * az * r21) / N
    rows = [
        ("(29) d ln w / d ln b", dw_b, _sr_fd(m, "b", "w")),
        ("(29) d ln w / d ln Z", dw_b, _sr_fd(m, "Z", "w")),
        ("(30) d ln w / d ln K", dw_k, _sr_fd(m, "K", "w")),
        ("(36) long run d ln w / d ln b", p.theta_Z / p.theta_L, _lr_fd(Model2, p, "w")),
    ]
    if abs(s3 - s1) < 1e-12:
        kq = (s2 * (1 + p.theta_L2 / tV) + s1 * p.theta_L2 * az / m.theta_L1) * (m.theta_L1 * p.theta_Z / p.theta_L**2)
        rows += [
            ("(34) long run d ln K / d ln b", kq, _lr_fd(Model2, p, "K")),
            ("(34) long run d ln Q / d ln b", kq, _lr_fd(Model2, p, "Q")),
        ]
    # at sigma3 = sigma3*, the impact wage response to b is zero
    star = sigma3_star(p)
    if star > 0:
        rows.append(("(33) d ln w / d ln b at sigma3 = sigma3*", 0.0, _sr_fd(Model2(p.with_(sigma3=star)), "b", "w")))
    return [("Model 2", *r) for r in rows]


def model3(p: Params) -> list[tuple]:
    m = Model3(p)
    s1, s2, s3 = p.sigma1, p.sigma2, p.sigma3
    tK, tZ, tS, tL = p.theta_K, p.theta_Z, p.theta_S, m.theta_L3
    tH, tV, ck, cs, az, aL = m.theta_H, m.theta_V, m.chi_k, m.chi_s, m.alpha_z, m.alpha_L
    J = s2 * tS * az + s1 * cs * aL + s3 * ck * tL
    tLS = tL + tS
    thL = tZ / J * ((tS / tV) * (s1 - s2) + (s1 * cs + s3 * ck) * (1 - s2))
    thS = s2 * tZ / J * (1 - s1 * cs - s3 * ck)
    thLS = tZ / (tLS * J) * (aL * (s1 * cs + s3 * ck * tV) - s2 * ((s1 * cs + s3 * ck) * tLS - tS * az))
    lr_LS = (_lr_fd(Model3, p, "share_L") * tL + _lr_fd(Model3, p, "share_S") * tS) / tLS
    rows = [
        ("(44) d ln w / d ln b", (s1 - s2 * tH) / (s1 * s2) * az, _sr_fd(m, "b", "w")),
        ("(44) d ln w / d ln K", tK / s1, _sr_fd(m, "K", "w")),
        ("(45) d ln w_s / d ln b", tZ / s1, _sr_fd(m, "b", "w_s")),
        ("(45) d ln w_s / d ln K", (s1 - s3 * tV) / (s1 * s3) * ck, _sr_fd(m, "K", "w_s")),
        ("(47) long run d ln K / d ln b", s3 * s2 * tZ / J, _lr_fd(Model3, p, "K")),
        ("(48) long run d ln Q / d ln b", (s3 * ck + s1 * cs) * s2 * tZ / J, _lr_fd(Model3, p, "Q")),
        ("(49) long run d ln w / d ln b", ((cs / tV) * (s1 - s2 * tH) + s3 * ck) * tZ / J, _lr_fd(Model3, p, "w")),
        ("(50) long run d ln w_s / d ln b", s2 * tZ / J, _lr_fd(Model3, p, "w_s")),
        ("(54) long run d ln theta_L / d ln b", thL, _lr_fd(Model3, p, "share_L")),
        ("(55) long run d ln theta_S / d ln b", thS, _lr_fd(Model3, p, "share_S")),
        ("(56) long run d ln theta_LS / d ln b", thLS, lr_LS),
    ]
    return [("Model 3", *r) for r in rows]


def model4(p: Params) -> list[tuple]:
    """(61)-(64) across steady states; the sector shares are the initial cost shares."""
    m = Model4(p)

    def logs(e):
        mm = Model4(p.with_(b_bar=p.b0 * math.exp(e)))
        st = mm.steady_state()["static"]
        return np.log([float(st[k]) for k in ("w", "w_s", "omega", "omega_s", "p2")])

    d = (logs(H) - logs(-H)) / (2 * H)
    w_, ws_, om_, oms_, p2_ = d
    tL1, tS1, tZ = m.th_L1, p.theta_S, p.theta_Z
    tL2, tS2, g = p.na_theta_L, p.na_theta_S, p.gamma
    D = tS1 * tL2 - tS2 * tL1
    rows = [
        ("(61) long run d ln w / d ln b", (tS1 * p2_ - tS2 * tZ) / D, w_),
        ("(62) long run d ln w_s / d ln b", (tL2 * tZ - tL1 * p2_) / D, ws_),
        ("(63) long run d ln omega / d ln b", ((tS1 * (1 - g * tL2) + g * tS2 * tL1) * p2_ - tS2 * tZ) / D, om_),
        ("(64) long run d ln omega_s / d ln b", (tL2 * tZ - (tL1 * (1 - g * tS2) + g * tS1 * tL2) * p2_) / D, oms_),
    ]
    return [("Model 4", *r) for r in rows]


def table(p: Params | None = None) -> pd.DataFrame:
    """Every closed form next to its finite difference, at the base calibration (Model 2 also
    at sigma3 = sigma1 for (34); Model 4 with sigma2 = 5 as in Figure 10)."""
    p = p or Params()
    rows = model1(p) + model2(p) + model2(p.with_(sigma3=p.sigma1)) + model3(p) + model4(p.with_(sigma2=5.0))
    t = pd.DataFrame(rows, columns=["model", "statistic", "analytical", "finite_difference"])
    t = t.drop_duplicates(["model", "statistic"]).reset_index(drop=True)
    t["abs_error"] = (t["analytical"] - t["finite_difference"]).abs()
    return t
