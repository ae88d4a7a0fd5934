"""Schemas of the staged tables, declared in YAML (``ailabor/intake/readers/schemas/*.yaml``).

Each schema lists the columns with dtype, nullability and checks (``min``, ``max``,
``pattern``, ``isin``) and the key columns that must be unique. The YAML doubles as the data
dictionary of the staged tables. :func:`validate` checks a reader's output with pandera and
reports the first failure as an :class:`InputError` naming file, column and row.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ...config import SAFE_LOADER
from ...errors import InputError
from .tables import ROW

_DTYPES = {"str": str, "int64": "int64", "Int64": "Int64", "float64": "float64", "bool": bool, "int32": "int32"}


@cache
def load_schema(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("schemas", f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=SAFE_LOADER)


def schema_names() -> list[str]:
    return sorted(
        p.name[:-5] for p in resources.files(__package__).joinpath("schemas").iterdir() if p.name.endswith(".yaml")
    )


def _pandera(spec: dict[str, Any]):
    import pandera.pandas as pa

    cols = {}
    for name, c in spec["columns"].items():
        checks = []
        if "min" in c:
            checks.append(pa.Check.ge(c["min"]))
        if "max" in c:
            checks.append(pa.Check.le(c["max"]))
        if "pattern" in c:
            checks.append(pa.Check.str_matches(c["pattern"]))
        if "isin" in c:
            checks.append(pa.Check.isin(c["isin"]))
        cols[name] = pa.Column(_DTYPES[c["dtype"]], checks=checks, nullable=c.get("nullable", False), coerce=False)
    return pa.DataFrameSchema(
        cols, strict=True, ordered=True, unique=spec.get("unique"), report_duplicates="exclude_first"
    )


def columns(name: str) -> list[str]:
    return list(load_schema(name)["columns"])


def validate(df: pd.DataFrame, name: str, path: str | Path) -> pd.DataFrame:
    """Validate ``df`` (which may carry ``_row``) against schema ``name``; return it without ``_row``."""
    import pandera.pandas as pa

    spec = load_schema(name)
    rows = df[ROW] if ROW in df.columns else None
    body = df.drop(columns=[ROW]) if rows is not None else df
    body = body[
        [c for c in spec["columns"] if c in body.columns] + [c for c in body.columns if c not in spec["columns"]]
    ]
    try:
        _pandera(spec).validate(body, lazy=True)
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases.iloc[0]
        column = None if pd.isna(fc.get("column")) else str(fc["column"])
        row = None
        idx = fc.get("index")
        if rows is not None and idx is not None and not pd.isna(idx) and idx in rows.index:
            row = int(rows.loc[idx])
        n = len(exc.failure_cases)
        raise InputError(
            path,
            f"staged table '{name}' to satisfy {fc['check']}",
            column=column,
            row=row,
            found=fc["failure_case"],
            hint=f"{n} failing cell(s) in all" if n > 1 else None,
        ) from None
    return body.reset_index(drop=True)
