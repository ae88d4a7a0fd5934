"""Staging: a verified raw file in, a typed, schema-checked parquet table out."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
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
    raw_files: Mapping[str, Mapping[str, Any]] | None = None,
    policy: str = "pin",
    **opts: Any,
) -> pd.DataFrame:
    """Check the raw file(s) against the raw manifest, read ``raw_path``, write ``out_path``
    atomically, then record the raw files' sha256.

    ``raw_files``: every raw file the job reads (``raw_path`` and extras such as the O*NET
    read-me) -> ``{"version": accepted updates, "source": where it came from}``. A file that
    changed since it was recorded passes only as an accepted update (its version one above the
    record's). The record is written only after the table has been written, so a file that
    fails validation is never recorded.
    """
    t0 = time.perf_counter()
    m = RawManifest(manifest)
    files = dict(raw_files or {str(raw_path): {}})
    shas = {p: m.check_staging(p, info.get("version"), policy=policy) for p, info in files.items()}
    df = read_raw(kind, raw_path, **opts)
    write_parquet(df, out_path, **provenance)
    for p, info in files.items():
        m.record_staged(p, shas[p], info.get("source", ""), policy=policy)
    log.info(
        "staged %s: %d rows x %d columns in %.2f s -> %s",
        raw_path,
        len(df),
        df.shape[1],
        time.perf_counter() - t0,
        out_path,
    )
    return df
