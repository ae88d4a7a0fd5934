"""The codebook of the output tables: one entry per table, one line per column.

The entries live next to this module as YAML, one file per stage (``panel.yaml``,
``estimation.yaml``, ...), with a shared column vocabulary (``_columns.yaml``) for columns that
recur with the same meaning. The staged tables (``staged/**``) take their columns from the
readers' schemas (``ailabor/intake/readers/schemas/*.yaml``), the single source for them.

A table entry::

    - paths: [estimation/corrected/{measure}/event_study.parquet,
              estimation/corrected/{measure}/event_study.csv]
      rule: estimation_corrected          # a rule of workflow/rules/*.smk (or a list)
      description: one line
      groups: [results]                   # column groups of _columns.yaml
      columns:
        year: ~                           # the shared entry as it stands
        estimate: {unit: log points}      # the shared entry, with an override
        swing: {type: float, unit: percent, meaning: ...}   # a table's own column
      column_patterns:                    # data-dependent names (one column per year, ...)
        - {pattern: 'ev_workers_pct_rho_{rho}', type: float, unit: percent, meaning: ...}

Paths are relative to a results tree (``results/<dataset>/<vintage>``); ``{name}`` matches one
path segment or part of one (no ``/``). :func:`load` reads and checks everything once (cached);
:meth:`Codebook.find` matches a file by the tail of its path, which is how
:func:`ailabor.provenance.write_parquet` finds the entry it writes into a parquet's metadata.
``python -m ailabor.codebook check|markdown`` checks result trees and writes ``docs/codebook.md``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..config import SAFE_LOADER
from ..intake import readers  # the staged tables' schemas are package data of the readers

TYPES = ("int", "float", "str", "bool")
# stage files in the order of the pipeline (and of docs/codebook.md)
STAGES = (
    "staged",
    "synthetic",
    "panel",
    "crosswalk",
    "exposure",
    "estimation",
    "calibration",
    "ge",
    "summary",
)
SHARED = "_columns"
SCHEMA_TYPES = {"str": "str", "int64": "int", "Int64": "int", "int32": "int", "float64": "float", "bool": "bool"}
TABLE_KEYS = {"paths", "rule", "description", "groups", "columns", "column_patterns", "schema", "note"}
COLUMN_KEYS = {"type", "unit", "meaning"}
_WILDCARD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class CodebookError(ValueError):
    """A malformed codebook entry (names the file, table and column)."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    unit: str
    meaning: str


@dataclass(frozen=True)
class ColumnPattern:
    pattern: str
    regex: re.Pattern[str]
    type: str
    unit: str
    meaning: str


@dataclass(frozen=True)
class Table:
    stage: str
    paths: tuple[str, ...]
    rules: tuple[str, ...]
    description: str
    columns: dict[str, Column]
    patterns: tuple[ColumnPattern, ...] = ()
    note: str = ""
    regexes: tuple[re.Pattern[str], ...] = field(default=(), repr=False)

    def column(self, name: str) -> Column | None:
        """The entry of column ``name``: its own, else the first column pattern it matches."""
        if name in self.columns:
            return self.columns[name]
        for p in self.patterns:
            if p.regex.fullmatch(name):
                return Column(name, p.type, p.unit, p.meaning)
        return None

    def matches(self, relpath: str) -> bool:
        return any(r.fullmatch(relpath) for r in self.regexes)


def path_regex(pattern: str) -> re.Pattern[str]:
    """``{name}`` matches one or more characters other than ``/``; the rest is literal."""
    out, pos = [], 0
    for m in _WILDCARD.finditer(pattern):
        out += [re.escape(pattern[pos : m.start()]), "[^/]+"]
        pos = m.end()
    out.append(re.escape(pattern[pos:]))
    return re.compile("".join(out))


def glob_form(pattern: str) -> str:
    """The pattern with each wildcard as ``*`` (for the overlap test)."""
    return _WILDCARD.sub("*", pattern)


def patterns_overlap(a: str, b: str) -> bool:
    """True if some path matches both patterns (``{name}`` = any run of characters but ``/``)."""
    x, y = glob_form(a), glob_form(b)

    @functools.cache
    def inter(i: int, j: int) -> bool:
        if i == len(x) and j == len(y):
            return True
        if i < len(x) and x[i] == "*":
            if inter(i + 1, j):
                return True
            return j < len(y) and y[j] != "/" and inter(i, j + 1)
        if j < len(y) and y[j] == "*":
            if inter(i, j + 1):
                return True
            return i < len(x) and x[i] != "/" and inter(i + 1, j)
        return i < len(x) and j < len(y) and x[i] == y[j] and inter(i + 1, j + 1)

    return inter(0, 0)


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CodebookError(f"{where}: needs a non-empty text")
    return " ".join(value.split())


def _column(name: str, spec: Any, shared: dict[str, dict[str, Any]], where: str) -> Column:
    if spec is None:
        if name not in shared:
            raise CodebookError(f"{where}: column {name!r} refers to _columns.yaml, which has no entry {name!r}")
        spec = {}
    if not isinstance(spec, dict):
        raise CodebookError(f"{where}: column {name!r} must be ~ or a mapping, got {spec!r}")
    unknown = set(spec) - COLUMN_KEYS
    if unknown:
        raise CodebookError(f"{where}: column {name!r} has unknown keys {sorted(unknown)}")
    merged = {**shared.get(name, {}), **spec}
    missing = COLUMN_KEYS - set(merged)
    if missing:
        raise CodebookError(f"{where}: column {name!r} lacks {sorted(missing)} (and _columns.yaml has no entry)")
    if merged["type"] not in TYPES:
        raise CodebookError(f"{where}: column {name!r} type {merged['type']!r} is not one of {TYPES}")
    return Column(
        name, merged["type"], _text(str(merged["unit"]), f"{where}: {name} unit"), _text(merged["meaning"], where)
    )


def _schema_columns(schema: str, where: str) -> tuple[str, dict[str, Column]]:
    """The columns of a reader schema as codebook entries (the schema is the single source)."""
    try:
        text = resources.files(readers).joinpath("schemas", f"{schema}.yaml").read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CodebookError(f"{where}: no reader schema {schema!r}") from exc
    spec = yaml.load(text, Loader=SAFE_LOADER)
    cols = {}
    for name, c in spec["columns"].items():
        w = f"{where} (reader schema {schema}.yaml)"
        if "description" not in c:
            raise CodebookError(f"{w}: column {name!r} has no description")
        cols[name] = Column(name, SCHEMA_TYPES[c["dtype"]], str(c.get("unit", "-")), _text(c["description"], w))
    return _text(spec["description"], where), cols


def _table(stage: str, spec: dict[str, Any], shared: dict, groups: dict, where: str) -> Table:
    unknown = set(spec) - TABLE_KEYS
    if unknown:
        raise CodebookError(f"{where}: unknown keys {sorted(unknown)}")
    paths = spec.get("paths")
    if isinstance(paths, str):
        paths = [paths]
    if not paths:
        raise CodebookError(f"{where}: needs paths")
    where = f"{where} ({paths[0]})"
    rules = spec.get("rule")
    rules = [rules] if isinstance(rules, str) else rules
    if not rules:
        raise CodebookError(f"{where}: needs a rule")
    columns: dict[str, Column] = {}
    description = spec.get("description")
    if "schema" in spec:
        schema_description, columns = _schema_columns(spec["schema"], where)
        description = description or schema_description
    for g in spec.get("groups", []):
        if g not in groups:
            raise CodebookError(f"{where}: unknown column group {g!r}")
        for name in groups[g]:
            columns[name] = _column(name, None, shared, where)
    for name, c in (spec.get("columns") or {}).items():
        columns[str(name)] = _column(str(name), c, shared, where)
    patterns = []
    for p in spec.get("column_patterns", []):
        c = _column(p.get("pattern", "?"), {k: v for k, v in p.items() if k != "pattern"}, {}, where)
        patterns.append(ColumnPattern(p["pattern"], path_regex(p["pattern"]), c.type, c.unit, c.meaning))
    if not columns and not patterns:
        raise CodebookError(f"{where}: no columns")
    return Table(
        stage=stage,
        paths=tuple(paths),
        rules=tuple(rules),
        description=_text(description, f"{where}: description"),
        columns=columns,
        patterns=tuple(patterns),
        note=" ".join(str(spec.get("note", "")).split()),
        regexes=tuple(path_regex(p) for p in paths),
    )


@dataclass(frozen=True)
class Stage:
    name: str
    title: str
    intro: str
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Codebook:
    stages: tuple[Stage, ...]
    shared: dict[str, Column]

    @property
    def tables(self) -> list[Table]:
        return [t for s in self.stages for t in s.tables]

    def match(self, relpath: str) -> list[Table]:
        """Every entry one of whose patterns matches ``relpath`` (relative to a results tree)."""
        return [t for t in self.tables if t.matches(relpath)]

    def find(self, path: str | Path) -> tuple[Table | None, str]:
        """The entry of an output file, by the tail of its path (longest documented tail first),
        and that tail; ``(None, name)`` when no entry matches."""
        parts = Path(path).as_posix().split("/")
        for k in range(len(parts), 0, -1):
            tail = "/".join(parts[-k:])
            found = self.match(tail)
            if found:
                return found[0], tail
        return None, parts[-1]


def _read(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=SAFE_LOADER)
    if not isinstance(data, dict):
        raise CodebookError(f"codebook/{name}.yaml: expected a mapping")
    return data


@functools.cache
def load() -> Codebook:
    """The codebook, read and checked once per process."""
    raw = _read(SHARED)
    shared_specs = raw.get("columns") or {}
    groups = raw.get("groups") or {}
    shared = {n: _column(n, s, {}, "codebook/_columns.yaml") for n, s in shared_specs.items()}
    for g, names in groups.items():
        for n in names:
            if n not in shared:
                raise CodebookError(f"codebook/_columns.yaml: group {g!r} names {n!r}, which has no entry")
    stages = []
    for name in STAGES:
        data = _read(name)
        tables = tuple(
            _table(name, t, shared_specs, groups, f"codebook/{name}.yaml table {i + 1}")
            for i, t in enumerate(data.get("tables") or [])
        )
        stages.append(Stage(name, _text(data["title"], name), " ".join(str(data.get("intro", "")).split()), tables))
    return Codebook(tuple(stages), shared)


def stage_files() -> list[str]:
    """The YAML files of the codebook (for the tests)."""
    return [SHARED, *STAGES]


# --- field metadata ---------------------------------------------------------------------------

META_TABLE = "ailabor.table"
META_RULE = "ailabor.rule"
META_CODEBOOK = "ailabor.codebook_entry"


def field_metadata(column: Column) -> dict[bytes, bytes]:
    return {
        b"description": column.meaning.encode(),
        b"unit": column.unit.encode(),
        b"type": column.type.encode(),
    }


def annotate(table: Any, path: str | Path) -> tuple[Any, list[str]]:
    """``table`` (a pyarrow Table) with each documented column's entry in its field metadata and
    the table's description and rule in the schema metadata; and the undocumented columns
    (every column when the table has no entry)."""
    import pyarrow as pa

    book = load()
    entry, tail = book.find(path)
    if entry is None:
        return table, list(table.schema.names)
    fields, missing = [], []
    for f in table.schema:
        col = entry.column(f.name)
        if col is None:
            missing.append(f.name)
            fields.append(f)
        else:
            fields.append(f.with_metadata({**(f.metadata or {}), **field_metadata(col)}))
    meta = {
        **(table.schema.metadata or {}),
        META_TABLE.encode(): entry.description.encode(),
        META_RULE.encode(): ", ".join(entry.rules).encode(),
        META_CODEBOOK.encode(): entry.paths[0].encode(),
    }
    schema = pa.schema(fields, metadata=meta)
    return pa.Table.from_arrays(table.columns, schema=schema), missing


def rule_names(rule_files: Iterable[str | Path]) -> set[str]:
    """The rule names declared in Snakemake rule files."""
    out = set()
    for f in rule_files:
        out |= set(re.findall(r"^\s*rule\s+([A-Za-z_][A-Za-z0-9_]*)\s*:", Path(f).read_text(), flags=re.M))
    return out
