"""Monte Carlo check of the event-study estimator on synthetic OEWS-like panels.

Each draw builds a panel of occupations in SOC major groups over May years, with occupation
effects, major-group x year shocks (the ECI ageing of pooled OEWS panels), AR(1) occupation
noise, and a planted effect ``beta`` x exposure x the share of post-treatment panels. The dose
specification is estimated with occupation and major-group x year fixed effects; the summary
reports bias, RMSE and the coverage of 95% intervals clustered by major group and by occupation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .distributions import t_ppf
from .fe import Demeaner, cluster_vcov, fe_ols
from .oews_panels import post_share


@dataclass(frozen=True)
class MCSpec:
    n_occupations: int = 400
    n_major_groups: int = 22
    years: tuple[int, ...] = tuple(range(2015, 2026))
    beta: float = -0.05
    treatment_date: str = "2022-11-30"
    noise_sd: float = 0.02
    ar: float = 0.5
    major_shock_sd: float = 0.01
    exposure_a: float = 1.2
    exposure_b: float = 3.0


def simulate(spec: MCSpec, rng: np.random.Generator) -> pd.DataFrame:
    n, years = spec.n_occupations, list(spec.years)
    major = rng.integers(0, spec.n_major_groups, n)
    exposure = rng.beta(spec.exposure_a, spec.exposure_b, n)
    alpha = rng.normal(11, 0.4, n)
    shocks = rng.normal(0, spec.major_shock_sd, (spec.n_major_groups, len(years))).cumsum(axis=1)
    e = np.zeros((n, len(years)))
    e[:, 0] = rng.normal(0, spec.noise_sd, n)
    for t in range(1, len(years)):
        e[:, t] = spec.ar * e[:, t - 1] + rng.normal(0, spec.noise_sd * np.sqrt(1 - spec.ar**2), n)
    dose = np.array([post_share(y, spec.treatment_date) for y in years])
    y = (
        alpha[:, None]
        + 0.03 * np.arange(len(years))[None, :]
        + shocks[major]
        + spec.beta * exposure[:, None] * dose[None, :]
        + e
    )
    return pd.DataFrame(
        {
            "unit": np.repeat(np.arange(n), len(years)),
            "major": np.repeat(major, len(years)),
            "year": np.tile(years, n),
            "exposure": np.repeat(exposure, len(years)),
            "dose": np.tile(dose, n),
            "y": y.ravel(),
        }
    )


def estimate(d: pd.DataFrame) -> dict:
    fe = pd.DataFrame({"unit": d["unit"], "my": d["major"].astype(str) + "_" + d["year"].astype(str)})
    X = (d["exposure"] * d["dose"]).to_numpy()[:, None]
    res = fe_ols(d["y"].to_numpy(), X, ["dose"], fe, d["major"].to_numpy())
    out = {"beta_hat": float(res.coef[0])}
    dm = Demeaner(fe)
    for name, cl in (("major", d["major"].to_numpy()), ("occupation", d["unit"].to_numpy())):
        vc, G = cluster_vcov(res.xt, res.resid, dm.w, cl, 1 + dm.dof(cl))
        out[f"se_{name}"] = float(np.sqrt(vc[0, 0]))
        out[f"crit_{name}"] = float(t_ppf(0.975, G - 1))
    return out


def run(spec: MCSpec, draws: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    for b in range(draws):
        r = estimate(simulate(spec, np.random.default_rng([seed, b])))
        r["draw"] = b
        rows.append(r)
    d = pd.DataFrame(rows)
    summary = {
        "draws": draws,
        "planted_beta": spec.beta,
        "mean_beta_hat": d["beta_hat"].mean(),
        "bias": d["beta_hat"].mean() - spec.beta,
        "sd_beta_hat": d["beta_hat"].std(ddof=1),
        "rmse": float(np.sqrt(((d["beta_hat"] - spec.beta) ** 2).mean())),
    }
    for name in ("major", "occupation"):
        covered = (d["beta_hat"] - d[f"crit_{name}"] * d[f"se_{name}"] <= spec.beta) & (
            spec.beta <= d["beta_hat"] + d[f"crit_{name}"] * d[f"se_{name}"]
        )
        summary[f"coverage_95_cluster_{name}"] = float(covered.mean())
        summary[f"mean_se_{name}"] = float(d[f"se_{name}"].mean())
    return d, pd.DataFrame([summary])
