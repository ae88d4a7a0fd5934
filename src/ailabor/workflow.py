"""Glue between Snakemake scripts and the package.

Scripts in workflow/scripts stay thin: they call :func:`run` with a function that takes the
``snakemake`` object. :func:`run` sends log records to the rule's log file and to stderr, and
turns the pipeline's own errors into a one-paragraph message and exit status 1 instead of a
traceback, so a bad input file reads as an instruction to fix it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from .errors import AilaborError

log = logging.getLogger("ailabor")


def setup_logging(log_path: str | None = None, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S")
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_path:
        handlers.append(logging.FileHandler(log_path, mode="w", encoding="utf-8"))
    for h in handlers:
        h.setFormatter(fmt)
        root.addHandler(h)
    root.setLevel(level)
    logging.captureWarnings(True)


def run(main: Callable[[Any], None], smk: Any) -> None:
    """Run a script's ``main(snakemake)`` with logging and clean error reporting."""
    log_path = smk.log[0] if len(smk.log) else None
    setup_logging(log_path)
    log.info("rule %s: start", smk.rule)
    try:
        main(smk)
    except AilaborError as exc:
        log.error("%s", exc)
        sys.exit(1)
    log.info("rule %s: done", smk.rule)


def provenance_args(smk: Any, *, spec_mode: str = "n/a", legacy_only: tuple[str, ...] = ()) -> dict[str, Any]:
    """Keyword arguments for :func:`ailabor.provenance.write_parquet` from a Snakemake job.

    Inputs are every file in ``snakemake.input``; parameters are the job's params except
    ``vintages``, which is recorded as the data vintages.
    """
    params = {k: v for k, v in smk.params.items() if k != "vintages"}
    vintages = smk.params.get("vintages", {}) if hasattr(smk.params, "get") else {}
    inputs = [str(p) for p in smk.input]
    return dict(inputs=inputs, params=params, vintages=vintages, spec_mode=spec_mode, legacy_only=legacy_only)


def job_counts(text: str) -> dict[str, int]:
    """Jobs per rule from the 'Job stats' table Snakemake prints (e.g. of a dry run)."""
    counts, inside = {}, False
    for line in text.splitlines():
        if line.startswith("job ") and "count" in line:
            inside = True
            continue
        if inside:
            parts = line.split()
            if not parts or parts[0] == "total":
                break
            if len(parts) == 2 and parts[1].isdigit():
                counts[parts[0]] = int(parts[1])
    return counts
