"""BLS OEWS national cross-industry workbooks, May 2014 onwards.

The format drifts between years; one reader handles all of them:

* sheet ``national_dl`` (to May 2018) or ``national_M<year>_dl`` (from May 2019), next to
  ``Field Descriptions`` and other sheets;
* upper-case columns, except May 2019 (lower case); ``OCC_GROUP`` until 2018, ``O_GROUP`` after;
  area/industry columns from 2019, ``PRIM_STATE`` from 2020, ``PCT_RPT`` from 2021;
* markers in numeric cells: ``*`` (wage not available: only hourly or only annual wages are
  published), ``**`` (employment estimate not available), ``#`` (wage at or above the
  top-code ceiling). They are kept as explicit flag columns (``<column>_flag``) and the value
  is left missing; nothing is coerced silently.

One mirror copy (May 2018) stores ``0`` instead of ``*`` in annual wage cells of hourly-only
occupations; those cells are flagged ``*`` with a warning, since a zero mean wage is not a
wage.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import InputError
from ...soc.codes import SOC6
from . import schema
from .tables import ROW, check_unique, frame_from_rows, parse_float, parse_str, read_xlsx_rows, require_columns

log = logging.getLogger(__name__)

GROUPS = ("total", "major", "minor", "broad", "detailed")
STATS = [
    "TOT_EMP",
    "EMP_PRSE",
    "H_MEAN",
    "A_MEAN",
    "MEAN_PRSE",
    "H_PCT10",
    "H_PCT25",
    "H_MEDIAN",
    "H_PCT75",
    "H_PCT90",
    "A_PCT10",
    "A_PCT25",
    "A_MEDIAN",
    "A_PCT75",
    "A_PCT90",
]
MARKERS = ("*", "**", "#")
_TRUE = {"TRUE", "YES", "Y"}
_FALSE = {"", "FALSE", "NO", "N"}


def _bool(path, df, column) -> pd.Series:
    out = []
    for v, row in zip(df[column], df[ROW]):
        if isinstance(v, (bool, np.bool_)):
            out.append(bool(v))
            continue
        s = "" if v is None else str(v).strip().upper()
        if s in _TRUE:
            out.append(True)
        elif s in _FALSE:
            out.append(False)
        else:
            raise InputError(path, "TRUE or blank", column=column, row=int(row), found=v)
    return pd.Series(out, index=df.index, dtype=bool)


def read_oews_national(path: str | Path, year: int) -> pd.DataFrame:
    """Typed national estimates of one May year: one row per (occupation code, O_GROUP)."""
    path = Path(path)
    sheet, rows = read_xlsx_rows(path, sheet_pattern=r"national(_M\d{4})?_dl")
    m = re.fullmatch(r"national_M(\d{4})_dl", sheet)
    if m and int(m.group(1)) != year:
        raise InputError(path, f"the May {year} national file", found=f"worksheet {sheet!r} (May {m.group(1)})")
    if not rows:
        raise InputError(path, "a header row", row=1, found="an empty worksheet")
    rows = [[str(h).upper() for h in rows[0]], *rows[1:]]
    df = frame_from_rows(path, rows)
    df = require_columns(
        df, path, ["OCC_CODE", "OCC_TITLE", "O_GROUP", *STATS, "ANNUAL", "HOURLY"], aliases={"O_GROUP": ["OCC_GROUP"]}
    )
    if "AREA" in df.columns:
        area = parse_float(path, df, "AREA")[0]
        naics = parse_float(path, df, "NAICS")[0] if "NAICS" in df.columns else pd.Series(0.0, index=df.index)
        keep = (area == 99) & (naics == 0)
        if not keep.all():
            log.info("%s: keeping %d of %d rows with AREA 99 and NAICS 000000", path, int(keep.sum()), len(df))
        df = df[keep.to_numpy()].reset_index(drop=True)
        if df.empty:
            raise InputError(path, "national (AREA 99) cross-industry (NAICS 000000) rows", column="AREA")
    out = pd.DataFrame(
        {
            "year": np.full(len(df), year, dtype="int64"),
            "occ_code": parse_str(path, df, "OCC_CODE", pattern=SOC6, expected="an occupation code like 15-1252"),
            "occ_title": parse_str(path, df, "OCC_TITLE"),
            "o_group": parse_str(path, df, "O_GROUP", choices=GROUPS),
        }
    )
    annual_only = _bool(path, df, "ANNUAL")
    hourly_only = _bool(path, df, "HOURLY")
    for col in STATS:
        values, flags = parse_float(path, df, col, markers=MARKERS)
        wage = col[:2] in ("A_", "H_")
        if wage:
            other_only = hourly_only if col.startswith("A_") else annual_only
            zero_na = (values == 0) & other_only
            if zero_na.any():
                log.warning(
                    "%s: %s is 0 in %d row(s) that publish only %s wages (BLS writes '*' there); flagged '*'",
                    path,
                    col,
                    int(zero_na.sum()),
                    "hourly" if col.startswith("A_") else "annual",
                )
                values = values.mask(zero_na)
                flags = flags.mask(zero_na, "*")
            bad = values <= 0
            if bad.any():
                i = int(np.flatnonzero(bad.to_numpy())[0])
                raise InputError(path, "a positive wage", column=col, row=int(df[ROW].iloc[i]), found=df[col].iloc[i])
        elif (values < 0).any():
            i = int(np.flatnonzero((values < 0).to_numpy())[0])
            raise InputError(path, "a non-negative number", column=col, row=int(df[ROW].iloc[i]), found=df[col].iloc[i])
        out[col.lower()] = values
        out[col.lower() + "_flag"] = flags.astype("str").where(flags.notna(), None).astype("str")
    out["annual_only"] = annual_only.to_numpy()
    out["hourly_only"] = hourly_only.to_numpy()
    out[ROW] = df[ROW].to_numpy()
    check_unique(path, out, ["occ_code", "o_group"], names={"occ_code": "OCC_CODE", "o_group": "O_GROUP"})
    totals = out[out["o_group"] == "total"]
    if len(totals) != 1 or totals["occ_code"].iloc[0] != "00-0000":
        raise InputError(
            path,
            "exactly one all-occupations row (00-0000, group 'total')",
            column="OCC_CODE",
            found=f"{len(totals)} total rows",
        )
    return schema.validate(out, "oews_national", path)
