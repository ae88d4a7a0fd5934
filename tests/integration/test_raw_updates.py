"""Data updates through real Snakemake runs on a writable mirror of synthetic official-format
files (staging only, so each run takes seconds), one run directory taken through the reported
defects in turn:

1. a changed raw file was refused once, then skipped ("Nothing to be done" on stale results);
2. a file that failed validation had its sha256 recorded, so the restored good file was refused;

then the accepting action, and a pinned file that no action accepts.
"""

import json
import re
import shutil

import pytest
import yaml

from ailabor.provenance import sha256_file
from ailabor.workflow import job_counts
from tests.conftest import ROOT, SMALL, run_snakemake, sheet_rows, write_xlsx

DEMO = str(ROOT / "config" / "demo.yaml")
ACCEPT = str(ROOT / "config" / "accept-updates.yaml")
STAGES = ("panel", "crosswalk", "exposure", "estimation", "calibration", "ge_bbz", "ge_ar", "ge_scenarios")
ONLY_STAGING = {"staging": True, **dict.fromkeys(STAGES, False)}
NOTHING = "Nothing to be done"


def edit_cell(path, column, row, value):
    sheet, rows = sheet_rows(path)
    rows[row][rows[0].index(column)] = value
    write_xlsx(path, sheet, rows)


def text(proc):
    return proc.stdout + proc.stderr


def staging_jobs(dry_run_text):
    """The tables a (dry) run stages, from the jobs' messages ("Staging OEWS May 2023")."""
    return sorted(set(re.findall(r"Staging (.+?)\s*$", dry_run_text, re.M)))


@pytest.mark.slow
def test_raw_file_updates_are_refused_until_accepted_and_rerun_exactly_their_dependants(tmp_path, small_synthetic):
    src, files, _ = small_synthetic
    mirror = tmp_path / "mirror"
    shutil.copytree(src, mirror)
    over = tmp_path / "upd.yaml"
    over.write_text(
        yaml.safe_dump(
            {
                **SMALL,
                "dataset": "upd",
                "raw_mirror": str(mirror),
                "mirror_manifest": None,
                "synthetic": {"enabled": False, "occupations_per_major": 3},
                "stages": ONLY_STAGING,
            }
        )
    )
    wd = tmp_path / "wd"
    wd.mkdir()

    def smk(*args, accept=False):
        extra = (ACCEPT,) if accept else ()
        return run_snakemake(wd, "--configfile", DEMO, str(over), *extra, *args, check=False)

    def record():
        return json.loads((wd / "resources/raw/MANIFEST.json").read_text())

    def key(raw_key):
        return "upd/" + files[raw_key].relpath

    def mirror_file(raw_key):
        return mirror / files[raw_key].mirror_relpath

    # --- defect 2, fresh dataset: a file failing validation is never recorded ---------------
    y22 = mirror_file("oews/2022")
    good22 = y22.read_bytes()
    edit_cell(y22, "TOT_EMP", 9, "twelve")
    proc = smk("--keep-going")
    assert proc.returncode != 0 and "column 'TOT_EMP', row 10: expected a number" in text(proc)
    rec = record()
    assert key("oews/2022") not in rec and key("oews/2021") in rec  # the good years are recorded
    assert rec[key("oews/2021")]["history"] == []
    y22.write_bytes(good22)  # the user restores the good file: no hand edit of MANIFEST.json
    proc = smk()
    assert proc.returncode == 0, text(proc)[-3000:]
    assert record()[key("oews/2022")]["sha256"] == sha256_file(y22)
    assert NOTHING in text(smk("-n"))

    # --- defect 1: a changed file stays refused, dry runs included ----------------------------
    y23 = mirror_file("oews/2023")
    old = sha256_file(y23)
    staged = next(wd.glob("results/upd/*/staged/oews/oews_2023.parquet"))
    before = staged.read_bytes()
    edit_cell(y23, "TOT_EMP", 5, 12345)  # one cell of the 2023 workbook
    new = sha256_file(y23)
    for args in ((), (), ("-n",)):
        proc = smk(*args)
        out = text(proc)
        assert proc.returncode != 0 and NOTHING not in out, out[-3000:]
        assert "raw file oews/2023" in out and old in out and new in out and "refused" in out, out[-3000:]
        assert "make accept-updates" in out
    assert staged.read_bytes() == before and record()[key("oews/2023")]["sha256"] == old  # nothing touched

    # --- the accepting action: the dry run says what happens, the run does exactly that --------
    dry = smk("-n", accept=True)
    out = text(dry)
    assert dry.returncode == 0, out[-3000:]
    assert "raw file oews/2023" in out and "accepted as update 1" in out
    counts = job_counts(out)
    assert counts.get("stage") == 1 and counts.get("acquire_raw") == 1, counts  # the link and its table
    assert staging_jobs(out) == ["OEWS May 2023"], out[-3000:]
    proc = smk(accept=True)
    assert proc.returncode == 0, text(proc)[-3000:]
    rec = record()[key("oews/2023")]
    assert rec["sha256"] == new and [h["sha256"] for h in rec["history"]] == [old]
    assert staged.read_bytes() != before
    assert NOTHING in text(smk("-n"))  # accepted once: the plain config runs clean again

    # --- defect 2 with an accepted update: a corrupt update is not recorded ------------------
    good22_sha = sha256_file(y22)
    edit_cell(y22, "TOT_EMP", 9, "twelve")
    proc = smk(accept=True)
    assert proc.returncode != 0 and "expected a number" in text(proc)
    rec = record()[key("oews/2022")]
    assert rec["sha256"] == good22_sha and rec["history"] == []
    y22.write_bytes(good22)
    proc = smk()
    assert proc.returncode == 0, text(proc)[-3000:]
    assert record()[key("oews/2022")]["history"] == [] and NOTHING in text(smk("-n"))

    # --- a file pinned by the mirror's MANIFEST.tsv is never accepted --------------------------
    tsv = mirror / "MANIFEST.tsv"
    tsv.write_text(
        f"local_path\tsha256\n{files['oews/2024'].mirror_relpath}\t{sha256_file(mirror_file('oews/2024'))}\n"
    )
    pinned = tmp_path / "pinned.yaml"
    pinned.write_text(yaml.safe_dump({"mirror_manifest": str(tsv)}))
    edit_cell(mirror_file("oews/2024"), "TOT_EMP", 5, 54321)
    proc = run_snakemake(wd, "--configfile", DEMO, str(over), str(pinned), ACCEPT, check=False)
    out = text(proc)
    assert proc.returncode != 0 and "listed in the mirror's MANIFEST.tsv" in out and "mirror_manifest: null" in out
    assert "accepted as update" not in out
