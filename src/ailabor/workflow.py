"""Glue between Snakemake scripts and the package.

Scripts in workflow/scripts stay thin: they call :func:`run` with a function that takes the
``snakemake`` object. :func:`run` sends log records to the rule's log file and to stderr, and
turns the pipeline's own errors into a one-paragraph message and exit status 1 instead of a
traceback, so a bad input file reads as an instruction to fix it.
"""

from __future__ import annotations

import ast
import errno
import functools
import hashlib
import json
import logging
import os
import re
import secrets
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import AilaborError

log = logging.getLogger("ailabor")

# errno of a write that failed for lack of space: ENOSPC, EDQUOT (quota), EFBIG (file-size limit)
DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


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
    except OSError as exc:
        if exc.errno not in DISK_FULL:
            raise
        notes = "; ".join(getattr(exc, "__notes__", ()))
        log.error(
            "rule %s: %s%s. The disk holding the outputs is full (or a quota or file-size limit was "
            "reached): free space and run again; the job's outputs are written atomically, so no "
            "partial file is left under an output's name.",
            smk.rule,
            exc,
            f" ({notes})" if notes else "",
        )
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


# --- reruns that follow code -------------------------------------------------------------
# Every rule carries a ``code`` param: a hash of its script and of every ``ailabor`` module the
# script imports, directly or through other modules (parent packages' ``__init__`` included,
# since importing a module runs them). Snakemake's params trigger then reruns exactly the jobs
# whose code changed, and their dependants. The import graph is read from the source, at DAG
# time, without importing anything.

PACKAGE = "ailabor"


@functools.cache
def _module_file(name: str, src: Path) -> Path | None:
    """The file of module ``name`` (``ailabor.x.y``) under ``src``, or None if it is not one.
    Cached for the process, like :func:`_package_data`: which modules and data files exist does
    not change while Snakemake parses the workflow (file contents are read every time)."""
    base = src.joinpath(*name.split("."))
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


def _module_name(path: Path, src: Path) -> str:
    rel = path.relative_to(src).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path, src: Path) -> tuple[Path, ...]:
    """The package module files that ``path`` imports (anywhere in the file)."""
    st = path.stat()
    return _parsed_imports(path, src, st.st_mtime_ns, st.st_size)


# Import statements, read with regular expressions rather than a full parse: parsing and walking
# every module with ``ast`` cost ~1.5 s at every Snakemake start (and, on a cluster, at every
# job's start). The expressions read the usual forms; a file where any ``import`` word is not
# the keyword of a statement they read (an unusual form, or the word in a string or comment) is
# parsed with ``ast`` instead, so no import is ever missed. Lines inside strings that look like
# imports may add names: at worst a module is hashed that is not imported. The tests compare
# with the AST on every file of the repository and on a list of unusual forms.
_LEAD = (  # an import may follow the colon of a one-line compound statement (``if X: import y``)
    r"^[ \t]*(?:(?:async[ \t]+)?(?:if|elif|else|try|except|finally|with|for|while|def|class|case)\b[^\n]*?:[ \t]*)?"
)
_IMPORT = re.compile(_LEAD + r"(?P<kw>import)[ \t]+(?P<names>[\w. \t,]+)", re.M)
_FROM = re.compile(
    _LEAD + r"from[ \t]+(?P<dots>\.*)(?P<module>[\w.]*)[ \t]+(?P<kw>import)[ \t]+"
    r"(?P<names>\((?:[^)#]|#[^\n]*)*\)|[^\n;#\\]*)",  # (a, b) over lines, comments allowed, or a, b
    re.M,
)
_IMPORT_WORD = re.compile(r"\bimport\b")
# compiled once: Snakemake compiles hundreds of output patterns at parse time, more than re's
# cache holds, so a pattern given as a string would be compiled again and again
_DOTTED = re.compile(r"\s*\.\s*")
_COMMENT = re.compile(r"#[^\n]*")


def imported_names(text: str, package: str | None) -> list[str]:
    """Every module name that the import statements of ``text`` may import (``from m import a``
    gives ``m`` and ``m.a``, since ``a`` may be a submodule). Relative imports are resolved
    against ``package`` (None: outside a package, where they are skipped)."""
    joined = text.replace("\\\n", " ").replace(";", "\n")  # continuation lines; several statements on a line
    names: list[str] = []
    keywords: set[int] = set()
    for m in _IMPORT.finditer(joined):
        keywords.add(m.start("kw"))
        names += [_DOTTED.sub(".", part).split()[0] for part in m["names"].split(",") if part.strip()]
    for m in _FROM.finditer(joined):
        keywords.add(m.start("kw"))
        level = len(m["dots"])
        if level:
            if package is None:
                continue
            parts = package.split(".")
            base = ".".join(parts[: len(parts) - level + 1])
            mod = f"{base}.{m['module']}" if m["module"] else base
        else:
            mod = m["module"]
        names.append(mod)
        for part in _COMMENT.sub("", m["names"]).strip("()").split(","):
            words = part.split()
            if words and words[0] != "*":
                names.append(f"{mod}.{words[0]}")
    if any(w.start() not in keywords for w in _IMPORT_WORD.finditer(joined)):
        return ast_imported_names(text, package)  # a form the expressions do not read: parse
    return names


def ast_imported_names(text: str, package: str | None) -> list[str]:
    """:func:`imported_names` by a full parse (``ast``): the reference the tests compare with."""
    names: list[str] = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if package is None:
                    continue
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                mod = f"{base}.{node.module}" if node.module else base
            else:
                mod = node.module or ""
            names.append(mod)
            names += [f"{mod}.{a.name}" for a in node.names if a.name != "*"]
    return names


@functools.cache
def _parsed_imports(path: Path, src: Path, _mtime_ns: int, _size: int) -> tuple[Path, ...]:
    package = None
    if path.is_relative_to(src):
        name = _module_name(path, src)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    files = set()
    for n in imported_names(path.read_text(encoding="utf-8"), package):
        if n != PACKAGE and not n.startswith(PACKAGE + "."):
            continue
        parts = n.split(".")
        for i in range(1, len(parts) + 1):  # the module and every parent package it runs
            f = _module_file(".".join(parts[:i]), src)
            if f is not None:
                files.add(f)
    return tuple(sorted(files))


@functools.cache
def _package_data(package: Path) -> list[Path]:
    """Data files of a package directory (e.g. the readers' YAML schemas): every file below it
    that is not Python source or bytecode, not inside a subpackage (a directory with its own
    ``__init__.py``, hashed when it is imported) and not in ``__pycache__``."""
    out = []
    for f in package.iterdir():
        if f.is_dir():
            if f.name != "__pycache__" and not (f / "__init__.py").exists():
                out += [
                    g
                    for g in f.rglob("*")
                    if g.is_file() and "__pycache__" not in g.parts and g.suffix not in (".py", ".pyc")
                ]
        elif f.suffix not in (".py", ".pyc"):
            out.append(f)
    return out


def code_files(script: str | Path, src: str | Path) -> list[Path]:
    """The script, every package module file it imports (transitively) and the data files of
    every package it reaches, sorted."""
    src = Path(src).resolve()
    seen: set[Path] = set()
    todo = [Path(script).resolve()]
    while todo:
        f = todo.pop()
        if f in seen:
            continue
        seen.add(f)
        todo.extend(_imports(f, src))
    packages = {f.parent for f in seen if f.is_relative_to(src)}
    return sorted(seen | {d for p in packages for d in _package_data(p)})


def code_hash(script: str | Path, src: str | Path) -> str:
    """A short hash of :func:`code_files` (paths relative to ``src``'s parent, and contents)."""
    src = Path(src).resolve()
    h = hashlib.sha256()
    for f in code_files(script, src):
        rel = f.relative_to(src.parent) if f.is_relative_to(src.parent) else Path(f.name)
        h.update(str(rel.as_posix()).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


# --- what a parse of the workflow may skip ------------------------------------------------
# Every run and dry run parses the workflow: the code hashes of all scripts and the config's
# validation cost about a third of a no-op `snakemake -n`. Both are kept in the working
# directory's .snakemake/ailabor/ and reused only when nothing they depend on changed.

PARSE_CACHE = Path(".snakemake") / "ailabor"


def tree_fingerprint(*roots: Path) -> tuple[str, int]:
    """A hash of the path, size, inode and modification and change times (ns) of every file
    below ``roots`` (``__pycache__`` left out; a dangling link or a file removed during the
    walk counts as itself): it changes whenever any file is added, removed, replaced or
    edited. Also returns the newest modification time."""
    h, newest = hashlib.sha256(), 0
    for root in roots:
        entries = []
        for d, dirs, files in os.walk(root):
            dirs[:] = sorted(x for x in dirs if x != "__pycache__")
            for name in files:
                path = os.path.join(d, name)
                try:
                    st = os.stat(path)
                except OSError:
                    try:
                        st = os.lstat(path)
                    except OSError:
                        continue
                newest = max(newest, st.st_mtime_ns)
                entries.append(
                    f"{os.path.relpath(path, root)}\0{st.st_size}\0{st.st_ino}\0{st.st_mtime_ns}\0{st.st_ctime_ns}"
                )
        h.update(str(root).encode() + b"\0" + "\n".join(sorted(entries)).encode() + b"\n")
    return h.hexdigest(), newest


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_json(path: Path, data: dict) -> None:
    """Best effort (a read-only working directory only loses the cache), atomic."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(4)}.tmp")
        try:
            tmp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError:
        pass


class CodeHashes:
    """:func:`code_hash` of each workflow script, kept on disk under the fingerprint of every
    file of ``src`` and of the scripts directory: any edit there recomputes all of them."""

    def __init__(self, scripts: str | Path, src: str | Path, cache_dir: Path = PARSE_CACHE) -> None:
        self.scripts, self.src = Path(scripts), Path(src)
        self.path = cache_dir / "code-hashes.json"
        self.fingerprint, self.newest_ns = tree_fingerprint(self.src, self.scripts)
        data = _read_json(self.path)
        self.hashes: dict[str, str] = data.get("hashes", {}) if data.get("fingerprint") == self.fingerprint else {}
        self.new = False

    def __call__(self, script: str) -> str:
        if script not in self.hashes:
            self.hashes[script] = code_hash(self.scripts / script, self.src)
            self.new = True
        return self.hashes[script]

    def save(self) -> None:
        # a file changed within the last 2 s could change again with the same size and time
        # stamp (coarse file-system clocks): such a tree is not recorded (git's "racy" rule)
        if self.new and time.time_ns() - self.newest_ns > 2_000_000_000:
            _write_json(self.path, {"fingerprint": self.fingerprint, "hashes": self.hashes})
            self.new = False
