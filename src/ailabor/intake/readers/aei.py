"""Anthropic Economic Index readers.

Formats (ids as in config/sources.yaml):

* ``raw_long``: the raw long files (``geo_id, geography, date_start, date_end,
  platform_and_product, facet, level, variable, cluster_name, value``), filtered to one
  geography;
* ``task_pct``: ``task_name, pct`` (``task_pct_v*.csv`` and ``onet_task_mappings.csv``);
* ``automation_augmentation``: ``task_name`` and the shares of each collaboration pattern;
* ``task_counts``: a generic (task text, count) table, such as the seed project's
  ``api_usage_by_task.csv``, which repeats each description once per matched occupation.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import InputError
from . import schema
from .tables import ROW, check_range, check_unique, parse_float, parse_int, parse_str, read_delimited, require_columns

log = logging.getLogger(__name__)

RAW_COLUMNS = [
    "geo_id",
    "geography",
    "date_start",
    "date_end",
    "platform_and_product",
    "facet",
    "level",
    "variable",
    "cluster_name",
    "value",
]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NOT_TASKS = ("not_classified", "none")


def read_raw_long(path: str | Path, geography: str = "global") -> pd.DataFrame:
    """Typed rows of a raw long-format file for one ``geography`` (e.g. ``global``)."""
    df = require_columns(read_delimited(path, ","), path, RAW_COLUMNS)
    geo = parse_str(path, df, "geography")
    if geography not in set(geo):
        raise InputError(
            path, f"rows with geography {geography!r}", column="geography", found=f"geographies {sorted(set(geo))}"
        )
    df = df[(geo == geography).to_numpy()].reset_index(drop=True)
    out = pd.DataFrame(
        {
            "geo_id": parse_str(path, df, "geo_id"),
            "geography": parse_str(path, df, "geography"),
            "date_start": parse_str(path, df, "date_start", pattern=DATE, expected="a date like 2025-11-13"),
            "date_end": parse_str(path, df, "date_end", pattern=DATE, expected="a date like 2025-11-20"),
            "platform_and_product": parse_str(path, df, "platform_and_product"),
            "facet": parse_str(path, df, "facet"),
            "level": parse_int(path, df, "level").astype("int64"),
            "variable": parse_str(path, df, "variable"),
            "cluster_name": parse_str(path, df, "cluster_name"),
            "value": parse_float(path, df, "value")[0],
            ROW: df[ROW],
        }
    )
    check_unique(path, out, ["geo_id", "facet", "level", "variable", "cluster_name"])
    return schema.validate(out, "aei_raw_long", path)


def task_counts_from_raw(raw: pd.DataFrame, path: str | Path = "<raw table>") -> pd.DataFrame:
    """(task text, count) from a staged raw long table: facet ``onet_task``, variable
    ``onet_task_count``. ``not_classified`` and ``none`` are kept, flagged ``is_task=False``.
    Exactly one row per task is asserted (the raw file is filtered to one geography)."""
    t = raw[(raw["facet"] == "onet_task") & (raw["variable"] == "onet_task_count")]
    if t.empty:
        raise InputError(path, "rows with facet 'onet_task' and variable 'onet_task_count'", column="facet")
    dup = t["cluster_name"].duplicated()
    if dup.any():
        raise InputError(
            path,
            "one onet_task_count row per task after the geography filter",
            column="cluster_name",
            found=t.loc[dup, "cluster_name"].iloc[0],
            hint="check geo_id and level",
        )
    out = pd.DataFrame({"task_text": t["cluster_name"].astype("str"), "count": t["value"].astype("float64")})
    out["is_task"] = ~out["task_text"].str.lower().isin(NOT_TASKS)
    return out.reset_index(drop=True)


def read_task_pct(path: str | Path) -> pd.DataFrame:
    df = require_columns(read_delimited(path, ","), path, ["task_name", "pct"])
    out = pd.DataFrame(
        {"task_name": parse_str(path, df, "task_name"), "pct": parse_float(path, df, "pct")[0], ROW: df[ROW]}
    )
    check_range(path, df, "pct", out["pct"], 0, 100)
    check_unique(path, out, ["task_name"])
    total = out["pct"].sum()
    if not 99.0 <= total <= 101.0:
        log.warning("%s: pct sums to %.3f, not 100", path, total)
    return schema.validate(out, "aei_task_pct", path)


AA_SHARES = ["feedback_loop", "directive", "task_iteration", "validation", "learning", "filtered"]


def read_automation_augmentation(path: str | Path) -> pd.DataFrame:
    df = require_columns(read_delimited(path, ","), path, ["task_name", *AA_SHARES])
    out = pd.DataFrame({"task_name": parse_str(path, df, "task_name")})
    for c in AA_SHARES:
        out[c] = parse_float(path, df, c)[0]
        check_range(path, df, c, out[c], 0, 1)
    out[ROW] = df[ROW]
    check_unique(path, out, ["task_name"])
    return schema.validate(out, "aei_automation_augmentation", path)


TEXT_ALIASES = ("task_description", "task_name", "task", "cluster_name")
COUNT_ALIASES = ("api_count", "count", "value", "n")


def read_task_counts(path: str | Path) -> pd.DataFrame:
    """A generic (task text, count) table. Repeated rows of one task with the same count (one
    per matched occupation, as in the seed project's file) are collapsed with a log line; the
    same task with different counts stops the run."""
    df = read_delimited(path, ",")
    df = require_columns(df, path, ["task_text", "count"], aliases={"task_text": TEXT_ALIASES, "count": COUNT_ALIASES})
    out = pd.DataFrame(
        {"task_text": parse_str(path, df, "task_text"), "count": parse_float(path, df, "count")[0], ROW: df[ROW]}
    )
    check_range(path, df, "count", out["count"], 0, None)
    first = out.drop_duplicates("task_text", keep="first")
    conflict = out.merge(first[["task_text", "count"]], on="task_text", suffixes=("", "_first"))
    bad = conflict["count"] != conflict["count_first"]
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            path,
            "one count per task text",
            column="count",
            row=int(conflict[ROW].iloc[i]),
            found=(
                f"{conflict['count'].iloc[i]} vs {conflict['count_first'].iloc[i]} "
                f"for {conflict['task_text'].iloc[i]!r}"
            ),
        )
    if len(first) < len(out):
        log.info("%s: collapsed %d repeated rows to %d unique task texts", path, len(out), len(first))
    first = first.copy()
    first["is_task"] = ~first["task_text"].str.lower().isin(NOT_TASKS)
    return schema.validate(first, "aei_task_counts", path)


READERS = {
    "task_pct": read_task_pct,
    "automation_augmentation": read_automation_augmentation,
    "task_counts": read_task_counts,
}


def read_table(path: str | Path, fmt: str, geography: str = "global") -> pd.DataFrame:
    if fmt == "raw_long":
        return read_raw_long(path, geography)
    if fmt not in READERS:
        raise ValueError(f"unknown AEI format {fmt!r}")
    return READERS[fmt](path)
