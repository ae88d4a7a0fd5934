"""The codebook of the output tables.

python -m ailabor.codebook check RESULTS_DIR [RESULTS_DIR ...]   # exit 1 on any problem
python -m ailabor.codebook markdown OUT.md                        # docs/codebook.md
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..provenance import write_text_atomic
from .report import check, markdown


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) < 2 or argv[0] not in ("check", "markdown") or (argv[0] == "markdown" and len(argv) != 2):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "markdown":
        write_text_atomic(argv[1], markdown())
        print(f"wrote {argv[1]}")
        return 0
    dirs = [Path(a) for a in argv[1:]]
    problems, n = check(dirs)
    for p in problems:
        print(p)
    files = len({p.file for p in problems})
    if problems:
        print(f"codebook check: {len(problems)} problem(s) in {files} of {n} table(s)", file=sys.stderr)
        return 1
    print(f"codebook check: {n} table(s), every column documented with the right type")
    return 0


if __name__ == "__main__":
    sys.exit(main())
