"""Time the OEWS reader (python-calamine) on every May workbook available.

    .venv/bin/python bench/oews_staging.py [DIR]

DIR defaults to ../shared/data/oews, else a synthetic set generated on the fly. Prints the
best of three timings per year and the total.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from ailabor.intake.readers.oews import read_oews_national

ROOT = Path(__file__).resolve().parents[1]


def synthetic_dir() -> Path:
    from ailabor.config import deep_merge, load_yaml
    from ailabor.intake.sources import load_registry, raw_files
    from ailabor.synthetic import SyntheticSpec, generate

    cfg = deep_merge(load_yaml(ROOT / "config/config.yaml"), load_yaml(ROOT / "config/demo.yaml"))
    files = [f for f in raw_files(cfg, load_registry(ROOT / "config/sources.yaml")).values() if f.family == "oews"]
    out = Path(tempfile.mkdtemp())
    generate(SyntheticSpec(), out, files)
    return out / "oews"


def main() -> None:
    d = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "oews"
    if not d.is_dir():
        d = synthetic_dir()
    files = sorted(d.glob("national_M*_dl.xlsx"))
    print(f"OEWS staging (read + type + schema check) from {d}")
    print(f"{'year':>6} {'rows':>6} {'best of 3 (s)':>14}")
    total = 0.0
    for f in files:
        year = int(f.name[len("national_M") : len("national_M") + 4])
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            df = read_oews_national(f, year)
            best = min(best, time.perf_counter() - t0)
        total += best
        print(f"{year:>6} {len(df):>6} {best:>14.3f}")
    print(f"{'all':>6} {'':>6} {total:>14.3f}  ({len(files)} years)")


if __name__ == "__main__":
    main()
