"""Acquisition of raw files: download with retries, safe archive extraction, mirror links,
and the sha256 record in ``resources/raw/MANIFEST.json``.

* Downloads use a timeout, retries with exponential backoff on connection errors, read
  timeouts, truncated bodies and HTTP 429/5xx (a ``Retry-After`` header is respected, at most
  60 s), a descriptive User-Agent (BLS refuses anonymous clients), and an atomic write. A 4xx
  other than 429 fails at once. Content-Length is checked against the bytes as sent; the file
  stored is the decoded content (a gzip Content-Encoding is undone). A progress bar shows on an
  interactive terminal, periodic log lines otherwise.
* Archives are opened only to extract named members; an absolute or ``..`` member name
  anywhere in the archive, or more than ``max_extract_bytes`` of uncompressed data, refuses it.
* Every file's sha256 is recorded on first acquisition and verified on every later one (and
  by the staging rules before they read it). A mismatch stops the run and prints both hashes.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import sys
import time
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from .. import __version__
from ..errors import ChecksumError, DownloadError, InputError
from ..provenance import atomic_path, sha256_file

log = logging.getLogger(__name__)

OFFLINE_HINT = (
    "If this machine has no internet access, put the raw files in a directory laid out like the "
    "`mirror:` paths of config/sources.yaml and run with `raw_mirror: DIR` "
    "(e.g. --config raw_mirror=/path/to/mirror, or --configfile config/shared-mirror.yaml for "
    "../shared/data). The raw cache resources/raw/<dataset>/ of a machine with internet has that "
    "layout and can be copied over."
)


@dataclass(frozen=True)
class DownloadSettings:
    timeout_s: float = 120.0
    retries: int = 4
    backoff_s: float = 2.0
    user_agent: str = f"ailabor/{__version__} (research pipeline)"
    max_extract_bytes: int = 4_000_000_000

    @classmethod
    def from_config(cls, cfg: Mapping[str, Any] | None) -> DownloadSettings:
        if cfg is None:
            return cls()
        return cls(**{k: cfg[k] for k in ("timeout_s", "retries", "backoff_s", "user_agent", "max_extract_bytes")})


class _Retryable(Exception):
    pass


_RETRY_STATUS = (429, 500, 502, 503, 504)
_MAX_WAIT_S = 60.0


def _retry_policy(settings: DownloadSettings):
    """urllib3 retry policy for HTTP 429/5xx: exponential backoff, Retry-After respected (capped)."""
    from urllib3.util import Retry

    class _StatusRetry(Retry):
        def get_backoff_time(self) -> float:
            # the schedule of download()'s own loop: backoff_s, 2 backoff_s, ... (urllib3 waits 0 s first)
            n = len(self.history)
            return min(self.backoff_factor * 2 ** (n - 1), self.backoff_max) if n else 0.0

        def get_retry_after(self, response):
            after = super().get_retry_after(response)
            return None if after is None else min(after, _MAX_WAIT_S)

        def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
            new = super().increment(method, url, response, error, _pool, _stacktrace)
            if response is not None:
                after = new.get_retry_after(response) if new.respect_retry_after_header else None
                wait = after if after is not None else new.get_backoff_time()
                host = f"{_pool.scheme}://{_pool.host}:{_pool.port}" if _pool is not None else ""
                log.warning(
                    "retrying %s%s in %.1f s (attempt %d of %d): HTTP %d%s",
                    host,
                    url,
                    wait,
                    len(new.history) + 1,
                    len(new.history) + (new.status or 0) + 1,
                    response.status,
                    " (Retry-After)" if after is not None else "",
                )
            return new

    return _StatusRetry(
        total=None,
        connect=0,  # connection errors and broken bodies: the pipeline's own loop in download()
        read=0,
        other=0,
        redirect=10,
        status=settings.retries,
        status_forcelist=_RETRY_STATUS,
        allowed_methods=frozenset({"GET", "HEAD"}),
        backoff_factor=settings.backoff_s,
        backoff_max=_MAX_WAIT_S,
        respect_retry_after_header=True,
        raise_on_status=False,  # the last 429/5xx response comes back and is reported below
    )


def _session(settings: DownloadSettings):
    import requests
    from requests.adapters import HTTPAdapter

    session = requests.Session()
    adapter = HTTPAdapter(max_retries=_retry_policy(settings))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": settings.user_agent, "Accept": "*/*"})
    return session


def _human(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"  # pragma: no cover


class _Progress:
    """A text progress bar on an interactive stderr; otherwise a log line every 10 % or 5 s.

    Counts bytes as sent (before any Content-Encoding is undone). Downloads that finish within
    a second print nothing.
    """

    WIDTH = 30

    def __init__(self, name: str, total: int | None, stream=None, clock=time.monotonic):
        self.name, self.total, self.clock = name, total, clock
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = self.last = clock()
        self.last_step = 0
        self.drawn = False

    def _line(self, done: int, now: float) -> str:
        rate = done / max(now - self.start, 1e-9)
        if self.total:
            return f"{done / self.total:4.0%} {_human(done)} of {_human(self.total)}, {_human(rate)}/s"
        return f"{_human(done)}, {_human(rate)}/s"

    def update(self, done: int) -> None:
        now = self.clock()
        if now - self.start < 1.0:
            return
        if self.tty:
            if now - self.last < 0.1 and not (self.total and done >= self.total):
                return
            self.last = now
            frac = min(done / self.total, 1.0) if self.total else 0.0
            bar = "#" * int(frac * self.WIDTH)
            self.stream.write(f"\r{self.name} [{bar:<{self.WIDTH}}] {self._line(done, now)}\033[K")
            self.stream.flush()
            self.drawn = True
            return
        step = int(10 * done / self.total) if self.total else 0
        if step > self.last_step or now - self.last >= 5.0:
            self.last_step, self.last = max(step, self.last_step), now
            log.info("downloading %s: %s", self.name, self._line(done, now))

    def close(self) -> None:
        if self.tty and self.drawn:
            self.stream.write("\n")
            self.stream.flush()


def _name_resolution_failed(exc: BaseException) -> bool:
    """True when ``exc`` (or an exception it wraps) is a failed host-name lookup."""
    import socket

    import urllib3

    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, (urllib3.exceptions.NameResolutionError, socket.gaierror)):
            return True
        nxt = getattr(exc, "reason", None)
        if not isinstance(nxt, BaseException):
            nxt = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = nxt or exc.__cause__ or exc.__context__
    return False


def _get(url: str, dest: Path, settings: DownloadSettings, session) -> None:
    import requests
    import urllib3

    broken = (
        requests.ConnectionError,
        requests.Timeout,
        requests.exceptions.ChunkedEncodingError,
        requests.exceptions.ContentDecodingError,
        urllib3.exceptions.HTTPError,
    )
    try:
        resp = session.get(url, stream=True, timeout=settings.timeout_s, allow_redirects=True)
    except broken as exc:
        if _name_resolution_failed(exc):
            # no DNS: retrying will not help (offline machine or a mistyped host)
            raise DownloadError(
                f"could not download {url}: the host name {urlsplit(url).hostname!r} does not resolve "
                f"(no network, or a wrong URL in config/sources.yaml). {OFFLINE_HINT}"
            ) from exc
        raise _Retryable(f"{type(exc).__name__}: {exc}") from exc
    with resp:
        if resp.status_code in _RETRY_STATUS:
            raise DownloadError(
                f"could not download {url} after {settings.retries + 1} attempts (last error: HTTP "
                f"{resp.status_code}). {OFFLINE_HINT}"
            )
        if resp.status_code >= 400:
            hint = (
                " (BLS answers 403 to clients without a descriptive User-Agent: set download.user_agent)"
                if resp.status_code == 403
                else ""
            )
            raise DownloadError(
                f"{url}: HTTP {resp.status_code}{hint}. Check the release or year in your config and "
                "config/sources.yaml."
            )
        expected = resp.headers.get("Content-Length")
        total = int(expected) if expected and expected.isdigit() else None
        progress = _Progress(dest.name, total)
        sent = 0  # bytes as sent: before the Content-Encoding (e.g. gzip) is undone
        try:
            with atomic_path(dest) as tmp, open(tmp, "wb") as fh:
                # decoded content is what gets stored (a gzip Content-Encoding of a CSV stores the CSV)
                for chunk in resp.iter_content(chunk_size=1 << 20):
                    fh.write(chunk)
                    sent = resp.raw.tell()
                    progress.update(sent)
                sent = resp.raw.tell()
                fh.flush()
                if total is not None and sent != total:
                    raise _Retryable(f"truncated body: {sent} of {total} bytes")
        except broken as exc:
            raise _Retryable(f"truncated body: connection broken ({sent} bytes received): {exc}") from exc
        finally:
            progress.close()


def download(url: str, dest: str | Path, settings: DownloadSettings) -> str:
    """Download ``url`` to ``dest`` atomically; return its sha256.

    HTTP 429/5xx are retried by the session (backoff, Retry-After); connection errors, read
    timeouts and truncated bodies by the loop here.
    """
    dest = Path(dest)
    last = "no attempt made"
    with _session(settings) as session:
        for attempt in range(settings.retries + 1):
            if attempt:
                wait = min(settings.backoff_s * 2 ** (attempt - 1), _MAX_WAIT_S)
                log.warning(
                    "retrying %s in %.1f s (attempt %d of %d): %s", url, wait, attempt + 1, settings.retries + 1, last
                )
                time.sleep(wait)
            try:
                log.info("downloading %s", url)
                _get(url, dest, settings, session)
                digest = sha256_file(dest)
                log.info("downloaded %s (%d bytes, sha256 %s)", dest, dest.stat().st_size, digest)
                return digest
            except _Retryable as exc:
                last = str(exc)
    raise DownloadError(
        f"could not download {url} after {settings.retries + 1} attempts (last error: {last}). {OFFLINE_HINT}"
    )


def _unsafe(name: str) -> bool:
    p = PurePosixPath(name.replace("\\", "/"))
    return name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in p.parts


def safe_extract(archive: str | Path, members: Mapping[str, str | Path], max_bytes: int) -> None:
    """Extract the named ``members`` (member name -> destination path) of a zip archive."""
    archive = Path(archive)
    try:
        zf = zipfile.ZipFile(archive)
    except zipfile.BadZipFile as exc:
        raise InputError(archive, "a zip archive", found=str(exc)) from exc
    with zf:
        infos = {i.filename: i for i in zf.infolist()}
        unsafe = [n for n in infos if _unsafe(n)]
        if unsafe:
            raise InputError(
                archive,
                "member names inside the archive (no absolute paths, no '..')",
                found=unsafe[0],
                hint="refusing to extract from this archive",
            )
        missing = [m for m in members if m not in infos]
        if missing:
            raise InputError(
                archive,
                f"member {missing[0]!r}",
                found=f"members {sorted(infos)[:20]}",
                hint="check the member names in config/sources.yaml",
            )
        declared = sum(infos[m].file_size for m in members)
        if declared > max_bytes:
            raise InputError(
                archive,
                f"at most {max_bytes} uncompressed bytes in the requested members (download.max_extract_bytes)",
                found=declared,
            )
        written = 0
        for member, dest in members.items():
            with zf.open(infos[member]) as src, atomic_path(dest) as tmp, open(tmp, "wb") as out:
                while block := src.read(1 << 20):
                    written += len(block)
                    if written > max_bytes:
                        raise InputError(
                            archive,
                            f"at most {max_bytes} uncompressed bytes (download.max_extract_bytes)",
                            found=f"more than {written}",
                        )
                    out.write(block)
            log.info("extracted %s -> %s", member, dest)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(path.suffix + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class RawManifest:
    """``resources/raw/MANIFEST.json``: the sha256 of every raw file the pipeline has staged,
    keyed by its path under ``resources/raw/``.

    A record is written only once a staging job has read the file successfully
    (:meth:`record_staged`), so a file that failed validation is never recorded. A record has
    ``sha256``, ``bytes``, ``source`` and ``history``: the earlier versions, one per accepted
    update (``accept_raw_updates``), oldest first. The number of accepted updates is the file's
    *version*; the staging jobs carry it as a param, so accepting an update reruns exactly the
    jobs that read the file and what depends on them (:mod:`ailabor.intake.updates`).
    Archives (``download_archive``) and synthetic files are recorded by :meth:`record`.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.root = self.path.parent

    def key(self, file: str | Path) -> str:
        p = Path(file)
        try:
            return p.absolute().relative_to(self.root.absolute()).as_posix()
        except ValueError:
            return p.as_posix()

    def _read(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        return json.loads(self.path.read_text())

    def _write(self, data: Mapping[str, Any]) -> None:
        with atomic_path(self.path) as tmp:
            tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")

    def entry(self, file: str | Path) -> dict[str, Any] | None:
        return self._read().get(self.key(file))

    def version(self, file: str | Path) -> int:
        """How many updates of ``file`` have been accepted (0 for a file never updated or new)."""
        rec = self.entry(file)
        return len(rec.get("history", [])) if rec else 0

    def record(self, file: str | Path, sha: str, source: str, *, policy: str = "pin") -> None:
        """Record ``file``'s sha256, or verify it against the earlier record (``policy='pin'``).

        ``policy='update'`` overwrites the record (synthetic data regenerated by the workflow).
        """
        key = self.key(file)
        with _locked(self.path):
            data = self._read()
            old = data.get(key)
            if old and old["sha256"] != sha and policy == "pin":
                raise ChecksumError(
                    file,
                    old["sha256"],
                    sha,
                    f"recorded in {self.path} from {old['source']}",
                    hint="Restore the file, or delete it from the cache to download it again.",
                )
            if old and old["sha256"] != sha:
                log.info("%s changed (synthetic source regenerated): updating its record", key)
            data[key] = {"sha256": sha, "bytes": Path(file).stat().st_size, "source": source}
            self._write(data)

    def check_staging(self, file: str | Path, version: int | None = None, *, policy: str = "pin") -> str:
        """sha256 of ``file`` for a staging job, checked against its record.

        A changed file passes only when ``version`` is one more than the recorded number of
        accepted updates: the run accepted the update (``accept_raw_updates``). With
        ``policy='update'`` (synthetic files) any content passes.
        """
        sha = sha256_file(file)
        old = self.entry(file)
        if policy == "update" or old is None or old["sha256"] == sha:
            return sha
        if version is not None and version == len(old.get("history", [])) + 1:
            log.info("%s: accepting the update (sha256 %s, was %s)", self.key(file), sha, old["sha256"])
            return sha
        raise ChecksumError(
            file,
            old["sha256"],
            sha,
            f"recorded in {self.path} from {old['source']} when it was last staged",
            hint=UPDATE_HINT,
        )

    def record_staged(self, file: str | Path, sha: str, source: str, *, policy: str = "pin") -> None:
        """Record ``file`` (sha256 ``sha``, from ``source``) after a successful staging job. A new
        sha256 moves the previous record into ``history`` (an accepted update)."""
        key = self.key(file)
        with _locked(self.path):
            data = self._read()
            old = data.get(key)
            if old and old["sha256"] == sha:
                return
            history = list(old.get("history", [])) if old else []
            if old and policy != "update":
                history.append({k: old[k] for k in ("sha256", "bytes", "source") if k in old})
            data[key] = {
                "sha256": sha,
                "bytes": Path(file).stat().st_size,
                "source": source,
                "history": history,
            }
            self._write(data)
            log.info("recorded %s (sha256 %s%s)", key, sha, f", update {len(history)}" if history else "")

    def verify(self, file: str | Path) -> str:
        """sha256 of ``file``, checked against its record when there is one."""
        return self.check_staging(file)


UPDATE_HINT = (
    "If the new file is the one you want, accept the update: `make accept-updates CONFIG=<your config "
    "file>` (it adds config/accept-updates.yaml, i.e. accept_raw_updates: true, to the run). Its "
    "sha256 is then recorded next to the old one, and exactly what depends on it reruns. Otherwise "
    "restore the file."
)


PIN_HINTS = {
    "sources": (
        "A file pinned in config/sources.yaml cannot be accepted as an update: restore it (delete it "
        "from the raw cache to download it again). If the agency has republished the file, put the "
        "new sha256 in config/sources.yaml."
    ),
    "mirror": (
        "The mirror's own MANIFEST.tsv lists another sha256, and the pipeline never edits a mirror: "
        "restore the file in the mirror; if you changed the mirror on purpose, run with "
        "mirror_manifest: null and accept the update (make accept-updates)."
    ),
}
PIN_WHERE = {"sources": "pinned in config/sources.yaml", "mirror": "listed in the mirror's MANIFEST.tsv"}


def check_pinned(file: str | Path, sha: str, pinned: str | None, where: str) -> None:
    """``where``: ``'sources'`` (config/sources.yaml) or ``'mirror'`` (the mirror's MANIFEST.tsv)."""
    if pinned and pinned.lower() != sha:
        raise ChecksumError(file, pinned.lower(), sha, PIN_WHERE[where], hint=PIN_HINTS[where])


def read_mirror_manifest(path: str | Path | None) -> dict[str, str]:
    """``local_path -> sha256`` from a mirror's MANIFEST.tsv (as in ../shared/data), checked:
    a missing file, missing columns, a malformed sha256 or a path listed twice with different
    sums is an :class:`InputError` naming the file, column and row."""
    if not path:
        return {}
    import csv
    import re

    if not Path(path).is_file():
        raise InputError(
            path,
            "a MANIFEST.tsv listing the mirror's files (config key mirror_manifest)",
            found="no such file",
            hint="set mirror_manifest: null to read the mirror without its list of sums",
        )
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        header = reader.fieldnames or []
        for col in ("local_path", "sha256"):
            if col not in header:
                raise InputError(path, f"a tab-separated column {col!r}", column=col, row=1, found=f"header {header}")
        out: dict[str, str] = {}
        for row, r in enumerate(reader, start=2):
            sha = (r["sha256"] or "").strip().lower()
            if not re.fullmatch(r"[0-9a-f]{64}", sha):
                raise InputError(path, "a sha256 of 64 hex digits", column="sha256", row=row, found=r["sha256"])
            local = (r["local_path"] or "").strip()
            if local in out and out[local] != sha:
                raise InputError(
                    path, "each local_path once", column="local_path", row=row, found=f"{local} with another sha256"
                )
            out[local] = sha
    return out


def link_from_mirror(src: str | Path, dest: str | Path) -> None:
    """Symlink ``dest`` -> ``src`` (absolute), replacing any previous file atomically."""
    src, dest = Path(src), Path(dest)
    if not src.is_file():
        raise InputError(
            src,
            "a file in the mirror directory (layout: the `mirror:` paths of config/sources.yaml)",
            hint="set raw_mirror to a complete mirror or remove the input from your config",
        )
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.link")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(src.resolve(), tmp)
    os.replace(tmp, dest)


def acquire_file(
    file: Mapping[str, Any],
    dest: str | Path,
    settings: DownloadSettings,
    *,
    mirror: str | Path | None = None,
    mirror_sums: Mapping[str, str] | None = None,
    archive: str | Path | None = None,
) -> str:
    """Bring one registry file (a dict as in :class:`ailabor.intake.sources.RawFile`) to ``dest``
    and check it against its pins (config/sources.yaml, the mirror's MANIFEST.tsv). It is
    recorded in the raw manifest only once staged (:meth:`RawManifest.record_staged`)."""
    dest = Path(dest)
    if mirror:
        src = Path(mirror) / file["mirror_relpath"]
        link_from_mirror(src, dest)
        sha = sha256_file(dest)
        expected = (mirror_sums or {}).get(file["mirror_relpath"])
        check_pinned(dest, sha, expected, "mirror")
        source = f"mirror:{file['mirror_relpath']}"
    elif file.get("archive_url"):
        if archive is None:
            raise ValueError(f"{file['key']}: archive member needs the downloaded archive")
        safe_extract(archive, {file["member"]: dest}, settings.max_extract_bytes)
        sha = sha256_file(dest)
        source = f"{file['archive_url']}#{file['member']}"
    else:
        sha = download(file["url"], dest, settings)
        source = file["url"]
    check_pinned(dest, sha, file.get("sha256"), "sources")
    log.info("acquired %s from %s (sha256 %s); recorded once staged", dest, source, sha)
    return sha


def acquire_archive(
    url: str, dest: str | Path, manifest: RawManifest, settings: DownloadSettings, pinned: str | None = None
) -> str:
    sha = download(url, dest, settings)
    check_pinned(dest, sha, pinned, "sources")
    manifest.record(dest, sha, url)
    return sha
