"""Official download layout of synthetic data, for testing the download path offline.

:func:`official_payloads` packs files of a mirror-layout directory the way the official
sources serve them: O*NET members zipped into ``db_<release>_text.zip``, each OEWS year into
``oesm<yy>nat.zip``, single files as they are. Keys are URL paths (``host/path``), so a local
HTTP server can serve them under ``http://127.0.0.1:<port>/<host>/<path>`` and a registry
whose ``https://`` prefixes are rewritten to that address downloads them like the real ones.
Zip entries carry a fixed timestamp, so the archives are byte-identical for the same input.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from ..intake.sources import RawFile

ZIP_DATE = (2025, 1, 1, 0, 0, 0)


def url_key(url: str) -> str:
    u = urlsplit(url)
    return f"{u.netloc}{u.path}"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, members[name])
    return buf.getvalue()


def official_payloads(mirror_dir: str | Path, files: Iterable[RawFile]) -> dict[str, bytes]:
    """URL key -> response body for every file (archives assembled from their members)."""
    mirror_dir = Path(mirror_dir)
    archives: dict[str, dict[str, bytes]] = {}
    out: dict[str, bytes] = {}
    for f in files:
        data = (mirror_dir / f.mirror_relpath).read_bytes()
        if f.archive_url:
            archives.setdefault(f.archive_url, {})[f.member] = data
        else:
            out[url_key(f.url)] = data
    for url, members in archives.items():
        out[url_key(url)] = zip_bytes(members)
    return out
