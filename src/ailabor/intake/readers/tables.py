"""Low-level reading and checking helpers shared by the readers.

Every reader first loads a file as *text cells* with the human row number of each record
(``_row``: header = row 1 for a CSV/TSV, the spreadsheet row for a workbook), then converts
columns with the helpers below. Any problem raises :class:`~ailabor.errors.InputError` naming
the file, the column, the row and what was expected.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import InputError

log = logging.getLogger(__name__)

ROW = "_row"
FILE_COLUMNS = "file_columns"  # DataFrame.attrs key: canonical column -> the file's own name
# A number as it may appear in a text cell: 1234, 1,234, -1.5e3
_NUMBER = re.compile(r"^\s*-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][-+]?\d+)?\s*$")


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        log.warning("%s is not UTF-8; reading it as Windows-1252", path)
        return raw.decode("cp1252")


def read_delimited(path: str | Path, sep: str) -> pd.DataFrame:
    """All cells as strings (no NA guessing: 'n/a', 'NA', '' stay as written), plus ``_row``."""
    path = Path(path)
    text = _decode(path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    rows = list(reader)
    if not rows:
        raise InputError(path, "a header row", row=1, found="an empty file")
    header = [h.strip() for h in rows[0]]
    body = []
    for i, r in enumerate(rows[1:], start=2):
        if not r or all(c == "" for c in r):
            continue
        if len(r) != len(header):
            raise InputError(path, f"{len(header)} fields like the header", row=i, found=f"{len(r)} fields")
        body.append(r + [i])
    return pd.DataFrame(body, columns=[*header, ROW], dtype=object).astype({ROW: "int64"})


RESTORE_HINT = "Restore the file from its source (the mirror, or delete it from the raw cache to download it again)."


def _workbook(path: Path):
    """The calamine workbook of ``path``; an empty or unreadable file is a named input error."""
    import python_calamine

    size = path.stat().st_size
    if size == 0:
        raise InputError(path, "a readable .xlsx workbook", found="an empty file (0 bytes)", hint=RESTORE_HINT)
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for corrupt files
        raise InputError(
            path,
            "a readable .xlsx workbook",
            found=f"{type(exc).__name__}: {exc} ({size} bytes)",
            hint="The file is cut short or is not a workbook (an interrupted copy or download, an HTML "
            "error page). " + RESTORE_HINT,
        ) from exc


def read_xlsx_rows(
    path: str | Path, sheet: str | None = None, *, sheet_pattern: str | None = None
) -> tuple[str, list[list]]:
    """(sheet name, rows as python values) of one worksheet, read with python-calamine."""
    path = Path(path)
    wb = _workbook(path)
    names = wb.sheet_names
    if sheet is None and sheet_pattern is not None:
        matches = [n for n in names if re.fullmatch(sheet_pattern, n)]
        if not matches:
            raise InputError(path, f"a worksheet named like {sheet_pattern!r}", found=f"sheets {names}")
        sheet = matches[0]
    sheet = sheet or names[0]
    if sheet not in names:
        raise InputError(path, f"a worksheet named {sheet!r}", found=f"sheets {names}")
    return sheet, wb.get_sheet_by_name(sheet).to_python()


def frame_from_rows(path: str | Path, rows: list[list], header_index: int = 0) -> pd.DataFrame:
    """DataFrame of the rows below ``rows[header_index]`` with ``_row`` = spreadsheet row.

    Duplicated header names keep their first column; later duplicates are dropped with a
    warning (one mirror copy of OEWS May 2018 carries a second, unrelated ``OCC_CODE``).
    """
    header = [str(h).strip() for h in rows[header_index]]
    keep: list[int] = []
    seen: dict[str, int] = {}
    for j, h in enumerate(header):
        if h == "":
            continue
        if h.upper() in seen:
            log.warning(
                "%s: column %r appears twice (columns %d and %d); using the first", path, h, seen[h.upper()] + 1, j + 1
            )
            continue
        seen[h.upper()] = j
        keep.append(j)
    body = []
    for i, r in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if all(v == "" or v is None for v in r):
            continue
        body.append([r[j] if j < len(r) else "" for j in keep] + [i])
    return pd.DataFrame(body, columns=[header[j] for j in keep] + [ROW], dtype=object).astype({ROW: "int64"})


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == ""


def read_xlsx_table(
    path: str | Path,
    required: Sequence[str],
    *,
    sheet: str | None = None,
    aliases: Mapping[str, Sequence[str]] | None = None,
    max_scan: int = 30,
) -> pd.DataFrame:
    """The table of worksheet ``sheet`` (default: the first) whose header row holds the
    ``required`` columns, with ``_row`` = spreadsheet row; title rows above the header are skipped.

    The header is the row among the first ``max_scan`` with the most required (or alias) names;
    :func:`require_columns` then names any that is missing. A missing worksheet, an empty one, a
    sheet without such a row, or a header without data rows each raise :class:`InputError`; the
    messages list the worksheets of the file."""
    path = Path(path)
    wb = _workbook(path)
    names = wb.sheet_names
    sheet = sheet or names[0]
    if sheet not in names:
        raise InputError(
            path,
            f"a worksheet named {sheet!r}",
            found=f"sheets {names}",
            hint=f"Name the worksheet that holds the table {sheet!r}",
        )
    rows = wb.get_sheet_by_name(sheet).to_python()
    wanted = set(required) | {a for alts in (aliases or {}).values() for a in alts}
    filled = [(i, r) for i, r in enumerate(rows) if not all(_blank(v) for v in r)]
    if not filled:
        raise InputError(
            path,
            f"a header row with the columns {list(required)} on worksheet {sheet!r}",
            row=1,
            found=f"an empty worksheet (sheets in the file: {names})",
        )
    hits = [(sum(str(v).strip() in wanted for v in r), i) for i, r in filled if i < max_scan]
    best, header = max(hits, key=lambda h: (h[0], -h[1]), default=(0, 0))
    if best == 0:
        first, cells = filled[0]
        raise InputError(
            path,
            f"a header row with the columns {list(required)} within the first {max_scan} rows of worksheet {sheet!r}",
            row=first + 1,
            found=f"{[str(v).strip() for v in cells if not _blank(v)]} (sheets in the file: {names})",
        )
    df = require_columns(frame_from_rows(path, rows, header), path, required, aliases, header_row=header + 1)
    require_rows(path, df, header + 1)
    return df


def read_table(
    path: str | Path,
    required: Sequence[str],
    *,
    sheet: str | None = None,
    aliases: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """A table from an ``.xlsx`` workbook (:func:`read_xlsx_table`) or a comma-separated file
    (any other suffix), with the ``required`` columns and at least one data row."""
    if Path(path).suffix.lower() == ".xlsx":
        return read_xlsx_table(path, required, sheet=sheet, aliases=aliases)
    df = require_columns(read_delimited(path, ","), path, required, aliases)
    require_rows(path, df, 1)
    return df


def require_rows(path: str | Path, df: pd.DataFrame, header_row: int) -> None:
    """At least one data row below the header (spreadsheet or line ``header_row``)."""
    if df.empty:
        header = [file_column(df, c) for c in df.columns if c != ROW]
        raise InputError(
            path, f"at least one data row below the header {header}", row=header_row + 1, found="no data rows"
        )


def require_columns(
    df: pd.DataFrame,
    path: str | Path,
    required: Iterable[str],
    aliases: Mapping[str, Sequence[str]] | None = None,
    *,
    header_row: int = 1,
) -> pd.DataFrame:
    """Rename alias columns to their canonical names; fail naming every missing column.

    The message shows the file's own header (before any renaming; on row ``header_row``) and,
    for each missing column, every name under which it is accepted. The renamed frame remembers
    the file's names (``attrs``), so later errors name the column as the file spells it."""
    aliases = aliases or {}
    header = [c for c in df.columns if c != ROW]
    rename = {}
    cols = set(df.columns)
    for canon, alts in aliases.items():
        if canon not in cols:
            for a in alts:
                if a in cols:
                    rename[a] = canon
                    break
    renamed = df.rename(columns=rename)
    missing = [c for c in required if c not in renamed.columns]
    if missing:
        accepted = {c: [c, *[a for a in aliases.get(c, ()) if a != c]] for c in missing}
        expected = "; ".join(
            f"a column {c!r}" + (f" (accepted names: {', '.join(map(repr, names))})" if len(names) > 1 else "")
            for c, names in accepted.items()
        )
        raise InputError(path, expected, column=missing[0], row=header_row, found=f"header {header}")
    renamed.attrs = {**df.attrs, FILE_COLUMNS: {**df.attrs.get(FILE_COLUMNS, {}), **{v: k for k, v in rename.items()}}}
    return renamed


def file_column(df: pd.DataFrame, column: str) -> str:
    """``column`` as the file names it (an alias that :func:`require_columns` renamed)."""
    return df.attrs.get(FILE_COLUMNS, {}).get(column, column)


def _first_bad(path, df, mask, column, expected) -> None:
    if mask.any():
        i = int(np.flatnonzero(mask.to_numpy())[0])
        raise InputError(
            path, expected, column=file_column(df, column), row=int(df[ROW].iloc[i]), found=df[column].iloc[i]
        )


def parse_float(
    path: str | Path,
    df: pd.DataFrame,
    column: str,
    *,
    markers: Sequence[str] = (),
    blank_ok: bool = False,
    na_tokens: Sequence[str] = (),
) -> tuple[pd.Series, pd.Series]:
    """(values, flag) of a numeric column.

    ``flag`` is the marker found in the cell (one of ``markers`` or ``na_tokens``, or ``""``
    for a blank cell when ``blank_ok``) and ``None`` where a number was read. A cell that is
    neither a number nor an allowed marker stops the run.
    """
    obj = df[column].to_numpy(dtype=object)
    is_bool = np.fromiter((isinstance(v, (bool, np.bool_)) for v in obj), bool, len(obj))
    values = pd.to_numeric(pd.Series(np.where(is_bool, None, obj), index=df.index), errors="coerce").astype("float64")
    flags = pd.Series([None] * len(obj), index=df.index, dtype=object)
    allowed = set(markers) | set(na_tokens)
    for i in np.flatnonzero(values.isna().to_numpy() | is_bool):
        v = obj[i]
        s = "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()
        if not is_bool[i] and s in allowed:
            flags.iloc[i] = s
        elif not is_bool[i] and s == "" and blank_ok:
            flags.iloc[i] = ""
        elif not is_bool[i] and _NUMBER.match(s):
            values.iloc[i] = float(s.replace(",", ""))
        else:
            allowed_txt = f" or one of {sorted(allowed)}" if allowed else ""
            blank_txt = " or blank" if blank_ok else ""
            raise InputError(
                path,
                f"a number{allowed_txt}{blank_txt}",
                column=file_column(df, column),
                row=int(df[ROW].iloc[i]),
                found=v,
            )
    return values, flags


def parse_int(
    path: str | Path, df: pd.DataFrame, column: str, *, na_tokens: Sequence[str] = (), blank_ok: bool = False
) -> pd.Series:
    """Nullable integer column (``na_tokens`` and allowed blanks become <NA>)."""
    values, _ = parse_float(path, df, column, na_tokens=na_tokens, blank_ok=blank_ok)
    frac = values.notna() & (values != np.round(values))
    _first_bad(path, df, frac, column, "an integer")
    return values.round().astype("Int64")


def parse_str(
    path: str | Path,
    df: pd.DataFrame,
    column: str,
    *,
    pattern: re.Pattern | None = None,
    expected: str | None = None,
    allow_empty: bool = False,
    choices: Iterable[str] | None = None,
) -> pd.Series:
    """Stripped text column; checks emptiness, a regex or a set of allowed values."""
    s = df[column].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip())
    if not allow_empty:
        _first_bad(path, df, s == "", column, expected or "a non-empty value")
    if pattern is not None:
        bad = ~s.map(lambda x: bool(pattern.match(x)) or (allow_empty and x == ""))
        _first_bad(path, df, bad, column, expected or f"text matching {pattern.pattern}")
    if choices is not None:
        ch = set(choices)
        _first_bad(path, df, ~s.isin(ch), column, expected or f"one of {sorted(ch)}")
    return s.astype("str")


def check_unique(
    path: str | Path,
    df: pd.DataFrame,
    keys: Sequence[str],
    *,
    columns: Sequence[str] | None = None,
    names: Mapping[str, str] | None = None,
    expected: str | None = None,
) -> None:
    """Fail on the first row whose ``keys`` repeat an earlier row's, naming both rows. The keys as
    the file names them: ``columns`` (in the order of ``keys``) or ``names`` (key -> file's name,
    for keys the reader renamed)."""
    shown = list(columns) if columns else [(names or {}).get(k, k) for k in keys]
    dup = df.duplicated(list(keys), keep="first")
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        key = tuple(df[k].iloc[i] for k in keys)
        first = df.loc[df[list(keys)].apply(tuple, axis=1) == key, ROW].iloc[0]
        raise InputError(
            path,
            expected or f"unique ({', '.join(shown)})",
            column=shown[0],
            row=int(df[ROW].iloc[i]),
            found=f"{key} again (first at row {first})",
        )


def collapse_repeats(
    path: str | Path, df: pd.DataFrame, key: str, values: Sequence[str], *, column: str, value_columns: Sequence[str]
) -> pd.DataFrame:
    """``df`` with one row per ``key``: repeats with the same ``values`` are dropped (the first
    row is kept, with a log line); a key repeated with different values raises :class:`InputError`
    naming the key's rows and the values. ``column``/``value_columns``: the names in the file."""
    values = list(values)
    counts = df.groupby(key, sort=False)[values].nunique()
    conflicting = counts[(counts > 1).any(axis=1)]
    if len(conflicting):
        code = conflicting.index[0]
        rows = df[df[key] == code]
        differ = [c for c in values if conflicting.loc[code, c] > 1]
        shown = "; ".join(f"{value_columns[values.index(c)]} {[float(v) for v in rows[c]]}" for c in differ)
        raise InputError(
            path,
            f"each {column} once, or repeated with the same values",
            column=column,
            row=int(rows[ROW].iloc[1]),
            found=f"{code} on rows {rows[ROW].tolist()} with {shown}",
        )
    first = df.drop_duplicates(key, keep="first")
    if len(first) < len(df):
        log.warning("%s: %d repeated rows of the same %s and values dropped", path, len(df) - len(first), column)
    return first


def check_finite(path: str | Path, df: pd.DataFrame, column: str, values: pd.Series) -> None:
    _first_bad(path, df, ~np.isfinite(values.astype("float64")), column, "a finite number")


def check_range(
    path: str | Path, df: pd.DataFrame, column: str, values: pd.Series, lo: float | None = None, hi: float | None = None
) -> None:
    bad = pd.Series(False, index=values.index)
    if lo is not None:
        bad |= values < lo
    if hi is not None:
        bad |= values > hi
    lo_t = "-inf" if lo is None else lo
    hi_t = "inf" if hi is None else hi
    _first_bad(path, df, bad.fillna(False), column, f"a value in [{lo_t}, {hi_t}]")
