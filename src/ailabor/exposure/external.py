"""External exposure indices and user measures as alternative exposure measures.

Every measure ends as one row per OEWS code of the base year with ``exposure`` in [0, 1]
(what the downstream models read) and ``exposure_raw`` as published:

* Eloundou et al. GPT-4 beta (E1 + 0.5 E2), per O*NET-SOC code: mean over the O*NET children
  of each OEWS code; already a share in [0, 1];
* Felten et al. AIOE, per SOC 2010 code: mapped to SOC 2018 with the BLS crosswalk, averaged
  per OEWS code; a standardised score, so ``exposure`` is its percentile rank across codes;
* a user CSV with a code column (O*NET-SOC or 6-digit SOC 2018) and a value column: values in
  [0, 1] are used as they are, others by percentile rank.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from ..errors import InputError
from ..soc.crosswalk import Crosswalk, resolve_year


def _finish(values: pd.DataFrame, base: pd.DataFrame, scale: str) -> pd.DataFrame:
    out = base.merge(values, on="oews_code", how="inner")
    if scale == "share":
        out["exposure"] = out["exposure_raw"].clip(0, 1)
    else:
        out["exposure"] = out["exposure_raw"].rank(pct=True, method="average")
    out["scale"] = scale
    return out


def eloundou(index: pd.DataFrame, mapping: pd.DataFrame, base: pd.DataFrame, column: str = "gpt4_beta") -> pd.DataFrame:
    m = index.merge(mapping[["onet_soc_code", "oews_code"]], on="onet_soc_code", how="inner").dropna(
        subset=["oews_code"]
    )
    v = (
        m.groupby("oews_code")[column]
        .agg(["mean", "size"])
        .reset_index()
        .rename(columns={"mean": "exposure_raw", "size": "n_source_codes"})
    )
    return _finish(v, base, "share")


def felten(index: pd.DataFrame, soc_crosswalk: pd.DataFrame, mapping: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    pseudo = pd.DataFrame({"occ_code": index["soc_code"], "occ_title": index["title"]})
    atoms = resolve_year(2018, pseudo, Crosswalk.from_table(soc_crosswalk), set())
    to_oews = mapping.drop_duplicates("soc6").set_index("soc6")["oews_code"]
    vals = defaultdict(list)
    score = dict(zip(index["soc_code"], index["aioe"]))
    for code, atom_list in zip(atoms["occ_code"], atoms["atoms"]):
        codes = {to_oews.get(a) for a in atom_list} - {None}
        for oc in codes:
            if isinstance(oc, str):
                vals[oc].append(score[code])
    v = pd.DataFrame(
        {
            "oews_code": list(vals),
            "exposure_raw": [sum(x) / len(x) for x in vals.values()],
            "n_source_codes": [len(x) for x in vals.values()],
        }
    )
    return _finish(v, base, "percentile rank")


def user_measure(
    table: pd.DataFrame, code_column: str, value_column: str, mapping: pd.DataFrame, base: pd.DataFrame, path: str
) -> pd.DataFrame:
    for c in (code_column, value_column):
        if c not in table.columns:
            raise InputError(
                path, f"column {c!r} (exposure.user_csv)", column=c, row=1, found=f"header {list(table.columns)}"
            )
    t = table[[code_column, value_column]].rename(columns={code_column: "code", value_column: "exposure_raw"})
    t["exposure_raw"] = pd.to_numeric(t["exposure_raw"], errors="raise")
    onet = t[t["code"].str.contains(".", regex=False)].merge(
        mapping[["onet_soc_code", "oews_code"]], left_on="code", right_on="onet_soc_code"
    )
    soc = t[~t["code"].str.contains(".", regex=False)].merge(
        mapping[["soc6", "oews_code"]].drop_duplicates("soc6"), left_on="code", right_on="soc6"
    )
    both = pd.concat([onet[["oews_code", "exposure_raw"]], soc[["oews_code", "exposure_raw"]]]).dropna(
        subset=["oews_code"]
    )
    v = (
        both.groupby("oews_code")["exposure_raw"]
        .agg(["mean", "size"])
        .reset_index()
        .rename(columns={"mean": "exposure_raw", "size": "n_source_codes"})
    )
    scale = "share" if v["exposure_raw"].between(0, 1).all() else "percentile rank"
    return _finish(v, base, scale)


COLUMNS = [
    "oews_code",
    "oews_title",
    "exposure",
    "exposure_raw",
    "employment",
    "a_mean",
    "wage_bill",
    "measure",
    "scale",
]
KINDS = ("variant", "eloundou", "felten_aioe", "user")


def measure_table(
    kind: str,
    name: str,
    mapping: pd.DataFrame,
    base: pd.DataFrame,
    *,
    variants: pd.DataFrame | None = None,
    index: pd.DataFrame | None = None,
    soc_crosswalk: pd.DataFrame | None = None,
    user: pd.DataFrame | None = None,
    user_columns: tuple[str, str] | None = None,
    user_path: str = "user measure",
) -> pd.DataFrame:
    """One exposure measure in the common layout (:data:`COLUMNS`, sorted by OEWS code).

    ``kind``: ``variant`` (a variant of the pipeline's own measure; ``variants`` =
    exposure_oews.parquet), ``eloundou`` or ``felten_aioe`` (``index``; Felten also needs the SOC
    crosswalk), ``user`` (``user`` table with ``user_columns`` = (code column, value column))."""
    if kind == "variant":
        d = variants[variants["variant"] == name].assign(exposure_raw=lambda x: x["exposure"], scale="share")
    elif kind == "eloundou":
        d = eloundou(index, mapping, base)
    elif kind == "felten_aioe":
        d = felten(index, soc_crosswalk, mapping, base)
    elif kind == "user":
        d = user_measure(user, user_columns[0], user_columns[1], mapping, base, user_path)
    else:
        raise ValueError(f"exposure measure kind must be one of {KINDS}, got {kind!r}")
    return d.assign(measure=name)[COLUMNS].sort_values("oews_code").reset_index(drop=True)
