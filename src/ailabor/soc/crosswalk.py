"""SOC codes of one OEWS May year as SOC 2018 detailed occupations ("atoms").

Every detailed code OEWS publishes in a May year is expressed as a set of atoms:

1. **direct**: a SOC 2018 code (May 2019 on) is its own atom; a SOC 2010 code (to May 2018,
   and the 2010 codes kept in the hybrid years) becomes its SOC 2018 codes through the BLS
   SOC 2010 -> 2018 crosswalk (:class:`Crosswalk`);
2. **residual**: a code that is not a SOC code of its year's system (an OEWS aggregate such as
   13-1020, or a hybrid code such as 15-1256) takes the SOC codes of its broad group that are
   not published separately that year; if its broad group has none, those of its minor group
   whose titles resemble its own. When several such codes share a group, each SOC code goes to
   the one whose title resembles it most;
3. **drop**: a code that gets no atom this way is dropped and reported.

:func:`resolve_year` does this for one year. The panel stage harmonises codes across years
from these atoms (:mod:`ailabor.panel.harmonise`); the crosswalk stage maps O*NET-SOC codes to
a year's OEWS codes with them (:mod:`ailabor.crosswalk.onet_oews`), and the exposure stage maps
the SOC 2010 codes of external indices (:mod:`ailabor.exposure.external`).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .codes import broad_of, code_system, minor_of

log = logging.getLogger(__name__)

MINOR_TITLE_SIMILARITY = 80.0
MINOR_TITLE_FALLBACK = 60.0


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
