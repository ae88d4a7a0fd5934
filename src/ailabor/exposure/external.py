"""External exposure indices and user measures as alternative exposure measures.

Every measure ends as one row per OEWS code of the base year with ``exposure`` in [0, 1]
(what the downstream models read) and ``exposure_raw`` as published:

* Eloundou et al. GPT-4 beta (E1 + 0.5 E2), per O*NET-SOC code: mean over the O*NET children
  of each OEWS code; already a share in [0, 1];
* Felten et al. AIOE, per SOC 2010 code: mapped to SOC 2018 with the BLS crosswalk, averaged
  per OEWS code; a standardised score, so ``exposure`` is its percentile rank across codes;
* a user CSV with a code column (O*NET-SOC or 6-digit SOC 2018) and a value column, validated
  row by row (:func:`user_measure`): values in [0, 1] used as they are (``scale: as_is``), or
  replaced by their percentile rank when the config says ``scale: percentile``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field

import numpy as np
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


USER_SCALES = ("as_is", "percentile")
USER_DUPLICATES = ("error", "mean")
USER_UNKNOWN = ("error", "drop")
_CODE = re.compile(r"^\d{2}-\d{4}(\.\d{2})?$")


@dataclass
class UserCoverage:
    """What happened to the rows of a user exposure CSV (written into the measure's metadata)."""

    rows: int = 0
    codes: int = 0
    duplicate_rows_collapsed: int = 0
    unknown_codes_dropped: list[str] = field(default_factory=list)
    oews_codes_with_value: int = 0
    base_codes_without_value: int = 0
    scale: str = "as_is"

    def as_dict(self) -> dict:
        d = asdict(self)
        d["unknown_codes_dropped"] = len(self.unknown_codes_dropped)
        d["unknown_codes_examples"] = self.unknown_codes_dropped[:10]
        return d


def read_user_csv(path: str, code_column: str, value_column: str) -> pd.DataFrame:
    """The user's exposure CSV, every cell as text (validated by :func:`user_measure`)."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, skip_blank_lines=True)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(path, f"a CSV file with columns {code_column!r} and {value_column!r}", found=str(exc)) from exc


def user_measure(
    table: pd.DataFrame,
    code_column: str,
    value_column: str,
    mapping: pd.DataFrame,
    base: pd.DataFrame,
    path: str,
    *,
    scale: str = "as_is",
    duplicates: str = "error",
    unknown_codes: str = "error",
    coverage: UserCoverage | None = None,
) -> pd.DataFrame:
    """A user exposure measure from a table of (code, value) rows.

    Every row is checked; a problem raises :class:`InputError` naming the file, column, row (as
    in the file: header = row 1) and what was expected, unless ``duplicates``/``unknown_codes``
    choose otherwise:

    * codes are O*NET-SOC (``15-1252.00``) or 6-digit SOC 2018 (``15-1252``);
    * values are numbers; with ``scale='as_is'`` they must lie in [0, 1] and are used as they
      are, with ``scale='percentile'`` they are replaced by their percentile rank across OEWS
      codes (never automatically);
    * a code given twice with different values is an error (``duplicates='mean'`` averages
      them); identical repeats are collapsed;
    * a code that maps to no OEWS code of the base year is an error (``unknown_codes='drop'``
      drops it).

    ``coverage``, when given, is filled with the counts of rows, collapsed repeats, dropped
    codes and base-year codes left without a value.
    """
    for name, value, allowed in (
        ("scale", scale, USER_SCALES),
        ("duplicates", duplicates, USER_DUPLICATES),
        ("unknown_codes", unknown_codes, USER_UNKNOWN),
    ):
        if value not in allowed:
            raise ValueError(f"exposure.user_csv.{name} must be one of {allowed}, got {value!r}")
    cov = coverage if coverage is not None else UserCoverage()
    cov.scale = scale
    header = list(table.columns)
    for c in (code_column, value_column):
        if c not in header:
            raise InputError(
                path,
                f"a column {c!r} (exposure.user_csv: code_column {code_column!r}, value_column {value_column!r})",
                column=c,
                row=1,
                found=f"header {header}",
            )
    t = pd.DataFrame(
        {
            "code": table[code_column].astype("string").str.strip(),
            "raw": table[value_column].astype("string").str.strip(),
            "row": range(2, len(table) + 2),
        }
    )
    cov.rows = len(t)
    if t.empty:
        raise InputError(path, "at least one data row", row=2, found="no rows")
    bad_code = ~t["code"].fillna("").str.match(_CODE)
    if bad_code.any():
        r = t[bad_code].iloc[0]
        raise InputError(
            path,
            "an O*NET-SOC code like 15-1252.00 or a 6-digit SOC 2018 code like 15-1252",
            column=code_column,
            row=int(r["row"]),
            found=r["code"],
        )
    t["exposure_raw"] = pd.to_numeric(t["raw"], errors="coerce")
    bad_value = t["exposure_raw"].isna() | ~np.isfinite(t["exposure_raw"].astype(float))
    if bad_value.any():
        r = t[bad_value].iloc[0]
        raise InputError(path, "a number", column=value_column, row=int(r["row"]), found=r["raw"])
    if scale == "as_is":
        out_of_range = ~t["exposure_raw"].between(0, 1)
        if out_of_range.any():
            r = t[out_of_range].iloc[0]
            raise InputError(
                path,
                "an exposure share in [0, 1] (exposure.user_csv.scale: as_is)",
                column=value_column,
                row=int(r["row"]),
                found=r["raw"],
                hint="For a score on another scale, set exposure.user_csv.scale: percentile to use its "
                "percentile rank across OEWS codes",
            )
    # repeated codes: identical values collapse; conflicting values are an error unless averaged
    spread = t.groupby("code")["exposure_raw"].agg(["min", "max", "size"])
    conflicting = spread[spread["min"] != spread["max"]]
    if len(conflicting) and duplicates == "error":
        code = conflicting.index[0]
        rows = t.loc[t["code"] == code, "row"].tolist()
        raise InputError(
            path,
            "each code once, or repeated with the same value (exposure.user_csv.duplicates: error)",
            column=code_column,
            row=rows[1],
            found=f"{code} on rows {rows} with values {t.loc[t['code'] == code, 'raw'].tolist()}",
            hint="Set exposure.user_csv.duplicates: mean to average repeated codes",
        )
    cov.duplicate_rows_collapsed = int((spread["size"] - 1).sum())
    t = t.groupby("code", as_index=False, sort=True).agg(exposure_raw=("exposure_raw", "mean"), row=("row", "min"))
    cov.codes = len(t)
    # codes -> OEWS codes of the base year
    base_codes = set(base["oews_code"])
    onet_map = mapping.dropna(subset=["oews_code"]).drop_duplicates("onet_soc_code").set_index("onet_soc_code")
    soc_map = mapping.dropna(subset=["oews_code"]).drop_duplicates("soc6").set_index("soc6")
    is_onet = t["code"].str.contains(".", regex=False)
    t["oews_code"] = np.where(
        is_onet,
        t["code"].map(onet_map["oews_code"]),
        t["code"].map(soc_map["oews_code"]),
    )
    unknown = t["oews_code"].isna() | ~t["oews_code"].isin(base_codes)
    if unknown.any():
        if unknown_codes == "error":
            r = t[unknown].iloc[0]
            raise InputError(
                path,
                f"a code that maps to an OEWS occupation of the base year ({len(base_codes)} codes)",
                column=code_column,
                row=int(r["row"]),
                found=f"{r['code']} ({int(unknown.sum())} of {len(t)} codes are unknown: "
                f"{', '.join(t.loc[unknown, 'code'].head(5))}{', ...' if unknown.sum() > 5 else ''})",
                hint="Set exposure.user_csv.unknown_codes: drop to leave them out (the count is recorded "
                "in the measure's metadata)",
            )
        cov.unknown_codes_dropped = t.loc[unknown, "code"].tolist()
        t = t[~unknown]
    v = (
        t.groupby("oews_code")["exposure_raw"]
        .agg(["mean", "size"])
        .reset_index()
        .rename(columns={"mean": "exposure_raw", "size": "n_source_codes"})
    )
    cov.oews_codes_with_value = len(v)
    cov.base_codes_without_value = len(base_codes - set(v["oews_code"]))
    return _finish(v, base, "share" if scale == "as_is" else "percentile rank")


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
    user_options: dict | None = None,
) -> pd.DataFrame:
    """One exposure measure in the common layout (:data:`COLUMNS`, sorted by OEWS code).

    ``kind``: ``variant`` (a variant of the pipeline's own measure; ``variants`` =
    exposure_oews.parquet), ``eloundou`` or ``felten_aioe`` (``index``; Felten also needs the SOC
    crosswalk), ``user`` (``user`` table with ``user_columns`` = (code column, value column) and
    ``user_options``, the keyword options of :func:`user_measure`)."""
    if kind == "variant":
        d = variants[variants["variant"] == name].assign(exposure_raw=lambda x: x["exposure"], scale="share")
    elif kind == "eloundou":
        d = eloundou(index, mapping, base)
    elif kind == "felten_aioe":
        d = felten(index, soc_crosswalk, mapping, base)
    elif kind == "user":
        d = user_measure(user, user_columns[0], user_columns[1], mapping, base, user_path, **(user_options or {}))
    else:
        raise ValueError(f"exposure measure kind must be one of {KINDS}, got {kind!r}")
    return d.assign(measure=name)[COLUMNS].sort_values("oews_code").reset_index(drop=True)
