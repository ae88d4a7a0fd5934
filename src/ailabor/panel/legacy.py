"""The seed project's wage panel and DiD panel, reproduced exactly (LEGACY-ONLY).

Legacy behaviour kept on purpose (spec REQ-PROC-07, REQ-DID-01, ISSUE-43):

* the wage panel keeps every OEWS row except 00-0000: major, minor and broad aggregates are
  not filtered out, and a code published as both broad and detailed appears twice;
* values behind ``*`` or ``#`` markers are coerced to missing and the rows dropped;
* exposure per 6-digit SOC is the unweighted mean over O*NET-SOC children, employment their sum;
* wages are pivoted with ``first`` per (code, year), so duplicated codes keep their first row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LEGACY_FLAGS = ["ISSUE-43: aggregates not filtered", "ISSUE-05: O*NET children averaged without weights"]


def wage_panel(oews: dict[int, pd.DataFrame]) -> pd.DataFrame:
    """``wage_panel_2022_2024.csv``: soc_code, occ_title, employment, wage_annual_mean,
    wage_annual_median, wage_hourly_mean, year."""
    frames = []
    for year in sorted(oews):
        df = oews[year]
        df = df[df["occ_code"] != "00-0000"]
        out = pd.DataFrame(
            {
                "soc_code": df["occ_code"].to_numpy(),
                "occ_title": df["occ_title"].to_numpy(),
                "employment": df["tot_emp"].to_numpy(),
                "wage_annual_mean": df["a_mean"].to_numpy(),
                "wage_annual_median": df["a_median"].to_numpy(),
                "wage_hourly_mean": df["h_mean"].to_numpy(),
                "year": year,
            }
        )
        frames.append(out.dropna(subset=["wage_annual_mean", "employment"]))
    return pd.concat(frames, ignore_index=True)


def kahan_sum(values: np.ndarray) -> float:
    """Sequential Kahan-compensated sum (as pandas 1.x/2.x grouped means)."""
    total = 0.0
    comp = 0.0
    for x in values.tolist():
        y = x - comp
        t = total + y
        comp = (t - total) - y
        total = t
    return total


def exposure_by_soc(seed_exposure: pd.DataFrame) -> pd.DataFrame:
    """Seed exposure table (one row per O*NET-SOC code) -> 6-digit SOC: mean exposure, summed employment."""
    e = seed_exposure.assign(soc_code=seed_exposure["onet_soc_code"].str[:7])
    g = e.groupby("soc_code", sort=True)
    # Kahan-compensated sum / count per group: the algorithm of the seed's pandas groupby mean.
    # pandas 3 sums differently and can differ in the last bit, which breaks exact reproduction.
    mean = g["ai_exposure"].apply(lambda s: kahan_sum(s.to_numpy()) / len(s))
    return pd.DataFrame({"ai_exposure": mean, "TOT_EMP": g["TOT_EMP"].sum()}).reset_index()


def did_panel(
    wages: pd.DataFrame, seed_exposure: pd.DataFrame, years: tuple[int, int, int] = (2022, 2023, 2024)
) -> pd.DataFrame:
    """``did_panel_data.csv``: complete-case occupations with exposure, pre and post changes."""
    y0, y1, y2 = years
    w = wages[wages["year"].isin(years)]
    first = w.groupby(["soc_code", "year"], sort=True).first()
    wide = pd.DataFrame(index=sorted(set(w["soc_code"])))
    for value in ("employment", "occ_title", "wage_annual_mean"):
        for y in years:
            s = (
                first[value].xs(y, level="year")
                if y in first.index.get_level_values("year")
                else pd.Series(dtype=float)
            )
            wide[f"{value}_{y}"] = s.reindex(wide.index)
    wide.index.name = "soc_code"
    wide = wide.reset_index()
    ok = np.ones(len(wide), dtype=bool)
    for y in years:
        v = wide[f"wage_annual_mean_{y}"]
        ok &= (v.notna() & (v > 0)).to_numpy()
    wide = wide[ok].copy()
    for y in years:
        wide[f"ln_wage_{y}"] = np.log(wide[f"wage_annual_mean_{y}"].astype(float))
    wide["delta_ln_wage_pre"] = wide[f"ln_wage_{y1}"] - wide[f"ln_wage_{y0}"]
    wide["delta_ln_wage_post"] = wide[f"ln_wage_{y2}"] - wide[f"ln_wage_{y1}"]
    panel = wide.merge(exposure_by_soc(seed_exposure), on="soc_code", how="left")
    panel = panel[panel["ai_exposure"].notna()].copy()
    median = panel["ai_exposure"].median()
    panel["high_exposure"] = (panel["ai_exposure"] > median).astype("int64")
    panel["exposure_quartile"] = pd.qcut(panel["ai_exposure"], q=4, labels=["Q1", "Q2", "Q3", "Q4"]).astype(str)
    panel["individual_did"] = panel["delta_ln_wage_post"] - panel["delta_ln_wage_pre"]
    return panel.reset_index(drop=True)
