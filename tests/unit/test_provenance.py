"""Provenance: atomic writes, parquet metadata, manifests."""

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from ailabor import __version__
from ailabor.provenance import (
    atomic_path,
    read_metadata,
    sha256_file,
    write_manifest,
    write_parquet,
)


def test_parquet_carries_provenance_metadata(tmp_path):
    src = tmp_path / "input.csv"
    src.write_text("a,b\n1,2\n")
    out = tmp_path / "out.parquet"
    df = pd.DataFrame({"x": [1.0, 2.0], "code": ["11-1011", "13-1020"]})
    write_parquet(
        df,
        out,
        inputs=[src],
        params={"year": 2024},
        vintages={"oews_year": 2024},
        spec_mode="corrected",
        legacy_only=["ISSUE-04"],
    )
    meta = read_metadata(out)
    assert meta["pipeline_version"] == __version__
    assert meta["spec_mode"] == "corrected"
    assert json.loads(meta["inputs"]) == {str(src): sha256_file(src)}
    assert json.loads(meta["params"]) == {"year": 2024}
    assert json.loads(meta["vintages"]) == {"oews_year": 2024}
    assert json.loads(meta["legacy_only"]) == ["ISSUE-04"]
    packages = json.loads(meta["packages"])
    assert packages["pandas"] == pd.__version__ and "python" in packages
    assert len(meta["config_hash"]) == 64 and meta["git_commit"]
    pd.testing.assert_frame_equal(pq.read_table(out).to_pandas(), df)


def test_parquet_bytes_are_reproducible(tmp_path):
    df = pd.DataFrame({"x": range(100), "y": [f"s{i}" for i in range(100)]})
    write_parquet(df, tmp_path / "a.parquet", params={"p": 1})
    write_parquet(df, tmp_path / "b.parquet", params={"p": 1})
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
    write_parquet(df, tmp_path / "c.parquet", params={"p": 2})
    assert (tmp_path / "a.parquet").read_bytes() != (tmp_path / "c.parquet").read_bytes()


def test_bad_spec_mode_is_refused(tmp_path):
    with pytest.raises(ValueError, match="spec_mode"):
        write_parquet(pd.DataFrame({"x": [1]}), tmp_path / "x.parquet", spec_mode="fixed")


def test_failed_write_leaves_previous_file_intact(tmp_path):
    target = tmp_path / "table.parquet"
    target.write_bytes(b"previous good version")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half-writ")
            raise RuntimeError("crash mid-write")
    assert target.read_bytes() == b"previous good version"
    assert [p.name for p in tmp_path.iterdir()] == ["table.parquet"]  # no temp left behind


def test_manifest_lists_outputs_relative_with_hashes(tmp_path):
    root = tmp_path / "results" / "demo" / "v1"
    (root / "sub").mkdir(parents=True)
    a, b = root / "sub" / "a.txt", root / "b.txt"
    a.write_text("alpha")
    b.write_text("beta")
    m = write_manifest([b, a], root / "manifest.json", header={"dataset": "demo"})
    on_disk = json.loads((root / "manifest.json").read_text())
    assert on_disk == m
    assert [e["path"] for e in m["outputs"]] == ["b.txt", "sub/a.txt"]
    assert m["outputs"][1]["sha256"] == sha256_file(a) and m["outputs"][1]["bytes"] == 5
    assert m["dataset"] == "demo"


def test_interrupted_writes_leave_a_temporary_that_the_next_write_removes(tmp_path):
    """A write cut off by SIGKILL leaves its hidden temporary (``.<name>.<host>-<pid>.*.tmp``);
    the next write of the same file removes it once its writer is gone, and leaves alone the
    temporaries of a live process, of another host and of another file."""
    import os
    import subprocess
    import sys

    from ailabor.provenance import _HOST

    target = tmp_path / "table.parquet"
    child = (
        "import os, sys; from ailabor.provenance import atomic_path\n"
        "with atomic_path(sys.argv[1]) as tmp:\n"
        "    tmp.write_bytes(b'half-writ'); os.kill(os.getpid(), 9)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2] / "src"))
    proc = subprocess.Popen([sys.executable, "-c", child, str(target)], env=env)
    assert proc.wait() == -9
    (stale,) = tmp_path.glob(".table.parquet.*.tmp")
    assert stale.name.startswith(f".table.parquet.{_HOST}-{proc.pid}.")
    live = tmp_path / f".table.parquet.{_HOST}-{os.getpid()}.abcd1234.tmp"
    remote = tmp_path / f".table.parquet.{_HOST}x-{proc.pid}.abcd1234.tmp"
    other = tmp_path / f".other.parquet.{_HOST}-{proc.pid}.abcd1234.tmp"
    for p in (live, remote, other):
        p.write_bytes(b"")
    assert not target.exists()
    with atomic_path(target) as tmp:
        tmp.write_bytes(b"complete")
    assert target.read_bytes() == b"complete"
    assert not stale.exists() and live.exists() and remote.exists() and other.exists()
