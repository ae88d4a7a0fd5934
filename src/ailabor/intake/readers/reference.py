"""Outputs of the seed project used as inputs of the legacy reproduction."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...soc.codes import ONET_SOC
from . import schema
from .tables import ROW, check_unique, parse_float, parse_int, parse_str, read_delimited, require_columns

EXPOSURE_NUMERIC = [
    "total_task_importance",
    "ai_task_importance",
    "api_usage_count",
    "A_MEAN",
    "A_MEDIAN",
    "TOT_EMP",
    "job_zone",
    "ai_exposure",
    "usage_per_worker",
]


def read_seed_exposure(path: str | Path) -> pd.DataFrame:
    """The seed's ``occupation_exposure.csv`` (one row per O*NET-SOC code)."""
    df = require_columns(read_delimited(path, ","), path, ["onet_soc_code", "onet_occupation_title", *EXPOSURE_NUMERIC])
    out = pd.DataFrame(
        {
            "onet_soc_code": parse_str(
                path, df, "onet_soc_code", pattern=ONET_SOC, expected="an O*NET-SOC code like 15-1252.00"
            ),
            "onet_occupation_title": parse_str(path, df, "onet_occupation_title", allow_empty=True),
        }
    )
    for c in EXPOSURE_NUMERIC:
        out[c] = parse_float(path, df, c, blank_ok=True)[0]
    out[ROW] = df[ROW]
    check_unique(path, out, ["onet_soc_code"])
    return schema.validate(out, "seed_occupation_exposure", path)


CROSSWALK_TEXT = [
    "anthropic_task_description",
    "onet_soc_code",
    "onet_task_type",
    "match_method",
    "soc_6digit",
    "OCC_TITLE",
]
CROSSWALK_NUMERIC = [
    "api_usage_count_original",
    "api_usage_count",
    "split_weight",
    "n_candidate_socs",
    "match_score",
    "TOT_EMP",
    "H_MEAN",
    "A_MEAN",
    "A_MEDIAN",
]


def read_seed_crosswalk(path: str | Path) -> pd.DataFrame:
    """The seed's master_task_crosswalk_with_wages / _with_importance (one row per AEI task x
    O*NET occupation x task): the columns the legacy models use, typed."""
    df = read_delimited(path, ",")
    has_importance = "task_importance" in df.columns
    df = require_columns(df, path, [*CROSSWALK_TEXT, *CROSSWALK_NUMERIC, "onet_task_id", "is_ambiguous"])
    out = pd.DataFrame({c: parse_str(path, df, c, allow_empty=True) for c in CROSSWALK_TEXT})
    for c in ("onet_task_type", "soc_6digit", "OCC_TITLE"):
        out[c] = out[c].where(out[c] != "", None).astype("str")
    out["onet_soc_code"] = parse_str(
        path, df, "onet_soc_code", pattern=ONET_SOC, expected="an O*NET-SOC code like 15-1252.00"
    )
    out["onet_task_id"] = parse_int(path, df, "onet_task_id").astype("int64")
    out["is_ambiguous"] = parse_str(path, df, "is_ambiguous", choices=["True", "False"]) == "True"
    for c in CROSSWALK_NUMERIC + (["task_importance"] if has_importance else []):
        out[c] = parse_float(path, df, c, blank_ok=True)[0]
    out[ROW] = df[ROW]
    return schema.validate(out, "seed_crosswalk_importance" if has_importance else "seed_crosswalk", path)


READERS = {
    "seed_occupation_exposure": read_seed_exposure,
    "seed_crosswalk": read_seed_crosswalk,
}
