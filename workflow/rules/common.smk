# Shared set-up: config validation, the results tree, the raw-file registry, and the helpers
# every rule uses (log paths, the code hash, the script runner, report captions). Input functions
# live beside their rules; paths come from `rules.<name>.output`.

import gc
import os
import re
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.logging import logger

# The package is installed by `make setup`; this also lets the workflow parse from a plain
# checkout. Scripts add the same directory themselves (see workflow/scripts/*.py).
SRC = str(Path(workflow.basedir) / "src")
if SRC not in sys.path:
    sys.path.insert(0, SRC)

from ailabor.config import results_root
from ailabor.errors import ConfigError, InputError
from ailabor.intake.sources import (
    acquire_inputs,
    acquire_params,
    load_registry,
    raw_files,
    stage_plan,
    staged_name,
)
from ailabor.intake.acquire import RawManifest, read_mirror_manifest
from ailabor.intake.updates import check_mirror, check_updates, raw_sources
from ailabor.labels import measure_label, treatment_name
from ailabor.jobs import JobFailed, one_pending_reevaluation, run_script
from ailabor import config_validation
from ailabor.workflow import CodeHashes
from snakemake_interface_executor_plugins.settings import ExecMode

# Everything imported so far (Snakemake and its plugins, numpy, pandas, the package) lives as
# long as the process: keep it out of the garbage collector's full passes, which otherwise walk
# it again each time the rest of the parse and the DAG's build allocate enough.
gc.freeze()

# reused from .snakemake/ailabor/ while no file of src/ or workflow/scripts/ changed; saved at
# the end of the Snakefile
CODE_HASHES = CodeHashes(Path(workflow.basedir) / "workflow" / "scripts", SRC)

try:
    config_validation.validate_config_cached(
        config,
        workflow.source_path("../schemas/config.schema.yaml"),
        code=CODE_HASHES(config_validation.__file__),  # an absolute path: the validation code's hash
    )
except ConfigError as exc:
    raise WorkflowError(str(exc)) from None

DATASET = config["dataset"]
RESULTS = results_root(config)
VINTAGE = RESULTS.rsplit("/", 1)[1]
RAW = f"resources/raw/{DATASET}"
ENV = "../../envs/environment.yaml"


def stage_on(name):
    """Whether stage `name` is switched on (config `stages`, default on)."""
    return config["stages"].get(name, True)


def logs(name):
    """The log file of a job: results/<dataset>/<vintage>/logs/<name>.log."""
    return f"{RESULTS}/logs/{name}.log"


def figure(name):
    """A figure of the results tree: results/<dataset>/<vintage>/figures/<name>."""
    return f"{RESULTS}/figures/{name}"


def code(script):
    """The `code` param of a rule: a hash of its script and of every package module the script
    imports (ailabor.workflow.code_hash). Editing a module reruns exactly the jobs using it.
    """
    return CODE_HASHES(script)


SCRIPTS = Path(workflow.basedir) / "workflow" / "scripts"


# Snakemake's scheduler re-arms a rate-limit timer on every pass; keep one pending (ailabor.jobs).
one_pending_reevaluation()


def script_job(script, job):
    """The body of every rule's `run:` block: run workflow/scripts/<script> for this job, given
    the block's `locals()`. In the main Snakemake process it runs in a pool of worker processes
    that have the heavy modules imported already (ailabor.jobs); in a cluster job, in a fresh
    interpreter, as script: ran it."""
    rs = workflow.resource_settings
    workers = rs.cores or getattr(rs, "local_cores", None) or os.cpu_count()
    try:
        run_script(
            SCRIPTS / script,
            job,
            config=config,
            workers=workers,
            pool=workflow.exec_mode == ExecMode.DEFAULT,
        )
    except JobFailed as exc:
        raise WorkflowError(str(exc)) from None


def rep(path, caption, category, subcategory=None):
    """An output shown in the Snakemake report (``snakemake --report``), captioned by
    workflow/report/<caption>.rst and grouped by stage."""
    return report(
        path,
        caption=f"../report/{caption}.rst",
        category=category,
        subcategory=subcategory,
    )


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

try:
    REGISTRY = load_registry(local_or_workflow(config["sources"]))
    RAW_FILES = raw_files(config, REGISTRY)
except ConfigError as exc:
    raise WorkflowError(str(exc)) from None

RAW_MANIFEST = "resources/raw/MANIFEST.json"
BY_RELPATH = {f.relpath: key for key, f in RAW_FILES.items()}


def raw(key):
    """Path of a raw file in the cache."""
    return f"{RAW}/{RAW_FILES[key].relpath}"


def mirror_file(f):
    """Path of raw file `f` in the mirror directory (None when the run downloads)."""
    return f"{MIRROR}/{f.mirror_relpath}" if MIRROR else None


# Raw-file updates (ailabor.intake.updates), checked before any job runs: a raw file that
# changed since it was last staged stops the run unless accept_raw_updates is on; an accepted
# update raises the file's version, a param of the staging jobs that read it.
if SYNTHETIC:
    RAW_VERSIONS = {raw(k): 0 for k in RAW_FILES}
else:
    try:
        RAW_SOURCES = raw_sources(RAW_FILES, raw, mirror_file, read_mirror_manifest(MIRROR_MANIFEST) if MIRROR else {})
        MIRROR_MISSING = check_mirror(MIRROR, RAW_SOURCES)
    except InputError as exc:
        raise WorkflowError(str(exc)) from None
    if MIRROR_MISSING:
        logger.warning(f"raw_mirror {MIRROR} lacks {len(MIRROR_MISSING)} file(s): " + "; ".join(MIRROR_MISSING))
    UPDATES = check_updates(RAW_SOURCES, RawManifest(RAW_MANIFEST), accept=config.get("accept_raw_updates", False))
    if UPDATES.blocking:
        raise WorkflowError(UPDATES.message())
    if UPDATES.changed:
        logger.warning(UPDATES.message())
    RAW_VERSIONS = UPDATES.versions()
# Where each raw file comes from, as recorded with its sha256.
RAW_ORIGIN = {
    k: (f"mirror:{f.mirror_relpath}" if MIRROR else (f"{f.archive_url}#{f.member}" if f.archive_url else f.url))
    for k, f in RAW_FILES.items()
}


# The path table of the staging stage: every staged table is STAGED_TABLE with its name.
STAGED = f"{RESULTS}/staged"
STAGED_TABLE = f"{STAGED}/{{staged}}.parquet"
STAGE_PLAN = stage_plan(config, RAW_FILES)


def staged(key):
    """The staged table of raw file `key` ('oews/2019', 'onet/30.1/task_statements', ...)."""
    return STAGED_TABLE.format(staged=staged_name(key))


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


def one(pattern, **wildcards):
    """The single path of an output pattern with its wildcards filled in."""
    (path,) = expand(pattern, **wildcards)
    return path


def choices(values):
    """A wildcard constraint matching exactly `values` (and nothing when there are none)."""
    return "|".join(re.escape(str(v)) for v in values) or "(?!)"
