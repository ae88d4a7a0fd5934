"""The long OEWS panel, balanced sub-panels and the checks against the published totals."""

from __future__ import annotations

import pandas as pd

from ..errors import InputError
from ..soc.codes import code_system

LONG_COLUMNS = [
    "occ_code",
    "occ_title",
    "o_group",
    "year",
    "code_system",
    "tot_emp",
    "a_mean",
    "a_median",
    "h_mean",
    "h_median",
    "emp_prse",
    "mean_prse",
    "tot_emp_flag",
    "a_mean_flag",
    "a_median_flag",
    "h_mean_flag",
    "h_median_flag",
    "emp_prse_flag",
    "mean_prse_flag",
    "a_pct90_flag",
    "annual_only",
    "hourly_only",
]


def long_panel(oews: dict[int, pd.DataFrame]) -> pd.DataFrame:
    """Every published row of every May year (all groups), one row per (code, group, year)."""
    frames = []
    for year in sorted(oews):
        df = oews[year].copy()
        df["code_system"] = code_system(year)
        frames.append(df[LONG_COLUMNS])
    out = pd.concat(frames, ignore_index=True)
    dup = out.duplicated(["occ_code", "o_group", "year"])
    if dup.any():
        r = out[dup].iloc[0]
        raise InputError(
            "OEWS long panel",
            "unique (occ_code, o_group, year)",
            column="occ_code",
            found=(r["occ_code"], r["o_group"], r["year"]),
        )
    return out


def checks(oews: dict[int, pd.DataFrame], codes: pd.DataFrame, panel: pd.DataFrame) -> pd.DataFrame:
    """Per May year: detailed codes, units, the all-occupations employment row and coverage.

    Raises if a detailed (code, year) or a harmonised (unit, year) is duplicated.
    """
    for name, df, key in (
        ("detailed codes", codes, ["occ_code", "year"]),
        ("harmonised panel", panel, ["unit_code", "year"]),
    ):
        dup = df.duplicated(key)
        if dup.any():
            raise InputError(name, f"unique ({', '.join(key)})", found=tuple(df.loc[dup, key].iloc[0]))
    rows = []
    for year in sorted(oews):
        df = oews[year]
        det = df[df["o_group"] == "detailed"]
        total = df[df["occ_code"] == "00-0000"].iloc[0]
        c = codes[codes["year"] == year]
        p = panel[panel["year"] == year]
        rows.append(
            {
                "year": year,
                "code_system": code_system(year),
                "detailed_codes": len(det),
                "dropped_codes": int((c["rule"] == "drop").sum()),
                "harmonised_units": len(p),
                "complete_units": int(p["complete"].sum()),
                "all_occupations_employment": float(total["tot_emp"]),
                "detailed_employment": float(det["tot_emp"].sum()),
                "detailed_employment_share": float(det["tot_emp"].sum() / total["tot_emp"]),
                "panel_employment": float(p["tot_emp"].sum()),
                "detailed_a_mean_not_available": int((det["a_mean_flag"] == "*").sum()),
                "detailed_employment_not_available": int((det["tot_emp_flag"] == "**").sum()),
            }
        )
    return pd.DataFrame(rows)


def balanced(
    panel: pd.DataFrame, start: int, end: int, require: tuple[str, ...] = ("tot_emp", "a_mean")
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Units observed, complete and with ``require`` values in every panel year of the window.

    Returns (balanced rows, excluded units with the first reason for each).
    """
    years = sorted(y for y in panel["year"].unique() if start <= y <= end)
    if not years:
        raise ValueError(f"no panel year in the window {start}-{end}")
    w = panel[panel["year"].isin(years)]
    reasons = {}
    for unit, g in w.groupby("unit_code", sort=True):
        have = set(g["year"])
        missing = [y for y in years if y not in have]
        if missing:
            reasons[unit] = f"not published in May {missing[0]}" + (
                f" (and {len(missing) - 1} more years)" if len(missing) > 1 else ""
            )
            continue
        g = g.set_index("year")
        bad = next((y for y in years if not g.loc[y, "complete"]), None)
        if bad is not None:
            reasons[unit] = f"incomplete harmonisation in May {bad} (codes {g.loc[bad, 'codes']})"
            continue
        for col in require:
            na = [y for y in years if pd.isna(g.loc[y, col])]
            if na:
                flag = g.loc[na[0], col + "_flag"]
                reasons[unit] = f"{col} not available in May {na[0]} (flag {flag!r})"
                break
    keep = set(w["unit_code"]) - set(reasons)
    out = w[w["unit_code"].isin(keep)].sort_values(["unit_code", "year"]).reset_index(drop=True)
    titles = panel.drop_duplicates("unit_code").set_index("unit_code")["unit_title"]
    excluded = pd.DataFrame(
        {"unit_code": list(reasons), "unit_title": [titles[u] for u in reasons], "reason": list(reasons.values())}
    )
    return out, excluded


def major_group_growth(long: pd.DataFrame) -> pd.DataFrame:
    """Annualised growth of the mean annual wage of each SOC major group between
    consecutive available May years (OEWS major-group rows)."""
    maj = long[long["o_group"] == "major"][["occ_code", "occ_title", "year", "a_mean"]].sort_values(
        ["occ_code", "year"]
    )
    maj["prev_year"] = maj.groupby("occ_code")["year"].shift()
    maj["prev_wage"] = maj.groupby("occ_code")["a_mean"].shift()
    g = maj.dropna(subset=["prev_year"]).copy()
    g["prev_year"] = g["prev_year"].astype(int)
    import numpy as np

    g["annual_growth"] = (np.log(g["a_mean"]) - np.log(g["prev_wage"])) / (g["year"] - g["prev_year"])
    return g[["occ_code", "occ_title", "prev_year", "year", "annual_growth"]].reset_index(drop=True)
