"""Provenance: atomic writes, parquet with key-value metadata, and run manifests.

Every parquet output of the pipeline goes through :func:`write_parquet`. Its schema metadata
carries, under keys prefixed ``ailabor.``:

* ``pipeline_version`` and ``git_commit``;
* ``config_hash`` (sha256 of the parameters that produced the file) and ``params``;
* ``inputs``: sha256 of each input file;
* ``vintages``: data releases (O*NET release, OEWS years, AEI source and revision);
* ``packages``: versions of the numerical stack;
* ``spec_mode``: ``legacy``, ``corrected``, ``both`` (a table with legacy and corrected rows side
  by side) or ``n/a``; ``legacy_only`` flags where relevant;
* ``table`` and ``rule``: the table's codebook description and the rule that writes it, with each
  column's ``description``, ``unit`` and ``type`` in its field metadata (:mod:`ailabor.codebook`,
  found by the tail of the output path; an undocumented table or column is logged as a warning).

Nothing time-dependent is written, so two clean runs give byte-identical files. Paths are
recorded as given (relative to the workflow directory), so the checkout location does not
leak into outputs either.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import platform
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from glob import escape as glob_escape
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

from . import __version__, codebook
from .config import canonical_json, config_hash

META_PREFIX = "ailabor."
SPEC_MODES = ("legacy", "corrected", "both", "n/a")
TRACKED_PACKAGES = (
    "numpy",
    "pandas",
    "pyarrow",
    "scipy",
    "statsmodels",
    "linearmodels",
    "pyfixest",
    "rapidfuzz",
    "python-calamine",
    "matplotlib",
    "snakemake",
)
_CHUNK = 1 << 20


def sha256_file(path: str | Path) -> str:
    """sha256 hex digest of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


_HOST = platform.node() or "localhost"


def _stale_temporaries(path: Path) -> list[Path]:
    """Temporary files of earlier writes of ``path`` whose writer is gone: a process of this
    host (its name and process id are in the file name) that no longer exists, e.g. a job
    killed with SIGKILL mid-write. Temporaries of live processes, of other hosts (a shared
    file system) and of an older naming scheme are left alone."""
    out = []
    for tmp in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        owner = tmp.name[len(path.name) + 2 : -len(".tmp")].rsplit(".", 1)[0]  # <host>-<pid>.<random>
        host, _, pid = owner.rpartition("-")
        if host != _HOST or not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            out.append(tmp)
        except OSError:  # PermissionError: the process exists (another user's)
            pass
    return out


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; move it into place only on success.

    Readers never see a half-written file, and a failure leaves any previous version of
    ``path`` untouched. The temporary is ``.<name>.<host>-<pid>.<random>.tmp``: a write
    that fails removes it, and one cut off by SIGKILL leaves it behind, hidden, until the
    next write of ``path`` removes it (its writer process is gone). An ``OSError`` of the
    write (no space left on device, a file size limit) carries a note naming ``path``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in _stale_temporaries(path):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
            logging.getLogger(__name__).info("removed %s, left by an interrupted write", stale)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{_HOST}-{os.getpid()}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        exc.add_note(f"while writing {path} (nothing was written under that name)")
        raise
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()
        if isinstance(exc, OSError):
            exc.add_note(f"while writing {path} (nothing was written under that name)")
        raise


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(path: str | Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_json_atomic(path: str | Path, obj: Any) -> None:
    """Pretty, key-sorted JSON with a trailing newline (stable bytes for equal content)."""
    write_text_atomic(path, json.dumps(obj, indent=2, sort_keys=True, default=str) + "\n")


REPO = Path(__file__).resolve().parents[2]


def git_commit(cwd: str | Path | None = None) -> str:
    """Current commit of the pipeline's checkout (``-dirty`` if it has uncommitted tracked
    changes): the code that produced an output, whatever the working directory of the run
    (a cluster job, a temporary directory).

    ``AILABOR_GIT_COMMIT`` overrides it (for runs from an exported tarball).
    """
    env = os.environ.get("AILABOR_GIT_COMMIT")
    if env:
        return env
    try:
        cwd = cwd or REPO
        rev = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return rev + ("-dirty" if dirty else "")


def package_versions(names: Iterable[str] = TRACKED_PACKAGES) -> dict[str, str]:
    """Python's version and each package's installed version. Looked up once per process
    (``importlib.metadata`` scans every distribution on the path at each call): the versions a
    process runs with do not change while it runs."""
    names = tuple(names)
    if names not in _VERSIONS:
        out = {"python": platform.python_version()}
        for name in names:
            try:
                out[name] = importlib_metadata.version(name)
            except importlib_metadata.PackageNotFoundError:
                out[name] = "not installed"
        _VERSIONS[names] = out
    return dict(_VERSIONS[names])


_VERSIONS: dict[tuple[str, ...], dict[str, str]] = {}


def provenance_metadata(
    *,
    inputs: Iterable[str | Path] = (),
    params: Any = None,
    vintages: Mapping[str, Any] | None = None,
    spec_mode: str = "n/a",
    legacy_only: Iterable[str] = (),
    extra: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """The ``ailabor.*`` key-value metadata for one output (values are JSON or plain text)."""
    if spec_mode not in SPEC_MODES:
        raise ValueError(f"spec_mode must be one of {SPEC_MODES}, got {spec_mode!r}")
    input_hashes = {str(p): sha256_file(p) for p in sorted({str(p) for p in inputs})}
    meta: dict[str, Any] = {
        "pipeline_version": __version__,
        "git_commit": git_commit(),
        "config_hash": config_hash(params),
        "params": canonical_json(params),
        "inputs": canonical_json(input_hashes),
        "vintages": canonical_json(dict(vintages or {})),
        "packages": canonical_json(package_versions()),
        "spec_mode": spec_mode,
        "legacy_only": canonical_json(sorted(set(legacy_only))),
    }
    for key, value in (extra or {}).items():
        meta[key] = value if isinstance(value, str) else canonical_json(value)
    return {META_PREFIX + k: v for k, v in meta.items()}


def write_parquet(df: Any, path: str | Path, **provenance: Any) -> None:
    """Write a DataFrame to parquet atomically, with provenance metadata.

    ``provenance`` takes the keyword arguments of :func:`provenance_metadata`.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    existing = table.schema.metadata or {}
    extra = {k.encode(): v.encode() for k, v in provenance_metadata(**provenance).items()}
    table = table.replace_schema_metadata({**existing, **extra})
    table = _with_codebook(table, path)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd", write_statistics=True)


def _with_codebook(table: Any, path: str | Path) -> Any:
    """``table`` with its codebook entry in the field and schema metadata; a warning naming the
    file and columns when the codebook has no entry for them (the write goes on)."""
    table, missing = codebook.annotate(table, path)  # the YAML is read on the first write, then cached
    if missing:
        logging.getLogger("ailabor.codebook").warning(
            "%s: no codebook entry for column(s) %s (add them to src/ailabor/codebook/*.yaml)",
            path,
            ", ".join(missing),
        )
    return table


def write_csv(df: Any, path: str | Path) -> None:
    """A human-readable copy of a table, written atomically (no index, LF line ends)."""
    write_text_atomic(path, df.to_csv(index=False, lineterminator="\n"))


def read_metadata(path: str | Path) -> dict[str, str]:
    """The ``ailabor.*`` metadata of a parquet file, prefix stripped."""
    import pyarrow.parquet as pq

    raw = pq.read_schema(path).metadata or {}
    out = {}
    for key, value in raw.items():
        k = key.decode()
        if k.startswith(META_PREFIX):
            out[k[len(META_PREFIX) :]] = value.decode()
    return out


def write_manifest(
    outputs: Iterable[str | Path], manifest_path: str | Path, *, header: Mapping[str, Any]
) -> dict[str, Any]:
    """Write ``manifest.json``: every output with its sha256 and size, sorted by path.

    Paths are relative to the manifest's directory.
    """
    manifest_path = Path(manifest_path)
    root = manifest_path.parent
    entries = []
    for out in sorted({str(p) for p in outputs}):
        p = Path(out)
        try:
            rel = p.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = p.as_posix()
        entries.append({"path": rel, "sha256": sha256_file(p), "bytes": p.stat().st_size})
    manifest = {**dict(header), "outputs": entries}
    write_json_atomic(manifest_path, manifest)
    return manifest
