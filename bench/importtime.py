"""Import cost of every workflow script: what a job run in a fresh interpreter (a cluster job; a
Snakemake ``script:`` job) pays before it computes. Local runs keep the modules loaded in
their worker processes (src/ailabor/jobs.py).

    .venv/bin/python bench/importtime.py                 # every script, best of 3
    .venv/bin/python bench/importtime.py -n 5 estimation_corrected stage
    .venv/bin/python bench/importtime.py --json imports.json

For each ``workflow/scripts/*.py`` the script's module-level import statements (read from its
source; the ``snakemake`` object is not needed) run in a fresh interpreter under
``python -X importtime`` with ``PYTHONPATH=src``. Printed per script: the total import time (the
sum of the cumulative times of the top-level imports the statements trigger, interpreter start-up
excluded), the three third-party packages costing the most (self time of all their modules) and
which of the heavy optional stacks end up in ``sys.modules``, and the CPU seconds (user + system)
of the whole interpreter process, which a busy machine inflates less than the wall-clock times
importtime reports. Each script is measured ``-n`` times; the minimum is kept. A first row
measures Snakemake's own preamble (unpickling the ``snakemake`` object), which every script job
pays as well. ``--root`` measures another checkout (e.g. an export of the previous commit).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARK = "--importtime-start--"
# modules whose presence in sys.modules is worth reporting: the stacks a job should load only if it uses them
HEAVY = (
    "matplotlib",
    "scipy.stats",
    "scipy.optimize",
    "scipy.integrate",
    "scipy.sparse",
    "statsmodels",
    "linearmodels",
    "pyarrow",
    "pandas",
)
PREAMBLE = "import pickle\nfrom snakemake.logging import logger\nfrom snakemake.iocontainers import Snakemake\n"
LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( +)(\S+)$")


def import_lines(script: Path) -> str:
    """The module-level import statements of ``script`` as source (``__future__`` left out)."""
    tree = ast.parse(script.read_text(encoding="utf-8"), filename=str(script))
    future = lambda n: isinstance(n, ast.ImportFrom) and n.module == "__future__"  # noqa: E731
    stmts = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom) and not future(n)]
    return "\n".join(ast.unparse(n) for n in stmts) + "\n"


def measure(code: str, python: str, root: Path = ROOT) -> dict:
    """One fresh interpreter running ``code`` under -X importtime with ``root``/src first on the path:
    total seconds, self seconds per top-level package, which HEAVY modules were loaded, and the
    process's CPU seconds."""
    probe = (
        f"import sys\nsys.stderr.write({MARK!r} + '\\n')\n{code}"
        f"import json\nprint(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([python, "-X", "importtime", "-c", probe], cwd=root, env=env, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise RuntimeError(f"import failed:\n{code}\n{proc.stderr[-2000:]}")
    err = proc.stderr.split(MARK + "\n", 1)[1]
    total, per_pkg = 0, {}
    for line in err.splitlines():
        m = LINE.match(line)
        if m is None:
            continue
        self_us, cum_us, indent, name = int(m[1]), int(m[2]), len(m[3]), m[4]
        if indent == 1:  # a top-level import: its cumulative time covers everything below it
            total += cum_us
        root = name.split(".")[0]
        if root not in sys.stdlib_module_names and root not in ("ailabor", "json"):
            per_pkg[root] = per_pkg.get(root, 0) + self_us
    return {
        "total_s": total / 1e6,
        "packages_s": {k: v / 1e6 for k, v in per_pkg.items()},
        "heavy": json.loads(proc.stdout.strip().splitlines()[-1]),
        "cpu_s": cpu,
    }


def best(code: str, python: str, n: int, root: Path = ROOT) -> dict:
    runs = [measure(code, python, root) for _ in range(n)]
    out = min(runs, key=lambda r: r["total_s"])
    # per package: the minimum over runs too (each run's attribution is noisy on its own)
    pkgs = {k: min(r["packages_s"].get(k, 0.0) for r in runs) for k in out["packages_s"]}
    return {
        **out,
        "packages_s": dict(sorted(pkgs.items(), key=lambda kv: -kv[1])),
        "cpu_s": min(r["cpu_s"] for r in runs),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scripts", nargs="*", help="script names (without .py); default: all")
    ap.add_argument("-n", type=int, default=3, help="runs per script; the minimum is kept (default 3)")
    ap.add_argument("--json", type=Path, help="also write the results to this JSON file")
    ap.add_argument("--python", default=sys.executable, help="interpreter to measure (default: this one)")
    ap.add_argument(
        "--root", type=Path, default=ROOT, help="checkout whose scripts and src to measure (default: this one)"
    )
    args = ap.parse_args()

    scripts = args.root / "workflow" / "scripts"
    names = args.scripts or sorted(p.stem for p in scripts.glob("*.py"))
    rows = {"(snakemake preamble)": best(PREAMBLE, args.python, args.n, args.root)}
    for name in names:
        rows[name] = best(import_lines(scripts / f"{name}.py"), args.python, args.n, args.root)

    print(f"import cost per workflow script, best of {args.n} (python -X importtime, PYTHONPATH=src)")
    print(f"{'script':<34} {'import s':>8} {'cpu s':>6}  {'heaviest third-party (self s)':<48} heavy stacks loaded")
    for name, r in sorted(rows.items(), key=lambda kv: -kv[1]["total_s"]):
        top = ", ".join(f"{k} {v:.2f}" for k, v in list(r["packages_s"].items())[:3])
        print(f"{name:<34} {r['total_s']:>8.2f} {r['cpu_s']:>6.2f}  {top:<48} {' '.join(r['heavy'])}")
    scripts_only = [r for k, r in rows.items() if not k.startswith("(")]
    print(
        f"{'sum over scripts':<34} {sum(r['total_s'] for r in scripts_only):>8.2f} "
        f"{sum(r['cpu_s'] for r in scripts_only):>6.2f}"
    )
    if args.json:
        args.json.write_text(json.dumps({"runs": args.n, "scripts": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
