"""Harmonise OEWS detailed occupation codes across the SOC 2010 -> 2018 change.

Every detailed code OEWS publishes in a May year is first expressed as a set of **SOC 2018
detailed occupations ("atoms")**:

1. **direct**: a SOC 2018 code (May 2019 on) is its own atom; a SOC 2010 code (to May 2018,
   and the 2010 codes kept in the hybrid years) becomes its SOC 2018 codes through the BLS
   SOC 2010 -> 2018 crosswalk;
2. **residual**: a code that is not a SOC code of its year's system (an OEWS aggregate such as
   13-1020, or a hybrid code such as 15-1256) takes the SOC codes of its broad group that are
   not published separately that year; if its broad group has none, those of its minor group
   whose titles resemble its own. When several such codes share a group, each SOC code goes to
   the one whose title resembles it most;
3. **drop**: a code that gets no atom this way is dropped and reported.

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

import logging
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..soc import broad_of, code_system, minor_of

log = logging.getLogger(__name__)

MINOR_TITLE_SIMILARITY = 80.0
MINOR_TITLE_FALLBACK = 60.0


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


def _similarity(a: str, b: str) -> float:
    """Token-set similarity of two titles (0-100), case and punctuation ignored."""
    from rapidfuzz import fuzz, utils

    return float(fuzz.token_set_ratio(a, b, processor=utils.default_process))


@dataclass
class Crosswalk:
    """SOC 2010 -> 2018 crosswalk as lookups."""

    to_2018: dict[str, list[str]]
    title_2010: dict[str, str]
    title_2018: dict[str, str]

    def parents_2018(self) -> dict[str, set[str]]:
        """SOC 2018 code -> the SOC 2010 codes it comes from."""
        out: dict[str, set[str]] = defaultdict(set)
        for a, bs in self.to_2018.items():
            for b in bs:
                out[b].add(a)
        return out

    @classmethod
    def from_table(cls, xw: pd.DataFrame) -> Crosswalk:
        to_2018: dict[str, list[str]] = defaultdict(list)
        for a, b in zip(xw["soc_2010"], xw["soc_2018"]):
            to_2018[a].append(b)
        return cls(
            to_2018={k: sorted(set(v)) for k, v in to_2018.items()},
            title_2010=dict(zip(xw["soc_2010"], xw["title_2010"])),
            title_2018=dict(zip(xw["soc_2018"], xw["title_2018"])),
        )


def resolve_year(year: int, detailed: pd.DataFrame, xw: Crosswalk, minor_codes: set[str]) -> pd.DataFrame:
    """Atoms of every detailed code published in ``year`` (columns: code, title, resolution, atoms)."""
    system = code_system(year)
    titles = dict(zip(detailed["occ_code"], detailed["occ_title"]))
    codes = list(titles)
    if system == "soc2010":
        known = set(xw.to_2018)
        cand_titles = xw.title_2010
        to_atoms = lambda c: xw.to_2018[c]  # noqa: E731
    elif system == "soc2018":
        known = set(xw.title_2018)
        cand_titles = xw.title_2018
        to_atoms = lambda c: [c]  # noqa: E731
    else:  # hybrid: SOC 2018 codes where possible, SOC 2010 codes kept where not
        known = set(xw.title_2018) | set(xw.to_2018)
        cand_titles = xw.title_2018
        to_atoms = lambda c: [c] if c in xw.title_2018 else xw.to_2018[c]  # noqa: E731
    resolution: dict[str, str] = {}
    atoms: dict[str, list[str]] = {}
    for c in codes:
        if c in known:
            resolution[c] = "direct"
            atoms[c] = to_atoms(c)
    unresolved = [c for c in codes if c not in known]
    if system == "soc2010":
        pool = set(xw.to_2018) - set(codes)  # 2010 codes not published this year
    else:
        covered = {a for c in atoms for a in atoms[c]}
        pool = set(xw.title_2018) - covered  # 2018 atoms not covered this year
    assigned: dict[str, list[str]] = defaultdict(list)
    # Broad group first: every unpublished SOC code of the group goes to the unresolved code
    # whose title resembles it most; unresolved codes left without one share the group's codes
    # (OEWS sometimes splits one SOC code into several of its own, e.g. 25-3097/25-3098).
    by_broad: dict[str, list[str]] = defaultdict(list)
    for u in unresolved:
        by_broad[broad_of(u)].append(u)
    for group, members in by_broad.items():
        cands = sorted(c for c in pool if broad_of(c) == group)
        for cand in cands:
            scores = [_similarity(cand_titles.get(cand, ""), titles[u]) for u in members]
            assigned[members[int(np.argmax(scores))]].append(cand)
            pool.discard(cand)
        for u in members:
            if not assigned[u]:
                assigned[u] = list(cands)
    # Then the minor group, for what is still unpublished: hybrid codes often combine SOC codes
    # of several broad groups (15-2098 = 15-2051 + 15-2099); only close title matches count.
    by_minor: dict[str, list[str]] = defaultdict(list)
    for u in unresolved:
        by_minor[minor_of(u, minor_codes)].append(u)
    for group, members in by_minor.items():
        for cand in sorted(c for c in pool if minor_of(c, minor_codes) == group):
            scores = [_similarity(cand_titles.get(cand, ""), titles[u]) for u in members]
            best = int(np.argmax(scores))
            # a code with no SOC code yet takes a looser match than one that has some
            threshold = MINOR_TITLE_SIMILARITY if assigned[members[best]] else MINOR_TITLE_FALLBACK
            if scores[best] >= threshold:
                assigned[members[best]].append(cand)
                pool.discard(cand)
    # Last, the crosswalk: a still-unpublished SOC 2018 code that comes from the same SOC 2010
    # code as one already assigned goes to that code too (29-1212 Cardiologists and 29-1229
    # Physicians, All Other both come from 2010's 29-1069; hybrid 29-1228 covers them).
    changed = system != "soc2010"
    parents = xw.parents_2018()
    while changed and pool:
        changed = False
        for cand in sorted(pool):
            owners = [
                u
                for u in unresolved
                if u[:2] == cand[:2] and any(parents.get(cand, set()) & parents.get(a, set()) for a in assigned[u])
            ]
            for u in owners:
                assigned[u].append(cand)
            if owners:
                pool.discard(cand)
                changed = True
    for u in unresolved:
        if assigned[u]:
            level = "broad" if all(broad_of(c) == broad_of(u) for c in assigned[u]) else "minor"
            resolution[u] = f"residual_{level}"
            atoms[u] = sorted({a for c in assigned[u] for a in to_atoms(c)})
        else:
            resolution[u] = "drop"
            atoms[u] = []
            log.warning("May %d: %s %r matches no SOC code of its year's system; dropped", year, u, titles[u])
    return pd.DataFrame(
        {
            "year": year,
            "code_system": system,
            "occ_code": codes,
            "occ_title": [titles[c] for c in codes],
            "resolution": [resolution[c] for c in codes],
            "atoms": [atoms[c] for c in codes],
        }
    )


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
    codes = codes.merge(units[["component", "unit_code", "n_reference_codes", "atoms"]].rename(columns={"atoms": "unit_atoms"}), on="component", how="left")
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
    return codes.sort_values(["year", "occ_code"]).reset_index(drop=True), units.sort_values("unit_code").reset_index(drop=True)


VALUE_COLS = ["tot_emp", "a_mean", "h_mean", "a_median", "h_median", "emp_prse", "mean_prse"]
SINGLE_ONLY = ["a_median", "h_median", "emp_prse", "mean_prse"]


def harmonised_panel(oews: dict[int, pd.DataFrame], codes: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Unit x year panel of employment and wages (see the module docstring for the rules)."""
    frames = []
    for year, df in oews.items():
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
