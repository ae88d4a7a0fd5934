"""Harmonise OEWS detailed occupation codes across the SOC 2010 -> 2018 change.

Every detailed code OEWS publishes in a May year is first expressed as a set of **SOC 2018
detailed occupations ("atoms")** by :func:`ailabor.soc.crosswalk.resolve_year` (direct, residual
or drop; see :mod:`ailabor.soc.crosswalk`).

Harmonised occupations ("units") are the connected components of atoms that appear together
in some published code in some year. A code that is its own unit is kept as is. Otherwise:

* **recode**: one code of a year maps one-to-one to a unit with another code;
* **merge**: several codes of a year form one unit and are summed (SOC 2010 codes merged in
  SOC 2018, or reference-year codes combined because an earlier year publishes them as one);
* **split**: one code covers SOC 2018 occupations that the reference year (the latest SOC 2018
  year) publishes separately; those are combined into one unit in every year (its code joins
  the reference-year codes with ``+``), since a split cannot be undone without shares.

Harmonisation depends on the years it spans: a window of SOC 2018 years needs no change at
all, while reaching back into SOC 2010 years combines more codes. Balanced sub-panels are
therefore harmonised over their own window.

Units take the code and title of the reference year. Employment of merged codes is summed;
mean wages are employment-weighted; medians and PRSEs of merged codes are not computable and
are left missing with the flag ``merged``. A unit-year whose published codes do not cover all
of the unit's atoms is marked ``complete = False``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..soc.codes import code_system
from ..soc.crosswalk import Crosswalk, resolve_year


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, items: list[str]) -> None:
        if not items:
            return
        root = self.find(items[0])
        for it in items[1:]:
            r = self.find(it)
            if r != root:
                self.parent[max(r, root)] = min(r, root)
                root = min(r, root)


def harmonise_codes(oews: dict[int, pd.DataFrame], xwalk: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(codes, units): every published detailed code with its unit, and the units.

    ``oews`` maps May years to staged OEWS tables (all groups).
    """
    xw = Crosswalk.from_table(xwalk)
    resolved = []
    for year in sorted(oews):
        df = oews[year]
        minors = set(df.loc[df["o_group"] == "minor", "occ_code"])
        resolved.append(resolve_year(year, df[df["o_group"] == "detailed"], xw, minors))
    codes = pd.concat(resolved, ignore_index=True)
    uf = _UnionFind()
    for a in codes["atoms"]:
        uf.union(list(a))
    codes["component"] = [uf.find(a[0]) if len(a) else None for a in codes["atoms"]]
    soc2018_years = [y for y in oews if code_system(y) == "soc2018"]
    ref_year = max(soc2018_years) if soc2018_years else max(oews)
    units = []
    for comp, g in codes.dropna(subset=["component"]).groupby("component", sort=True):
        atoms = sorted({a for lst in g["atoms"] for a in lst})
        latest = ref_year if (g["year"] == ref_year).any() else int(g["year"].max())
        ref = g[g["year"] == latest].sort_values("occ_code")
        unit_code = "+".join(ref["occ_code"])
        unit_title = " + ".join(ref["occ_title"])
        units.append(
            {
                "component": comp,
                "unit_code": unit_code,
                "unit_title": unit_title,
                "unit_from_year": latest,
                "atoms": atoms,
                "n_atoms": len(atoms),
                "n_reference_codes": len(ref),
                "codes_by_year": "; ".join(f"{y}: {'+'.join(sorted(gg['occ_code']))}" for y, gg in g.groupby("year")),
            }
        )
    units = pd.DataFrame(units)
    codes = codes.merge(
        units[["component", "unit_code", "n_reference_codes", "atoms"]].rename(columns={"atoms": "unit_atoms"}),
        on="component",
        how="left",
    )
    n_in_year = codes.groupby(["year", "unit_code"])["occ_code"].transform("count")
    codes["rule"] = np.select(
        [
            codes["resolution"] == "drop",
            codes["occ_code"] == codes["unit_code"],
            n_in_year > 1,
            codes["n_reference_codes"] > 1,
        ],
        ["drop", "same", "merge", "split"],
        default="recode",
    )
    codes["atoms"] = codes["atoms"].map(lambda a: "+".join(a))
    codes["unit_atoms"] = codes["unit_atoms"].map(lambda a: "+".join(a) if isinstance(a, list) else "")
    codes = codes.drop(columns=["component", "n_reference_codes"])
    units = units.drop(columns=["component"])
    units["atoms"] = units["atoms"].map("+".join)
    return codes.sort_values(["year", "occ_code"]).reset_index(drop=True), units.sort_values("unit_code").reset_index(
        drop=True
    )


VALUE_COLS = ["tot_emp", "a_mean", "h_mean", "a_median", "h_median", "emp_prse", "mean_prse"]
SINGLE_ONLY = ["a_median", "h_median", "emp_prse", "mean_prse"]


def harmonised_panel(oews: dict[int, pd.DataFrame], codes: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Unit x year panel of employment and wages (see the module docstring for the rules)."""
    frames = []
    for df in oews.values():
        det = df[df["o_group"] == "detailed"]
        frames.append(det)
    long = pd.concat(frames, ignore_index=True)
    c = codes[codes["rule"] != "drop"][["year", "occ_code", "unit_code", "atoms"]]
    m = long.merge(c, on=["year", "occ_code"], how="inner")
    unit_atoms = units.set_index("unit_code")["atoms"].map(lambda s: set(s.split("+")))
    rows = []
    for (unit, year), g in m.groupby(["unit_code", "year"], sort=True):
        rec: dict = {"unit_code": unit, "year": int(year), "n_codes": len(g), "codes": "+".join(sorted(g["occ_code"]))}
        covered = set().union(*(set(a.split("+")) for a in g["atoms"]))
        rec["complete"] = covered >= unit_atoms[unit]
        emp = g["tot_emp"]
        emp_ok = emp.notna().all()
        rec["tot_emp"] = float(emp.sum()) if emp_ok else np.nan
        rec["tot_emp_flag"] = None if emp_ok else "**"
        for w in ("a_mean", "h_mean"):
            vals = g[w]
            if vals.notna().all() and emp_ok:
                rec[w] = float(vals.iloc[0]) if len(g) == 1 else float((vals * emp).sum() / emp.sum())
                rec[w + "_flag"] = None
            else:
                rec[w] = np.nan
                flags = g[w + "_flag"].dropna()
                rec[w + "_flag"] = flags.iloc[0] if len(flags) else ("**" if not emp_ok else None)
        for col in SINGLE_ONLY:
            if len(g) == 1:
                rec[col] = float(g[col].iloc[0]) if pd.notna(g[col].iloc[0]) else np.nan
                rec[col + "_flag"] = g[col + "_flag"].iloc[0] if pd.notna(g[col + "_flag"].iloc[0]) else None
            else:
                rec[col] = np.nan
                rec[col + "_flag"] = "merged"
        rec["annual_only"] = bool(g["annual_only"].any())
        rec["hourly_only"] = bool(g["hourly_only"].any())
        rows.append(rec)
    panel = pd.DataFrame(rows)
    titles = units.set_index("unit_code")["unit_title"]
    panel.insert(1, "unit_title", panel["unit_code"].map(titles))
    panel.insert(2, "major_group", panel["unit_code"].str[:2] + "-0000")
    panel.insert(4, "code_system", panel["year"].map(code_system))
    return panel
