# Shared set-up: config validation, the results tree, the raw-file registry, helpers.

import os
import re
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError

# The package is installed by `make setup`; this also lets the workflow parse from a plain
# checkout. Scripts add the same directory themselves (see workflow/scripts/*.py).
SRC = str(Path(workflow.basedir) / "src")
if SRC not in sys.path:
    sys.path.insert(0, SRC)

from ailabor.config import derive_vintage
from ailabor.config_validation import validate_config
from ailabor.errors import ConfigError
from ailabor.intake.sources import load_registry, raw_files
from ailabor.labels import measure_label

try:
    validate_config(config, workflow.source_path("../schemas/config.schema.yaml"))
except ConfigError as exc:
    raise WorkflowError(str(exc)) from None

DATASET = config["dataset"]
VINTAGE = derive_vintage(config)
RESULTS = f"results/{DATASET}/{VINTAGE}"
LOGS = f"{RESULTS}/logs"
BENCH = f"{RESULTS}/benchmarks"
MANIFEST = f"{RESULTS}/manifest.json"
RAW = f"resources/raw/{DATASET}"


def local_or_workflow(path):
    """A relative path from the working directory, else from the workflow directory
    (so `raw_mirror: ../shared/data` works with `snakemake -d elsewhere`)."""
    if path is None or Path(path).is_absolute() or Path(path).exists():
        return path
    alt = Path(workflow.basedir) / path
    return str(alt) if alt.exists() else path


SYNTHETIC = config["synthetic"]["enabled"]
# the synthetic mirror is written by the workflow itself, always under the working directory
MIRROR = config["raw_mirror"] if SYNTHETIC else local_or_workflow(config["raw_mirror"])
MIRROR_MANIFEST = local_or_workflow(config.get("mirror_manifest"))
ENV = "../../envs/environment.yaml"

try:
    REGISTRY = load_registry(local_or_workflow(config["sources"]))
    RAW_FILES = raw_files(config, REGISTRY)
except ConfigError as exc:
    raise WorkflowError(str(exc)) from None

# Every output that goes into the manifest; rule files append to it.
OUTPUTS = []
# Each stage's rows of headline_comparison.csv (rule in manifest.smk).
HEADLINE_PARTS = []


def rep(path, caption, category, subcategory=None):
    """An output shown in the Snakemake report (``snakemake --report``), captioned by
    workflow/report/<caption>.rst and grouped by stage."""
    return report(
        path,
        caption=f"../report/{caption}.rst",
        category=category,
        subcategory=subcategory,
    )


def raw_file_dicts(keys):
    """Registry entries as plain dicts (stable params for Snakemake's rerun trigger)."""
    out = []
    for key in keys:
        f = RAW_FILES[key]
        out.append(
            dict(
                key=f.key,
                family=f.family,
                relpath=f.relpath,
                mirror_relpath=f.mirror_relpath,
                release=f.release,
                url=f.url,
                archive_url=f.archive_url,
                member=f.member,
                sha256=f.sha256,
                archive_sha256=f.archive_sha256,
                fmt=f.fmt,
                extra=dict(f.extra),
            )
        )
    return out


RAW_MANIFEST = "resources/raw/MANIFEST.json"
BY_RELPATH = {f.relpath: key for key, f in RAW_FILES.items()}


def acquire_params(wildcards):
    """What acquiring one raw file depends on: its mirror path, or where to download it."""
    f = RAW_FILES[BY_RELPATH[wildcards.relpath]]
    if MIRROR:
        return {"key": f.key, "mirror_relpath": f.mirror_relpath, "sha256": f.sha256}
    return {
        "key": f.key,
        "url": f.url,
        "archive_url": f.archive_url,
        "member": f.member,
        "sha256": f.sha256,
    }


def raw(key):
    """Path of a raw file in the cache."""
    return f"{RAW}/{RAW_FILES[key].relpath}"


def acquire_inputs(wildcards):
    f = RAW_FILES[BY_RELPATH[wildcards.relpath]]
    if MIRROR:
        return {"mirror": f"{MIRROR}/{f.mirror_relpath}"}
    if f.archive_url:
        return {"archive": f"{RAW}/_archives/{f.archive_name}"}
    return {}


# Input functions of the exposure rules (they read names defined in exposure.smk).
def ratings_input(wildcards):
    return (
        {"ratings": f"{STAGED}/onet/{ONET_PRIMARY}/task_ratings.parquet"}
        if RATINGS
        else {}
    )


def measure_inputs(wildcards):
    m = wildcards.measure
    inputs = {"mapping": XW_OUT["mapping"], "base": XW_OUT["base"]}
    if m == "user":
        inputs["user"] = EXPO_CFG["user_csv"]["path"]
    elif m in EXPOSURE_INDICES:
        inputs["index"] = f"{STAGED}/exposure_indices/{m}.parquet"
        inputs["crosswalk"] = f"{STAGED}/soc_crosswalk.parquet"
    else:
        inputs["oews"] = EXPO_OUT["oews"]
    return inputs


def measure_kind(wildcards):
    m = wildcards.measure
    if m == "user":
        return "user"
    if m in EXPOSURE_INDICES:
        return RAW_FILES[f"exposure_indices/{m}"].fmt
    return "variant"


# Input functions of the estimation rules (names defined in estimation.smk).
def legacy_estimation_inputs(wildcards):
    if "crosswalk_with_importance" in SEED_FILES:
        return {
            "importance": f"{STAGED}/seed_reference/crosswalk_with_importance.parquet"
        }
    return {
        "importance": f"{XWALK}/legacy/crosswalk_with_wages.parquet",
        "ratings": f"{STAGED}/onet/{ONET_PRIMARY}/task_ratings.parquet",
    }


def inference_chunks(wildcards):
    base = f"{EST}/corrected/{wildcards.measure}/inference"
    return {
        method: [f"{base}/{method}_{c}.parquet" for c in range(n)]
        for method, n in CHUNKS.items()
    }


def headline_inputs(wildcards):
    inputs = {
        "oring": f"{EST}/legacy/oring_models.parquet",
        "event": f"{EST}/corrected/{PRIMARY_MEASURE}/event_study.parquet",
        "ppml": f"{EST}/corrected/{PRIMARY_MEASURE}/ppml.parquet",
    }
    if EST_LEGACY:
        inputs["legacy"] = f"{EST}/legacy/did_and_correlations.parquet"
        inputs["corrected"] = f"{EST}/legacy_panel_corrected.parquet"
    return inputs


# Input functions of the calibration rules (names defined in calibration.smk).
def calibration_shock_inputs(wildcards):
    inputs = {
        "measure": f"{EXPO}/measures/{wildcards.measure}.parquet",
        "totals": XW_OUT["totals"],
    }
    if AEI_AUTOMATION:
        inputs["automation"] = f"{CAL}/aei_automation_share.json"
    return inputs


def calibration_automation_inputs(wildcards):
    auto = CAL_CFG["aei_automation"]
    inputs = {"table": f"{STAGED}/aei/{auto['table']}.parquet"}
    if auto["weights"]:
        inputs["weights"] = f"{STAGED}/aei/{auto['weights']}.parquet"
    return inputs


def calibration_headline_inputs(wildcards):
    inputs = {
        "shock": f"{CAL}/shocks/{PRIMARY_MEASURE}.parquet",
        "corrected": f"{CAL}/corrected/{PRIMARY_MEASURE}/results.parquet",
    }
    if CAL_LEGACY:
        inputs.update(CAL_LEGACY_TABLES)
        inputs["legacy_shock"] = f"{CAL}/shocks/legacy.parquet"
    return inputs


def consistency_inputs(wildcards):
    inputs = {"shocks": expand(f"{CAL}/shocks/{{m}}.parquet", m=MEASURES)}
    if CAL_LEGACY:
        inputs["legacy"] = f"{CAL}/shocks/legacy.parquet"
    return inputs


def model_sections(wildcards):
    """The config sections one model depends on (the params trigger reruns only it)."""
    from ailabor.calibration.models import SECTIONS

    return {k: CAL_CFG[k] for k in SECTIONS[wildcards.model]}


def model_ranges(wildcards):
    """The sensitivity ranges of one model's parameters."""
    from ailabor.calibration.models import PARAMS

    names = set(PARAMS[wildcards.model]) | (
        {"v"} if wildcards.model == "bhaduri_marglin" else set()
    )
    ranges = CAL_CFG["sensitivity"]["ranges"]
    return {k: ranges[k] for k in sorted(names) if k in ranges}


# Input functions of the BBZ rules (names defined in ge_bbz.smk).
def bbz_run_files(wildcards):
    runs = BBZ_CATALOGUE[wildcards.experiment].runs
    base = f"{BBZ}/{wildcards.experiment}/{wildcards.method}/runs"
    return {
        "paths": [f"{base}/{r.run_id}.parquet" for r in runs],
        "summaries": [f"{base}/{r.run_id}.json" for r in runs],
    }


def bbz_run_params(wildcards):
    """The parameters of one run: a change in them reruns exactly that job."""
    run = BBZ_RUNS[(wildcards.experiment, wildcards.run)]
    return {"model": run.model, "label": run.label, "params": run.params.to_dict()}


# Inputs of the generated results summary: the output files its sections read.
SUMMARY_PATTERNS = (
    "headline_comparison.csv",
    "monte_carlo_summary.csv",
    "ge/ar/transition.json",
    "ge/scenarios/summary.csv",
    "estimation/seed_panel_tables.md",
    "ge/response/mapping.csv",
    "ge/response/curves.csv",
    "ge/uncertainty/summary.csv",
    "ge/uncertainty/containment.csv",
)


def summary_inputs(wildcards):
    files = [f for f in OUTPUTS if isinstance(f, str) and f.endswith(SUMMARY_PATTERNS)]
    files += [
        f
        for f in OUTPUTS
        if isinstance(f, str)
        and f.endswith(f"estimation/corrected/{PRIMARY_MEASURE}/tables.md")
    ]
    files += [
        f
        for f in OUTPUTS
        if isinstance(f, str)
        and f.startswith(f"{BBZ}/S1")
        and f.endswith("summary.json")
    ]
    return sorted(set(files))


def summary_vintages():
    years = sorted(config["oews"]["years"])
    return {
        "O*NET release": config["onet"]["release"],
        "OEWS May years": ", ".join(str(y) for y in years),
        "AEI source": config["aei"]["primary"],
        "exposure base year (OEWS May)": config["exposure"]["base_year"],
    }
