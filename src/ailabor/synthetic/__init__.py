"""Synthetic data in the official formats, with planted ground truth.

>>> from ailabor.synthetic import SyntheticSpec, generate          # doctest: +SKIP
>>> truth = generate(SyntheticSpec(seed=1), "resources/synthetic/demo", files)

``files`` are the :class:`ailabor.intake.sources.RawFile` entries a configuration needs; each is
written at its mirror path, so the output directory is a drop-in ``raw_mirror``. The same
spec always gives byte-identical files.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..econometrics.oews_panels import post_share
from ..intake.sources import RawFile
from ..provenance import write_text_atomic
from ..soc.codes import code_system
from . import writers
from .world import SyntheticSpec, World, build_world, exposure_tables

__all__ = ["SyntheticSpec", "Truth", "generate", "build_world", "code_system"]

TRUTH_DIR = "_truth"


@dataclass
class Truth:
    """What the generator planted: parameters and the exact tables they imply."""

    parameters: dict[str, Any]
    occupations: pd.DataFrame  # SOC 2018 occupations: wage and employment levels, flags
    exposure_onet: pd.DataFrame  # per O*NET-SOC occupation, every exposure variant
    exposure_soc: pd.DataFrame  # per SOC 2018 code, pooled over O*NET children
    panel: pd.DataFrame  # (SOC 2018 code, year): ln wage, ln employment, dose, exposure
    publications: pd.DataFrame  # SOC 2018 code -> published OEWS code per code system
    aei_texts: pd.DataFrame  # AEI cluster names, counts and the statement each stems from


def _truth(world: World) -> Truth:
    spec = world.spec
    exp_onet, exp_soc = exposure_tables(world.onet, world.tasks)
    years = world.years
    params = {
        **{k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(spec).items()},
        "years": years,
        "dose_by_year": {str(y): post_share(y, spec.treatment_date) for y in years},
        "code_system_by_year": {str(y): code_system(y) for y in years},
        "planted_exposure_variant": "exposure_fractional_im (pooled over O*NET children of each SOC code)",
        "wage_model": "ln w[o,t] = a[o] + g[major(o)]*(t - base_year) + wage_effect * exposure[o] * dose[t] + e[o,t]",
        "employment_model": (
            "ln emp[o,t] = b[o] + h[major(o)]*(t - base_year) + employment_effect * exposure[o] * dose[t] + u[o,t]"
        ),
        "usage_model": (
            "E[usage of SOC o] = exp(-6.5 + usage_wage_elasticity * (ln wage_level[o] - ln 48000)) * emp_level[o]"
        ),
        "n_soc_occupations": int(len(world.occupations)),
        "n_onet_occupations": int(len(world.onet)),
        "n_task_statements": int(len(world.tasks)),
        "n_rated_tasks": int(world.tasks["rated"].sum()),
        "n_aei_cluster_names": int(len(world.aei_texts)),
        "aei_total_count": int(world.aei_texts["count"].sum()),
    }
    return Truth(
        parameters=params,
        occupations=world.occupations,
        exposure_onet=exp_onet,
        exposure_soc=exp_soc,
        panel=world.panel,
        publications=world.publications,
        aei_texts=world.aei_texts,
    )


def generate(spec: SyntheticSpec, out_dir: str | Path, files: Iterable[RawFile]) -> Truth:
    """Write every file in ``files`` under ``out_dir`` (mirror layout) and the truth tables."""
    out_dir = Path(out_dir)
    files = sorted(files, key=lambda f: f.key)
    years = sorted(int(f.extra["year"]) for f in files if f.family == "oews")
    if not years:
        raise ValueError("the synthetic dataset needs at least one OEWS year")
    world = build_world(spec, years)
    truth = _truth(world)
    for f in files:
        offset = zlib.crc32(f.key.encode())  # per-file noise independent of the other files
        path = out_dir / f.mirror_relpath
        if f.family == "onet":
            writers.write_onet(world, f.extra["table"], path, release=f.extra["release"])
        elif f.family == "oews":
            writers.write_oews(world, int(f.extra["year"]), path)
        elif f.family == "aei":
            writers.write_aei(world, f.fmt, path, dict(f.extra), seed_offset=offset)
        elif f.family == "soc_crosswalk":
            writers.write_soc_crosswalk(world, path)
        elif f.family == "exposure_indices":
            writers.write_exposure_index(world, f.fmt, path, offset, truth.exposure_onet, truth.exposure_soc)
        elif f.family == "seed_reference":
            writers.write_seed_exposure(world, truth.exposure_onet, path)
        else:
            raise ValueError(f"no synthetic writer for {f.key}")
    tdir = out_dir / TRUTH_DIR
    write_text_atomic(tdir / "planted.json", json.dumps(truth.parameters, indent=2, sort_keys=True) + "\n")
    for name in ("occupations", "exposure_onet", "exposure_soc", "panel", "publications", "aei_texts"):
        write_text_atomic(tdir / f"{name}.csv", getattr(truth, name).to_csv(index=False, lineterminator="\n"))
    return truth
