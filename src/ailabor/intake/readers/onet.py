"""O*NET database readers, text (tab-separated) and Excel releases.

Both releases give the same typed tables. The Excel release adds ``Title`` (and ``Task``,
``Scale Name`` for ratings); those columns are checked for presence but not kept, since
titles come from Occupation Data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ...errors import InputError
from ...soc.codes import ONET_SOC
from . import schema
from .tables import (
    ROW,
    check_unique,
    frame_from_rows,
    parse_float,
    parse_int,
    parse_str,
    read_delimited,
    read_xlsx_rows,
    require_columns,
)

NA = ("n/a",)
DATE = re.compile(r"^\d{2}/\d{4}$")
CODE_MSG = "an O*NET-SOC code like 15-1252.00"


def _load(path: str | Path, sheet: str) -> pd.DataFrame:
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        _, rows = read_xlsx_rows(path, sheet)
        if not rows:
            raise InputError(path, "a header row", row=1, found="an empty sheet")
        return frame_from_rows(path, rows)
    return read_delimited(path, "\t")


def _code(path, df) -> pd.Series:
    return parse_str(path, df, "O*NET-SOC Code", pattern=ONET_SOC, expected=CODE_MSG)


def _task_id(path, df) -> pd.Series:
    ids = parse_int(path, df, "Task ID")
    bad = ids.isna() | (ids <= 0)
    if bad.any():
        i = bad.to_numpy().nonzero()[0][0]
        raise InputError(
            path, "a positive integer task id", column="Task ID", row=int(df[ROW].iloc[i]), found=df["Task ID"].iloc[i]
        )
    return ids.astype("int64")


def read_task_statements(path: str | Path) -> pd.DataFrame:
    df = require_columns(
        _load(path, "Task Statements"),
        path,
        ["O*NET-SOC Code", "Task ID", "Task", "Task Type", "Incumbents Responding", "Date", "Domain Source"],
    )
    task_type = parse_str(path, df, "Task Type", choices=["Core", "Supplemental", "n/a", ""], allow_empty=True)
    out = pd.DataFrame(
        {
            "onet_soc_code": _code(path, df),
            "task_id": _task_id(path, df),
            "task": parse_str(path, df, "Task"),
            "task_type": task_type.where(task_type.isin(["Core", "Supplemental"]), None).astype("str"),
            "incumbents_responding": parse_int(path, df, "Incumbents Responding", na_tokens=NA, blank_ok=True),
            "date": parse_str(path, df, "Date", pattern=DATE, expected="a date like 08/2023"),
            "domain_source": parse_str(path, df, "Domain Source"),
            ROW: df[ROW],
        }
    )
    check_unique(path, out, ["onet_soc_code", "task_id"])
    return schema.validate(out, "onet_task_statements", path)


def read_task_ratings(path: str | Path) -> pd.DataFrame:
    df = require_columns(
        _load(path, "Task Ratings"),
        path,
        [
            "O*NET-SOC Code",
            "Task ID",
            "Scale ID",
            "Category",
            "Data Value",
            "N",
            "Standard Error",
            "Lower CI Bound",
            "Upper CI Bound",
            "Recommend Suppress",
            "Date",
            "Domain Source",
        ],
    )
    scale = parse_str(path, df, "Scale ID", choices=["IM", "RT", "FT"])
    category = parse_int(path, df, "Category", na_tokens=NA, blank_ok=True)
    bad = (scale == "FT") & category.isna()
    if bad.any():
        i = bad.to_numpy().nonzero()[0][0]
        raise InputError(
            path,
            "a frequency category 1-7 on FT rows",
            column="Category",
            row=int(df[ROW].iloc[i]),
            found=df["Category"].iloc[i],
        )
    suppress = parse_str(path, df, "Recommend Suppress", choices=["Y", "N", "n/a", ""], allow_empty=True)
    out = pd.DataFrame(
        {
            "onet_soc_code": _code(path, df),
            "task_id": _task_id(path, df),
            "scale_id": scale,
            "category": category,
            "data_value": parse_float(path, df, "Data Value")[0],
            "n": parse_int(path, df, "N", na_tokens=NA, blank_ok=True),
            "standard_error": parse_float(path, df, "Standard Error", na_tokens=NA, blank_ok=True)[0],
            "lower_ci": parse_float(path, df, "Lower CI Bound", na_tokens=NA, blank_ok=True)[0],
            "upper_ci": parse_float(path, df, "Upper CI Bound", na_tokens=NA, blank_ok=True)[0],
            "recommend_suppress": suppress.where(suppress.isin(["Y", "N"]), None).astype("str"),
            "date": parse_str(path, df, "Date", pattern=DATE, expected="a date like 08/2023"),
            "domain_source": parse_str(path, df, "Domain Source"),
            ROW: df[ROW],
        }
    )
    check_unique(path, out, ["onet_soc_code", "task_id", "scale_id", "category"])
    im = out["scale_id"] == "IM"
    out_of_scale = im & ~out["data_value"].between(1, 5)
    if out_of_scale.any():
        i = out_of_scale.to_numpy().nonzero()[0][0]
        raise InputError(
            path,
            "importance (IM) on the 1-5 scale",
            column="Data Value",
            row=int(out[ROW].iloc[i]),
            found=out["data_value"].iloc[i],
        )
    return schema.validate(out, "onet_task_ratings", path)


def read_occupation_data(path: str | Path) -> pd.DataFrame:
    df = require_columns(_load(path, "Occupation Data"), path, ["O*NET-SOC Code", "Title", "Description"])
    out = pd.DataFrame(
        {
            "onet_soc_code": _code(path, df),
            "title": parse_str(path, df, "Title"),
            "description": parse_str(path, df, "Description"),
            ROW: df[ROW],
        }
    )
    check_unique(path, out, ["onet_soc_code"])
    return schema.validate(out, "onet_occupation_data", path)


def read_job_zones(path: str | Path) -> pd.DataFrame:
    df = require_columns(_load(path, "Job Zones"), path, ["O*NET-SOC Code", "Job Zone", "Date", "Domain Source"])
    out = pd.DataFrame(
        {
            "onet_soc_code": _code(path, df),
            "job_zone": parse_int(path, df, "Job Zone"),
            "date": parse_str(path, df, "Date", pattern=DATE, expected="a date like 08/2023"),
            "domain_source": parse_str(path, df, "Domain Source"),
            ROW: df[ROW],
        }
    )
    check_unique(path, out, ["onet_soc_code"])
    return schema.validate(out, "onet_job_zones", path)


def read_release(path: str | Path) -> dict[str, str]:
    """Release name and date from the database's ``Read Me.txt`` (spec ISSUE-01)."""
    text = Path(path).read_bytes().decode("utf-8", errors="replace")
    m = re.search(r"O\*NET\s+([\d.]+)\s+Database", text)
    d = re.search(r"([A-Z][a-z]+\s+\d{4})\s+Release", text)
    if not m or not d:
        raise InputError(path, "'O*NET <release> Database' and '<Month> <year> Release' lines", row=1, found=text[:80])
    return {"release": m.group(1), "release_date": d.group(1), "synthetic": "SYNTHETIC" in text}


READERS = {
    "task_statements": read_task_statements,
    "task_ratings": read_task_ratings,
    "occupation_data": read_occupation_data,
    "job_zones": read_job_zones,
}
