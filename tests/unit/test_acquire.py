"""Downloads against a real local HTTP server; archive safety; the sha256 record."""

import dataclasses
import io
import json
import logging
import socket
import zipfile

import pytest

from ailabor.errors import ChecksumError, DownloadError, InputError
from ailabor.intake.acquire import (
    DownloadSettings,
    RawManifest,
    acquire_archive,
    acquire_file,
    download,
    safe_extract,
)
from ailabor.provenance import sha256_file
from tests.httpserver import FileServer

FAST = DownloadSettings(timeout_s=5, retries=2, backoff_s=0.01, user_agent="ailabor-tests/1.0 (test@example.org)")
BODY = b"OCC_CODE,TOT_EMP\n" + b"11-1011,1000\n" * 5000


def test_server_error_then_success_is_retried(tmp_path, caplog):
    with FileServer({"f.csv": BODY}) as srv:
        srv.fail["f.csv"] = 2
        with caplog.at_level(logging.WARNING):
            sha = download(srv.url("f.csv"), tmp_path / "f.csv", FAST)
        assert srv.hits("f.csv") == 3
    assert (tmp_path / "f.csv").read_bytes() == BODY and sha == sha256_file(tmp_path / "f.csv")
    assert "HTTP 500" in caplog.text and "retrying" in caplog.text


def test_user_agent_is_sent(tmp_path):
    with FileServer({"f.csv": BODY}) as srv:
        download(srv.url("f.csv"), tmp_path / "f.csv", FAST)
        assert srv.requests[0][1]["User-Agent"] == FAST.user_agent


def test_truncated_body_is_retried_then_accepted(tmp_path):
    with FileServer({"f.csv": BODY}) as srv:
        srv.truncate["f.csv"] = 1
        download(srv.url("f.csv"), tmp_path / "f.csv", FAST)
        assert srv.hits("f.csv") == 2
    assert (tmp_path / "f.csv").read_bytes() == BODY


def test_always_truncated_body_fails_and_leaves_nothing(tmp_path):
    with FileServer({"f.csv": BODY}) as srv:
        srv.truncate["f.csv"] = 99
        with pytest.raises(DownloadError, match="truncated body"):
            download(srv.url("f.csv"), tmp_path / "f.csv", FAST)
        assert srv.hits("f.csv") == FAST.retries + 1
    assert list(tmp_path.iterdir()) == []  # no partial file, no temp file


def test_not_found_fails_at_once(tmp_path):
    with FileServer({}) as srv:
        with pytest.raises(DownloadError, match="HTTP 404"):
            download(srv.url("missing.zip"), tmp_path / "m.zip", FAST)
        assert srv.hits("missing.zip") == 1


def test_no_network_error_explains_the_mirror(tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DownloadError) as info:
        download(
            f"http://127.0.0.1:{port}/x.zip",
            tmp_path / "x.zip",
            DownloadSettings(timeout_s=2, retries=1, backoff_s=0.01),
        )
    msg = str(info.value)
    assert "after 2 attempts" in msg and "raw_mirror" in msg and "config/shared-mirror.yaml" in msg


def test_name_resolution_failure_fails_at_once_with_the_offline_advice(tmp_path, monkeypatch, caplog):
    """An unresolvable host is not retried (tests never query DNS: the resolver is replaced by
    one that fails like glibc's for that host; urllib3 and requests run unchanged)."""
    real = socket.getaddrinfo

    def resolver(host, *args, **kwargs):
        if host == "data.example.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    slow = dataclasses.replace(FAST, retries=5, backoff_s=30)  # a retry would take 30 s or more
    with caplog.at_level(logging.WARNING), pytest.raises(DownloadError) as info:
        download("http://data.example.invalid/x.zip", tmp_path / "x.zip", slow)
    msg = str(info.value)
    assert "'data.example.invalid' does not resolve" in msg and "raw_mirror" in msg, msg
    assert "retrying" not in caplog.text and not (tmp_path / "x.zip").exists()


def test_pinned_checksum_mismatch_prints_both_hashes(tmp_path):
    with FileServer({"f.csv": BODY}) as srv:
        entry = {"key": "aei/x", "url": srv.url("f.csv"), "sha256": "0" * 64, "mirror_relpath": "x.csv"}
        with pytest.raises(ChecksumError) as info:
            acquire_file(entry, tmp_path / "raw" / "x.csv", FAST)
    msg = str(info.value)
    assert "0" * 64 in msg and sha256_file(tmp_path / "raw" / "x.csv") in msg
    # the hint fits a pinned official file: it cannot be accepted as an update
    assert "config/sources.yaml cannot be accepted" in msg and "make accept-updates" not in msg


def test_downloads_are_recorded_only_once_staged_and_checked_against_the_record(tmp_path):
    manifest = RawManifest(tmp_path / "raw" / "MANIFEST.json")
    dest = tmp_path / "raw" / "x.csv"
    with FileServer({"f.csv": BODY}) as srv:
        entry = {"key": "aei/x", "url": srv.url("f.csv"), "mirror_relpath": "x.csv"}
        first = acquire_file(entry, dest, FAST)
        assert not manifest.path.exists()  # acquisition alone records nothing
        manifest.record_staged(dest, manifest.check_staging(dest), srv.url("f.csv"))
        record = json.loads(manifest.path.read_text())
        assert record["x.csv"]["sha256"] == first and record["x.csv"]["source"] == srv.url("f.csv")
        srv.payloads["f.csv"] = BODY + b"99-9999,1\n"  # upstream changed the file silently
        acquire_file(entry, dest, FAST)
    # staging refuses the re-downloaded file, with the hint for an unpinned recorded file
    with pytest.raises(ChecksumError) as info:
        manifest.check_staging(dest, manifest.version(dest))
    assert first in str(info.value) and "make accept-updates" in str(info.value)
    # ... unless this run accepted the update (version one above the record's)
    assert manifest.check_staging(dest, manifest.version(dest) + 1) == sha256_file(dest)


def test_archive_member_download_and_extraction(tmp_path):
    members = {"db_30_1_text/Task Statements.txt": b"a\tb\r\n", "db_30_1_text/Other.txt": b"zzz"}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for k, v in members.items():
            zf.writestr(k, v)
    manifest = RawManifest(tmp_path / "raw" / "MANIFEST.json")
    with FileServer({"db.zip": buf.getvalue()}) as srv:
        archive = tmp_path / "raw" / "_archives" / "db.zip"
        acquire_archive(srv.url("db.zip"), archive, manifest, FAST)
    entry = {
        "key": "onet/task_statements",
        "archive_url": "x",
        "member": "db_30_1_text/Task Statements.txt",
        "mirror_relpath": "t.txt",
    }
    acquire_file(entry, tmp_path / "raw" / "onet" / "Task Statements.txt", FAST, archive=archive)
    assert (tmp_path / "raw" / "onet" / "Task Statements.txt").read_bytes() == b"a\tb\r\n"
    assert not (tmp_path / "raw" / "onet" / "Other.txt").exists()
    assert set(json.loads(manifest.path.read_text())) == {"_archives/db.zip"}  # members: once staged


def make_zip(path, members):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name), data)
    return path


@pytest.mark.parametrize("evil", ["/etc/passwd", "../../escape.txt", "db/../../x.txt", "C:\\windows\\x.txt"])
def test_unsafe_member_names_refuse_the_archive(tmp_path, evil):
    z = make_zip(tmp_path / "a.zip", {"db/good.txt": b"ok", evil: b"bad"})
    with pytest.raises(InputError, match="no absolute paths"):
        safe_extract(z, {"db/good.txt": tmp_path / "out" / "good.txt"}, 10_000)
    assert not (tmp_path / "out").exists()


def test_uncompressed_size_is_capped(tmp_path):
    z = make_zip(tmp_path / "bomb.zip", {"db/big.txt": b"0" * 100_000})
    with pytest.raises(InputError, match="max_extract_bytes"):
        safe_extract(z, {"db/big.txt": tmp_path / "big.txt"}, 50_000)
    assert not (tmp_path / "big.txt").exists()


def test_missing_member_lists_what_the_archive_holds(tmp_path):
    z = make_zip(tmp_path / "a.zip", {"db_29_1_text/Task Statements.txt": b"x"})
    with pytest.raises(InputError) as info:
        safe_extract(z, {"db_30_1_text/Task Statements.txt": tmp_path / "t.txt"}, 10_000)
    assert "db_29_1_text/Task Statements.txt" in str(info.value)


def test_mirror_link_and_mirror_manifest_check(tmp_path):
    mirror = tmp_path / "mirror"
    (mirror / "oews").mkdir(parents=True)
    (mirror / "oews" / "national_M2024_dl.xlsx").write_bytes(b"xlsx bytes")
    entry = {"key": "oews/2024", "mirror_relpath": "oews/national_M2024_dl.xlsx"}
    dest = tmp_path / "raw" / "demo" / "oews" / "national_M2024_dl.xlsx"
    good = {"oews/national_M2024_dl.xlsx": sha256_file(mirror / "oews" / "national_M2024_dl.xlsx")}
    acquire_file(entry, dest, FAST, mirror=mirror, mirror_sums=good)
    assert dest.is_symlink() and dest.read_bytes() == b"xlsx bytes"
    with pytest.raises(ChecksumError, match="MANIFEST.tsv") as info:
        acquire_file(entry, dest, FAST, mirror=mirror, mirror_sums={"oews/national_M2024_dl.xlsx": "f" * 64})
    assert "mirror_manifest: null" in str(info.value) and "delete its entry" not in str(info.value)
    with pytest.raises(InputError, match="mirror directory"):
        acquire_file({"key": "oews/2023", "mirror_relpath": "oews/national_M2023_dl.xlsx"}, dest, FAST, mirror=mirror)


def test_gzip_content_encoding_stores_the_decoded_csv(tmp_path):
    with FileServer({"f.csv": BODY}) as srv:
        srv.gzip["f.csv"] = True
        sha = download(srv.url("f.csv"), tmp_path / "f.csv", FAST)
        assert srv.hits("f.csv") == 1  # the compressed Content-Length matched the bytes as sent
    assert (tmp_path / "f.csv").read_bytes() == BODY and sha == sha256_file(tmp_path / "f.csv")


def test_truncated_gzip_body_is_retried_then_accepted(tmp_path):
    with FileServer({"f.csv": BODY}) as srv:
        srv.gzip["f.csv"] = True
        srv.truncate["f.csv"] = 1
        download(srv.url("f.csv"), tmp_path / "f.csv", FAST)
        assert srv.hits("f.csv") == 2
    assert (tmp_path / "f.csv").read_bytes() == BODY


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_respected(tmp_path, caplog, status):
    with FileServer({"f.csv": BODY}) as srv:
        srv.retry_after["f.csv"] = (1, 1, status)
        with caplog.at_level(logging.WARNING):
            download(srv.url("f.csv"), tmp_path / "f.csv", FAST)  # backoff_s=0.01: only Retry-After waits
        (_, first), (_, second) = srv.times
        assert second - first >= 0.95
    assert (tmp_path / "f.csv").read_bytes() == BODY
    assert f"HTTP {status}" in caplog.text and "Retry-After" in caplog.text


def test_retry_after_is_capped(tmp_path, monkeypatch):
    from ailabor.intake import acquire

    monkeypatch.setattr(acquire, "_MAX_WAIT_S", 0.2)
    with FileServer({"f.csv": BODY}) as srv:
        srv.retry_after["f.csv"] = (1, 3600)
        download(srv.url("f.csv"), tmp_path / "f.csv", FAST)
        (_, first), (_, second) = srv.times
        assert second - first < 2
    assert (tmp_path / "f.csv").read_bytes() == BODY


def test_persistent_server_error_fails_with_the_offline_hint(tmp_path):
    with FileServer({"f.csv": BODY}) as srv:
        srv.fail["f.csv"] = 99
        with pytest.raises(DownloadError, match="after 3 attempts .*HTTP 500.*raw_mirror"):
            download(srv.url("f.csv"), tmp_path / "f.csv", FAST)
        assert srv.hits("f.csv") == FAST.retries + 1
    assert list(tmp_path.iterdir()) == []


def test_stall_mid_body_hits_the_read_timeout_and_is_retried(tmp_path):
    settings = dataclasses.replace(FAST, timeout_s=0.5)
    with FileServer({"f.csv": BODY}) as srv:
        srv.stall["f.csv"] = (1, 2.0)
        download(srv.url("f.csv"), tmp_path / "f.csv", settings)
        assert srv.hits("f.csv") == 2
    assert (tmp_path / "f.csv").read_bytes() == BODY


def test_stall_every_time_fails_with_the_offline_hint(tmp_path):
    settings = dataclasses.replace(FAST, timeout_s=0.3, retries=1)
    with FileServer({"f.csv": BODY}) as srv:
        srv.stall["f.csv"] = (99, 1.0)
        with pytest.raises(DownloadError, match="after 2 attempts .*raw_mirror"):
            download(srv.url("f.csv"), tmp_path / "f.csv", settings)
    assert list(tmp_path.iterdir()) == []


class _Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def test_progress_bar_on_a_terminal_and_log_lines_otherwise(caplog):
    from ailabor.intake.acquire import _Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    clock, out = _Clock(), Tty()
    bar = _Progress("f.csv", 1_000_000, stream=out, clock=clock)
    for done in range(0, 1_000_001, 100_000):
        clock.t += 0.5
        bar.update(done)
    bar.close()
    text = out.getvalue()
    assert "\r" in text and "100%" in text and "#" * _Progress.WIDTH in text and text.endswith("\n")

    clock = _Clock()
    plain = _Progress("f.csv", 1_000_000, stream=io.StringIO(), clock=clock)
    with caplog.at_level(logging.INFO):
        for done in range(0, 1_000_001, 50_000):
            clock.t += 0.2
            plain.update(done)
    lines = [r.getMessage() for r in caplog.records if "downloading f.csv" in r.getMessage()]
    assert 5 <= len(lines) <= 11 and "1.0 MB of 1.0 MB" in lines[-1] and "/s" in lines[-1]


def test_server_error_waits_the_backoff_before_the_first_retry(tmp_path):
    settings = dataclasses.replace(FAST, backoff_s=0.3)
    with FileServer({"f.csv": BODY}) as srv:
        srv.fail["f.csv"] = 1
        download(srv.url("f.csv"), tmp_path / "f.csv", settings)
        (_, first), (_, second) = srv.times
        assert second - first >= 0.28
    assert (tmp_path / "f.csv").read_bytes() == BODY
