"""O*NET-SOC occupations -> the OEWS codes of one May year (spec REQ-PROC-05).

The mapping is derived from the year's own detailed code list with the harmonisation logic of
:mod:`ailabor.soc.crosswalk`: an O*NET-SOC code's 6-digit SOC 2018 code is either published
by OEWS that year ("direct") or covered by an OEWS aggregate such as 13-1020 ("aggregate"). The
weighting base (employment, mean wage, wage bill) is then taken once per OEWS code, never once
per O*NET child (the seed project's ISSUE-04).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pandas as pd

from ..soc.codes import code_system
from ..soc.crosswalk import Crosswalk, resolve_year


def onet_to_oews(
    onet_codes: Iterable[str], oews_year: pd.DataFrame, year: int, soc_crosswalk: pd.DataFrame
) -> pd.DataFrame:
    """One row per O*NET-SOC code: its OEWS code in ``year`` and how it was found."""
    if code_system(year) != "soc2018":
        raise ValueError(f"O*NET-SOC codes are SOC 2018 codes; May {year} uses {code_system(year)} codes")
    det = oews_year[oews_year["o_group"] == "detailed"]
    minors = set(oews_year.loc[oews_year["o_group"] == "minor", "occ_code"])
    resolved = resolve_year(year, det, Crosswalk.from_table(soc_crosswalk), minors)
    published = set(det["occ_code"])
    by_atom: dict[str, list[str]] = defaultdict(list)
    for code, atoms in zip(resolved["occ_code"], resolved["atoms"]):
        for a in atoms:
            by_atom[a].append(code)
    titles = dict(zip(det["occ_code"], det["occ_title"]))
    rows = []
    for oc in sorted(set(onet_codes)):
        soc6 = oc[:7]
        if soc6 in published:
            code, method = soc6, "direct"
        elif len(by_atom.get(soc6, [])) == 1:
            code, method = by_atom[soc6][0], "aggregate"
        elif by_atom.get(soc6):
            code, method = sorted(by_atom[soc6])[0], "ambiguous"
        else:
            code, method = None, "unmapped"
        rows.append(
            {
                "onet_soc_code": oc,
                "soc6": soc6,
                "oews_code": code,
                "oews_title": titles.get(code),
                "mapping": method,
                "oews_year": year,
            }
        )
    return pd.DataFrame(rows)


def weighting_base(oews_year: pd.DataFrame) -> pd.DataFrame:
    """Employment, mean wage and wage bill per detailed OEWS code (each code once)."""
    det = oews_year[oews_year["o_group"] == "detailed"]
    base = pd.DataFrame(
        {
            "oews_code": det["occ_code"].to_numpy(),
            "oews_title": det["occ_title"].to_numpy(),
            "employment": det["tot_emp"].to_numpy(),
            "a_mean": det["a_mean"].to_numpy(),
        }
    )
    # No annual mean is published for hourly-only occupations (actors, dancers...): BLS does not
    # annualise them because they rarely work year-round, so they stay out of the wage bill
    # (their employment counts) instead of being imputed at 2080 hours.
    base["a_mean_flag"] = det["a_mean_flag"].to_numpy()
    base["wage_bill"] = base["employment"] * base["a_mean"]
    return base


def totals(oews_year: pd.DataFrame) -> dict[str, float]:
    """The all-occupations row: employment and wage bill (employment x mean wage)."""
    t = oews_year[oews_year["occ_code"] == "00-0000"].iloc[0]
    det = weighting_base(oews_year)
    return {
        "employment": float(t["tot_emp"]),
        "wage_bill": float(t["tot_emp"] * t["a_mean"]),
        "detailed_wage_bill": float(det["wage_bill"].sum()),
    }


def not_direct(mapping: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`onet_to_oews` whose O*NET-SOC code does not map directly (the
    code changes, listed in onet_to_oews_not_direct.csv)."""
    return mapping[mapping["mapping"] != "direct"]
