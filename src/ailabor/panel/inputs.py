"""Loading staged inputs of the panel stage."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd


def load_oews(paths: Iterable[str | Path]) -> dict[int, pd.DataFrame]:
    """Staged OEWS tables keyed by May year (the year is read from the file name oews_<year>)."""
    out = {}
    for p in paths:
        m = re.search(r"oews_(\d{4})\.parquet$", str(p))
        if not m:
            raise ValueError(f"not a staged OEWS file: {p}")
        out[int(m.group(1))] = pd.read_parquet(p)
    return dict(sorted(out.items()))


def window(oews: dict[int, pd.DataFrame], start: int, end: int) -> dict[int, pd.DataFrame]:
    return {y: df for y, df in oews.items() if start <= y <= end}
