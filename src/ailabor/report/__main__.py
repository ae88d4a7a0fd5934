"""Command line of the reporting helpers.

    python -m ailabor.report results-dir [OVERLAY.yaml ...] [--config KEY=VALUE ...]
                                                           # results/<dataset>/<vintage>
    python -m ailabor.report readme SUMMARY.md [SUMMARY.md ...] # rewrite the generated blocks
    python -m ailabor.report check-readme SUMMARY.md [...]      # exit 1 if a block is stale
    python -m ailabor.report readme-ge SUMMARY.md [...]         # rewrite only the GE mapping block
    python -m ailabor.report config-reference PAGE.md [--check] # configuration reference from the schema

``config-reference`` writes the configuration reference (:mod:`ailabor.report.config_reference`,
docs/configuration.md) or, with ``--check``, exits 1 when the page is not current.

The generated blocks (:func:`ailabor.report.summary.generated_blocks`): the README's headline
table, and in docs/results.md the full results of every summary and the GE mapping block (the GE
response and uncertainty sections of the last summary, the real-data run).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from ..config import deep_merge, results_root
from . import config_reference as ref
from .summary import stale_blocks, update_blocks

ROOT = Path(__file__).resolve().parents[3]


def results_dir(args: list[str]) -> str:
    """The results tree of the run Snakemake would make with the same configuration arguments:
    config/config.yaml, then each overlay file (``--configfile`` may precede them), then every
    ``--config KEY=VALUE`` wherever it stands (VALUE read as YAML), as Snakemake does. The path itself comes from
    :func:`ailabor.config.results_root`, which the Snakefile uses too."""
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    files, pairs, mode = [], [], "configfile"
    for a in args:
        if a in ("--configfile", "--configfiles"):
            mode = "configfile"
        elif a == "--config":
            mode = "config"
        elif mode == "config":
            key, sep, value = a.partition("=")
            if not sep:
                raise SystemExit(f"--config expects KEY=VALUE, got {a!r}")
            pairs.append((key, yaml.safe_load(value)))
        else:
            files.append(a)
    for f in files:  # as Snakemake: the overlay files in order, then every --config pair
        config = deep_merge(config, yaml.safe_load(Path(f).read_text()) or {})
    for key, value in pairs:
        config = deep_merge(config, {key: value})
    return results_root(config)


def config_reference(args: list[str]) -> int:
    pages = [a for a in args if a != "--check"]
    if len(pages) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    if "--check" in args:
        if not ref.is_current(pages[0]):
            print(f"{pages[0]} is not current; run `make docs`", file=sys.stderr)
            return 1
        print(f"{pages[0]} matches {ref.SCHEMA} and config/")
        return 0
    ref.write(pages[0])
    print(f"wrote {pages[0]} (from {ref.SCHEMA} and config/)")
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("results-dir", "readme", "check-readme", "readme-ge", "config-reference"):
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[0], argv[1:]
    if cmd == "config-reference":
        return config_reference(args)
    if cmd == "results-dir":
        print(results_dir(args))
        return 0
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    present = [a for a in args if Path(a).exists()]
    missing = [a for a in args if not Path(a).exists()]
    if missing:
        print(f"results summaries not found (run the pipeline first): {', '.join(missing)}", file=sys.stderr)
        return 1
    if cmd in ("readme", "readme-ge"):
        for line in update_blocks(ROOT, present, only_ge=cmd == "readme-ge"):
            print(f"{line} (from {', '.join(present)})")
        return 0
    stale = stale_blocks(ROOT, present)
    if stale:
        print(
            f"generated blocks differ from the results summaries: {', '.join(stale)}; run `make readme-results`",
            file=sys.stderr,
        )
        return 1
    print("README.md and docs/results.md match the results summaries")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
