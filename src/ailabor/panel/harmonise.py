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
    # one pass over the components in sorted order (plain arrays: a pandas group per component
    # costs far more than the work on it)
    v = codes.dropna(subset=["component"]).sort_values("component", kind="stable")
    comp, year = v["component"].to_numpy(), v["year"].to_numpy()
    occ, title, atom_lists = v["occ_code"].to_numpy(), v["occ_title"].to_numpy(), v["atoms"].to_numpy()
    bounds = [i for i in range(1, len(comp)) if comp[i] != comp[i - 1]]
    for a, b in zip([0, *bounds], [*bounds, len(comp)]) if len(comp) else ():
        years = year[a:b]
        atoms = sorted({x for lst in atom_lists[a:b] for x in lst})
        latest = ref_year if (years == ref_year).any() else int(years.max())
        ref = sorted((occ[i], title[i]) for i in range(a, b) if year[i] == latest)
        units.append(
            {
                "component": comp[a],
                "unit_code": "+".join(o for o, _ in ref),
                "unit_title": " + ".join(t for _, t in ref),
                "unit_from_year": latest,
                "atoms": atoms,
                "n_atoms": len(atoms),
                "n_reference_codes": len(ref),
                "codes_by_year": "; ".join(f"{y}: {'+'.join(sorted(occ[a:b][years == y]))}" for y in np.unique(years)),
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
    unit_atoms = units.set_index("unit_code")["atoms"].map(lambda s: set(s.split("+"))).to_dict()
    # one pass over the unit-years in (unit, year) order, rows of a unit-year in their merged order;
    # plain arrays, as most unit-years are one code and pandas per group costs far more than the sums
    m = m.sort_values(["unit_code", "year"], kind="stable")
    col = {k: m[k].to_numpy() for k in ["unit_code", "year", "occ_code", "atoms", "annual_only", "hourly_only"]}
    num = {k: m[k].to_numpy(dtype=float, na_value=np.nan) for k in ["tot_emp", "a_mean", "h_mean", *SINGLE_ONLY]}
    flag = {k: m[k + "_flag"].to_numpy(dtype=object) for k in ["a_mean", "h_mean", *SINGLE_ONLY]}
    keys = list(zip(col["unit_code"], col["year"]))
    bounds = [i for i in range(1, len(keys)) if keys[i] != keys[i - 1]]
    rows = []
    for a, b in zip([0, *bounds], [*bounds, len(keys)]):
        unit, year = keys[a]
        n = b - a
        rec: dict = {
            "unit_code": unit,
            "year": int(year),
            "n_codes": n,
            "codes": "+".join(sorted(col["occ_code"][a:b])),
        }
        covered = set().union(*(set(x.split("+")) for x in col["atoms"][a:b]))
        rec["complete"] = covered >= unit_atoms[unit]
        emp = num["tot_emp"][a:b]
        emp_ok = not np.isnan(emp).any()
        rec["tot_emp"] = float(emp.sum()) if emp_ok else np.nan
        rec["tot_emp_flag"] = None if emp_ok else "**"
        for w in ("a_mean", "h_mean"):
            vals = num[w][a:b]
            if emp_ok and not np.isnan(vals).any():
                rec[w] = float(vals[0]) if n == 1 else float((vals * emp).sum() / emp.sum())
                rec[w + "_flag"] = None
            else:
                rec[w] = np.nan
                flags = [f for f in flag[w][a:b] if not pd.isna(f)]
                rec[w + "_flag"] = flags[0] if flags else ("**" if not emp_ok else None)
        for c in SINGLE_ONLY:
            if n == 1:
                rec[c] = float(num[c][a])
                rec[c + "_flag"] = flag[c][a] if not pd.isna(flag[c][a]) else None
            else:
                rec[c] = np.nan
                rec[c + "_flag"] = "merged"
        rec["annual_only"] = bool(col["annual_only"][a:b].any())
        rec["hourly_only"] = bool(col["hourly_only"][a:b].any())
        rows.append(rec)
    panel = pd.DataFrame(rows)
    titles = units.set_index("unit_code")["unit_title"]
    panel.insert(1, "unit_title", panel["unit_code"].map(titles))
    panel.insert(2, "major_group", panel["unit_code"].str[:2] + "-0000")
    panel.insert(4, "code_system", panel["year"].map(code_system))
    return panel
