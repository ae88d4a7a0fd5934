"""Check result trees against the codebook, and write the codebook as a Markdown page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import Codebook, Table, load

SUFFIXES = (".parquet", ".csv")
STAGE_LINKS = {"ge": "ge.md", "estimation": "methods.md#econometrics", "calibration": "methods.md"}


@dataclass(frozen=True)
class Problem:
    file: str
    column: str
    what: str

    def __str__(self) -> str:
        col = f" column {self.column!r}:" if self.column else ""
        return f"{self.file}:{col} {self.what}"


def _parquet_types(path: Path) -> tuple[dict[str, str | None], int]:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    out: dict[str, str | None] = {}
    for fld, col in zip(table.schema, table.columns, strict=True):
        t = fld.type
        if (
            pa.types.is_null(t)
            or (len(col) and col.null_count == len(col))
            or (pa.types.is_floating(t) and len(col) and pc.sum(pc.is_nan(col)).as_py() + col.null_count == len(col))
        ):
            out[fld.name] = None  # every value missing (null or NaN): any documented type fits
        elif pa.types.is_boolean(t):
            out[fld.name] = "bool"
        elif pa.types.is_integer(t):
            out[fld.name] = "int"
        elif pa.types.is_floating(t):
            out[fld.name] = "float"
        elif pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_dictionary(t):
            out[fld.name] = "str"
        else:
            out[fld.name] = str(t)
    return out, table.num_rows


def _csv_types(path: Path) -> tuple[dict[str, str | None], int]:
    """Column types of a CSV as pandas reads it; a column with every value missing fits any type
    (``None``), and a float column whose values are all whole numbers also fits ``int`` (an
    integer column with gaps reads as float)."""
    import pandas as pd

    df = pd.read_csv(path, low_memory=False)
    out: dict[str, str | None] = {}
    for name in df.columns:
        s = df[name].dropna()
        if s.empty:
            out[str(name)] = None
        elif pd.api.types.is_bool_dtype(s) or s.map(lambda v: isinstance(v, bool)).all():
            out[str(name)] = "bool"
        elif pd.api.types.is_integer_dtype(s):
            out[str(name)] = "int"
        elif pd.api.types.is_float_dtype(s):
            out[str(name)] = "float|int" if (s == s.round()).all() else "float"
        else:
            out[str(name)] = "str"
    return out, len(df)


def _type_ok(documented: str, actual: str | None, csv: bool) -> bool:
    if actual is None or (csv and documented == "str"):
        return True  # all missing; or text in a CSV, which may look like numbers (codes "2")
    if actual == "float|int":
        return documented in ("float", "int")
    return documented == actual


def check_file(path: Path, relpath: str, book: Codebook) -> list[Problem]:
    found = book.match(relpath)
    if not found:
        return [Problem(relpath, "", "no codebook entry matches this path")]
    if len(found) > 1:
        pats = ", ".join(t.paths[0] for t in found)
        return [Problem(relpath, "", f"matches {len(found)} codebook entries ({pats})")]
    entry = found[0]
    try:
        types, _ = _parquet_types(path) if path.suffix == ".parquet" else _csv_types(path)
    except Exception as exc:  # an unreadable table is a problem to report, not a crash
        return [Problem(relpath, "", f"cannot be read: {exc}")]
    problems = []
    for name, actual in types.items():
        col = entry.column(name)
        if col is None:
            problems.append(Problem(relpath, name, f"no entry in the codebook ({entry.paths[0]})"))
        elif not _type_ok(col.type, actual, path.suffix == ".csv"):
            problems.append(Problem(relpath, name, f"documented as {col.type}, the file has {actual}"))
    return problems


def output_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in SUFFIXES and p.is_file() and not p.name.startswith("."))


def results_roots(directory: Path) -> list[Path]:
    """The results trees below ``directory``: itself when it holds stage directories
    (``panel/``, ``staged/``...) or ``headline_comparison.csv``, else each subdirectory that does
    (``results/demo`` holds one tree per data vintage)."""

    def is_root(d: Path) -> bool:
        return (d / "headline_comparison.csv").exists() or any((d / s).is_dir() for s in ("staged", "panel"))

    if is_root(directory):
        return [directory]
    return sorted(d for d in directory.iterdir() if d.is_dir() and is_root(d))


def check(directories: list[Path], book: Codebook | None = None) -> tuple[list[Problem], int]:
    """Every problem of every table of the result trees in ``directories``, and the number of
    tables checked."""
    book = book or load()
    problems: list[Problem] = []
    n = 0
    for d in directories:
        roots = results_roots(d)
        if not roots:
            problems.append(Problem(str(d), "", "not a results tree (no staged/, panel/ or headline_comparison.csv)"))
        for root in roots:
            for f in output_files(root):
                n += 1
                problems += [
                    Problem(f"{root}/{p.file}", p.column, p.what)
                    for p in check_file(f, f.relative_to(root).as_posix(), book)
                ]
    return problems, n


# --- Markdown -----------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table_md(t: Table) -> list[str]:
    paths = ", ".join(f"`{p}`" for p in t.paths)
    rules = ", ".join(f"`{r}`" for r in t.rules)
    out = [f"### {t.paths[0]}", "", f"{t.description}", ""]
    if len(t.paths) > 1:
        out += [f"Files: {paths}.", ""]
    out += [f"Rule: {rules}." + (f" {t.note}" if t.note else ""), ""]
    out += ["| column | type | unit | meaning |", "|---|---|---|---|"]
    for c in t.columns.values():
        out.append(f"| `{c.name}` | {c.type} | {_cell(c.unit)} | {_cell(c.meaning)} |")
    for p in t.patterns:
        out.append(f"| `{p.pattern}` (pattern) | {p.type} | {_cell(p.unit)} | {_cell(p.meaning)} |")
    return [*out, ""]


def markdown(book: Codebook | None = None) -> str:
    """The codebook as ``docs/codebook.md``."""
    book = book or load()
    n = len(book.tables)
    lines = [
        "# Codebook of the output tables",
        "",
        "Back to the [documentation home](index.md) (the repository's front page is `README.md`)."
        " Generated by `python -m ailabor.codebook markdown docs/codebook.md`"
        " from `src/ailabor/codebook/*.yaml` (staged tables: from the readers' schemas in"
        " `src/ailabor/intake/readers/schemas/`); edit those, not this page.",
        "",
        f"Every `.parquet` and `.csv` file of a results tree (`results/<dataset>/<vintage>/`) has an"
        f" entry here ({n} entries): its path, with `{{wildcards}}` for the parts that vary (an exposure"
        " measure, a scenario, a chunk), the Snakemake rule that writes it, and for every column its"
        " type, unit and meaning. Units: *log points* are differences of natural logs (100 × log points"
        " ≈ percent for small values); *percent* and *percentage points* are stated as such; *share 0-1*"
        " is a fraction; `-` marks identifiers, labels and dimensionless numbers. A parquet file"
        " carries its entry too: each column's `description`, `unit` and `type` in its field metadata,"
        " the table's description and rule under `ailabor.table` and `ailabor.rule`."
        " `python -m ailabor.codebook check RESULTS_DIR` checks a results tree against this page.",
        "",
        "Contents: " + ", ".join(f"[{s.title}](#{_anchor(s.title)})" for s in book.stages if s.tables) + ".",
        "",
    ]
    for s in book.stages:
        if not s.tables:
            continue
        lines += [f"## {s.title}", ""]
        if s.intro:
            lines += [s.intro, ""]
        for t in s.tables:
            lines += _table_md(t)
    return "\n".join(lines).rstrip("\n") + "\n"


def _anchor(title: str) -> str:
    import re

    return re.sub(r"[^a-z0-9 -]", "", title.lower()).replace(" ", "-")
