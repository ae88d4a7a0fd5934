"""Outputs of the seed project used as inputs of the legacy reproduction."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import schema
from .tables import ONET_SOC, ROW, check_unique, parse_float, parse_str, read_delimited, require_columns

EXPOSURE_NUMERIC = [
    "total_task_importance", "ai_task_importance", "api_usage_count", "A_MEAN", "A_MEDIAN",
    "TOT_EMP", "job_zone", "ai_exposure", "usage_per_worker",
]


def read_seed_exposure(path: str | Path) -> pd.DataFrame:
    """The seed's ``occupation_exposure.csv`` (one row per O*NET-SOC code)."""
    df = require_columns(read_delimited(path, ","), path, ["onet_soc_code", "onet_occupation_title", *EXPOSURE_NUMERIC])
    out = pd.DataFrame(
        {
            "onet_soc_code": parse_str(path, df, "onet_soc_code", pattern=ONET_SOC, expected="an O*NET-SOC code like 15-1252.00"),
            "onet_occupation_title": parse_str(path, df, "onet_occupation_title", allow_empty=True),
        }
    )
    for c in EXPOSURE_NUMERIC:
        out[c] = parse_float(path, df, c, blank_ok=True)[0]
    out[ROW] = df[ROW]
    check_unique(path, out, ["onet_soc_code"])
    return schema.validate(out, "seed_occupation_exposure", path)


READERS = {"seed_occupation_exposure": read_seed_exposure}
