"""Raw-file updates: the parse-time check (ailabor.intake.updates) and the staging record
(RawManifest.check_staging / record_staged) on real files. The Snakemake runs that replay the
reported defects are in the reliability suite, tools/reliability.py."""

import json

import pytest

from ailabor.errors import ChecksumError
from ailabor.intake.acquire import UPDATE_HINT, RawManifest, link_from_mirror
from ailabor.intake.updates import STAT_CACHE, RawSource, check_updates
from ailabor.provenance import sha256_file


@pytest.fixture
def tree(tmp_path):
    raw = tmp_path / "resources" / "raw"
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "a.csv").write_text("x\n1\n")
    (mirror / "b.csv").write_text("y\n2\n")
    sources = [
        RawSource("t/a", str(raw / "ds" / "a.csv"), str(mirror / "a.csv")),
        RawSource("t/b", str(raw / "ds" / "b.csv"), str(mirror / "b.csv")),
    ]
    for s in sources:  # what acquire_raw does for a mirror
        link_from_mirror(s.read_path, s.cache_path)
    return RawManifest(raw / "MANIFEST.json"), sources, mirror


def stage_all(manifest, sources, versions=None):
    """What the staging jobs do on success: check each file, then record it."""
    for s in sources:
        v = (versions or {}).get(s.cache_path)
        sha = manifest.check_staging(s.cache_path, v)
        manifest.record_staged(s.cache_path, sha, f"mirror:{s.key}")


def test_new_files_are_not_changes_and_are_recorded_only_by_staging(tree):
    manifest, sources, _ = tree
    report = check_updates(sources, manifest, accept=False)
    assert [c.status for c in report.checks] == ["new", "new"] and not report.changed
    assert not manifest.path.exists()  # the check itself records nothing
    stage_all(manifest, sources)
    rec = json.loads(manifest.path.read_text())
    assert rec["ds/a.csv"]["sha256"] == sha256_file(sources[0].read_path) and rec["ds/a.csv"]["history"] == []
    assert [c.status for c in check_updates(sources, manifest, accept=False).checks] == ["unchanged"] * 2


def test_a_changed_file_is_refused_every_time_until_accepted(tree):
    manifest, sources, mirror = tree
    stage_all(manifest, sources)
    old = sha256_file(mirror / "a.csv")
    (mirror / "a.csv").write_text("x\n999\n")
    new = sha256_file(mirror / "a.csv")
    for _ in range(2):  # refused again on the next run: nothing was recorded
        report = check_updates(sources, manifest, accept=False)
        assert [c.status for c in report.checks] == ["refused", "unchanged"]
        msg = report.message()
        assert "t/a" in msg and old in msg and new in msg and "make accept-updates" in msg and "t/b" not in msg
    # the staging job refuses it too (a file that changed after the check)
    with pytest.raises(ChecksumError, match="make accept-updates"):
        manifest.check_staging(sources[0].cache_path, report.versions()[sources[0].cache_path])
    # accepted: version 1 for a, 0 for b; staging records the new sha256 next to the old one
    report = check_updates(sources, manifest, accept=True)
    assert [c.status for c in report.checks] == ["accepted", "unchanged"] and not report.blocking
    versions = report.versions()
    assert versions == {sources[0].cache_path: 1, sources[1].cache_path: 0}
    stage_all(manifest, sources, versions)
    rec = json.loads(manifest.path.read_text())["ds/a.csv"]
    assert rec["sha256"] == new and [h["sha256"] for h in rec["history"]] == [old]
    # the next run sees the same versions (no further rerun) and nothing changed
    after = check_updates(sources, manifest, accept=False)
    assert after.versions() == versions and not after.changed


def test_a_failed_staging_records_nothing(tree):
    manifest, sources, mirror = tree
    sha = manifest.check_staging(sources[0].cache_path, 0)
    # the reader fails here: record_staged is never reached
    assert manifest.entry(sources[0].cache_path) is None
    (mirror / "a.csv").write_text("x\n1\n")  # the user restores (the same) good file
    assert check_updates(sources, manifest, accept=False).checks[0].status == "new"
    assert manifest.check_staging(sources[0].cache_path, 0) == sha


def test_pinned_files_are_never_accepted(tree):
    manifest, sources, mirror = tree
    good = sha256_file(mirror / "a.csv")
    pinned = [
        RawSource(s.key, s.cache_path, s.read_path, ((good, "mirror"),) if s.key == "t/a" else ()) for s in sources
    ]
    stage_all(manifest, pinned)
    (mirror / "a.csv").write_text("x\n5\n")
    for accept in (False, True):
        report = check_updates(pinned, manifest, accept=accept)
        assert report.checks[0].status == "pinned" and report.blocking
        msg = report.message()
        assert "MANIFEST.tsv" in msg and "mirror_manifest: null" in msg and UPDATE_HINT not in msg


def test_hashes_are_cached_by_size_and_mtime(tree, monkeypatch):
    manifest, sources, mirror = tree
    stage_all(manifest, sources)
    check_updates(sources, manifest, accept=False)
    assert (manifest.root / STAT_CACHE).exists()
    calls = []
    import ailabor.intake.updates as updates

    monkeypatch.setattr(updates, "sha256_file", lambda p: calls.append(p) or sha256_file(p))
    check_updates(sources, manifest, accept=False)
    assert calls == []  # unchanged files are not read again
    (mirror / "a.csv").write_text("x\n7\n")
    assert check_updates(sources, manifest, accept=False).checks[0].status == "refused"
    assert len(calls) == 1


def test_mirror_and_its_manifest_are_checked(tmp_path, tree):
    from ailabor.errors import InputError
    from ailabor.intake.acquire import read_mirror_manifest
    from ailabor.intake.updates import check_mirror

    _, sources, mirror = tree
    with pytest.raises(InputError, match="no such directory"):
        check_mirror(tmp_path / "nowhere", sources)
    assert check_mirror(mirror, sources) == []
    (mirror / "b.csv").unlink()
    assert check_mirror(mirror, sources) == [f"t/b: {mirror / 'b.csv'}"]
    tsv = tmp_path / "MANIFEST.tsv"
    with pytest.raises(InputError, match="no such file"):
        read_mirror_manifest(tsv)
    tsv.write_text("path\tsha256\na.csv\t" + "0" * 64 + "\n")
    with pytest.raises(InputError, match=r"column 'local_path', row 1: expected a tab-separated column"):
        read_mirror_manifest(tsv)
    tsv.write_text("local_path\tsha256\na.csv\t" + "0" * 64 + "\nb.csv\tnot-a-sum\n")
    with pytest.raises(InputError, match=r"column 'sha256', row 3: expected a sha256 of 64 hex digits"):
        read_mirror_manifest(tsv)
    tsv.write_text("local_path\tsha256\na.csv\t" + "0" * 64 + "\na.csv\t" + "1" * 64 + "\n")
    with pytest.raises(InputError, match=r"column 'local_path', row 3: expected each local_path once"):
        read_mirror_manifest(tsv)
    tsv.write_text("local_path\tsha256\na.csv\t" + "A" * 64 + "\n")
    assert read_mirror_manifest(tsv) == {"a.csv": "a" * 64}
