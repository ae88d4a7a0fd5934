"""Compare the data of every table in two results trees, ignoring file metadata.

    python tools/compare_tables.py OLD_ROOT NEW_ROOT

Parquet files are compared with ``pandas.testing.assert_frame_equal`` (exact: same columns, order,
dtypes and values; provenance metadata in the parquet footer, which carries the commit, is ignored);
CSV files are compared as text read by pandas (so the data, not the bytes, must agree). Files present
in only one tree are listed. Logs, benchmarks, figures and JSON provenance are not tables and are
skipped. Exit status 1 when anything differs.

Issue 16 (a refactor that changes no result) is checked with this tool on the demo, shared-mirror and
seed-reference runs before and after.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

SKIP_DIRS = {"logs", "benchmarks"}


def tables(root: Path) -> dict[str, Path]:
    out = {}
    for p in root.rglob("*"):
        if p.suffix not in (".parquet", ".csv") or not p.is_file():
            continue
        rel = p.relative_to(root)
        if SKIP_DIRS & set(rel.parts):
            continue
        out[str(rel)] = p
    return out


def compare(old: Path, new: Path) -> list[str]:
    a, b = tables(old), tables(new)
    problems = [f"only in {old}: {k}" for k in sorted(set(a) - set(b))]
    problems += [f"only in {new}: {k}" for k in sorted(set(b) - set(a))]
    for k in sorted(set(a) & set(b)):
        try:
            if k.endswith(".parquet"):
                pd.testing.assert_frame_equal(pd.read_parquet(a[k]), pd.read_parquet(b[k]), check_exact=True)
            else:
                x = pd.read_csv(a[k], keep_default_na=False, dtype=str)
                y = pd.read_csv(b[k], keep_default_na=False, dtype=str)
                pd.testing.assert_frame_equal(x, y, check_exact=True)
        except (AssertionError, ValueError) as exc:
            problems.append(f"differs: {k}\n    " + str(exc).replace("\n", "\n    ")[:800])
    return problems, len(set(a) & set(b))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    old, new = Path(argv[0]), Path(argv[1])
    for r in (old, new):
        if not r.is_dir():
            print(f"not a directory: {r}", file=sys.stderr)
            return 2
    problems, n = compare(old, new)
    for p in problems:
        print(p)
    print(f"{n} tables compared, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
