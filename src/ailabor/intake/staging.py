"""Staging: a verified raw file in, a typed, schema-checked parquet table out."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import pandas as pd

from ..provenance import write_parquet
from .acquire import RawManifest
from .readers import aei, external, oews, onet, reference

log = logging.getLogger(__name__)


def read_raw(kind: str, path: str | Path, **opts: Any) -> pd.DataFrame:
    """Dispatch to the reader of one raw file ``kind`` (``onet/<table>``, ``oews``, ``aei``,
    ``soc_crosswalk``, ``exposure_index``)."""
    if kind.startswith("onet/"):
        return onet.READERS[kind.rsplit("/", 1)[1]](path)
    if kind == "oews":
        return oews.read_oews_national(path, int(opts["year"]))
    if kind == "aei":
        return aei.read_table(path, opts["fmt"], opts.get("geography", "global"))
    if kind == "soc_crosswalk":
        return external.read_soc_crosswalk(path)
    if kind == "exposure_index":
        return external.read_exposure_index(path, opts["fmt"])
    if kind == "seed_reference":
        return reference.READERS[opts["fmt"]](path)
    raise ValueError(f"unknown raw file kind {kind!r}")


def stage(
    kind: str,
    raw_path: str | Path,
    out_path: str | Path,
    *,
    manifest: str | Path,
    provenance: dict[str, Any],
    **opts: Any,
) -> pd.DataFrame:
    """Verify ``raw_path`` against the raw manifest, read it, write ``out_path`` atomically."""
    t0 = time.perf_counter()
    RawManifest(manifest).verify(raw_path)
    df = read_raw(kind, raw_path, **opts)
    write_parquet(df, out_path, **provenance)
    log.info(
        "staged %s: %d rows x %d columns in %.2f s -> %s",
        raw_path,
        len(df),
        df.shape[1],
        time.perf_counter() - t0,
        out_path,
    )
    return df
