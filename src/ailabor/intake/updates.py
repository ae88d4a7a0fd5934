"""Raw-file updates, checked when the workflow is parsed (every run, dry runs included).

Every raw file that has been staged has a record in ``resources/raw/MANIFEST.json``
(:class:`~ailabor.intake.acquire.RawManifest`). Before any job runs, :func:`check_updates`
compares each raw file the run reads (its mirror copy, or the downloaded file in the raw cache)
with that record and with its pins:

* ``unchanged`` / ``new`` (no record yet): nothing to say;
* ``pinned``: the file differs from a pinned sha256 (config/sources.yaml or the mirror's
  MANIFEST.tsv). Always refused;
* ``refused``: the file changed since it was staged and the run does not accept updates. The
  run stops before any job starts, every time, until the file is restored or the update is
  accepted, so a changed file can never leave a run that reports "Nothing to be done" on
  results built from the old one;
* ``accepted``: the run accepts updates (``accept_raw_updates: true``, ``make
  accept-updates``). The file's *version* (the number of accepted updates) goes up by one; the
  staging jobs carry the version as a param, so exactly the jobs reading the file, and what
  depends on them, rerun. The staging job records the new sha256 next to the old one once it
  has read the file successfully.

Hashing is cached by (size, mtime) in ``resources/raw/.sha256-cache.json``, so an unchanged
tree costs one ``stat`` per file.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..provenance import atomic_path, sha256_file
from .acquire import PIN_HINTS, PIN_WHERE, UPDATE_HINT, RawManifest

log = logging.getLogger(__name__)

STAT_CACHE = ".sha256-cache.json"


@dataclass(frozen=True)
class RawSource:
    """A raw file of the run: its path in the raw cache (the manifest key; what staging reads),
    the file read to make it (the mirror copy, or the cache file itself) and its pins
    (``(sha256, 'sources' | 'mirror')``)."""

    key: str
    cache_path: str
    read_path: str
    pins: tuple[tuple[str, str], ...] = ()


@dataclass
class RawCheck:
    source: RawSource
    status: str  # new | unchanged | accepted | refused | pinned
    sha256: str | None = None
    recorded: Mapping | None = None
    version: int = 0
    pin: tuple[str, str] | None = None

    def describe(self) -> str:
        s, rec = self.source, self.recorded or {}
        lines = [f"raw file {s.key} ({s.read_path})"]
        if self.status == "pinned":
            sha, where = self.pin
            lines += [
                f"  expected sha256 {sha} ({PIN_WHERE[where]})",
                f"  actual   sha256 {self.sha256}",
                f"  refused: {PIN_HINTS[where]}",
            ]
        else:
            lines += [
                f"  recorded sha256 {rec.get('sha256')} ({rec.get('bytes')} bytes, from {rec.get('source')}, "
                f"when it was last staged)",
                f"  current  sha256 {self.sha256} ({Path(s.read_path).stat().st_size} bytes)",
            ]
            lines.append(
                f"  accepted as update {self.version} (accept_raw_updates): its staging job and everything "
                "downstream rerun"
                if self.status == "accepted"
                else "  refused: the run stops here until you act"
            )
        return "\n".join(lines)


@dataclass
class UpdateReport:
    checks: list[RawCheck] = field(default_factory=list)

    @property
    def changed(self) -> list[RawCheck]:
        return [c for c in self.checks if c.status in ("accepted", "refused", "pinned")]

    @property
    def blocking(self) -> list[RawCheck]:
        return [c for c in self.checks if c.status in ("refused", "pinned")]

    def versions(self) -> dict[str, int]:
        """Raw cache path -> version (number of accepted updates, the pending one included)."""
        return {c.source.cache_path: c.version for c in self.checks}

    def message(self) -> str:
        blocking = self.blocking
        parts = [f"{len(self.changed)} raw file(s) changed since they were last staged:"]
        parts += [c.describe() for c in self.changed]
        if any(c.status == "refused" for c in blocking):
            parts.append(UPDATE_HINT)
        return "\n".join(parts)


class _ShaCache:
    """sha256 of files keyed by real path, reused while (size, mtime_ns) is unchanged."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.data = json.loads(path.read_text())
        except (FileNotFoundError, ValueError):
            self.data = {}
        self.dirty = False

    def sha256(self, file: str | Path) -> str:
        real = os.path.realpath(file)
        st = os.stat(real)
        stamp = [st.st_size, st.st_mtime_ns]
        hit = self.data.get(real)
        if hit and hit[:2] == stamp:
            return hit[2]
        sha = sha256_file(real)
        self.data[real] = [*stamp, sha]
        self.dirty = True
        return sha

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            with atomic_path(self.path) as tmp:
                tmp.write_text(json.dumps(self.data, indent=1, sort_keys=True) + "\n")
        except OSError as exc:  # a read-only cache only costs the hashing next time
            log.debug("could not write %s: %s", self.path, exc)


def check_updates(sources: Iterable[RawSource], manifest: RawManifest, *, accept: bool) -> UpdateReport:
    """Compare every raw file of the run with its record and pins (see the module docstring)."""
    cache = _ShaCache(manifest.root / STAT_CACHE)
    records = manifest._read()
    report = UpdateReport()
    for src in sources:
        rec = records.get(manifest.key(src.cache_path))
        base = len(rec.get("history", [])) if rec else 0
        if not Path(src.read_path).is_file():
            report.checks.append(RawCheck(src, "new", recorded=rec, version=base))
            continue
        sha = cache.sha256(src.read_path)
        pin = next(((p, w) for p, w in src.pins if p and p.lower() != sha), None)
        if pin:
            report.checks.append(RawCheck(src, "pinned", sha, rec, base, pin=(pin[0].lower(), pin[1])))
        elif rec is None:
            report.checks.append(RawCheck(src, "new", sha, None, 0))
        elif rec["sha256"] == sha:
            report.checks.append(RawCheck(src, "unchanged", sha, rec, base))
        elif accept:
            report.checks.append(RawCheck(src, "accepted", sha, rec, base + 1))
        else:
            report.checks.append(RawCheck(src, "refused", sha, rec, base))
    cache.save()
    return report


def check_mirror(mirror: str | Path | None, sources: Iterable[RawSource], config_key: str = "raw_mirror") -> list[str]:
    """A config-named mirror must be a directory (else :class:`InputError`). Returns one line per
    registry file of the run that the mirror lacks (a job that needs one stops on it; a file of
    a switched-off stage is not needed)."""
    if not mirror:
        return []
    if not Path(mirror).is_dir():
        raise InputError(
            mirror,
            f"a directory laid out like the `mirror:` paths of config/sources.yaml (config key {config_key})",
            found="no such directory",
        )
    return [
        f"{s.key}: {s.read_path}" for s in sources if s.read_path != s.cache_path and not Path(s.read_path).is_file()
    ]


def raw_sources(
    files: Mapping[str, object],
    cache_path,
    mirror_path,
    mirror_sums: Mapping[str, str],
) -> list[RawSource]:
    """The :class:`RawSource` of every registry file (``files``: key -> RawFile);
    ``cache_path(key)`` and ``mirror_path(file)`` (None when the run downloads) as in the
    workflow's common.smk."""
    out = []
    for key, f in files.items():
        mirror = mirror_path(f)
        pins = []
        if getattr(f, "sha256", None):
            pins.append((f.sha256, "sources"))
        if mirror and mirror_sums.get(f.mirror_relpath):
            pins.append((mirror_sums[f.mirror_relpath], "mirror"))
        cache = cache_path(key)
        out.append(RawSource(key, cache, mirror or cache, tuple(pins)))
    return out
