"""The raw-input registry (config/sources.yaml) resolved against a configuration.

:func:`raw_files` answers "which raw files does this run need, where do they come from, and
where do they live in the raw cache?". The Snakemake rules and the synthetic generator both
use it, so the generated demo data, the shared mirror and official downloads share one layout.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import load_yaml
from ..errors import ConfigError


@dataclass(frozen=True)
class RawFile:
    """One raw file the pipeline reads.

    ``key`` is a stable logical name (``oews/2024``, ``onet/task_statements``,
    ``aei/task_pct_v2``). ``relpath`` is the file's path in the raw cache and in a mirror
    directory. Exactly one of ``url`` (a direct file) or ``archive_url`` + ``member`` (a file
    inside a zip) says how to download it.
    """

    key: str
    family: str
    relpath: str
    mirror_relpath: str
    release: str
    url: str | None = None
    archive_url: str | None = None
    member: str | None = None
    sha256: str | None = None
    archive_sha256: str | None = None
    fmt: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def archive_name(self) -> str | None:
        return None if self.archive_url is None else self.archive_url.rsplit("/", 1)[-1]


def load_registry(path: str | Path) -> dict[str, Any]:
    registry = load_yaml(path)
    if not isinstance(registry, dict):
        raise ConfigError(f"{path}: the source registry must be a mapping")
    return registry


def _pick(relpath_mirror: str, file_override: str | None, use_mirror: bool) -> str:
    return relpath_mirror if use_mirror or not file_override else file_override


def onet_files(
    registry: Mapping[str, Any], release: str, fmt: str, tables: list[str], use_mirror: bool
) -> dict[str, RawFile]:
    releases = registry["onet"]["releases"]
    if release not in releases:
        raise ConfigError(
            f"config key 'onet.release': {release!r} is not in config/sources.yaml "
            f"(known: {', '.join(sorted(releases))})"
        )
    rel = releases[release]
    if fmt not in rel:
        raise ConfigError(f"config key 'onet.format': O*NET {release} has no {fmt!r} release")
    block = rel[fmt]
    out = {}
    for table in tables:
        entry = block["files"][table]
        key = f"onet/{release}/{table}"
        out[key] = RawFile(
            key=key,
            family="onet",
            relpath=_pick(entry["mirror"], entry.get("file"), use_mirror),
            mirror_relpath=entry["mirror"],
            release=f"O*NET {release} ({rel['date']}, {fmt})",
            archive_url=block["url"],
            member=entry["member"],
            sha256=entry.get("sha256"),
            archive_sha256=block.get("sha256"),
            fmt=fmt,
            extra={"release": release, "table": table},
        )
    return out


def oews_file(registry: Mapping[str, Any], year: int, use_mirror: bool) -> RawFile:
    block = registry["oews"]
    if not block["first_year"] <= year <= block["last_year"]:
        raise ConfigError(
            f"config key 'oews.years': May {year} is outside the registry's range "
            f"{block['first_year']}-{block['last_year']} (add it to config/sources.yaml)"
        )
    fmt = {"year": year, "yy": f"{year % 100:02d}"}
    mirror = block["mirror"].format(**fmt)
    return RawFile(
        key=f"oews/{year}",
        family="oews",
        relpath=mirror,
        mirror_relpath=mirror,
        release=f"OEWS May {year} national",
        archive_url=block["url"].format(**fmt),
        member=block["member"].format(**fmt),
        sha256=(block.get("sha256") or {}).get(year),
        fmt="oews_national",
        extra={"year": year},
    )


def aei_file(registry: Mapping[str, Any], table: str, revision: str, use_mirror: bool) -> RawFile:
    block = registry["aei"]
    if table not in block["tables"]:
        raise ConfigError(
            f"config key 'aei.sources': {table!r} is not in config/sources.yaml "
            f"(known: {', '.join(sorted(block['tables']))})"
        )
    entry = block["tables"][table]
    url = entry.get("url") or block["url"].format(revision=revision, path=entry["path"])
    return RawFile(
        key=f"aei/{table}",
        family="aei",
        relpath=_pick(entry["mirror"], entry.get("file"), use_mirror),
        mirror_relpath=entry["mirror"],
        release=f"AEI {entry['release']}",
        url=url,
        sha256=entry.get("sha256"),
        fmt=entry["format"],
        extra={k: entry[k] for k in ("platform", "window", "path") if k in entry},
    )


def single_file(registry: Mapping[str, Any], family: str, name: str | None, use_mirror: bool) -> RawFile:
    block = registry[family]
    if name is not None and "files" in block:
        if name not in block["files"]:
            raise ConfigError(
                f"{family} file {name!r} is not in config/sources.yaml (known: {', '.join(sorted(block['files']))})"
            )
        entry = {"release": block["release"], **block["files"][name]}
    else:
        entry = block if name is None else block[name]
    key = family if name is None else f"{family}/{name}"
    return RawFile(
        key=key,
        family=family,
        relpath=_pick(entry["mirror"], entry.get("file"), use_mirror),
        mirror_relpath=entry["mirror"],
        release=entry["release"],
        url=entry["url"],
        sha256=entry.get("sha256"),
        fmt=entry.get("format", family),
    )


def onet_tables(config: Mapping[str, Any]) -> list[str]:
    tables = ["task_statements", "occupation_data", "job_zones", "read_me"]
    if config["onet"]["task_ratings"]:
        tables.insert(1, "task_ratings")
    return tables


def onet_releases(config: Mapping[str, Any]) -> list[str]:
    """The primary O*NET release first, then the other releases staged next to it."""
    primary = str(config["onet"]["release"])
    return [primary] + [str(r) for r in config["onet"].get("other_releases", []) if str(r) != primary]


def raw_files(config: Mapping[str, Any], registry: Mapping[str, Any]) -> dict[str, RawFile]:
    """Every raw file the configuration needs, keyed by logical name."""
    use_mirror = bool(config.get("raw_mirror"))
    out: dict[str, RawFile] = {}
    for release in onet_releases(config):
        out.update(onet_files(registry, release, config["onet"]["format"], onet_tables(config), use_mirror))
    for year in config["oews"]["years"]:
        f = oews_file(registry, int(year), use_mirror)
        out[f.key] = f
    for table in config["aei"]["sources"]:
        f = aei_file(registry, table, config["aei"]["revision"], use_mirror)
        out[f.key] = f
    f = single_file(registry, "soc_crosswalk", None, use_mirror)
    out[f.key] = f
    for name in config.get("legacy", {}).get("seed_reference", []):
        f = single_file(registry, "seed_reference", name, use_mirror)
        out[f.key] = f
    for name in config["exposure_indices"]:
        if name not in registry["exposure_indices"]:
            raise ConfigError(
                f"config key 'exposure_indices': {name!r} is not in config/sources.yaml "
                f"(known: {', '.join(sorted(registry['exposure_indices']))})"
            )
        f = single_file(registry, "exposure_indices", name, use_mirror)
        out[f.key] = f
    return out


def mirror_layout(config: Mapping[str, Any], registry: Mapping[str, Any]) -> dict[str, str]:
    """Logical key -> path inside a mirror directory, for the files ``config`` needs."""
    return {k: f.mirror_relpath for k, f in raw_files(config, registry).items()}


# --- what the workflow does with each raw file ------------------------------------------


def staged_name(key: str) -> str:
    """The staged table of raw file ``key``, as a path below ``staged/`` without suffix
    (``oews/2019`` -> ``oews/oews_2019``; every other key keeps its name)."""
    family, _, rest = key.partition("/")
    return f"oews/oews_{rest}" if family == "oews" else key


def stage_plan(config: Mapping[str, Any], files: Mapping[str, RawFile]) -> dict[str, dict[str, Any]]:
    """Per staged table (:func:`staged_name`): the raw file it reads (``key``), extra raw files
    (``extra``: the O*NET read-me), the reader (``kind``) and its ``options``, the data
    ``vintages`` it records, its resources and a phrase for the job message (``what``).
    O*NET read-me files are inputs of the other O*NET tables, not tables of their own."""
    kinds = {"exposure_indices": "exposure_index", "seed_reference": "seed_reference"}
    plan: dict[str, dict[str, Any]] = {}
    for key, f in files.items():
        family, _, rest = key.partition("/")
        job: dict[str, Any] = {"key": key, "extra": {}, "options": {}, "mem_mb": 500, "runtime": 5}
        if family == "onet":
            release, table = rest.split("/")
            if table == "read_me":
                continue
            job.update(
                extra={"read_me": f"onet/{release}/read_me"},
                kind=key,
                mem_mb=2000,
                runtime=10,
                vintages={"onet_release": release, "onet_format": config["onet"]["format"]},
                what=f"O*NET {release} {table}",
            )
        elif family == "oews":
            year = int(rest)
            job.update(
                kind="oews",
                options={"year": year},
                vintages={"oews_year": year},
                mem_mb=1000,
                runtime=10,
                what=f"OEWS May {year}",
            )
        elif family == "aei":
            job.update(
                kind="aei",
                options={"fmt": f.fmt, "geography": config["aei"]["geography"]},
                mem_mb=2000,
                runtime=10,
                vintages={"aei_table": rest, "aei_release": f.release, "aei_revision": config["aei"]["revision"]},
                what=f"AEI table {rest}",
            )
        elif family == "soc_crosswalk":
            job.update(
                kind="soc_crosswalk", vintages={"soc_crosswalk": f.release}, what="the SOC 2010 to 2018 crosswalk"
            )
        elif family in kinds:
            job.update(
                kind=kinds[family],
                options={"fmt": f.fmt},
                vintages={kinds[family]: f.release},
                what=f"{family.replace('_', ' ')} {rest}",
            )
        else:
            raise ConfigError(f"raw file {key!r}: no staging reader for family {family!r}")
        plan[staged_name(key)] = job
    return plan


def acquire_inputs(f: RawFile, mirror_file: str | None, archive_pattern: str) -> dict[str, str]:
    """The input of acquiring raw file ``f``: its copy in the mirror (``mirror_file``, when the
    run reads a mirror), the archive it is extracted from (``archive_pattern`` with its
    ``{archive}`` name filled in), or nothing (a direct download)."""
    if mirror_file:
        return {"mirror": mirror_file}
    if f.archive_url:
        return {"archive": archive_pattern.format(archive=f.archive_name)}
    return {}


def acquire_params(f: RawFile, mirror: str | None) -> dict[str, Any]:
    """What acquiring raw file ``f`` depends on (Snakemake's params rerun trigger): its mirror
    path and checksum, or where to download it."""
    if mirror:
        return {"key": f.key, "mirror_relpath": f.mirror_relpath, "sha256": f.sha256}
    return {"key": f.key, "url": f.url, "archive_url": f.archive_url, "member": f.member, "sha256": f.sha256}
